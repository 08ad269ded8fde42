"""A compact node map built from FullSnapshots and Mutations, for naming what a user touched.

rrweb clicks and inputs carry only node ids. This map follows the recording in stream order (rrweb
frames are in time order inside and across segments) and answers, *as of that moment*, what the
node was: its tag, identifying attributes, a CSS-like selector path and its visible text.

It is deliberately smaller than a DOM (docs/rrweb-model.md §3): per node it keeps the parent id, the
ordered child ids, the tag (`#text`, `#document`, ... for non-elements), a reference to the element's
attribute dict (copied only when a mutation changes it) and the text of text nodes. Mutations are
applied as removes, adds, texts, attributes (the Replayer's order); an add whose parent is not known
yet is retried once the rest of the batch is in, and dropped (counted) if it still has no parent.
This module builds the map; the lookups (`describe`) are in `node_reader.py`.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from .consts import NODE_CDATA, NODE_COMMENT, NODE_DOCTYPE, NODE_DOCUMENT, NODE_ELEMENT, NODE_TEXT
from .naming import element_selector, is_masked
from .node_reader import TEXT, NodeInfo, NodeState

__all__ = [
    "MASKABLE_ATTRS",
    "TEXT",
    "MutationStats",
    "NodeInfo",
    "NodeMap",
    "TreeStats",
    "count_masked_attrs",
    "element_selector",
    "is_masked",
]

_NON_ELEMENT_TAG = {
    NODE_DOCUMENT: "#document",
    NODE_DOCTYPE: "#doctype",
    NODE_TEXT: TEXT,
    NODE_CDATA: "#cdata",
    NODE_COMMENT: "#comment",
}


# Attributes the SDK masks like text (`maskAttributes`): a masked one hides a name the page showed.
MASKABLE_ATTRS = ("aria-label", "title", "placeholder", "alt")


def count_masked_attrs(attrs: dict[str, Any], into: Counter[str]) -> None:
    """Count the attributes of `MASKABLE_ATTRS` whose value is made of mask characters."""
    for name in MASKABLE_ATTRS:
        value = attrs.get(name)
        if type(value) is str and "*" in value and is_masked(value):
            into[name] += 1


@dataclass
class TreeStats:
    nodes: int = 0
    masked_texts: int = 0
    blocked: int = 0
    masked_attrs: Counter[str] = field(default_factory=Counter)


@dataclass
class MutationStats:
    adds: int = 0
    removes: int = 0
    texts: int = 0
    attributes: int = 0
    masked_texts: int = 0
    unresolved: int = 0
    nodes_added: int = 0
    """Nodes the adds attached, subtrees included (`adds` counts list entries)."""
    nodes_removed: int = 0
    """Nodes the removes detached, subtrees included: a removed 20,000-row table is one entry in
    `removes` and ~100,000 nodes here."""
    masked_attrs: Counter[str] = field(default_factory=Counter)
    changes: Counter[int] = field(default_factory=Counter)
    """Changes per node: adds/removes count for their parent, texts/attributes for their node."""

    def top_targets(self, n: int = 3) -> list[int]:
        """Node ids with the most changes, largest first (ties: first seen: the sort is stable)."""
        changes = self.changes
        if len(changes) <= n:
            return sorted(changes, key=changes.__getitem__, reverse=True)
        # `sorted(...)[:n]` exactly (ties too), without sorting every parent of a big render
        return heapq.nlargest(n, changes, key=changes.__getitem__)


class NodeMap(NodeState):
    """The id -> node state of the page being recorded (see module docstring)."""

    # -- building ---------------------------------------------------------------------------

    def load_snapshot(self, root: Any) -> TreeStats:
        """Replace the whole map with a FullSnapshot's serialized document."""
        self.reset()
        stats = TreeStats()
        if isinstance(root, dict):
            self._add_tree(root, None, stats)
        return stats

    def _add_tree(self, root: dict[str, Any], parent_id: int | None, stats: TreeStats) -> int | None:
        """Register `root` and its nested children under `parent_id`; return root's id."""
        parent, children, tags, attrs, texts = self.parent, self.children, self.tag, self.attrs, self.text
        stack: list[tuple[Any, int | None]] = [(root, parent_id)]
        root_id: int | None = None
        nodes = blocked = masked = 0
        while stack:
            node, pid = stack.pop()
            if not isinstance(node, dict):
                continue
            nid = node.get("id")
            if type(nid) is not int:
                continue
            nid = nid + 0  # a copy, not the parsed frame's int (see `_apply_adds`)
            if root_id is None:
                root_id = nid
            ntype = node.get("type")
            if ntype == NODE_ELEMENT:
                tag = node.get("tagName")
                tags[nid] = tag.lower() if isinstance(tag, str) else "unknown"
                a = node.get("attributes")
                if isinstance(a, dict) and a:
                    attrs[nid] = a
                    if "rr_width" in a:
                        blocked += 1
                    if "title" in a or "aria-label" in a or "placeholder" in a or "alt" in a:
                        count_masked_attrs(a, stats.masked_attrs)
            elif ntype == NODE_TEXT:
                tags[nid] = TEXT
                tc = node.get("textContent")
                if isinstance(tc, str):
                    texts[nid] = tc
                    if "*" in tc and is_masked(tc):
                        masked += 1
            else:
                tags[nid] = (_NON_ELEMENT_TAG.get(ntype) if type(ntype) is int else None) or "#unknown"
            parent[nid] = pid
            nodes += 1
            kids = node.get("childNodes")
            if kids and isinstance(kids, list):
                children[nid] = [
                    k["id"] + 0 for k in kids if isinstance(k, dict) and type(k.get("id")) is int
                ]
                stack.extend(zip(reversed(kids), repeat(nid)))
        stats.nodes += nodes
        stats.blocked += blocked
        stats.masked_texts += masked
        return root_id

    def apply_mutation(self, data: dict[str, Any]) -> MutationStats:
        """Apply one Mutation payload (removes, adds, texts, attributes) and count what changed."""
        stats = MutationStats()
        changes = stats.changes
        removes = data.get("removes")
        if isinstance(removes, list):
            for r in removes:
                if isinstance(r, dict):
                    stats.removes += 1
                    _count(changes, r.get("parentId"))
                    stats.nodes_removed += self._remove(r.get("id"))
        adds = data.get("adds")
        if isinstance(adds, list) and adds:
            self._apply_adds(adds, stats)
        texts = data.get("texts")
        if isinstance(texts, list):
            for t in texts:
                if isinstance(t, dict):
                    stats.texts += 1
                    _count(changes, t.get("id"))
                    self._set_text(t.get("id"), t.get("value"), stats)
        attributes = data.get("attributes")
        if isinstance(attributes, list):
            for a in attributes:
                if isinstance(a, dict):
                    stats.attributes += 1
                    _count(changes, a.get("id"))
                    self._set_attributes(a.get("id"), a.get("attributes"))
        # `changes` holds every node whose state changed here (a parent whose children changed, a
        # text or attribute target); removed nodes and `_add_one` see to themselves.
        if self._watched and not changes.keys().isdisjoint(self._watched):  # walks the smaller
            self.forget()
        return stats

    def _apply_adds(self, adds: list[Any], stats: MutationStats) -> None:
        # The hot path of big mutation bursts (hundreds of thousands of adds in a long replay): a
        # fresh single node (the recorder sends children as further adds) is registered inline with
        # plain subscripts; anything unusual (re-adds, nested trees, malformed entries) goes through
        # the checked `_add_one`.
        parent, children, tags, attrs, texts = self.parent, self.children, self.tag, self.attrs, self.text
        lowered = _LOWERED
        pending: list[dict[str, Any]] = []
        pids: list[int] = []
        tree = TreeStats()
        not_dicts = unresolved = slow = 0  # `slow`: entries `_add_one` saw (its nodes: `tree.nodes`)
        # The recorder adds later siblings first, so most adds go before the child added just
        # before them: at the front of a growing list. `fronts` holds, per parent, the children
        # still to put in front of `children[pid]`, last first, so each such add is an append
        # (a `list.insert(0, ...)` per add is quadratic in the number of siblings). Flushed
        # before anything else reads the lists.
        fronts: dict[int, list[int]] = {}
        for add in adds:
            try:
                pid = add["parentId"]
                node = add["node"]
                nid = node["id"]  # so `node` is a dict: a JSON list or string would have raised
                ntype = node["type"]
            except (KeyError, TypeError, IndexError):
                if type(add) is not dict:
                    not_dicts += 1
                else:
                    slow += 1
                    _flush_fronts(fronts, children)
                    if not self._add_one(add, tree):
                        unresolved += 1
                continue
            if type(pid) is not int or type(nid) is not int:
                slow += 1  # nothing attached
                unresolved += 1
                continue
            # Copies of the ids (`+ 0` makes a new int), kept by the map in place of the parsed
            # frame's own: a map holding the frame's ints pins a few objects in every block of
            # memory the frame was parsed into, so freeing the frame leaves it all half used and
            # the next segments are parsed into scattered holes. Measured on the hour-long
            # derived replay, normalizing while importing: 9.3 -> 7.8 s for parse + normalize.
            nid = nid + 0
            pid = pid + 0
            pids.append(pid)
            if pid not in tags or nid in tags or (ntype != NODE_TEXT and node.get("childNodes")):
                slow += 1
                _flush_fronts(fronts, children)
                if not self._add_one(add, tree):
                    pending.append(add)
                continue
            if ntype == NODE_ELEMENT:
                tag = node.get("tagName")
                try:
                    tags[nid] = lowered[tag]
                except (KeyError, TypeError):
                    tags[nid] = _lowered(tag)
                a = node.get("attributes")
                if a and type(a) is dict:
                    attrs[nid] = a
                    if "title" in a or "aria-label" in a or "placeholder" in a or "alt" in a:
                        count_masked_attrs(a, tree.masked_attrs)
            elif ntype == NODE_TEXT:
                tags[nid] = TEXT
                tc = node.get("textContent")
                if type(tc) is str:
                    texts[nid] = tc
                    if "*" in tc and is_masked(tc):
                        tree.masked_texts += 1
            else:
                tags[nid] = (_NON_ELEMENT_TAG.get(ntype) if type(ntype) is int else None) or "#unknown"
            parent[nid] = pid
            kids = children.get(pid)
            if kids is None:
                children[pid] = [nid]
                continue
            next_id = add.get("nextId")
            front = fronts.get(pid)
            if type(next_id) is int:
                if front is not None:
                    if front[-1] == next_id:  # before the child put in front just now
                        front.append(nid)
                        continue
                    kids[:0] = front[::-1]
                    del fronts[pid]
                elif kids and kids[0] == next_id:
                    if len(kids) < _SHORT:  # (a row's few cells: a held-back list costs more)
                        kids.insert(0, nid)
                    else:
                        fronts[pid] = [nid]
                    continue
                # the recorder adds later siblings first: the next one was usually just inserted
                try:
                    kids.insert(kids.index(next_id), nid)
                    continue
                except ValueError:
                    pass
            elif front is not None:
                kids[:0] = front[::-1]
                del fronts[pid]
            kids.append(nid)
        _flush_fronts(fronts, children)
        # Counted in C, in first-seen order (the tie order of `top_targets`).
        stats.changes.update(pids)
        # The recorder emits parents first; anything else waits until the batch is in (bounded).
        for _ in range(3):
            if not pending:
                break
            pending = [a for a in pending if not self._add_one(a, tree)]
        stats.adds += len(adds) - not_dicts
        # every other entry attached one fresh node inline; `_add_one` counted the nodes it attached
        stats.nodes_added += len(adds) - not_dicts - slow + tree.nodes
        stats.unresolved += unresolved + len(pending)
        stats.masked_texts += tree.masked_texts
        if tree.masked_attrs:
            stats.masked_attrs.update(tree.masked_attrs)

    def _add_one(self, add: dict[str, Any], tree: TreeStats) -> bool:
        pid = add.get("parentId")
        node = add.get("node")
        if type(pid) is not int or pid not in self.tag or not isinstance(node, dict):
            return False
        self.forget()  # rare (a move, a nested tree, a late parent): no finer bookkeeping
        node_id = node.get("id")
        old_parent = self.parent.get(node_id) if type(node_id) is int else None
        if old_parent is not None and old_parent != pid and old_parent in self.children:
            # re-added without a remove: detach it from its old parent first
            old = self.children[old_parent]
            if node["id"] in old:
                old.remove(node["id"])
        nid = self._add_tree(node, pid, tree)
        if nid is None:
            return True  # malformed node: nothing to wait for
        kids = self.children.setdefault(pid, [])
        if nid in kids:
            kids.remove(nid)
        next_id = add.get("nextId")
        if type(next_id) is int and next_id in self.tag and self.parent.get(next_id) == pid:
            try:
                kids.insert(kids.index(next_id), nid)
                return True
            except ValueError:
                pass
        kids.append(nid)
        return True

    def _remove(self, nid: Any) -> int:
        """Drop a node and its subtree; return how many nodes went (0: not in the map)."""
        if type(nid) is not int or nid not in self.tag:
            return 0
        pid = self.parent.get(nid)
        if pid is not None:
            siblings = self.children.get(pid)
            if siblings is not None and nid in siblings:
                siblings.remove(nid)
        # The subtree level by level, each level's lookups and pops done by C loops (`map`): a
        # removed 20,000-row table is ~165,000 nodes, and a Python step per node and dict was most
        # of the time of a long replay's re-renders. Popping a node's children as it is reached
        # ends the walk on any shape (a repeated or cyclic child list included).
        children = self.children
        gone = [nid]
        level = gone
        while True:
            kids = list(filter(None, map(children.pop, level, repeat(None))))
            if not kids:
                break
            level = list(chain.from_iterable(kids))
            gone += level
        watched = self._watched
        if watched and not watched.isdisjoint(gone):  # a described node (or one it was read from)
            self.forget()
        for table in (self.tag, self.parent, self.attrs, self.text):
            deque(map(table.pop, gone, repeat(None)), maxlen=0)
        return len(gone)

    def _set_text(self, nid: Any, value: Any, stats: MutationStats) -> None:
        if type(nid) is not int or nid not in self.tag:
            return
        text = value if isinstance(value, str) else ""
        if self.tag[nid] == TEXT:
            self.text[nid] = text
        else:  # textContent on an element replaces its children
            for kid in list(self.children.get(nid, ())):
                self._remove(kid)
        if "*" in text and is_masked(text):
            stats.masked_texts += 1

    def _set_attributes(self, nid: Any, changes: Any) -> None:
        if type(nid) is not int or nid not in self.tag or not isinstance(changes, dict):
            return
        # Copy on write: the old dict may be shared with the parsed snapshot.
        new = dict(self.attrs.get(nid) or {})
        for name, value in changes.items():
            if value is None:
                new.pop(name, None)
            elif isinstance(value, str | bool | int | float):
                new[name] = value
            # an object value is a per-property inline style patch: not needed for naming
        self.attrs[nid] = new


