"""What one frame changed inside a node's subtree, for `dom --history NODE` rows.

A history row of a section whose table re-renders used to describe the section by its whole text
after the frame ("Sales report Order #10001 $6.37 …"), which says nothing of what changed. Each
structural row now carries `data.dom.counts` (nodes the frame attached inside the node's subtree
and detached from it, the node itself included; text and attribute edits inside it) and
`data.dom.sample` (the start of the added and removed text, at most `SAMPLE_CHARS` characters).

Cost: proportional to the frame's own lists and to the subtrees it adds or removes inside the node
(which applying the frame walks anyway), never to the whole node: an ancestor check per listed
entry, memoised per frame, and one walk of each added or removed top.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model.page import change_summary
from .ids import node_id
from .nodes import squash, visible_text
from .state import DomState, Frame
from .timeline import FULL_SNAPSHOT
from .tree import ELEMENT, TEXT, Node

SAMPLE_CHARS = 80  # characters of added / removed text a row shows


@dataclass
class Scoped:
    """The frame's changes inside the node's subtree (see the module doc)."""

    added: int = 0
    removed: int = 0
    texts: int = 0
    attributes: int = 0
    added_sample: str | None = None
    removed_sample: str | None = None
    _memo: dict[int, bool] = field(default_factory=dict, repr=False)

    def counts(self) -> dict[str, int]:
        return {
            "nodesAdded": self.added,
            "nodesRemoved": self.removed,
            "texts": self.texts,
            "attributes": self.attributes,
        }

    def sample(self) -> dict[str, str | None]:
        return {"added": self.added_sample, "removed": self.removed_sample}

    def summary(self) -> str:
        """`+100,004 -0 nodes, 2 text, 1 attr` (zero edits left out)."""
        return change_summary(self.added, self.removed, 0, self.texts, self.attributes)


def _entries(data: dict[str, Any], name: str) -> Iterable[dict[str, Any]]:
    value = data.get(name)
    return (v for v in value if isinstance(v, dict)) if isinstance(value, list) else ()


def _inside(node: Node, root: Node, memo: dict[int, bool]) -> bool:
    """`node` is `root` or below it (through shadow roots and iframe documents): one walk up,
    every node passed remembered, so a frame's 100k entries cost one step each."""
    path: list[int] = []
    current: Node | None = node
    found = False
    while current is not None:
        if current is root:
            found = True
            break
        known = memo.get(id(current))
        if known is not None:
            found = known
            break
        path.append(id(current))
        current = current.parent if current.parent is not None else current.host
    for key in path:
        memo[key] = found
    return found


def _tops(nodes: list[Node]) -> list[Node]:
    """The nodes none of whose ancestors is in the list (each subtree counted once)."""
    chosen = {id(n) for n in nodes}
    out = []
    for node in nodes:
        parent = node.parent if node.parent is not None else node.host
        if parent is None or id(parent) not in chosen:
            out.append(node)
    return out


def subtree_size(top: Node) -> int:
    """`sum(1 for _ in walk(top))`, along the sibling links: no generator, and no child lists
    built and cached on the 100k nodes of a table."""
    count = 0
    stack = [top]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        count += 1
        child = node.first
        while child is not None:
            push(child)
            child = child.next
        shadow = node.shadow
        if shadow is not None:
            child = shadow.first
            while child is not None:
                push(child)
                child = child.next
        if node.content_doc is not None:
            push(node.content_doc)
    return count


def _size_and_sample(tops: list[Node]) -> tuple[int, str | None]:
    """Nodes in the subtrees of `tops` (disjoint: none is below another) and their first text."""
    size = 0
    texts: list[str] = []
    length = 0
    for top in {id(t): t for t in tops}.values():
        size += subtree_size(top)
        if length <= SAMPLE_CHARS:
            text = top.text if top.kind == TEXT else visible_text(top, enough=SAMPLE_CHARS)
            text = " ".join(text.split())
            if text:
                texts.append(text)
                length += len(text) + 1
    return size, squash(" ".join(texts), SAMPLE_CHARS) if texts else None


