"""The DOM at an instant, with the rrweb Replayer's `pause(T)` semantics (conventions.md, "DOM at T").

`Timeline` holds a recording's rrweb frames in the Replayer's order (a stable sort by timestamp;
Sentry's own custom frames are never part of it). `Timeline.state_at(epoch_ms)` starts from the last
Meta whose timestamp is at or before the instant, applies every frame strictly earlier than it, and
flushes, exactly like a fresh Replayer paused there:

- a FullSnapshot throws the document and the id map away and rebuilds (rrweb-model.md §3.1);
- mutations follow §3.2-3.5 (`mutate.apply_mutation`);
- Input events set live values: immediately before the first mutation after a snapshot, afterwards
  kept per node and applied at the end in the order the Replayer's virtual-DOM diff visits nodes;
- Meta/ViewportResize set the viewport, Scroll the scroll positions; nothing else changes the DOM.

Before a FullSnapshot has been applied (or between a page's Meta and its FullSnapshot) there is no
document: `DomState.doc` is None and the fidelity report says so.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import forms
from .build import BuildContext, build_with_sn
from .checkpoint import paused_gc
from .ids import node_id
from .mutate import apply_mutation, attach_document, collect_queued, item_ids
from .radios import RadioGroups
from .state import DomState, Frame
from .tree import DOCUMENT, Node

if TYPE_CHECKING:
    from .framestore import Store

FULL_SNAPSHOT, INCREMENTAL, META = 2, 3, 4
MUTATION, SCROLL, VIEWPORT_RESIZE, INPUT = 0, 3, 4, 5
_DOM_TYPES = frozenset({FULL_SNAPSHOT, INCREMENTAL, META})
_LAST_MS = 253_402_300_800_000  # 10000-01-01: later instants cannot be written as ISO times


def collect_frames(segments: Iterable[tuple[int, list[Any]]]) -> tuple[list[Frame], int]:
    """The DOM-relevant rrweb frames in the Replayer's order, and how many malformed ones were
    skipped. Sentry custom frames (type 5) and plugin/load frames do not change the DOM."""
    skipped = [0]
    frames = list(iter_frames(segments, skipped))
    frames.sort(key=lambda f: f.ts)  # stable, like the Replayer's Array.sort
    return frames, skipped[0]


def iter_frames(segments: Iterable[tuple[int, list[Any]]], skipped: list[int]) -> Iterator[Frame]:
    """The DOM-relevant frames in recording order (unsorted); malformed ones are counted into
    `skipped[0]` (a segment that is not a list counts once)."""
    for seg, events in segments:
        if not isinstance(events, list):
            skipped[0] += 1
            continue
        for idx, event in enumerate(events):
            frame = frame_of(seg, idx, event)
            if frame is None:
                if not (isinstance(event, dict) and event.get("type") in (0, 1, 5, 6)):
                    skipped[0] += 1
                continue
            yield frame


def frame_of(seg: int, idx: int, event: Any) -> Frame | None:
    """The DOM frame of one recorded event, or None when it is not one (or is malformed)."""
    if not isinstance(event, dict):
        return None
    kind, ts, data = event.get("type"), event.get("timestamp"), event.get("data")
    if type(kind) is not int or kind not in _DOM_TYPES or not isinstance(data, dict):
        return None
    if isinstance(ts, bool) or not isinstance(ts, int | float) or not 0 <= ts < _LAST_MS:
        return None  # also NaN and infinities: no instant can be built from them
    return Frame(float(ts), seg, idx, kind, data)


class Timeline:
    """A recording's frames, ready to be replayed to any instant.

    Built from a list of frames (everything in memory), or over a bundle's DOM store
    (`framestore`), where `frames` is a sequence that loads chunks on demand and `state_at` starts
    from the nearest checkpoint instead of the page's Meta; both give identical states."""

    def __init__(self, frames: Sequence[Frame], *, store: Store | None = None) -> None:
        self.frames = frames
        self.store = store
        if store is not None:
            self.stamps: Sequence[float] = store.stamps
            self._metas: list[int] = [int(i) for i in store.manifest["metas"]]
            self._snapshots: list[int] = [int(i) for i in store.manifest["snapshots"]]
        else:
            self.stamps = [f.ts for f in frames]
            self._metas = [i for i, f in enumerate(frames) if f.type == META]
            self._snapshots = [i for i, f in enumerate(frames) if f.type == FULL_SNAPSHOT]
        self._meta_stamps = [self.stamps[i] for i in self._metas]

    @classmethod
    def from_segments(cls, segments: Iterable[tuple[int, list[Any]]]) -> Timeline:
        frames, _ = collect_frames(segments)
        return cls(frames)

    @classmethod
    def from_store(cls, store: Store) -> Timeline:
        from .framestore import LazyFrames

        return cls(LazyFrames(store), store=store)

    @property
    def first_ms(self) -> float | None:
        return self.stamps[0] if len(self.stamps) else None

    @property
    def last_ms(self) -> float | None:
        return self.stamps[-1] if len(self.stamps) else None

    @property
    def snapshot_stamps(self) -> list[float]:
        """Times of every FullSnapshot frame, in order."""
        return [self.stamps[i] for i in self._snapshots]

    def start_index(self, target_ms: float) -> int:
        """Index of the last Meta at or before `target_ms` (the Replayer's `discardPriorSnapshots`)."""
        pos = bisect.bisect_right(self._meta_stamps, target_ms)
        return self._metas[pos - 1] if pos else 0

    def end_index(self, target_ms: float) -> int:
        """Index of the first frame at or after `target_ms` (frames before it are applied)."""
        return bisect.bisect_left(self.stamps, target_ms)

    def state_at(self, target_ms: float, *, checkpoints: bool = True) -> DomState:
        """The DOM a fresh Replayer shows after `pause()` at epoch `target_ms` (from the nearest
        checkpoint of the same page when the timeline has a store, unless `checkpoints` is false)."""
        return self._replayed(self.start_index(target_ms), self.end_index(target_ms), target_ms, checkpoints)

    def state_before(self, index: int) -> DomState:
        """The state with every frame before `index` applied (from the last Meta before it), as a
        walk over `frames[index:]` needs it; `target_ms` is that frame's time."""
        pos = bisect.bisect_left(self._metas, index)
        start = self._metas[pos - 1] if pos else 0
        target = self.stamps[index] if index < len(self.stamps) else (self.last_ms or 0) + 1
        return self._replayed(start, index, target, True)

    def state_before_from(self, index: int) -> int:
        """The frame `state_before(index)` starts applying from: the first frame of the chunk whose
        checkpoint it reads, else the last Meta before `index` (0 when there is none)."""
        pos = bisect.bisect_left(self._metas, index)
        start = self._metas[pos - 1] if pos else 0
        if self.store is not None:
            number = self.store.best_checkpoint(start, index)
            if number is not None:
                return self.store.chunks[number][0]
        return start

    def _replayed(self, start: int, end: int, target_ms: float, checkpoints: bool) -> DomState:
        state: DomState | None = None
        with paused_gc(keep=True):
            if checkpoints and self.store is not None:
                number = self.store.best_checkpoint(start, end)
                if number is not None:
                    state = self.store.state(number, target_ms)
                    if state is not None:
                        start = self.store.chunks[number][0]
            if state is None:
                state = DomState(target_ms=target_ms)
            forms.forget_all()  # select memos of earlier states: let them go
            for frame in self.frames[start:end]:
                apply_frame(state, frame)
            flush(state)
        return state

    def iter_range(self, start: int, stop: int) -> Iterator[Frame]:
        """`frames[start:stop]`, read a chunk at a time from a store: a walk over the whole
        hour-long replay holds a few chunks and segments, not every frame of it, and reads each
        segment once."""
        store = self.store
        if store is None:
            yield from self.frames[start:stop]
            return
        index = start
        while index < stop:
            first, count = store.chunks[store.chunk_of(index)]
            end = min(stop, first + count)
            yield from self.frames[index:end]
            index = end

    def frames_between(self, from_ms: float, to_ms: float, *, include_end: bool = True) -> list[Frame]:
        """Frames from `from_ms` (included) to `to_ms` (included unless `include_end` is false)."""
        end = bisect.bisect_right(self.stamps, to_ms) if include_end else self.end_index(to_ms)
        return list(self.frames[self.end_index(from_ms) : end])


