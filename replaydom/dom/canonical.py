"""The canonical tree: the exact shape `player/page.js` `tree()` reads from the real Replayer.

Nodes without an rrweb id (what the Replayer makes itself) are left out. Per kind:
`[id, "document", "#document", {}, children, {}]`, `[id, "doctype", name, {}, [], {publicId,
systemId}]`, `[id, "text" | "comment" | "cdata", data]` and `[id, "element", localName, attrs,
children, extra]`, where `attrs` is sorted by name with Replayer artefacts removed and handler/`javascript:`
attributes neutralised (`inert_attributes`), and `extra` holds the live state (`value`, `checked`,
`selected`), `svg: true`, `shadow: [...]` and `contentDocument`. Equal canonical trees mean equal
DOMs for the differential test.
"""

from __future__ import annotations

import re
from typing import Any

from .forms import live_state
from .tree import CDATA, COMMENT, DOCTYPE, DOCUMENT, ELEMENT, TEXT, Node

_REPLAYER_CLASSES = frozenset({":hover", "rrweb-paused"})
_CLASS_SPLIT = re.compile(r"[\t\n\f\r ]+")
_HANDLER = re.compile(r"^_?(on.+)$", re.IGNORECASE | re.DOTALL)
_EDGE_CONTROLS = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_JAVASCRIPT = re.compile(r"^javascript:", re.IGNORECASE)


def is_javascript_url(value: str) -> bool:
    """What a URL parser would run as script, after the controls and spaces it ignores."""
    return bool(_JAVASCRIPT.match(_TAB_NEWLINE.sub("", _EDGE_CONTROLS.sub("", value))))


def clean_class(value: str) -> str:
    tokens = [t for t in _CLASS_SPLIT.split(value) if t and t not in _REPLAYER_CLASSES]
    return " ".join(dict.fromkeys(tokens))


def inert_attributes(attrs: dict[str, str]) -> dict[str, str]:
    """Attributes made inert, in DOM order: `on*`/`_on*` become `data-rr-on*`; a `javascript:`
    value moves to `data-rr-<name>` (an `href` keeps `#` so links still look like links); empty
    classes and styles and the Replayer's `:hover`/`rrweb-paused` classes go away."""
    out: dict[str, str] = {}
    for name, value in attrs.items():
        if name == "class":
            value = clean_class(value)
            if not value:
                continue
        elif name == "style" and not value.strip():
            continue
        handler = _HANDLER.match(name)
        if handler:
            name = "data-rr-" + handler.group(1)
        elif is_javascript_url(value):
            out["data-rr-" + name] = value
            if name != "href":
                continue
            value = "#"
        out[name] = value
    return out


def canonical(node: Node | None) -> list[Any] | None:
    """Canonical form of a document (or any node); None for a node without an id."""
    if node is None or node.id is None or node.id < 1:
        return None
    root = _shell(node)
    stack: list[tuple[Node, list[Any]]] = [(node, root)]
    while stack:
        current, out = stack.pop()
        if current.kind not in (DOCUMENT, ELEMENT):
            continue
        children_out: list[Any] = out[4]
        for child in current.children:
            _add_child(child, children_out, stack)
        if current.kind == ELEMENT:
            extra: dict[str, Any] = out[5]
            if current.shadow is not None:
                shadow_out: list[Any] = []
                for child in current.shadow.children:
                    _add_child(child, shadow_out, stack)
                extra["shadow"] = shadow_out
            inner = current.content_doc
            if current.tag == "iframe" and inner is not None and inner.id is not None and inner.id >= 1:
                doc_out = _shell(inner)
                extra["contentDocument"] = doc_out
                stack.append((inner, doc_out))
    return root


def _add_child(child: Node, into: list[Any], stack: list[tuple[Node, list[Any]]]) -> None:
    if child.id is None or child.id < 1:
        return
    shell = _shell(child)
    into.append(shell)
    stack.append((child, shell))


def _shell(node: Node) -> list[Any]:
    """The node's own entry, with empty child lists to be filled by the walk."""
    kind = node.kind
    if kind == DOCUMENT:
        return [node.id, "document", "#document", {}, [], {}]
    if kind == DOCTYPE:
        return [
            node.id,
            "doctype",
            node.tag,
            {},
            [],
            {"publicId": node.attrs.get("publicId", ""), "systemId": node.attrs.get("systemId", "")},
        ]
    if kind in (TEXT, COMMENT, CDATA):
        return [node.id, {TEXT: "text", COMMENT: "comment", CDATA: "cdata"}[kind], node.text]
    attrs = dict(sorted(inert_attributes(node.attrs).items()))
    extra = live_state(node)
    if node.svg:
        extra["svg"] = True
    return [node.id, "element", node.tag, attrs, [], extra]


def flat_canonical(node: Node | None) -> list[list[Any]]:
    """The canonical tree as one row per node in document order, each row the node's own entry
    (as `canonical` writes it, children left out) plus its parent's id and its place in the
    parent: any depth compares without recursion (`==` on a 2,000-level nested list cannot)."""
    rows: list[list[Any]] = []
    if node is None or node.id is None or node.id < 1:
        return rows
    stack: list[tuple[Node, int | None, str]] = [(node, None, "")]
    while stack:
        current, parent, where = stack.pop()
        entry = _shell(current)
        rows.append([parent, where, *(entry[:4] if current.kind in (DOCUMENT, ELEMENT) else entry)])
        if current.kind not in (DOCUMENT, ELEMENT):
            continue
        extra = entry[5]
        rows[-1].append(extra)
        children = [("child", c) for c in current.children]
        if current.kind == ELEMENT and current.shadow is not None:
            children += [("shadow", c) for c in current.shadow.children]
        inner = current.content_doc
        if current.kind == ELEMENT and current.tag == "iframe" and inner is not None:
            children.append(("document", inner))
        for kind, child in reversed(children):
            if child.id is not None and child.id >= 1:
                stack.append((child, current.id, kind))
    return rows
