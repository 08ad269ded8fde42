"""lxml output of a reconstructed tree: readable, inert HTML with `data-rr-id` on every element.

Inert means nothing recorded can run or load when the HTML is opened in a browser:
- handler attributes (`on*`, the Replayer's `_on*`) become `data-rr-on*`, a `javascript:` value moves
  to `data-rr-<name>` (an `href` keeps `#`), as in the player's HTML (`canonical.inert_attributes`);
- also renamed here: `srcdoc`, `http-equiv`, and `src`/`data` of iframe/frame/object/embed;
- recorded `<script>` is already `<noscript>` (the Replayer's rule); `</` inside `<style>` text is
  written `<\\/` so CSS text can never close the element. A browser parses `<style>` text as text
  only in HTML context: inside `<svg>` or `<math>` (foreign content) it is markup, and inside
  `<select>` older parsers drop the `<style>` tag and read its text as markup. There, and for a
  style element marked SVG, every `<` of the CSS is written as the CSS escape `\\3c ` (same CSS in
  strings and urls), so the text holds no markup whatever the browser decides;
- comments can neither end early (`--`, a leading `>` or `->`, a trailing `-`) nor hold `</`, which
  would close a raw-text parent such as `<noscript>`, `<textarea>` or an iframe; doctype ids lose
  the quotes and `>` that would end the doctype;
- an open shadow root is a first child `<template shadowrootmode="open">`; an iframe's document is a
  `<template data-rr-document="ID">` child of the iframe (templates never render or run).

Limits: `depth` (levels below the root) and `max_nodes` (elements emitted) cut the output with a
comment saying how many nodes were left out. Attribute names and tags lxml cannot write, and
characters XML forbids, are left out or replaced and counted in `SerializeStats`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from lxml import etree

from .canonical import inert_attributes
from .census import Span, adjacent, span_count
from .forms import live_state
from .tree import COMMENT, DOCTYPE, DOCUMENT, ELEMENT, SHADOW_ROOT, TEXT, Node
from .visibility import HiddenCount

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LXML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_EMBEDS = frozenset({"iframe", "frame", "object", "embed"})
_KEEP_SPACE = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
# libxml2 serializes and frees recursively: deeper output is cut whatever the caller asked.
HARD_DEPTH = 1000
_LIVE_RENAMES = frozenset({"srcdoc", "http-equiv"})
# Elements below which a browser may not read `<style>` text as raw text (see the module docstring).
_NOT_RAW_TEXT = frozenset({"svg", "math", "select"})


@dataclass
class Limits:
    depth: int | None = None
    max_nodes: int | None = None
    style_chars: int | None = None  # longer <style> text is shortened (excerpts only)
    redact: bool = False  # typed values become `<redacted N chars>` (conventions: --redact)
    hide: Callable[[Node], str | None] | None = None  # reason to leave a subtree out (`dom --at`)
    # node id -> value of a `data-rr-clicked` attribute written on that element (`dom --at` at the
    # instant of a click marks the clicked element)
    marks: dict[int, str] = field(default_factory=dict)


@dataclass
class SerializeStats:
    elements: int = 0
    elided: int = 0  # nodes left out by --depth / --max-nodes
    skipped_attributes: list[str] = field(default_factory=list)
    renamed_tags: int = 0
    hidden: HiddenCount = field(default_factory=HiddenCount)  # subtrees left out by `Limits.hide`
    marked: list[int] = field(default_factory=list)  # ids of `Limits.marks` written in the output

    def skip_attribute(self, name: str) -> None:
        if len(self.skipped_attributes) < 20:
            self.skipped_attributes.append(name[:40])


def clean_text(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def style_text(css: str, *, raw_text: bool) -> str:
    """CSS text that cannot become markup: where the browser reads it as raw text (HTML context) only
    `</` must go; elsewhere no `<` may stay (`\\3c ` is the same character to CSS)."""
    return css.replace("</", "<\\/") if raw_text else css.replace("<", "\\3c ")


def comment_text(text: str) -> str:
    """Comment text lxml accepts and no HTML parser ends early: no `--`, no leading `>`/`->`, no
    trailing `-`, and no `</` (which ends a raw-text parent such as `<noscript>` or `<iframe>`)."""
    text = re.sub("-(?=-)", "- ", clean_text(text)).replace("</", "<\\/")
    if text.startswith(">") or text.startswith("->"):
        text = " " + text
    return text + " " if text.endswith("-") else text


def _foreign(node: Node) -> bool:
    """Below this element a browser may not read `<style>` text as raw text."""
    return node.kind == ELEMENT and (node.svg or node.tag.lower() in _NOT_RAW_TEXT)


def _ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent if node.host is None else node.host
    while parent is not None:
        yield parent
        parent = parent.parent if parent.host is None else parent.host


def redaction(text: str) -> str:
    """What `--redact` leaves of typed text: its length."""
    return f"<redacted {len(text)} chars>"


def html_attributes(node: Node, *, redact: bool = False) -> dict[str, str]:
    """The inert attributes written for an element (live form state included as attributes)."""
    attrs = inert_attributes(node.attrs)
    for name in list(attrs):
        if name in _LIVE_RENAMES or (node.tag in _EMBEDS and name in ("src", "data")):
            attrs["data-rr-" + name] = attrs.pop(name)
    state = live_state(node)
    if (
        "value" in state
        and node.tag in ("input", "textarea")
        and state["value"] != node.attrs.get("value", "")
    ):
        attrs["value"] = state["value"]
    if "checked" in state:
        _flag(attrs, "checked", state["checked"])
    if "selected" in state:
        _flag(attrs, "selected", state["selected"])
    if node.tag == "select" and "value" in state:
        attrs["value"] = state["value"]  # the live selection, not the value recorded at snapshot
    if redact and "value" in attrs and node.tag in ("input", "textarea"):
        attrs["value"] = redaction(attrs["value"])
    return attrs


def _flag(attrs: dict[str, str], name: str, on: bool) -> None:
    if on:
        attrs[name] = ""
    else:
        attrs.pop(name, None)


@dataclass
class _Left:
    """Elements left out of the output, whose size is written once counted (`Excerpt.finish`): one
    hidden subtree, or a container's children cut by the limits, as spans of adjacent siblings."""

    comment: etree._Comment
    spans: list[Span]
    reason: str | None = None  # the hidden subtree's reason; None for a cut

    def text(self, count: int) -> str:
        if self.reason is None:
            return f" {count} element(s) not shown "
        child = self.spans[0][0]
        name = child.tag + (f"#{child.attrs['id']}" if child.attrs.get("id") else "")
        ident = f" data-rr-id={child.id}" if child.id is not None else ""
        text = clean_text(f" hidden ({self.reason}): <{name}{ident}>, {count} element(s) not shown ")
        return text.replace("--", "- -")


