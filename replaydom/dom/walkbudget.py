"""The work budget of a bounded `dom --diff` walk: where it may stop, and where a continuation starts.

The transient part of `--diff A..B` applies every frame of [A, B); over an hour of a table
re-rendered every few minutes that is tens of seconds. The default walk stops once `work` node
operations are spent (`frame_work`: adds, removes, texts, attributes, nodes lost or built), between
two frames at least a millisecond apart and never between a page's Meta and its FullSnapshot (a
walk keeps the old document until the snapshot), so `resume` (an offset in ms) splits the frames
exactly: every frame walked is before it, every frame left at or after it. Counted in operations,
not seconds, so the cut is the same on any machine (`history.Budget` bounds `--history` alike).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .source import DomSource
from .state import Frame
from .timeline import FULL_SNAPSHOT, META, MUTATION, dropped_nodes

# About a second of replaying on the hour-long derived replay (two renders of a 100k-node table
# and what they replace), as `history.HISTORY_BUDGET`.
DIFF_BUDGET = 400_000


def operations(data: dict[str, Any]) -> int:
    """The entries of a mutation's adds, removes, texts and attributes lists."""
    lists = (data.get(k) for k in ("adds", "removes", "texts", "attributes"))
    return sum(len(v) for v in lists if isinstance(v, list))


def frame_work(frame: Frame, before: int, after: int) -> int:
    """Node operations of one frame applied to a state whose id map went from `before` to `after`
    (`--diff` and `--history` walks count their budgets with it)."""
    if frame.type == FULL_SNAPSHOT:
        return 1 + before + after
    if frame.source != MUTATION:
        return 1
    return 1 + operations(frame.data) + dropped_nodes(frame, before, after)


def resume_before(source: DomSource, last_ts: float, frame: Frame) -> int | None:
    """Where a walk that stops before `frame`, its last frame walked at `last_ts`, is continued:
    an offset (ms from replay start) every frame walked is before and every frame left is at or
    after; None when the two frames share a millisecond (an offset cannot split them)."""
    resume = math.floor(last_ts - source.start_ms) + 1
    return None if source.start_ms + resume > frame.ts else resume


@dataclass
class WalkBudget:
    work: int
    resume: int | None = None  # offset (ms from replay start) of the first frame not walked
    page_open: bool = False  # between a Meta and its FullSnapshot: no cut there
    last_ts: float | None = None  # the last frame walked

    def spent(self, source: DomSource, frame: Frame) -> bool:
        """True (and `resume` set) when the budget is used up and the walk can stop before `frame`."""
        if self.work > 0 or self.last_ts is None or self.page_open:
            return False
        self.resume = resume_before(source, self.last_ts, frame)
        return self.resume is not None

    def walked(self, frame: Frame, before: int, after: int) -> None:
        self.work -= frame_work(frame, before, after)
        self.last_ts = frame.ts
        if frame.type == META:
            self.page_open = True
        elif frame.type == FULL_SNAPSHOT:
            self.page_open = False
