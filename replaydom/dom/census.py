"""One walk over the page at T for what `dom --at` reports about all of it: the fidelity facts
(elements, masked text and inputs, blocked placeholders, iframes without a document, changed
multi-selects) and the element counts of the subtrees its excerpt left out.

The page at T can hold 100k+ nodes (a 20,000-row table), and the excerpt leaves most of them out:
counting those subtrees in a walk of their own visited every row twice. Here they are counted in
the same pre-order walk, as `Span`s: siblings `first` .. `last` whose subtrees follow each other in
the walk (the 19,500 rows an excerpt cuts are one span). Entering `first` notes the running element
counter; entering `last` pushes a marker under its children, which comes off the stack right after
its last descendant; the span's count is the difference. Nothing is paid per row. The walk is
`tree.walk`'s order (iframe document, shadow children, light children), so the lists keep the order
they had; it is one loop along the sibling links because a generator, per-node calls and the
`children` lists cost more than the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .forms import live_state, options_of
from .tree import ELEMENT, TEXT, Node

EXAMPLES = 10  # masked text parents listed
_FORM_FIELDS = frozenset({"input", "textarea", "select"})  # what `live_state` reads a value of
_SPECIAL = _FORM_FIELDS | {"iframe"}  # the tags `_special` looks at
_END = Node(-1)  # the marker popped after a span's last subtree (a kind no real node has)

# Siblings (first, last) in their parent's chain, `last` at or after `first`, with nothing between
# them but elements and leaf non-elements: the elements of their subtrees are counted together.
Span = tuple[Node, Node]


@dataclass
class Census:
    """What one walk over a page found (see the module docstring)."""

    elements: int = 0
    masked_texts: int = 0
    masked_inputs: int = 0
    example_parents: list[int] = field(default_factory=list)  # ids of parents of masked text
    blocked: list[dict[str, Any]] = field(default_factory=list)
    iframes_without_document: list[int] = field(default_factory=list)
    multi_selects_changed: list[int | None] = field(default_factory=list)
    counts: dict[Span, int] = field(default_factory=dict)  # elements of each span's subtrees


def is_masked(text: str) -> bool:
    """True for text made only of mask characters (`*`) and whitespace, with at least one `*`."""
    stripped = "".join(text.split())
    return bool(stripped) and set(stripped) == {"*"}


def take(doc: Node | None, spans: Iterable[Span] = ()) -> Census:
    """Walk every node under `doc` (shadow roots and iframe documents included) once; each span of
    elements gets the element count of its subtrees in `counts` (a span not under `doc` gets none)."""
    out = Census()
    if doc is None:
        return out
    counts = out.counts
    firsts: dict[Node, list[Span]] = {}
    lasts: dict[Node, list[Span]] = {}
    for span in spans:
        firsts.setdefault(span[0], []).append(span)
        lasts.setdefault(span[1], []).append(span)
    watched = firsts.keys() | lasts.keys()
    begun: dict[Span, int] = {}  # the element counter before a span's first node
    closing: list[Span] = []  # the spans of the markers on the stack, in push order
    elements = 0
    stack = [doc]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        kind = node.kind
        if kind == ELEMENT:
            elements += 1
            if watched and node in watched:  # (most walks watch a handful of nodes, or none)
                for span in firsts.get(node, ()):
                    begun[span] = elements - 1
                for span in lasts.get(node, ()):
                    closing.append(span)
                    push(_END)  # popped once every node of its subtree was
            if node.tag in _SPECIAL:
                _special(node, out)
            meta = node.meta  # a blocked element keeps its recorded size in rr_ attributes
            if meta:
                attrs = meta.get("attributes")
                if attrs and isinstance(attrs, dict) and ("rr_width" in attrs or "rr_height" in attrs):
                    _blocked(node, attrs, out)
        elif kind == TEXT:
            if "*" in node.text:  # the cheap test first: a masked text holds a `*`
                _masked_text(node, out)
        elif node is _END:
            span = closing.pop()  # markers come off in the reverse order they went on
            if span in begun:
                counts[span] = elements - begun[span]
            continue
        # Children pushed last to first along the sibling links, so the first comes off first:
        # cheaper than the `children` list for the many nodes with none or a few.
        child = node.last
        while child is not None:
            push(child)
            child = child.prev
        if node.shadow is not None:
            extend(reversed(node.shadow.children))
        if node.content_doc is not None:
            push(node.content_doc)
    out.elements = elements
    return out


def _blocked(node: Node, attrs: dict[str, Any], out: Census) -> None:
    size = {"width": attrs.get("rr_width"), "height": attrs.get("rr_height")}
    out.blocked.append({"nodeId": node.id, "tag": node.tag, **size})


def _masked_text(node: Node, out: Census) -> None:
    if is_masked(node.text):
        out.masked_texts += 1
        parent = node.parent
        if parent is not None and parent.id is not None and len(out.example_parents) < EXAMPLES:
            out.example_parents.append(parent.id)


def _special(node: Node, out: Census) -> None:
    """The facts of a form field (its live value masked, a multi-select changed) or an iframe (no
    document recorded): rare elements, so out of the walk's loop."""
    tag = node.tag
    if tag in _FORM_FIELDS:
        value = live_state(node).get("value")
        if isinstance(value, str) and is_masked(value):
            out.masked_inputs += 1
        if tag == "select" and "multiple" in node.attrs and _changed(node):
            out.multi_selects_changed.append(node.id)
    elif tag == "iframe" and node.content_doc is None and node.id is not None:
        out.iframes_without_document.append(node.id)


def _changed(select: Node) -> bool:
    """A select the recording changed: rrweb records `select.value`, the first selected option
    only, so on a multi-select every other selection the user made is unknown."""
    return any(option.sel_dirty for option in options_of(select))


def count_elements(node: Node) -> int:
    """Elements in a composed subtree (what `sum(1 for n in walk(node) if n.kind == ELEMENT)`
    counts), in one loop along the sibling links (a generator per subtree cost more than the
    excerpt itself): for the subtrees no census counted (`span_count`, the hidden subtrees the
    interactive lens leaves out)."""
    count = 0
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        current = pop()
        if current.kind == ELEMENT:
            count += 1
        child = current.first
        while child is not None:
            push(child)
            child = child.next
        if current.shadow is not None:
            push(current.shadow)  # a shadow root is no element: only its children count
        if current.content_doc is not None:
            push(current.content_doc)
    return count


def adjacent(last: Node, child: Node) -> bool:
    """True when only leaf non-elements (text, comments) stand between two siblings: a span of
    cut elements may then grow to `child` (a hidden element or a node with children between
    them must not be counted with the cut)."""
    node = last.next
    while node is not child:
        if node is None or node.kind == ELEMENT or node.first is not None:
            return False
        if node.shadow is not None or node.content_doc is not None:
            return False
        node = node.next
    return True


def span_count(span: Span) -> int:
    """Elements in the subtrees of a span's siblings (what `census.take` counts in its walk)."""
    first, last = span
    total = count_elements(first)
    node = first
    while node is not last and node.next is not None:
        node = node.next
        total += count_elements(node)
    return total
