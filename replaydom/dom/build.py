"""Build nodes from rrweb's serialized nodes with the Replayer's rebuild rules (rrweb-model.md §3.1).

`build_node` makes one node without children (rrweb-snapshot `buildNode`); `build_with_sn` adds the
mirror bookkeeping and, unless `skip_child`, the whole subtree (`buildNodeWithSN`), iteratively.

Rules kept from the Replayer: `script` becomes `noscript`; SVG tag names get their camelCase back; a
`link` carrying `_cssText` becomes a `style` whose only child is that CSS (without an id); a
textarea's `value` becomes its text; `onclick`, `onload` and `onmouse*` are renamed `_on*`; the CSP
`content` of a meta becomes `csp-content`; preload links lose every attribute; `rr_width`/`rr_height`
(blocked placeholders) become inline width/height; other `rr_*` attributes are not written; `null`
values are skipped and `true` means an empty value. An id that the mirror already maps to a node
with identical serialized meta reuses that node, children and all, without building anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import forms
from .css import add_hover_class, js_string, set_style_property
from .tree import (
    CDATA,
    COMMENT,
    DOCTYPE,
    DOCUMENT,
    ELEMENT,
    TEXT,
    DomOpError,
    Node,
    append_child,
    ensure_shadow,
)

TAG_MAP = {
    "script": "noscript",
    "altglyph": "altGlyph",
    "altglyphdef": "altGlyphDef",
    "altglyphitem": "altGlyphItem",
    "animatecolor": "animateColor",
    "animatemotion": "animateMotion",
    "animatetransform": "animateTransform",
    "clippath": "clipPath",
    "feblend": "feBlend",
    "fecolormatrix": "feColorMatrix",
    "fecomponenttransfer": "feComponentTransfer",
    "fecomposite": "feComposite",
    "feconvolvematrix": "feConvolveMatrix",
    "fediffuselighting": "feDiffuseLighting",
    "fedisplacementmap": "feDisplacementMap",
    "fedistantlight": "feDistantLight",
    "fedropshadow": "feDropShadow",
    "feflood": "feFlood",
    "fefunca": "feFuncA",
    "fefuncb": "feFuncB",
    "fefuncg": "feFuncG",
    "fefuncr": "feFuncR",
    "fegaussianblur": "feGaussianBlur",
    "feimage": "feImage",
    "femerge": "feMerge",
    "femergenode": "feMergeNode",
    "femorphology": "feMorphology",
    "feoffset": "feOffset",
    "fepointlight": "fePointLight",
    "fespecularlighting": "feSpecularLighting",
    "fespotlight": "feSpotLight",
    "fetile": "feTile",
    "feturbulence": "feTurbulence",
    "foreignobject": "foreignObject",
    "glyphref": "glyphRef",
    "lineargradient": "linearGradient",
    "radialgradient": "radialGradient",
}
# Chromium's setAttribute rejects only these (the relaxed "valid attribute local name").
_BAD_ATTR = re.compile(r"[\t\n\f\r />=\x00]")
_ASCII_START = re.compile(r"^[A-Za-z][^\t\n\f\r />\x00]*$")
_OTHER_CHARS = re.compile(r"^[\w.:\-]*$", re.ASCII)
_MISSING = object()


@dataclass
class BuildStats:
    """What the build could not do as recorded; folded into the fidelity report."""

    invalid_attributes: int = 0
    invalid_attribute_examples: list[str] = field(default_factory=list)
    unbuildable: int = 0  # nodes the DOM refuses (CDATA in HTML, invalid tag names)
    hierarchy_errors: int = 0  # e.g. a second <html> under a document

    def bad_attribute(self, name: str) -> None:
        self.invalid_attributes += 1
        if len(self.invalid_attribute_examples) < 5 and name not in self.invalid_attribute_examples:
            self.invalid_attribute_examples.append(name[:40])


def valid_element_name(tag: str) -> bool:
    """Chromium's `createElement` check (the relaxed "valid element local name")."""
    if not tag:
        return False
    if _ASCII_START.match(tag):
        return True
    first, rest = tag[0], tag[1:]
    if not (first in ":_" or ord(first) >= 0x80):
        return False
    return all(ord(c) >= 0x80 or _OTHER_CHARS.match(c) for c in rest)


