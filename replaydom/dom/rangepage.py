"""`dom --from/--to`, one page at a time: work and memory proportional to the page asked for.

`inspect.dom_events` lists a whole range: it holds every frame of it, applies them all and builds
every item, which on an hour-long replay is a minute and gigabytes for a page of 200. This module
gives the same items (`dom_events(...)[offset:offset + limit]`) and the same total with:

- the count from a plan of the range, made without applying anything: each frame's kind comes from
  the normalized event its pointer names (`rawType`/`rawSource`), the frame itself being read only
  when no event says (a frame the normalizer could not classify); typing runs collapse as in
  `dom_events` (one item at the first frame of each normalized input event);
- the state before the page's first item read from the nearest checkpoint (`Timeline.state_before`)
  when that skips frames of the range, else the range's own start state walked forward as
  `dom_events` does; then the frames up to the page's last item read one at a time (a few segments
  cached), items built for the page only, frames that change nothing an item shows (`_INERT`) not
  even read, and what each frame removes freed at once;
- burst summaries (`data.dom.burst`) exact across page edges: burst membership and numbering come
  from the plan's offsets, and the totals of a burst that crosses the page's edges add the counts
  the normalized mutation events carry for its members outside the page (the frame is read where
  an event does not carry them).
"""

from __future__ import annotations

import bisect
import gc
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..errors import DataError
from ..frames.consts import INCREMENTAL_SOURCE
from .checkpoint import paused_gc
from .events import Pointer, by_pointer, frame_kind
from .inspect import BURST_GAP_MS, _input_groups, _list, build_item
from .nodes import forget_positions
from .rangescope import Picked, scoped_positions
from .source import DomSource
from .state import DomState, Frame
from .storebuild import release_removed
from .timeline import FULL_SNAPSHOT, Timeline, frame_of, step

# Frames that change nothing an item shows (scroll positions, the viewport; mouse, media, style
# sheet and other frames `timeline.apply_frame` ignores): the walk does not even read them.
_INERT = frozenset({"scroll", "viewport", "unknown"})
SEGMENTS = 2  # segments kept read while walking
_TYPE_KINDS = {"FullSnapshot": "dom-snapshot", "Meta": "page"}
_SOURCE_KINDS = {"Mutation": "mutation", "Scroll": "scroll", "ViewportResize": "viewport", "Input": "input"}
_OTHER_SOURCES = frozenset(INCREMENTAL_SOURCE.values()) - set(_SOURCE_KINDS)
_COUNTS = ("adds", "removes", "texts", "attributes")


@dataclass
class PageWork:
    """What one page cost (tests check it is bounded by the page, not by the range)."""

    planned: int = 0  # frames of the range classified
    read_to_plan: int = 0  # of those, frames read because no normalized event said their kind
    started_at: int = 0  # timeline index the walk's state was built up to
    walked: int = 0  # frames applied by the walk (after the start state)
    built: int = 0  # items built
    counted_by_reading: int = 0  # burst members outside the page whose frame was read for counts
    matched: tuple[int, int] | None = None  # `--css`: elements matched at the range's start and end


@dataclass
class _Plan:
    positions: list[int] = field(default_factory=list)  # timeline index of every item, in order
    offsets: list[Any] = field(default_factory=list)  # each item's offsetMs
    is_mutation: list[bool] = field(default_factory=list)  # its kind is "mutation" (a burst member)
    inert: bytearray = field(default_factory=bytearray)  # per frame of the range: 1 when `_INERT`
    picked: dict[int, Picked | None] | None = None  # `--css`: position -> the changes in scope


