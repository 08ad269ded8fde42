"""What a person sees in a rebuilt document: error messages near a form, empty search results.

Pure functions over the `replaydom.dom` node tree returned by `DomProbe.at`. They only read
what the recording captured; masked text (all `*`) is never matched as an error or empty state,
and hidden elements (`hidden`, `display:none`, `visibility:hidden`, `aria-hidden=true`, or an
ancestor with one of them) show nothing.

Error-looking messages (the rejected-submit rule): text in an element with `role=alert` or
`aria-live=assertive`; the `aria-describedby` targets of an input with `aria-invalid=true` (or
"<field> marked invalid" when it has none); text in an element whose class or id has an
`error`/`invalid`/`danger`/`alert` token; a form-level status line (`role=status`,
`aria-live=polite`, `<output>`) whose text reads like an error. Empty results (the dead-end search
rule): a visible element whose text says so ("No results", "No articles match ...", "0 items",
"Nothing found"), or a results region that had items before the search and has none after.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...dom.nodes import attached_index, visible_text
from ...dom.tree import ELEMENT, TEXT, Node, walk
from ..evutil import is_masked

_MAX_MESSAGE = 200
_ERROR_TOKEN = re.compile(
    r"(?:^|[-_\s])(?:error|errors|invalid|danger|alert|has-error|is-invalid)(?:[-_\s]|$)", re.I
)
_ERROR_WORDS = re.compile(
    r"\b(?:error|invalid|failed|fail|required|must|incorrect|wrong|try again|not valid|"
    r"too (?:short|long)|already (?:taken|in use|exists)|unable|cannot|can't|doesn't match|do not match)\b",
    re.I,
)
_EMPTY = re.compile(
    r"\bno\s+(?:\w+\s+){0,3}?(?:results?|matches|items?|products?|articles?|entries|records|hits|"
    r"documents?|pages?|posts?|users?|found)\b"
    r"|\bno\s+\w+(?:\s+\w+)?\s+match(?:es|ed)?\b"
    r"|\b(?:0|zero)\s+(?:\w+\s+)?(?:results?|matches|items?|products?|articles?|hits|records)\b"
    r"|\bnothing\s+(?:found|matched|matches|to show|here)\b"
    r"|\b(?:did\s*n[o']?t|does\s*n[o']?t|do\s+not|did\s+not)\s+match\b"
    r"|\bcould\s*n[o']?t\s+find\b|\bnot\s+find\s+any",
    re.I,
)
_RESULTS_NAME = re.compile(r"result|search|product|item|list|grid|hits|catalog|articles|entries", re.I)
_LIST_ROLES = frozenset({"list", "listbox", "grid", "feed", "table", "rowgroup", "region", "tree"})
_CONTROL_TAGS = frozenset({"input", "select", "textarea", "button"})


def _hides(node: Node) -> bool:
    if node.kind != ELEMENT:
        return False
    attrs = node.attrs
    style = attrs.get("style", "").replace(" ", "").lower()
    return (
        "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def is_hidden(node: Node) -> bool:
    """True when the node or an ancestor is hidden by attribute or inline style."""
    return Hidden()(node)


class Hidden:
    """`is_hidden` for many nodes of one document: each answer is kept, so a climb stops at the
    first ancestor already known and a whole page costs one pass, not one climb per node (which
    was quadratic in the page's depth)."""

    def __init__(self) -> None:
        self._known: dict[Node, bool] = {}

    def __call__(self, node: Node) -> bool:
        path: list[Node] = []
        current: Node | None = node
        result = False
        while current is not None:
            known = self._known.get(current)
            if known is not None:
                result = known
                break
            path.append(current)
            if _hides(current):
                result = True
                break
            current = current.parent if current.parent is not None else current.host
        for item in path:
            self._known[item] = result
        return result


def node_by_id(doc: Node, node_id: int | None) -> Node | None:
    return attached_index(doc).get(node_id) if node_id is not None else None


def form_of(node: Node | None) -> Node | None:
    """The nearest `<form>` (or `role=form`) ancestor of a node."""
    current = node
    while current is not None:
        if current.kind == ELEMENT and (current.tag == "form" or current.attrs.get("role") == "form"):
            return current
        current = current.parent
    return None


def text_of(node: Node) -> str:
    """Visible text of a node, empty when it is masked."""
    text = visible_text(node)
    return "" if is_masked(text) else text


def _elements(root: Node) -> Iterator[Node]:
    for node in walk(root):
        if node.kind == ELEMENT:
            yield node


def _name(node: Node) -> str:
    for attr in ("aria-label", "name", "id", "placeholder"):
        value = node.attrs.get(attr)
        if value and not is_masked(value):
            return value
    return node.tag


def error_messages(doc: Node, scope: Node | None = None) -> list[str]:
    """Error-looking messages shown in `scope` (default the whole document) plus every visible
    alert of the document, deduplicated, in document order."""
    found: list[str] = []
    # id -> element, built by the pass over the document that looks for alerts: the only use of
    # it (an invalid field's description) comes after, and a second walk of a 100k-node page
    # for it was a third of this function's time on the hour-long replay
    ids: dict[str, Node] = {}
    is_hidden = Hidden()
    controlled: set[Node] | None = None  # elements with a control below them, found once

    def add(text: str) -> None:
        text = " ".join(text.split())
        if text and len(text) <= _MAX_MESSAGE and text not in found:
            found.append(text)

    for node in _elements(doc):
        attrs = node.attrs
        if not attrs:
            continue
        key = attrs.get("id")
        if key:
            ids[key] = node  # the last element with that id, as before
        if (attrs.get("role") == "alert" or attrs.get("aria-live") == "assertive") and not is_hidden(node):
            add(text_of(node))
    for node in _elements(scope or doc):
        attrs = node.attrs
        if is_hidden(node):
            continue
        if attrs.get("aria-invalid") == "true":
            targets = [ids[t] for t in attrs.get("aria-describedby", "").split() if t in ids]
            texts = [text_of(t) for t in targets if not is_hidden(t)]
            for text in texts:
                add(text)
            if not any(texts):
                add(f"{_name(node)} marked invalid")
        elif _ERROR_TOKEN.search(attrs.get("class", "") + " " + attrs.get("id", "")):
            if controlled is None:
                controlled = _subtree_facts(scope or doc)[0]
            if node not in controlled:
                add(text_of(node))
        elif attrs.get("role") == "status" or attrs.get("aria-live") == "polite" or node.tag == "output":
            text = text_of(node)
            if _ERROR_WORDS.search(text):
                add(text)
    return found


def empty_state_text(doc: Node) -> str | None:
    """The deepest visible text saying a list or search came back empty, if any.

    One bottom-up pass first finds, per element, whether a control lies below it and how many
    non-space characters its visible text has (at least that long once whitespace is squashed):
    the many containers too long to be a message are skipped without building their text, which
    made this quadratic in the page's depth.
    """
    controlled, chars = _subtree_facts(doc)
    is_hidden = Hidden()
    texts: dict[Node, str] = {}
    best: str | None = None
    for node in _elements(doc):
        if node.tag in _HIDING_TAGS or node in controlled or not 0 < chars.get(node, 0) <= _MAX_MESSAGE:
            continue  # no visible character (no text), or too long to be a message
        text = _chain_text(node, texts)
        if not text or len(text) > _MAX_MESSAGE or not _EMPTY.search(text) or is_hidden(node):
            continue
        best = text  # pre-order: a later match is nested or after; keep the deepest/last
    return best


_HIDING_TAGS = frozenset({"script", "style", "template", "noscript"})


def _chain_text(node: Node, texts: dict[Node, str]) -> str:
    """`text_of(node)`, shared along a chain of wrappers: an element whose only light child is an
    element shows that child's text (a 2,000-level nesting is read once, not once per level)."""
    chain: list[Node] = []
    current = node
    while current not in texts:
        chain.append(current)
        only = current.first
        if only is None or only is not current.last or only.kind != ELEMENT or current.tag in _HIDING_TAGS:
            texts[current] = text_of(current)
            break
        current = only
    text = texts[current]
    for item in chain:
        texts[item] = text
    return text


def _subtree_facts(doc: Node) -> tuple[set[Node], dict[Node, int]]:
    """Elements with a control below them (in the composed tree), and each
    element's count of non-space characters of its visible text (light DOM, text under
    script/style/template/noscript left out, as `visible_text`)."""
    order: list[tuple[Node, Node | None, bool]] = []  # (node, composed parent, light child?)
    stack: list[tuple[Node, Node | None, bool]] = [(doc, None, False)]
    while stack:
        item = stack.pop()
        order.append(item)
        current = item[0]
        stack.extend((c, current, True) for c in reversed(current.children))
        if current.shadow is not None:
            stack.extend((c, current, False) for c in reversed(current.shadow.children))
        if current.content_doc is not None:
            stack.append((current.content_doc, current, False))
    controlled: set[Node] = set()
    chars: dict[Node, int] = {}
    for node, parent, light in reversed(order):  # children before their parents
        if node.kind == TEXT:
            own = sum(map(len, (node.text or "").split()))
        elif node.kind == ELEMENT and node.tag in _HIDING_TAGS:
            own = 0
        else:
            own = chars.get(node, 0)
        if parent is None:
            continue
        if node in controlled or (node.kind == ELEMENT and node.tag in _CONTROL_TAGS):
            controlled.add(parent)
        if light and own:
            chars[parent] = chars.get(parent, 0) + own
    return controlled, chars


def results_regions(doc: Node) -> dict[int, int]:
    """Likely results containers (by id, class, aria-label or list role) -> element children shown."""
    out: dict[int, int] = {}
    is_hidden = Hidden()
    for node in _elements(doc):
        if node.id is None:
            continue
        attrs = node.attrs
        named = _RESULTS_NAME.search(
            " ".join((attrs.get("id", ""), attrs.get("class", ""), attrs.get("aria-label", "")))
        )
        if not named and attrs.get("role") not in _LIST_ROLES and node.tag not in ("ul", "ol", "tbody"):
            continue
        shown = [c for c in node.children if c.kind == ELEMENT and not is_hidden(c)]
        out[node.id] = 0 if is_hidden(node) else len(shown)
    return out


def emptied_regions(before: dict[int, int], after: dict[int, int]) -> list[int]:
    """Results containers that showed items before and none after."""
    return [key for key, count in after.items() if count == 0 and before.get(key, 0) > 0]
