"""`dom --from/--to --css SELECTOR`: the changes of a range inside the matches.

The scope starts as every node inside an element matching the selector at the range's start or at
its end (`diffscope.inside_ids`), and follows the frames without applying them: a node added under
a node in scope joins it (with the nodes serialized inside it), a node in scope added under a parent
out of it leaves it (moved out). Of a mutation frame, the entries inside the scope are kept
(`Picked`): an add that joins it (or adds a matched element, or moves a node out of it), a remove
of a node in scope or under one (before the frame's adds), a text or attribute change of a node in
scope (after its adds joined). The frame is listed with those entries only, so a render next to
the matched element in the same frame is not listed. Another frame is listed when its target (an
input's or scroll's) is in scope. Across a full snapshot the ids start again: the scope at the
start holds up to the range's first snapshot, the scope at the end from its last one
(`scoped_positions`). With a store, a chunk whose touch index (`touch-N`: every id its frames
name, adds' parents included) shares no id with the scope cannot touch it nor add to it: it is
not read.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import NotFoundError
from ..timefmt import format_offset
from .diffscope import inside_ids
from .ids import node_id
from .source import DomSource
from .state import Frame
from .timeline import FULL_SNAPSHOT, MUTATION


def _serialized_ids(node: Any) -> Iterator[int]:
    stack = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, dict):
            continue
        key = node_id(current.get("id"))
        if key is not None:
            yield key
        children = current.get("childNodes")
        if isinstance(children, list):
            stack.extend(children)


@dataclass(frozen=True)
class Picked:
    """Which entries of a mutation frame's lists are inside the scope: per list (`adds`, `removes`,
    `texts`, `attributes`), indexes among the list's objects. The smaller side is kept: the indexes
    inside, or (`inverted`) those outside, so a 100k-add render wholly inside costs nothing."""

    lists: dict[str, tuple[frozenset[int], bool]]
    counts: dict[str, int]  # entries inside, per list

    @classmethod
    def of(cls, kept: dict[str, set[int]], sizes: dict[str, int]) -> Picked:
        lists: dict[str, tuple[frozenset[int], bool]] = {}
        for name in LISTS:
            inside, size = kept[name], sizes[name]
            if len(inside) == size:  # all of them (a render wholly inside): nothing to hold
                lists[name] = (_NONE, True)
            elif len(inside) * 2 > size:
                lists[name] = (frozenset(set(range(size)) - inside), True)
            else:
                lists[name] = (frozenset(inside), False)
        return cls(lists, {name: len(kept[name]) for name in LISTS})

    def keeps(self, name: str, index: int) -> bool:
        indexes, inverted = self.lists[name]
        return (index in indexes) != inverted

    def any(self) -> bool:
        return any(self.counts.values())


LISTS = ("adds", "removes", "texts", "attributes")
_NONE: frozenset[int] = frozenset()


def _follow(frame: Frame, ids: set[int], roots: set[int]) -> Picked | bool:
    """Update `ids` with the frame's adds and say which of its changes are inside the scope: for a
    mutation the entries (`Picked`), for another frame whether its target is."""
    data = frame.data
    if frame.type == FULL_SNAPSHOT:
        return False  # a new snapshot: listed as a page event, not as a change inside the scope
    if frame.source != MUTATION:
        key = node_id(data.get("id"))
        return key is not None and key in ids
    kept: dict[str, set[int]] = {name: set() for name in LISTS}
    sizes = dict.fromkeys(LISTS, 0)
    # Removes apply before adds (the Replayer's order): a node moved out by this frame is removed
    # from inside the scope.
    _pick(data, "removes", ("id", "parentId"), ids, kept, sizes)
    raw = data.get("adds")
    pending: list[tuple[Any, int | None, int | None, int]] = []  # (serialized node, id, parent id, index)
    for add in raw if isinstance(raw, list) else ():
        if type(add) is not dict:
            continue
        node = add.get("node")
        key = node.get("id") if type(node) is dict else None
        parent = add.get("parentId")
        pending.append(
            (
                node,
                key if type(key) is int else node_id(key),
                parent if type(parent) is int else node_id(parent),
                len(pending),
            )
        )
    sizes["adds"] = len(pending)
    added = kept["adds"]
    # An add joins when its parent is in scope; a parent may come after its children in the list,
    # so passes alternate in both directions until one changes nothing (a render: one or two passes,
    # a deep subtree listed child first: one backward pass).
    joined: set[int] = set()
    forward = True
    passes = 0
    while pending:
        passes += 1
        if passes > 4:  # an order no pass in either direction settles: linear, through the parents
            _join_by_parent(pending, ids, joined, added)
            break
        left = []
        for entry in pending if forward else reversed(pending):
            node, key, parent, index = entry
            if parent is not None and parent in ids:
                added.add(index)
                if key is not None:
                    ids.add(key)
                    joined.add(key)
                if type(node) is dict and node.get("childNodes"):
                    inside = set(_serialized_ids(node))
                    ids |= inside
                    joined |= inside
            else:
                left.append(entry)
        if len(left) == len(pending):
            break
        pending = left if forward else left[::-1]
        forward = not forward
    for _node, key, _parent, index in pending:
        if key is not None and key in ids and key not in joined:
            added.add(index)  # a matched element added (under a parent out of scope), or one moved
            if key not in roots:  # in scope, added under a parent out of it: moved out
                ids.discard(key)
    for name, fields in (("texts", ("id",)), ("attributes", ("id",))):
        _pick(data, name, fields, ids, kept, sizes)
    return Picked.of(kept, sizes)


def _pick(
    data: dict[str, Any],
    name: str,
    fields: tuple[str, ...],
    ids: set[int],
    kept: dict[str, set[int]],
    sizes: dict[str, int],
) -> None:
    """The entries of `data[name]` naming a node in scope (by any of `fields`) into `kept[name]`."""
    entries = data.get(name)
    index = 0
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        if any(node_id(entry.get(f)) in ids for f in fields):
            kept[name].add(index)
        index += 1
    sizes[name] = index


def _join_by_parent(
    pending: list[tuple[Any, int | None, int | None, int]],
    ids: set[int],
    joined: set[int],
    added: set[int],
) -> None:
    """Join every add whose parent is (or comes) in scope, each add once (its index into
    `added`); `pending` keeps the others."""
    under: dict[int | None, list[tuple[Any, int | None, int | None, int]]] = {}
    for entry in pending:
        under.setdefault(entry[2], []).append(entry)
    queue = [entry for parent in list(under) if parent in ids for entry in under.pop(parent)]
    while queue:
        node, key, _parent, index = queue.pop()
        added.add(index)
        found = [key] if key is not None else []
        if type(node) is dict and node.get("childNodes"):
            found = list(_serialized_ids(node))
        for child in found:
            ids.add(child)
            joined.add(child)
            queue.extend(under.pop(child, ()))
    pending[:] = [entry for entries in under.values() for entry in entries]


def positions_in_scope(
    source: DomSource, lo: int, hi: int, ids: set[int], roots: set[int], frame_at: Callable[[int], Frame]
) -> dict[int, Picked | None]:
    """Timeline positions in [lo, hi) whose frame changes something in scope (`ids` is updated):
    a mutation's entries inside it (`Picked`), None for another frame whose target is inside."""
    timeline = source.timeline
    store = timeline.store
    found: dict[int, Picked | None] = {}
    spans: list[tuple[int, int]] = [(lo, hi)]
    if store is not None and lo < hi:
        spans = []
        for number in range(store.chunk_of(lo), store.chunk_of(hi - 1) + 1):
            first, count = store.chunks[number]
            if ids.isdisjoint(store.touched_ids(number)):
                continue  # names no node in scope, so adds none to it either
            spans.append((max(first, lo), min(first + count, hi)))
    for start, stop in spans:
        for pos in range(start, stop):
            picked = _follow(frame_at(pos), ids, roots)
            if isinstance(picked, Picked):
                if picked.any():
                    found[pos] = picked
            elif picked:
                found[pos] = None
    return found


