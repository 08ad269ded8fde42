"""Which frames `dom --history` must walk for one node, and which heavy frames it can skip.

With a DOM store (`framestore`), only the chunks whose frames name the node, or at whose two ends
its presence in the document differs, can change it (`walks`). A heavy frame whose chunk ends with
it is not applied when the checkpoint written right after it gives the same state (`jump`: a
removed 100k-node table costs the small checkpoint after it instead of forgetting every node;
`shrinks` says when a frame took most of the page away). `history` drives the walk.
"""

from __future__ import annotations

import bisect
from typing import Any

from . import framestore
from .forms import input_type, is_html
from .framestore import Store, contains
from .state import DomState, Frame
from .timeline import MUTATION, Timeline, flush
from .tree import TEXT, Node, is_attached, walk
from .walkbudget import operations


def present(state: DomState, key: int) -> Node | None:
    """The node with id `key` when it is attached to the state's document, else None."""
    node = state.mirror.get(key)
    return node if node is not None and is_attached(node, state.doc) else None


def copy_of(node: Node | None) -> dict[str, Any] | None:
    """What the history compares before and after a frame: a text node's text, an element's
    attributes (a copy: the walk goes on changing the node)."""
    if node is None:
        return None
    return {"text": node.text} if node.kind == TEXT else {"attributes": dict(node.attrs)}


def jump(
    timeline: Timeline, key: int, where: tuple[int, int], frame: Frame, state: DomState | None
) -> tuple[Node | None, dict[str, Any] | None, int, DomState] | None:
    """`before`, its copy and the state after a heavy frame, read from the checkpoint written right
    after it (framestore's HEAVY rule: a frame whose work beyond the page's growth is at least the
    page, such as a table re-rendered in one mutation) instead of applying the frame; None when
    there is no such checkpoint (a frame that built most of the page has none) or it is not the
    same: the node's state before it unknown (not walked yet and attached at
    the chunk's start), the node gone after it but present before (its detached subtree is what
    the item describes), or inputs waiting for the flush that the frame's chunk touches.

    The walk applies inputs at once (`step`); the checkpoint holds them for the flush. Flushing
    them after the chunk's frames gives the same values as flushing them before, unless a frame
    of the chunk names a waiting control, an ancestor or a descendant of it (attributes, options,
    removal and re-insertion), or the control is a radio (checking one unchecks the others of its
    group, which the chunk's adds may join). The walk flushed at its start (`walk_start`), so
    every chunk from there is checked."""
    store = timeline.store
    walk_start, index = where
    if store is None or frame.source != MUTATION:
        return None
    number = store.chunk_of(index)
    first, count = store.chunks[number]
    following = number + 1
    if index != first + count - 1 or following not in store.checkpoints:
        return None
    if operations(frame.data) < framestore.HEAVY and not shrinks(store, following, state):
        return None
    if state is None:
        # Not walked yet: the frame is its chunk's only frame and the checkpoint at the chunk's
        # start says whether the node was there (attached) before it.
        if index != first or number not in store.checkpoints or store.is_attached(number, key):
            return None
        before: Node | None = None
    else:
        before = present(state, key)
    after_state = store.state(following, frame.ts)
    walked = range(store.chunk_of(walk_start), following)
    if after_state is None or not flush_commutes(store, walked, after_state):
        return None
    mapped = after_state.mirror.get(key)
    if state is None and mapped is not None and mapped.id != key:
        return None  # an id the map aliases (a `rootId` for its document): `ids-N` cannot say
    after = present(after_state, key)
    if after is None and before is not None:
        return None
    flush(after_state)
    after_state.target_ms = frame.ts
    dropped = len(state.mirror) if state is not None else 0  # the walked state, replaced
    return before, copy_of(before), dropped, after_state


def shrinks(store: Store, following: int, state: DomState | None) -> bool:
    """The checkpoint after the frame holds at most a quarter of the walked state's nodes: the
    frame took most of the page away (one `removes` entry for a 100k-node table: the walk would
    forget every node of it and leave the collector the subtree; the small state is read in a
    millisecond). The framestore writes a checkpoint right after such a frame (its HEAVY rule
    counts the nodes the id map lost)."""
    if state is None or len(state.mirror) < 4 * framestore.HEAVY:
        return False
    return 4 * len(store.attached_ids(following)) <= len(state.mirror)


def flush_commutes(store: Store, chunks: range, state: DomState) -> bool:
    """True when flushing the state's waiting inputs after the frames of `chunks` gives what
    flushing them before did: no frame of those chunks names a waiting control, an ancestor or a
    descendant of it, and none of them is a radio."""
    if not state.pending:
        return True
    near: set[int] = set()
    for control in state.pending:
        if is_html(control, "input") and input_type(control) == "radio":
            return False
        for inside in walk(control):
            for node in (inside, inside.shadow):
                if node is not None and isinstance(node.id, int):
                    near.add(node.id)
        current: Node | None = control
        seen: set[int] = set()
        while current is not None and id(current) not in seen:  # up through shadow and iframe hosts
            seen.add(id(current))
            if isinstance(current.id, int):
                near.add(current.id)
            current = current.parent if current.parent is not None else current.host
    for number in chunks:
        touched = store.touched_ids(number)
        if any(contains(touched, key) for key in near):
            return False
    return True


def walks(timeline: Timeline, key: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """The frame ranges in [lo, hi) that can touch node `key`, merged.

    Without a store, all of it. With one, a chunk is walked when one of its frames names the node
    (as node, parent or snapshot member: `touch-N`), when it holds a FullSnapshot ("gone (new
    snapshot)"), or when the node's presence in the document differs between the checkpoints at
    the chunk's two ends (`ids-N`: removed or attached with an ancestor); other chunks cannot
    change the node. A walk that starts mid-replay starts from the state before its first frame.
    Not seen: a node detached and re-attached with an ancestor inside one chunk that never names
    it (its presence is the same at both ends), nor, in a chunk it starts absent from, one
    attached with an ancestor and then dropped by a FullSnapshot of that chunk, or attached with an
    ancestor in the last chunk.
    """
    store = timeline.store
    if store is None or lo >= hi:
        return [(lo, hi)] if lo < hi else []
    first, last = store.chunk_of(lo), store.chunk_of(hi - 1)
    runs: list[tuple[int, int]] = []

    def present(number: int) -> bool | None:
        if number >= len(store.chunks):
            return None  # after the last frame: unknown, so the last chunk is walked if needed
        if number == 0:
            return False
        if number not in store.checkpoints:
            return None  # a page starts here: the walk keeps the old DOM until the snapshot
        return store.is_attached(number, key)

    snapshots = [int(i) for i in store.manifest["snapshots"]]
    at_start = present(first)
    for number in range(first, last + 1):
        at_end = present(number + 1)
        if at_end is None and at_start is False and number + 1 == len(store.chunks):
            # After the last frame nothing says: a node absent at the last chunk's start comes
            # back only when named (touch-N) or with an ancestor (the case not seen, below).
            at_end = False
        begin, count = store.chunks[number]
        pos = bisect.bisect_left(snapshots, begin)
        snapshot = pos < len(snapshots) and snapshots[pos] < begin + count
        # A FullSnapshot can only report the node gone if it may be present before it: not when
        # it is known absent at the chunk's start and no frame of the chunk names it.
        maybe_gone = snapshot and at_start is not False
        if maybe_gone or at_start != at_end or store.is_touched(number, key):
            span = (max(begin, lo), min(begin + count, hi))
            if runs and runs[-1][1] == span[0]:
                runs[-1] = (runs[-1][0], span[1])
            else:
                runs.append(span)
        at_start = at_end
    return runs