class _Writer:
    def __init__(self, limits: Limits, stats: SerializeStats) -> None:
        self.limits = limits
        self.stats = stats
        # Subtrees left out, counted after the build (`Excerpt.finish`): `dom --at` counts them
        # in the walk it makes over the whole page anyway (`census.take`), not in walks of their own.
        self.left: list[_Left] = []

    def element(self, node: Node) -> etree._Element:
        tag = node.tag if _LXML_NAME.match(node.tag) else "rr-element"
        if tag.lower() == "script":  # never live, whatever case a hostile recording used
            tag = "noscript"
        if tag != node.tag:
            self.stats.renamed_tags += 1
        el = etree.Element(tag)
        if tag != node.tag:
            el.set("data-rr-tag", clean_text(node.tag))
        for name, value in html_attributes(node, redact=self.limits.redact).items():
            if _LXML_NAME.match(name):
                el.set(name, clean_text(value))
            else:
                self.stats.skip_attribute(name)
        if node.id is not None:
            el.set("data-rr-id", str(node.id))
            mark = self.limits.marks.get(node.id) if self.limits.marks else None
            if mark is not None:
                el.set("data-rr-clicked", clean_text(mark))
                self.stats.marked.append(node.id)
        self.stats.elements += 1
        return el

    def build(self, root: Node) -> etree._Element:
        """The lxml element for `root` (an element) and its subtree, iteratively."""
        top = self.element(root)
        foreign_root = any(_foreign(a) for a in _ancestors(root))
        stack: list[tuple[Node, etree._Element, int, bool]] = [(root, top, 0, foreign_root)]
        while stack:
            node, el, depth, foreign = stack.pop()
            foreign = foreign or _foreign(node)  # for node's children
            pending: list[tuple[Node, etree._Element, int, bool]] = []
            for container, source in self._containers(node, el):
                elided: list[Span] = []
                # Once one element is over the limits every later one of this container is (same
                # depth, no element written any more): the 20,000 rows an excerpt cuts cost a
                # hidden test each and make one span `first` .. `last` (`census.adjacent`).
                cut = False
                first: Node | None = None
                last: Node | None = None
                hide = self.limits.hide
                for child in source:
                    if child.kind == ELEMENT:
                        reason = hide(child) if hide is not None else None
                        if reason is not None:
                            self._hide(child, container, reason)
                            continue
                        if cut or self._over_limit(depth + 1):
                            cut = True
                            if last is None or not (last.next is child or adjacent(last, child)):
                                if first is not None and last is not None:
                                    elided.append((first, last))
                                first = child
                            last = child
                            continue
                    made = self._child(child, container, depth + 1, node, foreign)
                    if made is not None:
                        pending.append((child, made, depth + 1, foreign))
                if first is not None and last is not None:
                    elided.append((first, last))
                if elided:
                    comment = etree.Comment("")  # its text once the elements are counted
                    container.append(comment)
                    self.left.append(_Left(comment, elided))
            stack.extend(reversed(pending))
        return top

    def _containers(self, node: Node, el: etree._Element) -> list[tuple[etree._Element, list[Node]]]:
        out: list[tuple[etree._Element, list[Node]]] = []
        if node.shadow is not None:
            template = etree.SubElement(el, "template")
            template.set("shadowrootmode", "open")
            out.append((template, node.shadow.children))
        if node.content_doc is not None:
            template = etree.SubElement(el, "template")
            template.set("data-rr-document", str(node.content_doc.id))
            out.append((template, [c for c in node.content_doc.children if c.kind == ELEMENT]))
        out.append((el, node.children))
        return out

    def _child(
        self, child: Node, parent_el: etree._Element, depth: int, parent: Node, foreign: bool
    ) -> etree._Element | None:
        if child.kind == TEXT:
            self._text(parent_el, self._text_value(child, parent, foreign))
            return None
        if child.kind == COMMENT:
            parent_el.append(etree.Comment(comment_text(child.text)))
            return None
        if child.kind != ELEMENT:
            return None
        el = self.element(child)
        parent_el.append(el)
        return el

    def _hide(self, child: Node, container: etree._Element, reason: str) -> None:
        """Leave out a hidden subtree, with a comment naming it and how much it held."""
        comment = etree.Comment("")  # its text once the subtree is counted
        container.append(comment)
        self.left.append(_Left(comment, [(child, child)], reason))

    def _over_limit(self, depth: int) -> bool:
        limits = self.limits
        if depth > HARD_DEPTH or (limits.depth is not None and depth > limits.depth):
            return True
        return limits.max_nodes is not None and self.stats.elements >= limits.max_nodes

    def _text_value(self, child: Node, parent: Node, foreign: bool) -> str:
        text = child.text
        if parent.tag.lower() == "style" and parent.kind == ELEMENT:
            limit = self.limits.style_chars
            if limit is not None and len(text) > limit:
                text = text[:limit] + f"/* … {len(child.text) - limit} more characters */"
            text = style_text(text, raw_text=not (foreign or _foreign(parent)))
        elif self.limits.redact and parent.tag == "textarea":
            text = redaction(text)
        return clean_text(text)

    @staticmethod
    def _text(parent_el: etree._Element, text: str) -> None:
        if len(parent_el):
            last = parent_el[-1]
            last.tail = (last.tail or "") + text
        else:
            parent_el.text = (parent_el.text or "") + text


