"""`dom --history NODE_ID`: every event that touched one node, in order.

Structural history comes from replaying the frames: the node appearing in a FullSnapshot, being
created, moved, removed (directly or with an ancestor), its text or attributes changing, children
added or removed. Interactions come from the normalized events that name the node: clicks (and
their dead/rage/slow variants), focus and blur, typing, scrolling, keys. Items are events in the
event schema: the event of the same frame with the node's action under `data.dom`.

rrweb ids restart with every page load, so a history that crosses a navigation may describe
different elements; snapshot items carry the page URL.

Speed on a long replay with a store (`framestore`): only the chunks that can touch the node are
walked (`walks`), a chunk at a time; a heavy frame whose chunk ends with it is not applied when
the checkpoint written right after it gives the same state (`history_jump`: a 100k-node render costs a
checkpoint decode instead of 100k adds, and nothing at all of the state before it when the node
was not there), and so is a frame that took most of the page away (`shrinks`: the removal of a
100k-node table, whose small state after it is read in a millisecond; the dropped state is
unlinked at once, `_drop_state`); the walk runs with the cyclic collector paused and collects by
itself.

A node touched all through a long replay (the section around a table re-rendered every few
minutes: every render names it) still needs each render applied, about 0.3 s each. `Budget`
bounds that work: the CLI's default walk stops after about a second of it, before a frame that
names the node, and says where (`resume`); `--from resume` continues, `--full` walks it all.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .checkpoint import paused_gc
from .diff import attribute_changes
from .events import Pointer, by_pointer, frame_event, sort_key
from .fidelity import is_masked
from .history_counts import Scoped, frame_counts, row_label
from .history_counts import before_frame as _before_frame
from .history_jump import copy_of, jump, present, walks
from .ids import node_id
from .nodes import selector_for
from .source import DomSource
from .state import DomState, Frame
from .timeline import FULL_SNAPSHOT, META, MUTATION, Timeline, dropped_nodes, step
from .tree import TEXT, Node, unlink
from .walkbudget import frame_work, resume_before

# Nodes that can have become garbage (left the id map, dropped states) before the walk collects:
# at least this many, and at least as many as the state holds, so a collection (whose cost is
# the live heap) is paid for by as much garbage as it walks live objects.
_COLLECT_AFTER = 300_000
# The work a `dom --history` does by default (`Budget`): about two re-renders of a 100k-node
# table and what they replace, under a second on the hour-long derived replay; `--full` lifts it.
HISTORY_BUDGET = 400_000

INTERACTIONS = {
    "click": "clicked",
    "dead-click": "clicked (dead click)",
    "rage-click": "clicked (rage click)",
    "slow-click": "clicked (slow click)",
    "multi-click": "clicked (multi click)",
    "tap": "tapped",
    "input": "typed into",
    "focus": "focused",
    "blur": "blurred",
    "scroll": "scrolled",
    "keydown": "key pressed",
}


def _dicts(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    return value if isinstance(value, list) else []


def _named(data: dict[str, Any], key: int) -> tuple[list[Any], list[Any], int, int]:
    """What a mutation's lists say of node `key`, in one pass (a render has 100k adds): the
    `parentId`s of the adds and of the removes naming it, and how many adds and removes name it
    as their parent. Ids match as the Replayer's Map matches them (`node_id`): `== key` only
    preselects (it also takes `True` for 1)."""
    added: list[Any] = []
    removed: list[Any] = []
    adds_under = removes_under = 0
    for add in _dicts(data, "adds"):
        if not isinstance(add, dict):
            continue
        node, parent = add.get("node"), add.get("parentId")
        if isinstance(node, dict) and node.get("id") == key and node_id(node.get("id")) == key:
            added.append(parent)
        if parent == key and node_id(parent) == key:
            adds_under += 1
    for remove in _dicts(data, "removes"):
        if not isinstance(remove, dict):
            continue
        parent = remove.get("parentId")
        if remove.get("id") == key and node_id(remove.get("id")) == key:
            removed.append(parent)
        if parent == key and node_id(parent) == key:
            removes_under += 1
    return added, removed, adds_under, removes_under


def _presence(
    frame: Frame, named: tuple[list[Any], list[Any], int, int], before: Node | None, after: Node | None
) -> dict[str, Any] | None:
    """Created / moved / removed, from the frame's own lists or from the node's presence."""
    if frame.type == FULL_SNAPSHOT:
        return (
            {"action": "in snapshot"}
            if after is not None
            else ({"action": "gone (new snapshot)"} if before is not None else None)
        )
    added, removed, _, _ = named
    if added and (removed or before is not None):
        return {"action": "moved", "parentId": added[-1]}
    if added:
        return {"action": "created", "parentId": added[-1]}
    if removed:
        return {"action": "removed", "parentId": removed[-1]}
    if before is not None and after is None:
        return {"action": "removed with an ancestor"}
    if before is None and after is not None:
        return {"action": "attached with an ancestor"}
    return None


def _children(frame: Frame, named: tuple[list[Any], list[Any], int, int]) -> dict[str, Any] | None:
    if frame.source != MUTATION:
        return None
    _, _, added, removed = named
    return {"action": "children changed", "added": added, "removed": removed} if added or removed else None


def _edits(before: dict[str, Any] | None, after: Node | None) -> dict[str, Any] | None:
    """Text or attribute edits between a copy taken before the frame and the node after it."""
    if before is None or after is None:
        return None
    if after.kind == TEXT:
        old = before.get("text")
        if old == after.text:
            return None
        return {"action": "text changed", "from": old, "to": after.text, "masked": is_masked(after.text)}
    probe = Node(after.kind, after.tag)
    probe.attrs = before.get("attributes", {})
    changes = attribute_changes(probe, after)
    return {"action": "attributes changed", "attributes": changes} if changes else None


def structural(
    source: DomSource,
    key: int,
    from_ms: float,
    to_ms: float,
    known: dict[Pointer, dict[str, Any]],
    budget: Budget | None = None,
) -> list[dict[str, Any]]:
    """One item per action of every FullSnapshot or Mutation frame that touched node `key`.

    The cyclic collector is paused for the walk: with a 100k-node state alive, the collections
    that parsing segments and building nodes trigger would walk it again and again (measured: the
    hour-long replay's row history spent half its time there). Dropped states and removed subtrees
    are cycles (parent and child point at each other), so the walk collects by itself once as many
    nodes can have become garbage as the state holds (`timeline.dropped_nodes`, `_COLLECT_AFTER`):
    memory stays bounded by a few states. A state replaced by a checkpoint is unlinked at once."""
    timeline = source.timeline
    lo, hi = timeline.end_index(from_ms), bisect.bisect_right(timeline.stamps, to_ms)
    out: list[dict[str, Any]] = []
    with paused_gc(keep=True):  # the CLI keeps what the walk made until it exits: frozen, not walked
        garbage = 0
        last_ts: float | None = None
        for start, stop in walks(timeline, key, lo, hi):
            state: DomState | None = None  # built when needed: a heavy first frame may not need it
            for index, frame in _frames(timeline, start, stop):
                if budget is not None:
                    if budget.spent(source, key, last_ts, frame):
                        return out
                    budget.walked(frame)
                last_ts = frame.ts
                if garbage >= max(_COLLECT_AFTER, len(state.mirror) if state is not None else 0):
                    gc.collect()
                    garbage = 0
                relevant = frame.type == FULL_SNAPSHOT or frame.source == MUTATION
                named = _named(frame.data, key) if frame.source == MUTATION else ([], [], 0, 0)
                # What the frame does inside the node, read while the state is the one before it.
                pre = _before_counts(state, key, frame, named) if frame.source == MUTATION else None
                jumped = jump(timeline, key, (start, index), frame, state) if relevant else None
                if jumped is not None:
                    before, copy, dropped, after_state = jumped
                    if state is not None:
                        _drop_state(state)  # replaced: unlinked now, not left to the collector
                    state = after_state
                    _charge(budget, dropped + len(state.mirror))
                else:
                    if state is None:
                        state = timeline.state_at(from_ms) if start == lo else timeline.state_before(start)
                        _charge(budget, len(state.mirror))
                    before = present(state, key) if relevant else None
                    if pre is None and before is not None and frame.source == MUTATION:
                        pre = _before_counts(state, key, frame, named)
                    copy = copy_of(before)
                    size = len(state.mirror)
                    step(state, frame)
                    garbage += dropped_nodes(frame, size, len(state.mirror))
                    _charge(budget, frame_work(frame, size, len(state.mirror)))
                if not relevant:
                    continue
                after = present(state, key)
                actions = [_presence(frame, named, before, after), _children(frame, named)]
                if frame.type != FULL_SNAPSHOT:
                    actions.append(_edits(copy, after))
                node = after or before
                scoped = None
                for action in (a for a in actions if a is not None):
                    scoped = scoped or frame_counts(frame, pre, state, before, after)
                    action["subtree"], action["sample"] = scoped.counts(), scoped.sample()
                    out.append(_item(source, frame, key, node, action, state, known, scoped))
            garbage += len(state.mirror) if state is not None else 0  # the run's state is dropped
    return out


@dataclass
class Budget:
    """How much replaying a bounded history may do, in node operations (`walkbudget.frame_work`:
    adds, removes, texts, attributes, nodes lost or built; and nodes of the checkpoints read), and
    where it stopped.

    A node touched all through a long replay (the section around a table re-rendered every few
    minutes) needs each re-render applied to describe it afterwards: about 0.3 s per 100k-node
    render, parse included, which nothing can skip (the state after a render is what the item
    describes, and no checkpoint is cheaper to read than the render is to apply). The walk stops
    once `work` is spent, between two frames at least a millisecond apart, and `resume` is the
    offset a `--from` continues from: every frame walked is before it, every frame left is at or
    after it. Counted in operations, not seconds, so the cut is the same on any machine."""

    work: int
    resume: int | None = None  # offset (ms from replay start) of the first frame not walked
    slack: int = 0  # how far past `work` the walk goes on to a costly frame (set from `work`)
    # Between a page's Meta and its FullSnapshot: no cut there (a walk keeps the old document
    # until the snapshot, a `--from` in between starts from the Meta with none).
    page_open: bool = False

    def walked(self, frame: Frame) -> None:
        if frame.type == META:
            self.page_open = True
        elif frame.type == FULL_SNAPSHOT:
            self.page_open = False

    def __post_init__(self) -> None:
        self.slack = self.slack or self.work // 2

    def spent(self, source: DomSource, key: int, last_ts: float | None, frame: Frame) -> bool:
        """True (and `resume` set) when the budget is used up and the walk can stop before `frame`:
        before a frame that names the node (or a snapshot), so that the page that continues
        starts with an item, unless `slack` more work went by without one."""
        if self.work > 0 or last_ts is None or self.page_open:
            return False
        names = frame.type == FULL_SNAPSHOT or (frame.source == MUTATION and any(_named(frame.data, key)))
        if not names and self.work > -self.slack:
            return False
        self.resume = resume_before(source, last_ts, frame)
        return self.resume is not None


def _before_counts(
    state: DomState | None, key: int, frame: Frame, named: tuple[list[Any], list[Any], int, int]
) -> Scoped | None:
    """`history_counts.before_frame` when the frame may list the node (names it, or edits it) and
    the node is there: the sizes and text of what the frame takes from inside it, read now."""
    if state is None or (not any(named) and not _edits_it(frame.data, key)):
        return None
    root = present(state, key)
    return _before_frame(state, root, frame.data) if root is not None else None


def _edits_it(data: dict[str, Any], key: int) -> bool:
    return any(
        isinstance(entry, dict) and entry.get("id") == key and node_id(entry.get("id")) == key
        for name in ("texts", "attributes")
        for entry in _dicts(data, name)
    )


def _charge(budget: Budget | None, work: int) -> None:
    if budget is not None:
        budget.work -= work


def _drop_state(state: DomState) -> None:
    """Unlink the nodes of a state the walk dropped (replaced by a checkpoint): they are cycles
    (parent, siblings and children point at each other), which only the cyclic collector would
    free, and a collection walks every live object too (measured: 40% of the hour-long replay's
    history of a re-rendered section). Unlinked, reference counting frees them at once. The walk
    kept nothing of them: its items hold strings and copies."""
    unlink(state.mirror.values())  # nodes without an id (inlined CSS text) are a few: the collector's
    state.mirror = {}
    state.doc = None
    state.pending.clear()
    state.radios = None


def _frames(timeline: Timeline, start: int, stop: int) -> Iterator[tuple[int, Frame]]:
    """`enumerate(frames[start:stop], start)`, read a chunk at a time from a store: a run over the
    whole hour-long replay holds a few chunks and segments, not every frame of it."""
    yield from enumerate(timeline.iter_range(start, stop), start)


def _item(
    source: DomSource,
    frame: Frame,
    key: int,
    node: Node | None,
    action: dict[str, Any],
    state: DomState,
    known: dict[Pointer, dict[str, Any]],
    scoped: Scoped | None = None,
) -> dict[str, Any]:
    event = frame_event(source, frame, url=state.href, known=known)
    event["label"] = row_label(action["action"], node, key, scoped)
    event["nodeId"] = key
    event["selector"] = selector_for(node) if node is not None else None
    event["data"]["dom"] = action
    return event


def interactions(
    events: Iterable[dict[str, Any]], key: int, from_offset: float, to_offset: float
) -> list[dict[str, Any]]:
    """Normalized events naming the node: clicks, focus, typing, scrolls, keys."""
    out = []
    for event in events:
        offset = event.get("offsetMs")
        if event.get("nodeId") != key or event.get("kind") not in INTERACTIONS:
            continue
        if not isinstance(offset, int) or not from_offset <= offset <= to_offset:
            continue
        data = dict(event.get("data") or {})
        data["dom"] = {"action": INTERACTIONS[event["kind"]]}
        out.append({**event, "data": data})
    return out


def node_history(
    source: DomSource,
    key: int,
    events: list[dict[str, Any]],
    *,
    from_offset: float | None = None,
    to_offset: float | None = None,
    budget: Budget | None = None,
) -> list[dict[str, Any]]:
    """Every event that touched node `key` between two offsets (default: the whole replay).

    With a `budget`, the walk may stop early (`Budget.resume` then says where): the items are
    those before that offset, interactions included, and `--from resume` lists the rest, each
    item exactly once (interactions are read from one millisecond before a range's start)."""
    timeline = source.timeline
    if timeline.first_ms is None or timeline.last_ms is None:
        return []
    from_ms = source.instant(from_offset) if from_offset is not None else timeline.first_ms
    to_ms = source.instant(to_offset) if to_offset is not None else timeline.last_ms
    known = by_pointer(events)
    items = structural(source, key, from_ms, to_ms, known, budget)
    upper = source.offset(to_ms) + 1
    if budget is not None and budget.resume is not None:
        upper = budget.resume - 2  # the continuation reads from `resume - 1` on
    items += interactions(events, key, source.offset(from_ms) - 1, upper)
    items.sort(key=sort_key)
    return items