@dataclass
class RangeScope:
    """`--from/--to --css`: the frames with changes inside the scope, and how many elements the
    selector matched at the range's start and at its end."""

    positions: dict[int, Picked | None]
    matched: tuple[int, int]


def scoped_positions(
    source: DomSource,
    css: str,
    offsets: tuple[float, float],
    span: tuple[int, int],
    frame_at: Callable[[int], Frame],
) -> RangeScope:
    """The frames of `span` with changes inside the `--css` scope (`rangescope`). A full snapshot
    builds a new document whose ids say nothing of the old one's (a new page numbers its nodes from
    1 again): the scope at the start holds up to the range's first snapshot, the scope at the end
    from its last one; a page between them (matching at neither instant) has none."""
    timeline = source.timeline
    found: list[tuple[set[int], set[int]]] = []
    for offset, instant in (
        (offsets[0], source.instant(offsets[0])),
        (offsets[1], source.instant(offsets[1]) + 1),
    ):
        found.append(inside_ids(timeline.state_at(instant), css, offset))
    (roots_a, ids_a), (roots_b, ids_b) = found
    if not roots_a and not roots_b:
        start, end = (format_offset(round(t)) for t in offsets)
        raise NotFoundError(f"no element matches {css!r} at {start} nor at {end}")
    lo, hi = span
    cuts = sorted(
        {
            cut
            for stamp in timeline.snapshot_stamps
            if lo <= (cut := bisect.bisect_left(timeline.stamps, stamp)) < hi
        }
    )
    positions: dict[int, Picked | None] = {}
    if not cuts:
        positions = positions_in_scope(source, lo, hi, ids_a | ids_b, roots_a | roots_b, frame_at)
    else:
        positions = positions_in_scope(source, lo, cuts[0], ids_a, roots_a, frame_at)
        positions.update(positions_in_scope(source, cuts[-1], hi, ids_b, roots_b, frame_at))
    return RangeScope(positions, (len(roots_a), len(roots_b)))