def tag_name(sn: dict[str, Any]) -> str:
    """The tag the Replayer creates for a serialized element."""
    raw = sn.get("tagName")
    tag = raw if isinstance(raw, str) else "div"
    tag = TAG_MAP.get(tag, tag)
    attrs = sn.get("attributes")
    if tag == "link" and isinstance(attrs, dict) and attrs.get("_cssText"):
        tag = "style"
    return tag


def meta_equal(a: dict[str, Any] | None, b: dict[str, Any]) -> bool:
    """rrweb-snapshot `isNodeMetaEqual`: same type and the same identifying content."""
    if not a or a.get("type") != b.get("type"):
        return False
    kind = a.get("type")
    if kind == DOCUMENT:
        return bool(a.get("compatMode", _MISSING) == b.get("compatMode", _MISSING))
    if kind == DOCTYPE:
        return all(a.get(k, _MISSING) == b.get(k, _MISSING) for k in ("name", "publicId", "systemId"))
    if kind in (TEXT, COMMENT, CDATA):
        return bool(a.get("textContent", _MISSING) == b.get("textContent", _MISSING))
    if kind == ELEMENT:
        return (
            a.get("tagName") == b.get("tagName")
            and _attrs_json(a) == _attrs_json(b)
            and a.get("isSVG", _MISSING) == b.get("isSVG", _MISSING)
            and a.get("needBlock", _MISSING) == b.get("needBlock", _MISSING)
        )
    return False


def _attrs_json(sn: dict[str, Any]) -> str:
    # JSON.stringify compares key order too; json.dumps keeps insertion order the same way.
    return json.dumps(sn.get("attributes"), separators=(",", ":"), ensure_ascii=False)


def _text_of(sn: dict[str, Any]) -> str:
    value = sn.get("textContent")
    return value if isinstance(value, str) else "" if value is None else js_string(value)


def build_node(sn: dict[str, Any], stats: BuildStats) -> Node | None:
    """One node without children, or None when the DOM cannot make it."""
    kind = sn.get("type")
    if kind == ELEMENT:  # the usual node first
        return _build_element(sn, stats)
    if kind == DOCUMENT:
        return Node(DOCUMENT, "#document")
    if kind == DOCTYPE:
        node = Node(DOCTYPE, str(sn.get("name") or "html"))
        node.attrs = {"publicId": str(sn.get("publicId") or ""), "systemId": str(sn.get("systemId") or "")}
        return node
    if kind == TEXT:
        node = Node(TEXT, "#text")
        text = _text_of(sn)
        node.text = add_hover_class(text) if sn.get("isStyle") else text
        return node
    if kind == COMMENT:
        node = Node(COMMENT, "#comment")
        node.text = _text_of(sn)
        return node
    stats.unbuildable += 1  # CDATA cannot exist in an HTML document; unknown types neither
    return None


# Per-name caches of checks that only depend on the name (bounded: hostile recordings can make
# every name unique, which then takes the general path).
_CACHE_LIMIT = 10_000
_VALID_TAGS: set[str] = set()
_HTML_TAGS: dict[str, str] = {}  # recorded tagName -> the tag an HTML element gets (valid ones)
_PLAIN_NAMES: dict[str, str] = {}  # attribute name -> lower-cased, for names set as they are
# Tags whose attributes `_set_built_attr` may rewrite, move or drop (or that have form state).
_SPECIAL_TAGS = frozenset({"option", "textarea", "style", "link", "meta", "img"})