class Excerpt:
    """The output of `root` built in two steps: `Excerpt(root, limits, stats)` builds the lxml tree
    and lists in `spans` the subtrees it left out (hidden or cut by the limits); `finish(counts)`
    writes their element counts (into the comments that stand for them and into the stats), from
    counts the caller already has (`census.take`), the others counted here; then `html()` or
    `element`."""

    def __init__(self, root: Node, limits: Limits | None = None, stats: SerializeStats | None = None) -> None:
        self.root = root
        self._writer = _Writer(limits or Limits(), stats or SerializeStats())
        element = document_element(root) if root.kind in (DOCUMENT, SHADOW_ROOT) else root
        self.element = etree.Element("html") if element is None else self._writer.build(element)
        self.spans: list[Span] = [span for left in self._writer.left for span in left.spans]

    def finish(self, counts: Mapping[Span, int] | None = None) -> None:
        """Write the counts of the left-out subtrees (`counts` of `spans`; missing ones counted
        here), in the order the build met them (the hidden examples keep their order)."""
        known = counts or {}
        stats = self._writer.stats
        for left in self._writer.left:
            total = sum(known[span] if span in known else span_count(span) for span in left.spans)
            left.comment.text = left.text(total)
            if left.reason is None:
                stats.elided += total
            else:
                stats.hidden.add(left.spans[0][0], left.reason, total)
        self._writer.left = []

    def html(self, *, pretty: bool = True) -> str:
        """The serialized output (call `finish` first); a document gets its doctype in front."""
        if pretty:
            indent(self.element)
        body = etree.tostring(self.element, method="html", encoding="unicode")
        root = self.root
        prefix = doctype_of(root) + "\n" if root.kind == DOCUMENT and doctype_of(root) else ""
        return prefix + body.rstrip("\n")


