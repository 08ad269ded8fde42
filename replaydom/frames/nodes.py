"""A compact node map built from FullSnapshots and Mutations, for naming what a user touched.

rrweb clicks and inputs carry only node ids. This map follows the recording in stream order (rrweb
frames are in time order inside and across segments) and answers, *as of that moment*, what the
node was: its tag, identifying attributes, a CSS-like selector path and its visible text.

It is deliberately smaller than a DOM (docs/rrweb-model.md §3): per node it keeps the parent id, the
ordered child ids, the tag (`#text`, `#document`, ... for non-elements), a reference to the element's
attribute dict (copied only when a mutation changes it) and the text of text nodes. Mutations are
applied as removes, adds, texts, attributes (the Replayer's order); an add whose parent is not known
yet is retried once the rest of the batch is in, and dropped (counted) if it still has no parent.
Work per lookup is bounded (path depth, text length, nodes visited), so a hostile DOM cannot stall it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .consts import NODE_CDATA, NODE_COMMENT, NODE_DOCTYPE, NODE_DOCUMENT, NODE_ELEMENT, NODE_TEXT

TEXT = "#text"
_NON_ELEMENT_TAG = {
    NODE_DOCUMENT: "#document",
    NODE_DOCTYPE: "#doctype",
    NODE_TEXT: TEXT,
    NODE_CDATA: "#cdata",
    NODE_COMMENT: "#comment",
}
# Text under these elements is not visible text.
_INVISIBLE = frozenset({"style", "script", "noscript", "template", "head", "title"})
_PATH_DEPTH = 5  # Sentry's htmlTreeAsString also stops after five elements.
_ANCESTOR_DEPTH = 12
_TEXT_MAX = 200
_TEXT_VISIT_MAX = 400
_SELECTOR_ATTRS = ("data-testid", "data-test-id", "data-test", "data-sentry-component", "role", "name")
_KEEP_ATTRS = 16
_ATTR_VALUE_MAX = 200
_BUTTON_INPUT_TYPES = frozenset({"submit", "button", "reset"})


def is_masked(text: str | None) -> bool:
    """True when `text` is made only of mask characters (`*`) and whitespace."""
    return bool(text) and "*" in text and not text.replace("*", "").strip()  # type: ignore[union-attr,operator]


@dataclass(frozen=True)
class NodeInfo:
    """What a node was at one moment (an element; a text node is described by its parent)."""

    node_id: int
    tag: str
    selector: str
    text: str | None
    masked: bool
    blocked: bool
    attributes: dict[str, str]
    ancestors: tuple[int, ...]


@dataclass
class TreeStats:
    nodes: int = 0
    masked_texts: int = 0
    blocked: int = 0


@dataclass
class MutationStats:
    adds: int = 0
    removes: int = 0
    texts: int = 0
    attributes: int = 0
    masked_texts: int = 0
    unresolved: int = 0


class NodeMap:
    """The id -> node state of the page being recorded (see module docstring)."""

    def __init__(self) -> None:
        self.parent: dict[int, int | None] = {}
        self.children: dict[int, list[int]] = {}
        self.tag: dict[int, str] = {}
        self.attrs: dict[int, dict[str, Any]] = {}
        self.text: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.tag)

    def reset(self) -> None:
        self.parent.clear()
        self.children.clear()
        self.tag.clear()
        self.attrs.clear()
        self.text.clear()

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
        while stack:
            node, pid = stack.pop()
            if not isinstance(node, dict):
                continue
            nid = node.get("id")
            if type(nid) is not int:
                continue
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
                        stats.blocked += 1
            else:
                tags[nid] = (_NON_ELEMENT_TAG.get(ntype) if type(ntype) is int else None) or "#unknown"
                if ntype == NODE_TEXT:
                    tc = node.get("textContent")
                    if isinstance(tc, str):
                        texts[nid] = tc
                        if "*" in tc and is_masked(tc):
                            stats.masked_texts += 1
            parent[nid] = pid
            stats.nodes += 1
            kids = node.get("childNodes")
            if kids and isinstance(kids, list):
                children[nid] = [k["id"] for k in kids if isinstance(k, dict) and type(k.get("id")) is int]
                stack.extend((k, nid) for k in reversed(kids))
        return root_id

    def apply_mutation(self, data: dict[str, Any]) -> MutationStats:
        """Apply one Mutation payload (removes, adds, texts, attributes) and count what changed."""
        stats = MutationStats()
        removes = data.get("removes")
        if isinstance(removes, list):
            for r in removes:
                if isinstance(r, dict):
                    stats.removes += 1
                    self._remove(r.get("id"))
        adds = data.get("adds")
        if isinstance(adds, list) and adds:
            self._apply_adds(adds, stats)
        texts = data.get("texts")
        if isinstance(texts, list):
            for t in texts:
                if isinstance(t, dict):
                    stats.texts += 1
                    self._set_text(t.get("id"), t.get("value"), stats)
        attributes = data.get("attributes")
        if isinstance(attributes, list):
            for a in attributes:
                if isinstance(a, dict):
                    stats.attributes += 1
                    self._set_attributes(a.get("id"), a.get("attributes"))
        return stats

    def _apply_adds(self, adds: list[Any], stats: MutationStats) -> None:
        pending: list[dict[str, Any]] = []
        tree = TreeStats()
        for add in adds:
            if isinstance(add, dict):
                stats.adds += 1
                if not self._add_one(add, tree):
                    pending.append(add)
        # The recorder emits parents first; anything else waits until the batch is in (bounded).
        for _ in range(3):
            if not pending:
                break
            pending = [a for a in pending if not self._add_one(a, tree)]
        stats.unresolved += len(pending)
        stats.masked_texts += tree.masked_texts

    def _add_one(self, add: dict[str, Any], tree: TreeStats) -> bool:
        pid = add.get("parentId")
        node = add.get("node")
        if type(pid) is not int or pid not in self.tag or not isinstance(node, dict):
            return False
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

    def _remove(self, nid: Any) -> None:
        if type(nid) is not int or nid not in self.tag:
            return
        pid = self.parent.get(nid)
        if pid is not None:
            siblings = self.children.get(pid)
            if siblings is not None and nid in siblings:
                siblings.remove(nid)
        stack = [nid]
        while stack:
            cur = stack.pop()
            self.tag.pop(cur, None)
            self.parent.pop(cur, None)
            self.attrs.pop(cur, None)
            self.text.pop(cur, None)
            kids = self.children.pop(cur, None)
            if kids:
                stack.extend(kids)

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

    # -- reading ----------------------------------------------------------------------------

    def describe(self, nid: Any) -> NodeInfo | None:
        """The element `nid` as of now (a text node is described by its parent), or None."""
        if type(nid) is not int:
            return None
        tag = self.tag.get(nid)
        if tag is None:
            return None
        if tag.startswith("#"):
            parent = self.parent.get(nid)
            if tag != TEXT or parent is None or self.tag.get(parent, "#").startswith("#"):
                return NodeInfo(nid, tag, tag, None, False, False, {}, self.ancestors(nid))
            nid, tag = parent, self.tag[parent]
        attrs = self.attrs.get(nid) or {}
        text = self.visible_text(nid)
        if text is None and tag == "input" and str(attrs.get("type", "")).lower() in _BUTTON_INPUT_TYPES:
            value = attrs.get("value")
            text = value if isinstance(value, str) and value else None
        return NodeInfo(
            node_id=nid,
            tag=tag,
            selector=self.selector(nid),
            text=text,
            masked=is_masked(text),
            blocked="rr_width" in attrs or "rr_height" in attrs,
            attributes=_identifying_attributes(tag, attrs),
            ancestors=self.ancestors(nid),
        )

    def ancestors(self, nid: int) -> tuple[int, ...]:
        """Parent ids, nearest first (a shadow child's parent is its host; bounded depth)."""
        out: list[int] = []
        cur = self.parent.get(nid)
        while cur is not None and len(out) < _ANCESTOR_DEPTH:
            out.append(cur)
            cur = self.parent.get(cur)
        return tuple(out)

    def selector(self, nid: int) -> str:
        """`body > main#view.view > button#buy.primary[role="tab"]`: up to five elements."""
        parts: list[str] = []
        cur: int | None = nid
        steps = 0
        while cur is not None and len(parts) < _PATH_DEPTH and steps < _ANCESTOR_DEPTH:
            steps += 1
            tag = self.tag.get(cur)
            if tag is None or tag == "html":
                break
            if not tag.startswith("#"):
                parts.append(element_selector(tag, self.attrs.get(cur) or {}))
            cur = self.parent.get(cur)
        return " > ".join(reversed(parts))

    def visible_text(self, nid: int) -> str | None:
        """Whitespace-collapsed text of the descendants (bounded), or None when there is none."""
        chunks: list[str] = []
        size = 0
        visited = 0
        stack = list(reversed(self.children.get(nid, ())))
        while stack and size < _TEXT_MAX and visited < _TEXT_VISIT_MAX:
            cur = stack.pop()
            visited += 1
            tag = self.tag.get(cur)
            if tag == TEXT:
                t = self.text.get(cur)
                if t:
                    chunks.append(t)
                    size += len(t)
            elif tag is not None and tag not in _INVISIBLE:
                kids = self.children.get(cur)
                if kids:
                    stack.extend(reversed(kids))
        text = " ".join("".join(chunks).split())
        return text[:_TEXT_MAX] or None


def element_selector(tag: str, attrs: dict[str, Any]) -> str:
    """`tag#id.class1.class2[data-testid="x"][role="tab"]` (plus `[type]` for inputs/buttons)."""
    out = [tag]
    el_id = attrs.get("id")
    if isinstance(el_id, str) and el_id:
        out.append("#" + el_id)
    cls = attrs.get("class")
    if isinstance(cls, str) and cls.strip():
        out.extend("." + c for c in cls.split()[:6])
    for name in _SELECTOR_ATTRS:
        value = attrs.get(name)
        if isinstance(value, str) and value:
            out.append(f'[{name}="{_quote(value)}"]')
    if tag in ("input", "button"):
        value = attrs.get("type")
        if isinstance(value, str) and value:
            out.append(f'[type="{_quote(value)}"]')
    return "".join(out)


def _quote(value: str) -> str:
    return value[:80].replace("\\", "\\\\").replace('"', '\\"')


def _identifying_attributes(tag: str, attrs: dict[str, Any]) -> dict[str, str]:
    """Attributes worth showing (bounded); `value` only for button-like inputs (typed text is not)."""
    out: dict[str, str] = {}
    for name, value in attrs.items():
        if len(out) >= _KEEP_ATTRS:
            break
        if name in ("style", "_cssText") or name.startswith("rr_") or value is None or value is False:
            continue
        if name == "value" and not (
            tag == "input" and str(attrs.get("type", "")).lower() in _BUTTON_INPUT_TYPES
        ):
            continue
        text = "" if value is True else str(value)
        out[name] = text[:_ATTR_VALUE_MAX]
    return out
