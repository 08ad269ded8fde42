"""`dom --from/--to --css SELECTOR`: the frames of a range that touch a node inside the matches.

The scope starts as every node inside an element matching the selector at the range's start or at
its end (`diffscope.inside_ids`), and follows the frames without applying them: a node added under
a node in scope joins it (with the nodes serialized inside it), a node in scope added under a parent
out of it leaves it (moved out). A frame is in scope when a node it names (adds and their parents,
removes and their parents, text and attribute targets, an input's or scroll's target) is in scope
after its adds joined. With a store, a chunk whose touch index (`touch-N`: every id its frames name,
adds' parents included) shares no id with the scope cannot touch it nor add to it: it is not read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import NotFoundError
from ..timefmt import format_offset
from .diffscope import inside_ids
from .mutate import node_id
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


def _follow(frame: Frame, ids: set[int], roots: set[int]) -> bool:
    """Update `ids` with the frame's adds and say whether the frame names a node in scope."""
    data = frame.data
    if frame.type == FULL_SNAPSHOT:
        return False  # a new snapshot: listed as a page event, not as a change inside the scope
    if frame.source != MUTATION:
        key = node_id(data.get("id"))
        return key is not None and key in ids
    raw = data.get("adds")
    hit = False
    pending: list[tuple[Any, int | None, int | None]] = []  # (serialized node, id, parent id)
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
            )
        )
    # An add joins when its parent is in scope; a parent may come after its children in the list,
    # so passes alternate in both directions until one changes nothing (a render: one or two passes,
    # a deep subtree listed child first: one backward pass).
    joined: set[int] = set()
    forward = True
    passes = 0
    while pending:
        passes += 1
        if passes > 4:  # an order no pass in either direction settles: linear, through the parents
            hit = _join_by_parent(pending, ids, joined) or hit
            break
        left = []
        for entry in pending if forward else reversed(pending):
            node, key, parent = entry
            if parent is not None and parent in ids:
                hit = True
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
    for _node, key, _parent in pending:  # in scope, added under a parent out of it: moved out
        if key is not None and key in ids and key not in roots and key not in joined:
            ids.discard(key)
            hit = True
    for name, fields in (("removes", ("id", "parentId")), ("texts", ("id",)), ("attributes", ("id",))):
        entries = data.get(name)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and any(node_id(entry.get(f)) in ids for f in fields):
                hit = True
                break
    return hit


def _join_by_parent(
    pending: list[tuple[Any, int | None, int | None]], ids: set[int], joined: set[int]
) -> bool:
    """Join every add whose parent is (or comes) in scope, each add once; `pending` keeps the
    others. True when any joined."""
    under: dict[int | None, list[tuple[Any, int | None, int | None]]] = {}
    for entry in pending:
        under.setdefault(entry[2], []).append(entry)
    queue = [entry for parent in list(under) if parent in ids for entry in under.pop(parent)]
    hit = bool(queue)
    while queue:
        node, key, _parent = queue.pop()
        found = [key] if key is not None else []
        if type(node) is dict and node.get("childNodes"):
            found = list(_serialized_ids(node))
        for child in found:
            ids.add(child)
            joined.add(child)
            queue.extend(under.pop(child, ()))
    pending[:] = [entry for entries in under.values() for entry in entries]
    return hit


def positions_in_scope(
    source: DomSource, lo: int, hi: int, ids: set[int], roots: set[int], frame_at: Callable[[int], Frame]
) -> set[int]:
    """Timeline positions in [lo, hi) whose frame names a node in scope (`ids` is updated)."""
    timeline = source.timeline
    store = timeline.store
    found: set[int] = set()
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
            if _follow(frame_at(pos), ids, roots):
                found.add(pos)
    return found


def scoped_positions(
    source: DomSource,
    css: str,
    offsets: tuple[float, float],
    span: tuple[int, int],
    frame_at: Callable[[int], Frame],
) -> set[int]:
    """Positions of the frames of `span` that touch the `--css` scope (`rangescope`)."""

    roots: set[int] = set()
    ids: set[int] = set()
    timeline = source.timeline
    for offset, instant in (
        (offsets[0], source.instant(offsets[0])),
        (offsets[1], source.instant(offsets[1]) + 1),
    ):
        found_roots, found_ids = inside_ids(timeline.state_at(instant), css, offset)
        roots |= found_roots
        ids |= found_ids
    if not roots:
        start, end = (format_offset(round(t)) for t in offsets)
        raise NotFoundError(f"no element matches {css!r} at {start} nor at {end}")
    return positions_in_scope(source, span[0], span[1], ids, roots, frame_at)