def before_frame(state: DomState, root: Node, data: dict[str, Any]) -> Scoped:
    """Read before a mutation applies, `root` attached: what it will detach from inside `root`
    (sizes and text read now, while the subtrees are whole) and the edits aimed inside it."""
    scoped = Scoped()
    memo = scoped._memo
    mirror = state.mirror
    going: list[Node] = []
    for entry in _entries(data, "removes"):
        key = node_id(entry.get("id"))
        node = mirror.get(key) if key is not None else None
        if node is not None and _inside(node, root, memo):
            going.append(node)
    scoped.removed, scoped.removed_sample = _size_and_sample(_tops(going))
    for name in ("texts", "attributes"):
        count = 0
        for entry in _entries(data, name):
            key = node_id(entry.get("id"))
            node = mirror.get(key) if key is not None else None
            if node is not None and _inside(node, root, memo):
                count += 1
        setattr(scoped, name, count)
    return scoped


def after_frame(scoped: Scoped, state: DomState, root: Node, data: dict[str, Any]) -> Scoped:
    """Completed after the mutation applied, `root` attached: what it attached inside `root`. Only
    the tops of what the frame added (an add whose parent the frame did not add) are looked up and
    placed: a render's 100k adds are one top (the table), counted by walking it."""
    memo: dict[int, bool] = {}  # the tree changed: the memo of `before_frame` no longer holds
    mirror = state.mirror
    raw = data.get("adds")
    adds = [a for a in raw if type(a) is dict] if isinstance(raw, list) else []
    keys = [n.get("id") if type(n := a.get("node")) is dict else None for a in adds]
    parents = [a.get("parentId") for a in adds]
    if not set(map(type, keys)) <= {int} or not set(map(type, parents)) <= {int}:
        keys = [node_id(k) for k in keys]
        parents = [node_id(p) for p in parents]
    added = set(keys)
    came: list[Node] = []
    for key, parent in zip(keys, parents, strict=True):
        if parent in added or key is None:
            continue  # below a node this frame added: counted with its top
        node = mirror.get(key)
        if node is not None and _inside(node, root, memo):
            came.append(node)
    scoped.added, scoped.added_sample = _size_and_sample(_tops(came))
    return scoped


def whole(node: Node, *, added: bool) -> Scoped:
    """The node's whole subtree came (snapshot, created, attached) or went (removed) with the frame."""
    size, sample = _size_and_sample([node])
    return Scoped(added=size, added_sample=sample) if added else Scoped(removed=size, removed_sample=sample)


def frame_counts(
    frame: Frame, pre: Scoped | None, state: DomState, before: Node | None, after: Node | None
) -> Scoped:
    """The counts of one history row: `pre` (read before a mutation that names or edits the node)
    completed with what the frame attached inside it; a node that came or went whole with the frame
    (a snapshot, an ancestor added or removed) counts its whole subtree."""
    if frame.type == FULL_SNAPSHOT:
        if after is not None:
            return whole(after, added=True)
        return whole(before, added=False) if before is not None else Scoped()
    if pre is not None:
        return after_frame(pre, state, after, frame.data) if after is not None else pre
    if before is None and after is not None:
        return whole(after, added=True)
    if before is not None and after is None:
        return whole(before, added=False)
    return Scoped()


def head(node: Node | None, key: int) -> str:
    """The node in a few characters: `<section#report>`, `text "Saved"` (never a subtree's text)."""
    if node is None:
        return f"node {key}"
    if node.kind == TEXT:
        return f'text "{squash(node.text, 60)}"'
    if node.kind != ELEMENT:
        return node.tag
    ident = node.attrs.get("id")
    return f"<{node.tag}{'#' + ident if ident else ''}>"


def row_label(action: str, node: Node | None, key: int, scoped: Scoped | None) -> str:
    """`children changed: <section#report> +100,004 -0 nodes, + "Order #10001 $6.37 …"`: what the
    row did, in counts and a bounded sample, not the node's whole text."""
    label = f"{action}: {head(node, key)}"
    if scoped is None or action in ("text changed", "attributes changed"):
        return label
    label += f" {scoped.summary()}"
    samples = [
        f'{sign} "{text}"'
        for sign, text in (("+", scoped.added_sample), ("-", scoped.removed_sample))
        if text
    ]
    return label + (": " + " ".join(samples) if samples else "")