# Children lists shorter than this take an add in front with `list.insert(0, ...)` rather than in
# `_apply_adds`'s held-back `fronts`: a table's rows hold a few cells each, added last first, and a
# held-back list per row (made, looked up, flushed) cost 13 ms per 20,000-row render.
_SHORT = 32

# Tag names as stored (lower case), one shared string per name: `str.lower` made a new string
# per added element, kept in the map until the node is removed (millions in a long replay).
_LOWERED: dict[str, str] = {}
_LOWERED_MAX = 4096  # distinct names kept; a hostile recording's made-up names are not cached


def _lowered(tag: Any) -> str:
    """`tag.lower()` for a string tag name (cached), "unknown" for anything else."""
    if type(tag) is not str:
        return "unknown"
    low = tag.lower()
    if len(_LOWERED) < _LOWERED_MAX:
        _LOWERED[tag] = low
    return low


def _flush_fronts(fronts: dict[int, list[int]], children: dict[int, list[int]]) -> None:
    """Put the children held back by `_apply_adds` in front of their parents' lists."""
    for pid, front in fronts.items():
        children[pid][:0] = front[::-1]
    fronts.clear()


def _count(changes: dict[int, int], nid: Any) -> None:
    if type(nid) is int:
        changes[nid] = changes.get(nid, 0) + 1
