"""A lightweight node tree with the rrweb Replayer's (RRDom's) tree semantics.

rrweb addresses text nodes by id and lxml has none, so the reconstruction keeps its own tree and
makes lxml only for output. The operations below behave like RRDom's (the virtual DOM the Replayer
applies every mutation to while seeking, rrweb-model.md §4.2): `insert_before` with a reference that
is not a child and `remove_child` of a non-child raise `DomOpError`, which aborts the rest of that
mutation exactly as the thrown JavaScript error does. Every walk is iterative, so deeply nested
recordings cannot hit Python's recursion limit.

Node kinds follow rrweb's serialized `NodeType` (0 document … 5 comment) plus `SHADOW_ROOT` for an
element's open shadow root, which is a separate container like in the DOM (its `host` is the element).

Children are a doubly linked list (`first`/`last` on the parent, `prev`/`next` on each child), so
inserting before any sibling, removing one and finding the next sibling are O(1) whatever the
number of siblings (a 50,000-row table re-rendered in reverse order stays linear). `children` is a
list view of that chain, built on first read and kept until the chain changes (appending keeps it),
so walks read plain lists; it is a snapshot: treat it as read-only and assign a new list to replace
the children.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

DOCUMENT, DOCTYPE, ELEMENT, TEXT, CDATA, COMMENT = 0, 1, 2, 3, 4, 5
SHADOW_ROOT = 11
KIND_NAMES = {
    DOCUMENT: "document",
    DOCTYPE: "doctype",
    ELEMENT: "element",
    TEXT: "text",
    CDATA: "cdata",
    COMMENT: "comment",
    SHADOW_ROOT: "shadow-root",
}


class DomOpError(Exception):
    """A tree operation the DOM would reject (the Replayer then skips the rest of that mutation)."""


class Node:
    """One node. `id` is the rrweb id it was built from (None for nodes the Replayer makes itself,
    such as the CSS text of an inlined stylesheet); `meta` is the serialized rrweb node it was built
    from (used for the Replayer's "identical node" reuse and for `_cssText` rebuilds).

    Form state mirrors the DOM's properties, not attributes: `value`/`checked` are the dirty value
    and checkedness set by Input events (None while the element follows its attributes); options
    carry their `selected`ness (None until the element is known to be an option)."""

    __slots__ = (
        "_kids",
        "attrs",
        "checked",
        "content_doc",
        "first",
        "host",
        "id",
        "kind",
        "last",
        "meta",
        "next",
        "parent",
        "prev",
        "sel_dirty",
        "selected",
        "shadow",
        "svg",
        "tag",
        "text",
        "value",
    )

    def __init__(self, kind: int, tag: str = "", node_id: int | None = None) -> None:
        self.kind = kind
        self.tag = tag
        self.id = node_id
        self.attrs: dict[str, str] = {}
        self._kids: list[Node] | None = None  # the `children` view, made on first read; None after changes
        self.first: Node | None = None
        self.last: Node | None = None
        self.prev: Node | None = None
        self.next: Node | None = None
        self.parent: Node | None = None
        self.shadow: Node | None = None
        self.host: Node | None = None  # shadow root -> host element; iframe document -> iframe
        self.content_doc: Node | None = None
        self.text = ""
        self.meta: dict[str, Any] | None = None
        self.svg = False
        self.value: str | None = None
        self.checked: bool | None = None
        self.selected: bool | None = None
        self.sel_dirty = False

    @property
    def children(self) -> list[Node]:
        """The children in order (a snapshot list, rebuilt only after the chain changed)."""
        kids = self._kids
        if kids is None:
            kids = []
            child = self.first
            while child is not None:
                kids.append(child)
                child = child.next
            self._kids = kids
        return kids

    @children.setter
    def children(self, kids: list[Node]) -> None:
        """Replace the children by `kids` (their `parent` is left to the caller, as before)."""
        old = self.first
        while old is not None:
            following = old.next
            old.prev = old.next = None
            old = following
        link_children(self, kids)

    def __repr__(self) -> str:
        label = self.tag or KIND_NAMES.get(self.kind, "?")
        return f"<Node {self.id} {label}>"

    @property
    def is_element(self) -> bool:
        return self.kind == ELEMENT

    def attached_document(self) -> Node | None:
        """The document this node is connected to (crossing shadow roots), or None."""
        node: Node | None = self
        while node is not None:
            if node.kind == DOCUMENT:
                return node
            node = (
                node.parent if node.parent is not None else (node.host if node.kind == SHADOW_ROOT else None)
            )
        return None


def is_attached(node: Node, doc: Node | None) -> bool:
    """True when `node` is in `doc`'s tree or in an iframe document hosted (transitively) there."""
    if doc is None:
        return False
    current: Node | None = node
    while current is not None:
        owner = current.attached_document()
        if owner is None:
            return False
        if owner is doc:
            return True
        iframe = owner.host
        if iframe is None or iframe.content_doc is not owner:
            return False
        current = iframe
    return False


def link_children(parent: Node, kids: list[Node]) -> None:
    """Chain `kids` (not children of anything) as `parent`'s children; the list becomes the view."""
    previous: Node | None = None
    for child in kids:
        child.prev = previous
        if previous is None:
            parent.first = child
        else:
            previous.next = child
        previous = child
    if previous is None:
        parent.first = None
    else:
        previous.next = None
    parent.last = previous
    parent._kids = kids


def detach(node: Node) -> None:
    """Remove `node` from its parent, if any (the first step of every insertion)."""
    parent = node.parent
    if parent is None:
        return
    node.parent = None
    before, after = node.prev, node.next
    if before is None:
        if parent.first is not node:
            return  # not in the parent's chain (its children were replaced): nothing to unlink
        parent.first = after
    else:
        before.next = after
    if after is None:
        parent.last = before
    else:
        after.prev = before
    node.prev = node.next = None
    parent._kids = None


def _take(parent: Node, child: Node) -> None:
    """The DOM's checks before `child` goes under `parent`, then `child` out of its old place.
    The usual insertion, a node just built (no parent, no subtree, not a document) into a
    non-document parent, passes every check and has nothing to detach: it costs one test (a
    20,000-row render inserts 100k such nodes)."""
    if (
        child.parent is None
        and child.first is None
        and child.shadow is None
        and child.content_doc is None
        and child.kind != DOCUMENT
        and parent.kind != DOCUMENT
        and child is not parent
    ):
        return
    _check_insert(parent, child)
    detach(child)


def _check_insert(parent: Node, child: Node) -> None:
    """The DOM's hierarchy checks: no document child, no cycles, one element/doctype per document."""
    if child.kind == DOCUMENT or child is parent:
        raise DomOpError("a document or the parent itself cannot be inserted")
    # Only a node with a subtree can be an ancestor of the parent; fresh nodes skip the walk.
    if (
        child.first is not None or child.shadow is not None or child.content_doc is not None
    ) and _is_ancestor(child, parent):
        raise DomOpError("a node cannot be inserted into its own subtree")
    _check_document_child(parent, child)


def _is_ancestor(candidate: Node, node: Node) -> bool:
    current: Node | None = node
    while current is not None:
        if current is candidate:
            return True
        current = current.parent if current.parent is not None else current.host
    return False


def _check_document_child(parent: Node, child: Node) -> None:
    # RRDocument allows one element and one doctype; a second one throws.
    if (
        parent.kind == DOCUMENT
        and child.kind in (ELEMENT, DOCTYPE)
        and any(c.kind == child.kind and c is not child for c in parent.children)
    ):
        raise DomOpError("only one element and one doctype per document")


def append_child(parent: Node, child: Node) -> None:
    _take(parent, child)
    last = parent.last
    child.prev = last
    if last is None:
        parent.first = child
    else:
        last.next = child
    parent.last = child
    child.parent = parent
    kids = parent._kids
    if kids is not None:
        kids.append(child)  # the view stays valid: an append is the common case


def insert_before(parent: Node, child: Node, ref: Node | None) -> None:
    """Insert `child` before `ref` (append when None); `ref` must be a child of `parent`."""
    if ref is None:
        append_child(parent, child)
        return
    if ref.parent is not parent:
        raise DomOpError("reference node is not a child of the parent")
    if child is ref:
        return
    _take(parent, child)
    before = ref.prev
    child.prev, child.next = before, ref
    ref.prev = child
    if before is None:
        parent.first = child
    else:
        before.next = child
    child.parent = parent
    parent._kids = None


def remove_child(parent: Node, child: Node) -> None:
    if child.parent is not parent:
        raise DomOpError("node to remove is not a child of the parent")
    detach(child)


def contains(ancestor: Node, node: Node) -> bool:
    """DOM `contains`: `node` is `ancestor` or a descendant (not crossing shadow roots)."""
    current: Node | None = node
    while current is not None:
        if current is ancestor:
            return True
        current = current.parent
    return False


def root_of(node: Node) -> Node:
    """The root of the node's tree: its document, or the top of a detached subtree (not crossing
    shadow roots or iframe documents)."""
    while node.parent is not None:
        node = node.parent
    return node


def ensure_shadow(host: Node) -> Node:
    """The host's open shadow root, created when missing."""
    if host.shadow is None:
        root = Node(SHADOW_ROOT, "#shadow-root")
        root.host = host
        host.shadow = root
    return host.shadow


def light_descendants(node: Node) -> Iterator[Node]:
    """`node` and its light-DOM descendants in pre-order (what the Replayer's mirror forgets on
    removal: it does not descend into shadow roots or iframe documents)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current.first is not None:  # leaves (most nodes) skip the children view
            stack.extend(reversed(current.children))


def walk(node: Node) -> Iterator[Node]:
    """Pre-order over the whole composed tree: for each element its iframe document, then its
    shadow root's children, then its light children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current.first is not None:
            stack.extend(reversed(current.children))
        if current.shadow is not None:
            stack.extend(reversed(current.shadow.children))
        if current.content_doc is not None:
            stack.append(current.content_doc)


def unlink(nodes: Iterable[Node]) -> None:
    """Cut every link of these nodes (tree, shadow, iframe, host): a dropped tree is then freed by
    reference counting at once instead of waiting, as cycles, for the cyclic collector."""
    for node in nodes:
        node.parent = node.first = node.last = node.prev = node.next = None
        node.host = node.shadow = node.content_doc = None
        node._kids = None