def step(state: DomState, frame: Frame) -> None:
    """Apply one more frame to a state being walked forward (`frames_between`). Inputs take effect
    at once; a fresh `state_at` would batch them to the end of a run of mutations, which differs
    only for controls replaced during that run."""
    apply_frame(state, frame)
    flush(state)
    state.target_ms = frame.ts


def apply_frame(state: DomState, frame: Frame) -> None:
    """Apply one rrweb frame the way the Replayer's synchronous fast-forward does."""
    state.report.frames_applied += 1
    data = frame.data
    if frame.type == META:
        state.meta = frame
        state.href = data.get("href") if isinstance(data.get("href"), str) else None
        _set_viewport(state, data)
    elif frame.type == FULL_SNAPSHOT:
        state.radios = None
        rebuild(state, frame)
    elif frame.source == MUTATION:
        if state.radios is not None and state.radios.could_join(data, state.mirror):
            state.radios = None  # before the mutation: moved nodes are known by their ids
        if state.doc is None and not state.mirror:
            # Nothing to apply to, except an iframe document, which waits for its iframe.
            state.report.missing["mutations before a snapshot"] += 1
        apply_mutation(state, data, frame)
    elif frame.source == INPUT:
        _input(state, data)
    elif frame.source == SCROLL:
        key = node_id(data.get("id"))
        if key is not None and key in state.mirror:
            state.scroll[key] = (_num(data.get("x")), _num(data.get("y")))
    elif frame.source == VIEWPORT_RESIZE:
        _set_viewport(state, data)


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _set_viewport(state: DomState, data: dict[str, Any]) -> None:
    width, height = data.get("width"), data.get("height")
    if isinstance(width, int | float) and isinstance(height, int | float):
        state.viewport = (int(width), int(height))


