"""Naming nodes for people: CSS selectors, short descriptions and accessible labels.

`selector_for` is a readable CSS path (at most five steps, stopping at an element with an id) in the
node's own tree; inside a shadow root or an iframe document it is relative to that root. `label_for`
approximates an accessible name: `aria-label`, `aria-labelledby`, `<label for>` or a wrapping label,
then `placeholder`/`title`/`alt`, then the element's text.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from .forms import input_type
from .tree import DOCUMENT, ELEMENT, SHADOW_ROOT, TEXT, Node, light_descendants, walk

_IDENT = re.compile(r"^-?[A-Za-z_][\w-]*$")
_MAX_STEPS = 5
_MAX_LABEL = 80
_DESCRIBED = 60  # characters of text a description shows


def attached_index(doc: Node | None) -> dict[int, Node]:
    """id -> node for every node connected to `doc` (iframe documents and shadow roots included).
    Unlike the id map it never holds removed nodes."""
    index: dict[int, Node] = {}
    if doc is not None:
        for node in walk(doc):
            if node.id is not None:
                index[node.id] = node
    return index


def element_of(node: Node) -> Node | None:
    """The node itself when it is an element, else its parent element."""
    current: Node | None = node
    while current is not None and current.kind != ELEMENT:
        current = current.parent
    return current


def selector_for(node: Node) -> str | None:
    """A CSS path to the node's element (None for nodes outside any element)."""
    element = element_of(node)
    steps: list[str] = []
    while element is not None and element.kind == ELEMENT and len(steps) < _MAX_STEPS:
        step = _step(element)
        steps.append(step)
        if "#" in step or (element.tag in ("body", "head", "html") and not element.svg):
            break  # unique enough to anchor the path
        element = element.parent
    return " > ".join(reversed(steps)) or None


def _step(element: Node) -> str:
    tag = element.tag
    ident = element.attrs.get("id", "")
    if ident and _IDENT.match(ident):
        return f"{tag}#{ident}"
    classes = [c for c in element.attrs.get("class", "").split() if _IDENT.match(c) and c != ":hover"]
    step = tag + "".join("." + c for c in classes[:2])
    parent = element.parent
    if parent is not None and parent.kind in (ELEMENT, DOCUMENT, SHADOW_ROOT):
        nth, count = _nth_of_type(parent, element)
        if count > 1 and nth:
            step += f":nth-of-type({nth})"
    return step


# Positions among same-tag siblings, per parent, for the few parents selectors were asked for
# last: `dom --diff` can list 20,000 rows of one table, each with its selector, and counting the
# siblings again for each row would be quadratic. An entry is valid while the parent's children
# view is the same list with the same length (any change but an append makes a new list; the
# entry holds the list, so its id cannot be reused).
_NTH: OrderedDict[int, tuple[Node, list[Node], int, dict[int, int], dict[str, int]]] = OrderedDict()
_NTH_PARENTS = 64


def _nth_of_type(parent: Node, element: Node) -> tuple[int, int]:
    """`element`'s 1-based position among its parent's children of its tag (0 when it is not
    among them), and how many there are."""
    kids = parent.children
    entry = _NTH.get(id(parent))
    if entry is None or entry[0] is not parent or entry[1] is not kids or entry[2] != len(kids):
        positions: dict[int, int] = {}
        counts: dict[str, int] = {}
        for child in kids:
            if child.kind == ELEMENT:
                counts[child.tag] = positions[id(child)] = counts.get(child.tag, 0) + 1
        entry = (parent, kids, len(kids), positions, counts)
        _NTH[id(parent)] = entry
        while len(_NTH) > _NTH_PARENTS:
            _NTH.popitem(last=False)
    else:
        _NTH.move_to_end(id(parent))
    return entry[3].get(id(element), 0), entry[4].get(element.tag, 0)


def forget_positions() -> None:
    """Drop the sibling positions kept for selectors: an entry holds its parent's children, so a
    parent removed from the document (a re-rendered table's old `tbody`) would stay in memory with
    every row under it until 64 other parents push it out."""
    _NTH.clear()


