"""What the player needs to know about frames, computed in Python before the browser is asked.

- `rrweb_frames`: the Replayer must see rrweb frames only. Sentry's custom frames (type 5, tags
  `breadcrumb`, `performanceSpan`, `options`) carry second-based timestamps that would become the
  Replayer's clock origin (rrweb-model.md §4.2).
- Replay start is the core's (`replaydom.frames.start.replay_start_ms`); callers pass it in.
- `Timeline`: the Replayer's cut-off rules (§4.2) applied to Meta/FullSnapshot/ViewportResize
  only, to say whether a document exists at an instant and what viewport is in effect.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from replaydom import jsonlenient

SENTRY_TAGS = frozenset({"breadcrumb", "performanceSpan", "options"})
_META, _FULL, _INCREMENTAL, _CUSTOM = 4, 2, 3, 5
_VIEWPORT_RESIZE = 4


@dataclass(frozen=True)
class Viewport:
    """Width and height in CSS pixels of the recorded window."""

    width: int
    height: int


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value else None  # Sentry's UI ignores falsy timestamps


def _tag(frame: Mapping[str, Any]) -> str | None:
    data = frame.get("data")
    tag = data.get("tag") if isinstance(data, Mapping) else None
    return tag if isinstance(tag, str) else None


def is_rrweb_frame(frame: Any) -> bool:
    """A frame the Replayer may see: a dict with a numeric timestamp and an integer type, not one of
    Sentry's tagged custom frames."""
    if not isinstance(frame, dict) or _number(frame.get("timestamp")) is None:
        return False
    if not isinstance(frame.get("type"), int):
        return False
    return not (frame["type"] == _CUSTOM and _tag(frame) in SENTRY_TAGS)


def rrweb_frames(frames: Iterable[Any]) -> list[dict[str, Any]]:
    """Keep the frames the Replayer may see (`is_rrweb_frame`)."""
    return [frame for frame in frames if is_rrweb_frame(frame)]


class Timeline:
    """Meta, FullSnapshot and viewport changes of a frame list, in the Replayer's stable order.

    Built from the frames in arrival order (`add`, one at a time, so a recording can be streamed
    to the page without being held): the Replayer's stable sort by timestamp puts frame A before
    frame B exactly when (timestamp, arrival) of A is smaller, so that pair is each frame's place.
    """

    def __init__(self, frames: Iterable[Mapping[str, Any]] = ()) -> None:
        self.first_ms: float = 0.0
        self._count = 0
        self._metas: list[tuple[float, int]] = []  # (timestamp, arrival): the sort key
        self._fulls: list[tuple[float, int]] = []
        self._sizes: list[tuple[float, int, Viewport]] = []
        for frame in frames:
            self.add(frame)

    def add(self, frame: Mapping[str, Any]) -> None:
        """Note one frame (a kept rrweb frame: `is_rrweb_frame`), in arrival order."""
        ts, kind, data = frame["timestamp"], frame["type"], frame.get("data") or {}
        key = (ts, self._count)
        self.first_ms = ts if not self._count or ts < self.first_ms else self.first_ms
        self._count += 1
        if kind == _META:
            bisect.insort(self._metas, key)
        elif kind == _FULL:
            bisect.insort(self._fulls, key)
        is_resize = kind == _INCREMENTAL and data.get("source") == _VIEWPORT_RESIZE
        if (kind == _META or is_resize) and _is_size(data):
            bisect.insort(self._sizes, (*key, Viewport(int(data["width"]), int(data["height"]))))

    def __len__(self) -> int:
        return self._count

    def has_document(self, target_ms: float) -> bool:
        """True when `pause(target)` rebuilds a page: a FullSnapshot strictly before the target
        and at or after the last Meta at or before it (the Replayer's `discardPriorSnapshots`).
        Without one the Replayer shows nothing, or, after its 1 ms "poster" timer, the *first*
        snapshot of the recording, which would be a lie."""
        metas = [key for key in self._metas if key[0] <= target_ms]
        start = metas[-1] if metas else (float("-inf"), 0)
        return any(key[0] < target_ms and key >= start for key in self._fulls)

    def viewport_at(self, target_ms: float) -> Viewport | None:
        """Size set by the last Meta or ViewportResize applied before the target (strictly)."""
        i = bisect.bisect_left(self._sizes, target_ms, key=lambda size: size[0])
        return self._sizes[i - 1][2] if i else None

    def first_viewport(self) -> Viewport | None:
        return self._sizes[0][2] if self._sizes else None


def _is_size(data: Mapping[str, Any]) -> bool:
    return all(_number(data.get(k)) is not None for k in ("width", "height"))


def json_batches(frames: Iterable[Any], limit: int) -> Iterator[str]:
    """`frames` as JSON arrays of about `limit` bytes each (a frame larger than `limit` is a batch
    of its own), in order, so a large recording reaches the page in several messages."""
    batch: list[bytes] = []
    size = 0
    for frame in frames:
        raw = jsonlenient.dumps(frame)
        if batch and size + len(raw) > limit:
            yield (b"[" + b",".join(batch) + b"]").decode()
            batch, size = [], 0
        batch.append(raw)
        size += len(raw) + 1
    if batch:
        yield (b"[" + b",".join(batch) + b"]").decode()