def rebuild(state: DomState, frame: Frame) -> None:
    """FullSnapshot: forget everything, rebuild the document, attach waiting iframe documents."""
    state.vdom = False
    state.pending.clear()  # the Replayer drops its virtual DOM, inputs included
    forms.forget_all()  # the old document's selects are not needed any more
    state.mirror = {}
    state.scroll = {}
    state.snapshot = frame
    root = frame.data.get("node")
    if not isinstance(root, dict) or root.get("type") != DOCUMENT:
        state.doc = None
        state.report.missing["snapshot without a document"] += 1
        return
    collected: list[tuple[dict[str, Any], Node]] = []
    ctx = BuildContext(
        state.mirror, state.stats, after_append=lambda node: collect_queued(state, node, collected)
    )
    state.doc = build_with_sn(root, ctx, skip_child=False)
    for queued, iframe in collected:
        attach_document(state, queued, iframe, collect_nested=True)
        state.doc_queue = [q for q in state.doc_queue if q is not queued]
    if state.doc is not None:
        forms.settle_tree(state.doc)
        _initial_scroll(state, frame.data.get("initialOffset"))


def _initial_scroll(state: DomState, offset: Any) -> None:
    if isinstance(offset, dict) and state.doc is not None and state.doc.id is not None:
        state.scroll[state.doc.id] = (_num(offset.get("left")), _num(offset.get("top")))
    for key, node in state.mirror.items():
        meta = node.meta or {}
        attrs = meta.get("attributes") if isinstance(meta.get("attributes"), dict) else None
        if attrs and ("rr_scrollLeft" in attrs or "rr_scrollTop" in attrs):
            state.scroll[key] = (_num(attrs.get("rr_scrollLeft")), _num(attrs.get("rr_scrollTop")))


def _input(state: DomState, data: dict[str, Any]) -> None:
    key = node_id(data.get("id"))
    if key == -1:
        return  # the target was never serialized; the Replayer skips it
    target = state.mirror.get(key) if key is not None else None
    if target is None:
        state.report.missing["inputs"] += 1
        return
    state.report.inputs += 1
    if state.vdom:
        state.pending.pop(target, None)
        state.pending[target] = data
    else:
        forms.apply_input(target, data.get("isChecked"), data.get("text"), _radios(state))


def _radios(state: DomState) -> RadioGroups:
    if state.radios is None:
        state.radios = RadioGroups()
    return state.radios


def flush(state: DomState) -> None:
    """End of the fast-forward: apply inputs kept during the mutation run, in the diff's order
    (post-order; an iframe's document, then shadow children, then light children, then the node)."""
    if state.pending and state.doc is not None:
        for node in _diff_post_order(state.doc):
            data = state.pending.get(node)
            if data is not None:
                forms.apply_input(node, data.get("isChecked"), data.get("text"), _radios(state))
    state.pending.clear()
    state.vdom = False


def _diff_post_order(root: Node) -> Iterator[Node]:
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            yield node
            continue
        stack.append((node, True))
        # Pushed in reverse of the visiting order: document, shadow children, light children.
        stack.extend((c, False) for c in reversed(node.children))
        if node.shadow is not None:
            stack.extend((c, False) for c in reversed(node.shadow.children))
        if node.content_doc is not None:
            stack.append((node.content_doc, False))


def dropped_nodes(frame: Frame, before: int, after: int) -> int:
    """How many nodes a frame can have dropped from a state whose id map went from `before` to
    `after` entries: a snapshot drops the whole old page; a mutation's adds each map at most one
    new node, so any shortfall left (removed, or replaced under the same id). The walks that
    collect by themselves (`history`, `transients`) count their garbage with it."""
    if frame.type == FULL_SNAPSHOT:
        return before
    if frame.source != MUTATION:
        return 0
    adds = frame.data.get("adds")
    return max(0, before + (len(adds) if isinstance(adds, list) else 0) - after)


def touched_ids(frame: Frame, *, adds: bool = True) -> set[int]:
    """Every rrweb id a frame names: a mutation's adds (node and parent), removes (node and parent),
    texts and attributes; an Input's or Scroll's target; every node of a FullSnapshot. Without
    `adds`, a mutation's adds are left out (the store gathers them while applying: `named`)."""
    data = frame.data
    found: set[int] = set()
    if frame.type == FULL_SNAPSHOT:
        stack: list[Any] = [data.get("node")]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if (key := node_id(node.get("id"))) is not None:
                    found.add(key)
                children = node.get("childNodes")
                if isinstance(children, list):
                    stack.extend(children)
        return found
    if frame.type != INCREMENTAL:
        return found
    if frame.source == MUTATION:
        add = found.add
        for name in (
            ("adds", "removes", "texts", "attributes") if adds else ("removes", "texts", "attributes")
        ):
            items = data.get(name)
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict):
                    item_ids(item, add, is_add=name == "adds")
    elif (key := node_id(data.get("id"))) is not None:
        found.add(key)
    return found