def squash(text: str, limit: int = _MAX_LABEL) -> str:
    """Whitespace collapsed and shortened with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
    }
)


def visible_text(node: Node, enough: int | None = None) -> str:
    """Text under a node (style/noscript text left out), with a space where block elements meet so
    `<h3>Mug</h3><p>$14</p>` reads "Mug $14" while `Cart (<span>2</span>)` stays "Cart (2)".

    With `enough`, the walk may stop once the text is known to begin with `enough` characters
    that no later text can change (a description of a 100k-node table reads its first rows, not
    all of them): the result then starts like the whole text's and is longer than `enough`."""
    parts: list[str] = []
    previous: Node | None = None
    size, check = 0, enough
    for current in light_descendants(node):
        if current.kind != TEXT or _hidden_text(current, node):
            continue
        parent = current.parent
        if previous is not None and parent is not previous and not (_inline(parent) and _inline(previous)):
            parts.append(" ")
        parts.append(current.text)
        previous = parent
        if check is not None and enough is not None:
            size += len(current.text)
            if size > check:
                # More text can only lengthen the last word or add words: the whole collapsed
                # text starts with this one.
                text = " ".join("".join(parts).split())
                if len(text) > enough:
                    return text
                check = 2 * size
    return squash("".join(parts), 10_000)


def _inline(node: Node | None) -> bool:
    return node is not None and node.kind == ELEMENT and node.tag in _INLINE


def _hidden_text(text: Node, top: Node) -> bool:
    parent = text.parent
    while parent is not None:
        if parent.kind == ELEMENT and parent.tag in ("style", "noscript", "script", "template"):
            return True
        if parent is top:
            return False
        parent = parent.parent
    return False


def describe(node: Node) -> str:
    """A short human description: `<li> "Back to top"`, `text "Saved"`."""
    if node.kind == TEXT:
        return f'text "{squash(node.text, 60)}"'
    if node.kind != ELEMENT:
        return node.tag
    ident = node.attrs.get("id")
    head = f"<{node.tag}{'#' + ident if ident else ''}>"
    text = visible_text(node, enough=_DESCRIBED)
    return f'{head} "{squash(text, _DESCRIBED)}"' if text else head


class Labels:
    """Accessible-name lookups within one tree root (ids resolve within the same root)."""

    def __init__(self, root: Node) -> None:
        self._by_id: dict[str, Node] = {}
        self._for: dict[str, Node] = {}
        # Visible text of the labels and labelledby targets read so far: a label or caption that
        # names many controls (a table caption, a label around a whole group) is read once.
        self._texts: dict[Node, str] = {}
        for node in light_descendants(root):
            if node.kind != ELEMENT:
                continue
            ident = node.attrs.get("id")
            if ident and ident not in self._by_id:
                self._by_id[ident] = node
            target = node.attrs.get("for")
            if node.tag == "label" and target and target not in self._for:
                self._for[target] = node

    def label(self, node: Node) -> str | None:
        attrs = node.attrs
        if attrs.get("aria-label", "").strip():
            return squash(attrs["aria-label"])
        refs = [self._by_id[r] for r in attrs.get("aria-labelledby", "").split() if r in self._by_id]
        if refs:
            return squash(" ".join(self._text(r) for r in refs))
        if node.tag in ("input", "select", "textarea", "meter", "progress", "output"):
            found = self._label_element(node)
            if found:
                return found
        for name in ("placeholder", "title", "alt"):
            if attrs.get(name, "").strip():
                return squash(attrs[name])
        if node.tag == "input" and input_type(node) in ("submit", "button", "reset"):
            return squash(attrs.get("value", "")) or None
        text = visible_text(node)
        return squash(text) if text else None

    def _label_element(self, node: Node) -> str | None:
        ident = node.attrs.get("id")
        label = self._for.get(ident) if ident else None
        if label is None:
            parent = node.parent
            while parent is not None and not (parent.kind == ELEMENT and parent.tag == "label"):
                parent = parent.parent
            label = parent
        return (squash(self._text(label)) or None) if label is not None else None

    def _text(self, node: Node) -> str:
        text = self._texts.get(node)
        if text is None:
            text = self._texts[node] = visible_text(node)
        return text