def _plain_name(name: str) -> str | None:
    """The lower-cased name when `_set_built_attr` sets a string value under this name (lower-
    cased outside SVG) without anything else: a valid name, not `rr_*`, not an event handler."""
    lowered = _PLAIN_NAMES.get(name)
    if lowered is not None:
        return lowered
    if (
        not name
        or _BAD_ATTR.search(name)
        or name.startswith("rr_")
        or name in ("onload", "onclick")
        or name[:7] == "onmouse"
    ):
        return None
    lowered = _ascii_lower(name)
    if len(_PLAIN_NAMES) < _CACHE_LIMIT:
        _PLAIN_NAMES[name] = lowered
    return lowered


def _build_element(sn: dict[str, Any], stats: BuildStats) -> Node | None:
    raw = sn.get("tagName")
    svg = bool(sn.get("isSVG"))
    lowered = _HTML_TAGS.get(raw) if type(raw) is str and not svg else None
    if lowered is None:
        tag = tag_name(sn)
        if tag not in _VALID_TAGS:
            if not valid_element_name(tag):
                stats.unbuildable += 1
                return None
            if len(_VALID_TAGS) < _CACHE_LIMIT:
                _VALID_TAGS.add(tag)
        lowered = tag if svg else _ascii_lower(tag)
        if not svg and type(raw) is str and raw != "link" and len(_HTML_TAGS) < _CACHE_LIMIT:
            _HTML_TAGS[raw] = lowered  # `link` alone depends on more than its name
    node = Node(ELEMENT, lowered)
    node.svg = svg
    attrs = sn.get("attributes")
    special: dict[str, Any] = {}
    if isinstance(attrs, dict) and attrs:
        if node.tag in _SPECIAL_TAGS:
            for name, value in attrs.items():
                _set_built_attr(node, sn, attrs, str(name), value, special, stats)
        else:
            # The usual element: string values under plain names are set as they are (what
            # `_set_built_attr` then `set_attribute` do for them, without their per-name checks).
            out = node.attrs
            plain = _PLAIN_NAMES.get
            for name, value in attrs.items():
                if type(value) is str and (lowered := plain(name) or _plain_name(name)) is not None:
                    out[name if svg else lowered] = value
                else:
                    _set_built_attr(node, sn, attrs, str(name), value, special, stats)
    for name, value in special.items():
        if name in ("rr_width", "rr_height"):
            prop = "width" if name == "rr_width" else "height"
            node.attrs["style"] = set_style_property(node.attrs.get("style", ""), prop, js_string(value))
        elif name == "rr_dataURL" and node.tag == "img":
            node.attrs["rrweb-original-src"] = js_string(
                attrs.get("src") if isinstance(attrs, dict) else None
            )
            node.attrs["src"] = js_string(value)
    if sn.get("isShadowHost"):
        ensure_shadow(node)
    if node.tag == "option":
        forms.init_option(node)
    return node


build_element = _build_element  # the usual element alone (mutate's fast path calls it directly)


def _set_built_attr(
    node: Node,
    sn: dict[str, Any],
    attrs: dict[str, Any],
    name: str,
    value: Any,
    special: dict[str, Any],
    stats: BuildStats,
) -> None:
    tag = node.tag
    if tag == "option" and name == "selected" and value is False:
        return  # legacy recordings
    if value is None:
        return
    if value is True:
        value = ""
    if name.startswith("rr_"):
        special[name] = value
        return
    if isinstance(value, str) and (
        (tag == "textarea" and name == "value") or (tag == "style" and name == "_cssText")
    ):
        text = Node(TEXT, "#text")
        text.text = add_hover_class(value) if name == "_cssText" else value
        node.children = [c for c in node.children if c.kind != TEXT]
        append_child(node, text)
        return
    if tag == "link" and attrs.get("rel") in ("preload", "modulepreload"):
        return
    if (
        tag == "link"
        and attrs.get("rel") == "prefetch"
        and isinstance(attrs.get("href"), str)
        and _extension(attrs["href"]) == "js"
    ):
        return
    if name in ("onload", "onclick") or name[:7] == "onmouse":
        name = "_" + name
    elif tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy" and name == "content":
        name = "csp-content"
    elif tag == "img" and attrs.get("srcset") and attrs.get("rr_dataURL") and name == "srcset":
        name = "rrweb-original-srcset"
    set_attribute(node, name, js_string(value), stats)


