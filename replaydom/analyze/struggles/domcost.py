"""What reading the DOM at one instant costs when a replay's DOM store exists, in node operations.

A replay whose whole reconstruction is over `dom.maxNodeOps` is not rebuilt for `struggles`
(`domprobe.dom_skipped`); but when its checkpointed DOM store is already built (by a `dom`
command), an instant costs only the checkpoint it starts from plus the frames after it:

    cost(T) = nodes in the state of the checkpoint before T (0 when it starts at the page's Meta)
              + node operations of the frames from there up to T

Reading a checkpoint of S nodes costs about what applying S adds does (`framestore`), so both
terms are in the same unit as `dom_work`. Page sizes are the normalizer's (snapshot nodes, then
each mutation's `nodesAdded - nodesRemoved`): within a node or two of the rebuilt DOM's on a
page like the hour-long replay's (a few more where shadow roots or text replacing an element's
children count differently), close enough for a budget. Both are read off the normalized events, and the
checkpoint from the store's manifest, so the cost (and which instants fit the budget) depends
on the recording and the store only: the same command gives the same findings.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any

from ...dom.source import DomSource

_OPS = ("adds", "removes", "texts", "attributes")


def event_work(d: dict[str, Any], snapshot: bool) -> int:
    """Node operations of one mutation or snapshot event: snapshot nodes, or nodes added and
    removed (subtrees included, `nodesAdded`/`nodesRemoved`; list entries for events without
    them) plus text and attribute changes."""
    if snapshot:
        return _int(d.get("nodes"))
    added, removed = d.get("nodesAdded"), d.get("nodesRemoved")
    if type(added) is int and type(removed) is int:
        return max(added, 0) + max(removed, 0) + _int(d.get("texts")) + _int(d.get("attributes"))
    return sum(_int(d.get(key)) for key in _OPS)


def _int(value: Any) -> int:
    return value if type(value) is int and value > 0 else 0


class PageSizes:
    """Prefix sums over the DOM events of a stream sorted by `offsetMs`: node operations so far and
    the page's node count after each event (a snapshot sets it, a mutation adds its nodes added
    minus its nodes removed)."""

    def __init__(self, events: Iterable[dict[str, Any]]) -> None:
        offsets: list[int] = []
        works: list[int] = []
        sizes: list[int] = []
        size = 0
        for ev in events:
            kind = ev.get("kind")
            if kind not in ("mutation", "dom-snapshot"):
                continue
            d = ev.get("data")
            if not isinstance(d, dict) or not isinstance(ev.get("offsetMs"), int):
                continue
            snapshot = kind == "dom-snapshot"
            if snapshot:
                size = _int(d.get("nodes"))
            else:
                size = max(0, size + _int(d.get("nodesAdded")) - _int(d.get("nodesRemoved")))
            offsets.append(ev["offsetMs"])
            works.append(event_work(d, snapshot))
            sizes.append(size)
        self.offsets = offsets
        self.work = [0, *accumulate(works)]  # work[i]: the events before the i-th
        self.sizes = sizes

    def size_before(self, offset_ms: int) -> int:
        """Nodes on the page after every DOM event before `offset_ms`."""
        i = bisect.bisect_left(self.offsets, offset_ms)
        return self.sizes[i - 1] if i else 0

    def work_between(self, lo_ms: int, hi_ms: int) -> int:
        """Node operations of the DOM events at `lo_ms` and later, before `hi_ms`."""
        lo = bisect.bisect_left(self.offsets, lo_ms)
        hi = bisect.bisect_left(self.offsets, hi_ms)
        return self.work[hi] - self.work[lo] if hi > lo else 0


def checkpointed_cost(source: DomSource, sizes: PageSizes) -> Callable[[int], int]:
    """`cost(offset_ms)` of `source.timeline.state_at` there (see the module docstring)."""
    timeline = source.timeline
    store = timeline.store
    stamps = timeline.stamps

    def cost(offset_ms: int) -> int:
        target = source.instant(offset_ms)
        start, end = timeline.start_index(target), timeline.end_index(target)
        number = store.best_checkpoint(start, end) if store is not None else None
        first = store.chunks[number][0] if store is not None and number is not None else start
        if first >= len(stamps):
            return 1
        begin = source.offset(stamps[first])
        base = sizes.size_before(begin) if number is not None else 0
        return max(1, base + sizes.work_between(begin, offset_ms))

    return cost
