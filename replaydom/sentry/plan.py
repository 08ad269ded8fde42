"""Which recording-segments pages a fetch requests (pure functions, no I/O).

Pages are windows of up to 100 positions. A fresh fetch of `count_segments = 230` asks for the
windows at 0, 100 and 200 (the cursors the Sentry UI precomputes) concurrently; a resumed or live
fetch asks only for windows starting at the first missing position of each run, so nothing stored
is downloaded again. Afterwards the fetch keeps following `Link rel="next"` while `results="true"`
from the window that reaches the end (or from a tail request at the end), because a live replay
grows and `count_segments` is only a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UsageError
from .api import SEGMENTS_PER_PAGE

_PART = re.compile(r"^(\d+)(?:-(\d*))?$")


@dataclass(frozen=True)
class SegmentRange:
    """`--segments RANGE`: positions like `0-99,150` or an open end `200-`."""

    parts: tuple[tuple[int, int | None], ...]

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int):
            return False
        return any(lo <= position and (hi is None or position <= hi) for lo, hi in self.parts)

    @property
    def open_ended(self) -> bool:
        return any(hi is None for _, hi in self.parts)


def parse_segment_range(text: str) -> SegmentRange:
    """Parse `0-99,150,200-`; raise `UsageError` for anything else."""
    parts: list[tuple[int, int | None]] = []
    for raw in text.split(","):
        m = _PART.match(raw.strip())
        if not m:
            raise UsageError(f"bad --segments {text!r}: use positions like 0-99,150 or 200-")
        lo = int(m.group(1))
        hi = None if m.group(2) == "" else int(m.group(2) or lo)
        if hi is not None and hi < lo:
            raise UsageError(f"bad --segments part {raw!r}: the end is before the start")
        parts.append((lo, hi))
    return SegmentRange(tuple(parts))


@dataclass(frozen=True)
class PagePlan:
    """Windows to request concurrently, and where (if anywhere) to follow `next` from."""

    windows: tuple[int, ...]
    follow_last_window: bool  # the last window reaches the end: follow its `next`
    tail_offset: int | None  # else request this offset and follow it (None: no tail)


def missing_positions(
    expected: int, stored: set[int], wanted: SegmentRange | None, *, force: bool
) -> list[int]:
    """Positions below `expected` that are wanted and (unless forced) not stored yet."""
    return [p for p in range(expected) if (wanted is None or p in wanted) and (force or p not in stored)]


def plan_pages(
    expected: int | None, stored: set[int], wanted: SegmentRange | None, *, force: bool, tail: bool = True
) -> PagePlan:
    """Cover the missing positions with as few 100-wide windows as possible, in cursor order.

    `tail=False` when the end is already known (a finished replay whose last page said "no more"):
    then neither a tail request nor `next` following is planned.
    """
    count = max(expected or 0, 0)
    windows: list[int] = []
    for p in missing_positions(count, stored, wanted, force=force):
        if not windows or p >= windows[-1] + SEGMENTS_PER_PAGE:
            windows.append(p)
    if not tail or (wanted is not None and not wanted.open_ended):
        return PagePlan(tuple(windows), False, None)
    end = max(count, max(stored, default=-1) + 1)
    if windows and windows[-1] + SEGMENTS_PER_PAGE >= end:
        return PagePlan(tuple(windows), True, None)
    return PagePlan(tuple(windows), False, end)