def set_attribute(node: Node, name: str, value: str, stats: BuildStats) -> None:
    """`setAttribute` with the DOM's name check and HTML lower-casing."""
    if not name or _BAD_ATTR.search(name):
        stats.bad_attribute(name)
        return
    if not node.svg:
        name = _ascii_lower(name)
    added = name not in node.attrs
    node.attrs[name] = value
    if added:
        forms.after_attribute(node, name, True)


def remove_attribute(node: Node, name: str) -> None:
    if not node.svg:
        name = _ascii_lower(name)
    if node.attrs.pop(name, None) is not None:
        forms.after_attribute(node, name, False)


def _ascii_lower(name: str) -> str:
    if name.isascii():  # the usual case, in C: on ASCII text `lower` changes A-Z only
        return name.lower()
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in name)


def _extension(url: str) -> str | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    match = re.search(r"\.([0-9a-z]+)(?:$)", path.rsplit("/", 1)[-1], re.IGNORECASE)
    return match.group(1).lower() if match else None


AfterAppend = Callable[[Node], None]


@dataclass
class BuildContext:
    """Where a build goes: the id map, the document being built into, and what to call after each
    appended child (used to attach queued iframe documents)."""

    mirror: dict[int, Node]
    stats: BuildStats
    doc: Node | None = None
    after_append: AfterAppend | None = None


def build_with_sn(sn: dict[str, Any], ctx: BuildContext, *, skip_child: bool) -> Node | None:
    """`buildNodeWithSN`: reuse an identical mirrored node, else build and register (and, unless
    `skip_child`, build every descendant too)."""
    root = build_one(sn, ctx)
    if root is None or skip_child or _was_reused(root, sn):
        return root
    stack: list[tuple[Node, dict[str, Any]]] = [(root, sn)]
    while stack:
        node, node_sn = stack.pop()
        if node.kind not in (DOCUMENT, ELEMENT):
            continue
        children = node_sn.get("childNodes")
        if not isinstance(children, list):
            continue
        pending: list[tuple[Node, dict[str, Any]]] = []
        for child_sn in children:
            if not isinstance(child_sn, dict):
                ctx.stats.unbuildable += 1
                continue
            child = build_one(child_sn, ctx)
            if child is None:
                continue
            if not _append_built(node, child, child_sn, ctx):
                continue
            if ctx.after_append is not None:
                ctx.after_append(child)
            if not _was_reused(child, child_sn):
                pending.append((child, child_sn))
        stack.extend(reversed(pending))
    return root


def _was_reused(node: Node, sn: dict[str, Any]) -> bool:
    return node.meta is not sn


def build_one(sn: dict[str, Any], ctx: BuildContext) -> Node | None:
    node_id = sn.get("id")
    if isinstance(node_id, int) and node_id in ctx.mirror:
        existing = ctx.mirror[node_id]
        if meta_equal(existing.meta, sn):
            return existing
    node = build_node(sn, ctx.stats)
    if node is None:
        return None
    root_id = sn.get("rootId")
    if (
        isinstance(root_id, int)
        and root_id
        and ctx.doc is not None
        and ctx.mirror.get(root_id) is not ctx.doc
    ):
        ctx.mirror[root_id] = ctx.doc
    node.id = node_id if isinstance(node_id, int) else None
    node.meta = sn
    if node.id is not None:
        ctx.mirror[node.id] = node
    if node.kind == DOCUMENT:
        ctx.doc = node
    return node


def _append_built(parent: Node, child: Node, child_sn: dict[str, Any], ctx: BuildContext) -> bool:
    target = parent.shadow if child_sn.get("isShadow") and parent.shadow is not None else parent
    try:
        append_child(target, child)
    except DomOpError:
        ctx.stats.hierarchy_errors += 1
        return False
    forms.after_insert(child)
    return True