def dom_events_page(
    source: DomSource,
    events: list[dict[str, Any]],
    from_offset: float,
    to_offset: float,
    kinds: frozenset[str],
    *,
    offset: int = 0,
    limit: int | None = None,
    work: PageWork | None = None,
    css: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """`(dom_events(...)[offset:offset + limit], len(dom_events(...)))`, without building (or
    holding) the items, frames and states outside the page. With `css`, only the items of frames
    that touch a node inside the elements matching it at the range's start or end (`rangescope`);
    `NotFoundError` when it matches at neither."""
    work = work if work is not None else PageWork()
    timeline = source.timeline
    from_ms, to_ms = source.instant(from_offset), source.instant(to_offset)
    lo, hi = timeline.end_index(from_ms), bisect.bisect_right(timeline.stamps, to_ms)
    known = by_pointer(events)
    groups = _input_groups(events)
    frames = _FrameReader(timeline)
    only = None
    if css is not None:
        scope = scoped_positions(source, css, (from_offset, to_offset), (lo, hi), frames.at)
        only, work.matched = scope.positions, scope.matched
    plan = _plan(source, lo, hi, kinds, known, groups, frames, work, only)
    plan.picked = only
    total = len(plan.positions)
    end = total if limit is None else min(total, offset + limit)
    if offset >= end:
        return [], total
    page = plan.positions[offset:end]
    state, begin = _start(timeline, from_ms, lo, page[0], work)
    wanted = set(page)
    items: list[dict[str, Any]] = []
    state.removed = []
    # No cyclic collection during the walk (each would walk a 100k-node render again): what a
    # frame removes is freed at once instead (`release_removed`), the old document of a new
    # snapshot by one collection; in the CLI the state left is handed to `gc.freeze` at the end.
    upcoming = iter(page)
    target = next(upcoming)  # the next item's position
    with paused_gc(keep=True):
        pos = begin - 1
        while pos < page[-1]:
            pos += 1
            if pos > target:
                target = next(upcoming)
            if only is not None and pos < target and timeline.state_before_from(target) > pos:
                # `--css`: the next item is past a checkpoint, as `_start` skips to the first one
                # (the scope's items can be minutes apart, with renders out of it in between).
                state = timeline.state_before(target)
                state.removed = []
                work.started_at, pos = target, target
                gc.collect()  # the state left behind is a cycle of nodes
            if pos not in wanted and plan.inert[pos - lo]:
                continue  # changes nothing an item shows: not even read
            frame = frames.at(pos)
            if pos in wanted:
                picked = only.get(pos) if only is not None else None
                items.append(_item(source, state, frame, known, groups, frames, picked))
                work.built += 1
            else:
                step(state, frame)
            work.walked += 1
            if state.removed:
                release_removed(state)
                forget_positions()
            if frame.type == FULL_SNAPSHOT:
                forget_positions()
                gc.collect()
    _bursts(plan, offset, items, known, frames, work)
    return items, total


def _item(
    source: DomSource,
    state: DomState,
    frame: Frame,
    known: dict[Pointer, dict[str, Any]],
    groups: dict[Pointer, dict[str, Any]],
    frames: _FrameReader,
    picked: Picked | None = None,
) -> dict[str, Any]:
    """One item, built by the same code as `dom_events`' (the frame is applied here); with
    `picked` (`--css`), its changes inside the scope only."""
    group = groups.get((frame.seg, frame.idx)) if frame_kind(frame) == "input" else None
    return build_item(source, state, frame, known, partial(_last_of, group, frame, frames), picked)


def _kind_of(event: dict[str, Any] | None) -> str | None:
    """The DOM kind (`events.frame_kind`) of the frame a normalized event came from, or None when
    the event cannot say (no event; a frame the normalizer turned into `unknown`)."""
    if event is None:
        return None
    raw_type = event.get("rawType")
    if raw_type in _TYPE_KINDS:
        return _TYPE_KINDS[raw_type]
    if raw_type == "IncrementalSnapshot":
        raw_source = event.get("rawSource")
        if raw_source in _SOURCE_KINDS:
            return _SOURCE_KINDS[raw_source]
        if raw_source in _OTHER_SOURCES:
            return "unknown"
    return None


def _plan(
    source: DomSource,
    lo: int,
    hi: int,
    kinds: frozenset[str],
    known: dict[Pointer, dict[str, Any]],
    groups: dict[Pointer, dict[str, Any]],
    frames: _FrameReader,
    work: PageWork,
    only: dict[int, Picked | None] | None = None,
) -> _Plan:
    """Every item of the range (`dom_events`' selection and collapsing), without applying frames;
    with `only`, the items of those positions alone (`--css`)."""
    plan = _Plan(inert=bytearray(max(0, hi - lo)))
    shown: set[int] = set()  # id() of input events already listed
    for pos, pointer in frames.pointers(lo, hi):
        work.planned += 1
        if only is not None and pos not in only:
            continue  # left non-inert: a walk through it applies it
        event = known.get(pointer)
        kind = _kind_of(event)
        frame: Frame | None = None
        if kind is None:
            frame = frames.at(pos)
            work.read_to_plan += 1
            kind = frame_kind(frame)
        if kind in _INERT:
            plan.inert[pos - lo] = 1
        if kind not in kinds:
            continue
        if kind == "input":
            group = groups.get(pointer)
            if group is not None:
                if id(group) in shown:
                    continue
                shown.add(id(group))
        plan.positions.append(pos)
        if event is not None:
            plan.offsets.append(event.get("offsetMs"))
            plan.is_mutation.append(event.get("kind") == "mutation")
        else:
            frame = frame if frame is not None else frames.at(pos)
            plan.offsets.append(source.offset(frame.ts))
            plan.is_mutation.append(kind == "mutation")
    return plan


def _start(timeline: Timeline, from_ms: float, lo: int, first: int, work: PageWork) -> tuple[DomState, int]:
    """The state the walk to the page starts from, and the frame it starts at. Where the range's
    start state is no further from the page than the nearest checkpoint (or Meta), it is that state
    walked forward, exactly `dom_events`' walk; otherwise the frames between are skipped."""
    if timeline.state_before_from(first) <= lo:
        work.started_at = lo
        return timeline.state_at(from_ms), lo
    work.started_at = first
    return timeline.state_before(first), first


def _bursts(
    plan: _Plan,
    offset: int,
    items: list[dict[str, Any]],
    known: dict[Pointer, dict[str, Any]],
    frames: _FrameReader,
    work: PageWork,
) -> None:
    """`inspect._bursts` over the whole range, summaries written into the page's items only (the
    bursts after the page are only counted, from the plan's offsets)."""
    end = offset + len(items)
    members: list[int] = []  # plan indexes of the current burst
    summaries: list[dict[str, Any]] = []
    collecting = True
    index = -1
    last: Any = None
    for k, is_mutation in enumerate(plan.is_mutation):
        if not is_mutation:
            continue
        at = plan.offsets[k]
        if last is None or at - last >= BURST_GAP_MS:
            if members:
                summaries += _summarise(plan, members, index, offset, items, known, frames, work)
            members = []
            index += 1
            collecting = k < end  # a burst that starts after the page holds none of its items
        if collecting:
            members.append(k)
        last = at
    if members:
        summaries += _summarise(plan, members, index, offset, items, known, frames, work)
    for summary in summaries:
        summary["count"] = index + 1


def _summarise(
    plan: _Plan,
    members: list[int],
    index: int,
    offset: int,
    items: list[dict[str, Any]],
    known: dict[Pointer, dict[str, Any]],
    frames: _FrameReader,
    work: PageWork,
) -> list[dict[str, Any]]:
    """The burst's summary written into the page's items of it ([] when it has none)."""
    end = offset + len(items)
    if members[-1] < offset or members[0] >= end:
        return []  # no item of the page in it
    totals = dict.fromkeys(_COUNTS, 0)
    for k in members:
        picked = plan.picked.get(plan.positions[k]) if plan.picked is not None else None
        if offset <= k < end:
            counts = items[k - offset]["data"]["dom"]["counts"]
        elif picked is not None:  # `--css`: the changes in scope, counted while following it
            counts = picked.counts
        else:
            counts = _cheap_counts(known.get(frames.pointer(plan.positions[k])))
            if counts is None:
                work.counted_by_reading += 1
                data = frames.at(plan.positions[k]).data
                counts = {name: len(_list(data, name)) for name in _COUNTS}
        for name in _COUNTS:
            totals[name] += counts[name]
    summary = {
        "index": index,
        "number": index + 1,
        "frames": len(members),
        "startOffsetMs": plan.offsets[members[0]],
        "endOffsetMs": plan.offsets[members[-1]],
        **totals,
    }
    for k in members:
        if offset <= k < end:
            items[k - offset]["data"]["dom"]["burst"] = summary
    return [summary]


def _cheap_counts(event: dict[str, Any] | None) -> dict[str, int] | None:
    """The change counts a normalized Mutation event carries (the same rule as `data.dom.counts`:
    entries that are objects), or None when it carries none."""
    if event is None or event.get("kind") != "mutation" or event.get("rawSource") != "Mutation":
        return None
    data = event.get("data")
    if not isinstance(data, dict):
        return None
    counts: dict[str, int] = {}
    for name in _COUNTS:
        value = data.get(name)
        if type(value) is not int:
            return None
        counts[name] = value
    return counts


def _last_of(group: dict[str, Any] | None, frame: Frame, frames: _FrameReader) -> Frame:
    """`inspect._last_of`: the last Input frame of a collapsed typing run that exists (the frame
    itself when alone), looked up by pointer instead of from every Input frame of the range."""
    refs = ((group or {}).get("data") or {}).get("frames") or []
    for ref in reversed(refs):
        if not isinstance(ref, dict):
            continue
        found = frames.input_frame((ref.get("segmentId"), ref.get("frameIndex")))
        if found is not None:
            return found
    return frame


class _FrameReader:
    """Frames and pointers of a timeline by index, without loading whole chunks: from the DOM
    store's pointer files and the segments it reads (a few cached), or from the in-memory list."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._inputs: dict[Pointer, Frame] | None = None  # in-memory timelines only
        # The segments last read (a re-rendered 20,000-row table is 100k adds in one: a few of them
        # held would outweigh the state), in use order.
        self._segments: OrderedDict[int, list[Any]] = OrderedDict()

    def _events(self, seg: int) -> list[Any]:
        store = self.timeline.store
        assert store is not None
        events = self._segments.get(seg)
        if events is None:
            events = store.segments.bundle.read_segment(seg)
            self._segments[seg] = events
            while len(self._segments) > SEGMENTS:
                self._segments.popitem(last=False)
        else:
            self._segments.move_to_end(seg)
        return events

    def pointers(self, lo: int, hi: int) -> list[tuple[int, Pointer]]:
        store = self.timeline.store
        if store is None:
            return [(pos, (f.seg, f.idx)) for pos, f in enumerate(self.timeline.frames[lo:hi], lo)]
        out: list[tuple[int, Pointer]] = []
        number = store.chunk_of(lo) if lo < hi else len(store.chunks)
        while number < len(store.chunks) and store.chunks[number][0] < hi:
            first, count = store.chunks[number]
            pairs = store.pointers(number)
            for k in range(max(lo, first) - first, min(hi, first + count) - first):
                out.append((first + k, (pairs[2 * k], pairs[2 * k + 1])))
            number += 1
        return out

    def pointer(self, pos: int) -> Pointer:
        store = self.timeline.store
        if store is None:
            frame = self.timeline.frames[pos]
            return (frame.seg, frame.idx)
        number = store.chunk_of(pos)
        pairs, k = store.pointers(number), pos - store.chunks[number][0]
        return (pairs[2 * k], pairs[2 * k + 1])

    def at(self, pos: int) -> Frame:
        store = self.timeline.store
        if store is None:
            return self.timeline.frames[pos]
        seg, idx = self.pointer(pos)
        assert seg is not None and idx is not None
        try:
            event = self._events(seg)[idx]
            return Frame(store.stamps[pos], seg, idx, int(event["type"]), event["data"])
        except (IndexError, KeyError, TypeError, ValueError):
            raise DataError(f"segment {seg} changed since the DOM store was built") from None

    def input_frame(self, pointer: Pointer) -> Frame | None:
        """The Input frame of the timeline at `pointer`, None when the timeline has none there."""
        seg, idx = pointer
        if type(seg) is not int or type(idx) is not int or idx < 0:
            return None
        store = self.timeline.store
        if store is None:
            if self._inputs is None:
                self._inputs = {(f.seg, f.idx): f for f in self.timeline.frames if f.source == 5}
            return self._inputs.get(pointer)
        try:
            events = self._events(seg)
        except DataError:
            return None  # a segment the store left out: none of its frames are in the timeline
        frame = frame_of(seg, idx, events[idx]) if idx < len(events) else None
        return frame if frame is not None and frame.source == 5 else None
