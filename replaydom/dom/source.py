"""What every `dom` view reads: a replay's rrweb frames in the Replayer's order and its start.

`DomSource` is built from `(position, frames)` segments (a bundle's `iter_segments()`, or
`load_segments()` in tests) and replay start in epoch ms (conventions.md "Time"). Offsets convert to
instants as `start_ms + offset`, the same arithmetic the player uses, so `dom --at T` and
`snapshot --at T` look at the same instant.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..timefmt import iso_ms
from .state import Frame
from .timeline import Timeline, collect_frames


@dataclass
class DomSource:
    replay_id: str
    start_ms: float
    timeline: Timeline
    skipped_frames: int = 0
    target_display: str = ""
    # (offsetMs, url) of every event that changes the page URL (navigations and Meta frames), with
    # the URL the normalized event stream carries from there on: `url_at` answers as `events` does.
    url_changes: list[tuple[int, str | None]] = field(default_factory=list)
    # The replay's end in epoch ms (the index's `endMs`: `stats` and `view` measure the duration to
    # it), which can be later than the last DOM frame (custom frames, breadcrumbs, errors).
    end_ms: float | None = None

    def url_at(self, offset_ms: float, fallback: str | None = None) -> str | None:
        """The page URL at an offset, as the `url` of the events there (SPA route changes
        included); `fallback` (the last Meta's href) when no event says."""
        pos = bisect.bisect_right([o for o, _ in self.url_changes], offset_ms)
        if pos == 0:
            return fallback
        return self.url_changes[pos - 1][1] or fallback

    def instant(self, offset_ms: float) -> float:
        """Epoch ms of an offset from replay start."""
        return self.start_ms + offset_ms

    def offset(self, epoch_ms: float) -> int:
        return round(epoch_ms - self.start_ms)

    def timestamp(self, offset_ms: float) -> str:
        """ISO time of an offset; `UsageError` for an instant no calendar can write."""
        try:
            return iso_ms(self.start_ms + offset_ms)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"time {offset_ms:.0f} ms from replay start is out of range") from None

    def ends_at(self) -> int | None:
        """Offset of the replay's end: the end `stats` and `view` give (`end_ms`), never before the
        last DOM frame; the last DOM frame when the end is unknown (a source built from frames)."""
        last = self.timeline.last_ms
        ends = [self.offset(t) for t in (self.end_ms, last) if t is not None]
        return max(ends) if ends else None

    def next_document_offset(self, offset_ms: float) -> int | None:
        """The first offset from `offset_ms` on at which a page's FullSnapshot has been applied."""
        target = self.instant(offset_ms)
        for stamp in self.timeline.snapshot_stamps:
            if stamp >= target:
                return self.offset(stamp) + 1
        return None


def source_from_frames(
    frames: list[Frame], start_ms: float, *, skipped: int = 0, replay_id: str = "", target_display: str = ""
) -> DomSource:
    return DomSource(replay_id, float(start_ms), Timeline(frames), skipped, target_display or replay_id)


def source_from_timeline(
    timeline: Timeline,
    start_ms: float,
    *,
    skipped: int = 0,
    replay_id: str = "",
    target_display: str = "",
    url_changes: list[tuple[int, str | None]] | None = None,
    end_ms: float | None = None,
) -> DomSource:
    return DomSource(
        replay_id,
        float(start_ms),
        timeline,
        skipped,
        target_display or replay_id,
        url_changes or [],
        float(end_ms) if end_ms is not None else None,
    )


def url_changes(events: Iterable[dict[str, Any]]) -> list[tuple[int, str | None]]:
    """(offsetMs, url) of navigation and page events in stream order, from normalized events."""
    out = []
    for event in events:
        offset = event.get("offsetMs")
        if event.get("kind") in ("navigation", "page") and isinstance(offset, int):
            url = event.get("url")
            out.append((offset, url if isinstance(url, str) else None))
    out.sort(key=lambda pair: pair[0])
    return out


def source_from_segments(
    segments: Iterable[tuple[int, list[Any]]],
    start_ms: float,
    *,
    replay_id: str = "",
    target_display: str = "",
) -> DomSource:
    frames, skipped = collect_frames(segments)
    return DomSource(replay_id, float(start_ms), Timeline(frames), skipped, target_display or replay_id)