def to_lxml(root: Node, limits: Limits | None = None, stats: SerializeStats | None = None) -> etree._Element:
    """An lxml element for `root` (an element; a document gives its document element)."""
    excerpt = Excerpt(root, limits, stats)
    excerpt.finish()
    return excerpt.element


def shallow_html(
    node: Node,
    *,
    label: str | None,
    text: str | None,
    redact: bool = False,
    marks: dict[int, str] | None = None,
) -> str:
    """One element without its children, with `data-rr-label` and an optional short text (and
    `data-rr-clicked` when `marks` names it, as in a full excerpt: see `Limits.marks`)."""
    writer = _Writer(Limits(redact=redact, marks=marks or {}), SerializeStats())
    element = writer.element(node)
    if label:
        element.set("data-rr-label", clean_text(label))
    if text:
        # an excerpt has no context: style text is written for the strictest one
        raw = element.tag.lower() != "style"
        element.text = clean_text(text) if raw else style_text(clean_text(text), raw_text=False)
    return etree.tostring(element, method="html", encoding="unicode")


def indent(root: etree._Element, space: str = "  ") -> None:
    """`etree.indent`, iteratively (lxml's recursion crashes on deep trees); whitespace-only text is
    replaced, other text is kept, and whitespace-sensitive elements are left alone."""
    stack: list[tuple[etree._Element, int]] = [(root, 0)]
    while stack:
        element, level = stack.pop()
        children = list(element)
        if not children or (isinstance(element.tag, str) and element.tag in _KEEP_SPACE):
            continue
        inner = "\n" + space * (level + 1)
        if not element.text or not element.text.strip():
            element.text = inner
        for child in children:
            if not child.tail or not child.tail.strip():
                child.tail = inner
        last = children[-1]
        if not last.tail or not last.tail.strip():
            last.tail = "\n" + space * level
        stack.extend((c, level + 1) for c in children if isinstance(c.tag, str))


def document_element(doc: Node) -> Node | None:
    return next((c for c in doc.children if c.kind == ELEMENT), None)


def doctype_of(doc: Node) -> str:
    dt = next((c for c in doc.children if c.kind == DOCTYPE), None)
    if dt is None:
        return ""
    # A quote or `>` inside an id would end the doctype early and start markup.
    public, system = (re.sub("[\"'<>]", "", dt.attrs.get(k, "")) for k in ("publicId", "systemId"))
    ident = f' PUBLIC "{public}"' if public else ""
    ident += f' "{system}"' if system and public else f' SYSTEM "{system}"' if system else ""
    name = re.sub(r"[^\w.\-:]", "", dt.tag) or "html"
    return f"<!DOCTYPE {name}{clean_text(ident)}>"


def to_html(
    root: Node, limits: Limits | None = None, stats: SerializeStats | None = None, *, pretty: bool = True
) -> str:
    """Serialize `root`; a document gets its doctype in front."""
    excerpt = Excerpt(root, limits, stats)
    excerpt.finish()
    return excerpt.html(pretty=pretty)
