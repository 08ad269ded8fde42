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


def rrweb_frames(frames: Iterable[Any]) -> list[dict[str, Any]]:
    """Keep the frames the Replayer may see: dicts with a numeric timestamp, minus Sentry's tags."""
    kept: list[dict[str, Any]] = []
    for frame in frames:
        if not isinstance(frame, dict) or _number(frame.get("timestamp")) is None:
            continue
        if not isinstance(frame.get("type"), int):
            continue
        if frame["type"] == _CUSTOM and _tag(frame) in SENTRY_TAGS:
            continue
        kept.append(frame)
    return kept


class Timeline:
    """Meta, FullSnapshot and viewport changes of a frame list, in the Replayer's stable order."""

    def __init__(self, frames: Iterable[Mapping[str, Any]]) -> None:
        ordered = sorted(frames, key=lambda f: f["timestamp"])  # stable, as the Replayer sorts
        self.first_ms: float = ordered[0]["timestamp"] if ordered else 0.0
        self._metas: list[tuple[float, int]] = []  # (timestamp, index)
        self._fulls: list[tuple[float, int]] = []
        self._sizes: list[tuple[float, Viewport]] = []
        for index, frame in enumerate(ordered):
            ts, kind, data = frame["timestamp"], frame["type"], frame.get("data") or {}
            if kind == _META:
                self._metas.append((ts, index))
            elif kind == _FULL:
                self._fulls.append((ts, index))
            is_resize = kind == _INCREMENTAL and data.get("source") == _VIEWPORT_RESIZE
            if (kind == _META or is_resize) and _is_size(data):
                self._sizes.append((ts, Viewport(int(data["width"]), int(data["height"]))))

    def has_document(self, target_ms: float) -> bool:
        """True when `pause(target)` rebuilds a page: a FullSnapshot strictly before the target
        and at or after the last Meta at or before it (the Replayer's `discardPriorSnapshots`).
        Without one the Replayer shows nothing, or, after its 1 ms "poster" timer, the *first*
        snapshot of the recording, which would be a lie."""
        metas = [index for ts, index in self._metas if ts <= target_ms]
        start = metas[-1] if metas else 0
        return any(ts < target_ms and index >= start for ts, index in self._fulls)

    def viewport_at(self, target_ms: float) -> Viewport | None:
        """Size set by the last Meta or ViewportResize applied before the target (strictly)."""
        stamps = [ts for ts, _ in self._sizes]
        i = bisect.bisect_left(stamps, target_ms)
        return self._sizes[i - 1][1] if i else None

    def first_viewport(self) -> Viewport | None:
        return self._sizes[0][1] if self._sizes else None


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
