"""The Replayer's resolve queue for adds whose parent or next sibling is not there yet
(rrweb-model.md §3.2): `queueToResolveTrees` and `iterateResolveTree`, in O(len(queue))."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class _Tree:
    """One queued add in a resolve tree. Siblings form a doubly linked list (`first`/`last` on the
    owner, `prev`/`nxt` on the entry), so the Replayer's `splice(indexOf(next), 0, entry)` is O(1)
    instead of a scan and a shift per queued add."""

    __slots__ = ("first", "last", "nxt", "parent", "prev", "value")

    def __init__(self, value: dict[str, Any], parent: _Tree | None) -> None:
        self.value = value
        self.parent = parent
        self.first: _Tree | None = None
        self.last: _Tree | None = None
        self.prev: _Tree | None = None
        self.nxt: _Tree | None = None

    def children(self) -> Iterator[_Tree]:
        child = self.first
        while child is not None:
            yield child
            child = child.nxt


def _link_last(owner: _Tree, entry: _Tree) -> None:
    entry.prev = owner.last
    if owner.last is None:
        owner.first = entry
    else:
        owner.last.nxt = entry
    owner.last = entry


def _link_before(owner: _Tree, entry: _Tree, ref: _Tree) -> None:
    entry.prev, entry.nxt = ref.prev, ref
    if ref.prev is None:
        owner.first = entry
    else:
        ref.prev.nxt = entry
    ref.prev = entry


def queue_to_trees(queue: list[dict[str, Any]]) -> list[_Tree]:
    """`queueToResolveTrees`: queued adds as a forest keyed by node id, in O(len(queue))."""
    by_id: dict[Any, _Tree] = {}
    top = _Tree({}, None)  # holds the roots; its entries report `parent` None like the Replayer's
    for item in queue:
        next_id, parent_id = item.get("nextId"), item.get("parentId")
        if next_id and _hashable(next_id) and next_id in by_id:
            nxt = by_id[next_id]
            entry = _Tree(item, nxt.parent)
            _link_before(nxt.parent if nxt.parent is not None else top, entry, nxt)
        elif _hashable(parent_id) and parent_id in by_id:
            owner = by_id[parent_id]
            entry = _Tree(item, owner)
            _link_last(owner, entry)
        else:
            entry = _Tree(item, None)
            _link_last(top, entry)
        own_id = item["node"].get("id")
        if _hashable(own_id):
            by_id[own_id] = entry
    return list(top.children())


def _hashable(value: Any) -> bool:
    return isinstance(value, int | float | str) and not isinstance(value, bool)


def tree_items(root: _Tree) -> list[dict[str, Any]]:
    """`iterateResolveTree` order: a node, then its children last to first, depth first."""
    out: list[dict[str, Any]] = []
    stack = [root]
    while stack:
        current = stack.pop()
        out.append(current.value)
        stack.extend(current.children())
    return out
