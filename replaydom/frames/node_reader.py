"""The reading half of the node map: what a node was, *as of now*, for naming what a user touched.

`NodeState` holds the per-node state (`nodes.NodeMap` keeps it in step with the recording) and
answers `describe(nid)`: the element's tag, identifying attributes, a CSS-like selector path and its
visible text. Work per lookup is bounded (path depth, text length, nodes visited), so a hostile DOM
cannot stall it, and what a lookup computes is cached until it can have changed: the whole answer
until the next change of the map, the selector step and identifying attributes of an element until
its attribute dict is replaced (most changes touch other nodes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from .naming import BUTTON_INPUT_TYPES, element_selector, identifying_attributes, is_masked

__all__ = ["INVISIBLE", "TEXT", "NodeInfo", "NodeState"]

TEXT = "#text"
# Text under these elements is not visible text.
INVISIBLE = frozenset({"style", "script", "noscript", "template", "head", "title"})
_PATH_DEPTH = 5  # Sentry's htmlTreeAsString also stops after five elements.
_ANCESTOR_DEPTH = 12
_TEXT_MAX = 200
_TEXT_VISIT_MAX = 400
_FRAME_DEPTH = 256  # how far up `frame_of` looks for an iframe's document
_FRAME_TAGS = frozenset({"iframe", "frame"})


class NodeInfo(NamedTuple):
    """What a node was at one moment (an element; a text node is described by its parent).

    A named tuple rather than a frozen dataclass: one is built per described node, and a tuple is
    several times cheaper to build.
    """

    node_id: int
    tag: str
    selector: str
    text: str | None
    masked: bool
    blocked: bool
    attributes: dict[str, str]
    ancestors: tuple[int, ...]
    frame_id: int | None = None
    """The iframe element whose document holds the node (None in the top document)."""


class NodeState:
    """The id -> node state (see `nodes.NodeMap` for how it is built) and lookups on it."""

    def __init__(self) -> None:
        self.parent: dict[int, int | None] = {}
        self.children: dict[int, list[int]] = {}
        self.tag: dict[int, str] = {}
        self.attrs: dict[int, dict[str, Any]] = {}
        self.text: dict[int, str] = {}
        # describe() results until a change touches a node they were read from (`_watched`: the
        # node, its ancestors, the nodes its text was collected from). A click arrives as
        # MouseDown, Focus, MouseUp and Click on one node, and most mutations touch other nodes.
        self._described: dict[int, NodeInfo] = {}
        self._watched: set[int] = set()
        # Selector steps and identifying attributes by node, kept across changes: (attribute dict,
        # tag, value). A node's attribute dict is replaced, never edited, when it changes, so the
        # same dict object (and tag) means the same value; most changes touch other nodes.
        self._steps: dict[int, tuple[dict[str, Any], str, str]] = {}
        self._identifying: dict[int, tuple[dict[str, Any], str, dict[str, str]]] = {}

    def __len__(self) -> int:
        return len(self.tag)

    def reset(self) -> None:
        self.parent.clear()
        self.children.clear()
        self.tag.clear()
        self.attrs.clear()
        self.text.clear()
        self._steps.clear()
        self._identifying.clear()
        self.forget()

    def forget(self) -> None:
        """Drop the cached descriptions (the map changed under them)."""
        self._described.clear()
        self._watched.clear()

    def describe(self, nid: Any) -> NodeInfo | None:
        """The element `nid` as of now (a text node is described by its parent), or None."""
        if type(nid) is not int:
            return None
        try:
            return self._described[nid]
        except KeyError:
            pass
        info = self._describe(nid)
        if info is not None:
            self._described[nid] = info
            watched = self._watched
            watched.add(nid)
            watched.add(info.node_id)
            watched.update(info.ancestors)
        return info

    def _describe(self, nid: int) -> NodeInfo | None:
        tag = self.tag.get(nid)
        if tag is None:
            return None
        if tag.startswith("#"):
            parent = self.parent.get(nid)
            if tag != TEXT or parent is None or self.tag.get(parent, "#").startswith("#"):
                return NodeInfo(nid, tag, tag, None, False, False, {}, self.ancestors(nid))
            nid, tag = parent, self.tag[parent]
        attrs = self.attrs.get(nid) or {}
        text = self.visible_text(nid, self._watched)
        if text is None and tag == "input" and str(attrs.get("type", "")).lower() in BUTTON_INPUT_TYPES:
            value = attrs.get("value")
            text = value if isinstance(value, str) and value else None
        return NodeInfo(
            node_id=nid,
            tag=tag,
            selector=self.selector(nid),
            text=text,
            masked=is_masked(text),
            blocked="rr_width" in attrs or "rr_height" in attrs,
            attributes=self._identifying_attributes(nid, tag, attrs),
            ancestors=self.ancestors(nid),
            frame_id=self.frame_of(nid),
        )

    def _identifying_attributes(self, nid: int, tag: str, attrs: dict[str, Any]) -> dict[str, str]:
        """`identifying_attributes` of one element, cached (see `_identifying`)."""
        if not attrs:
            return {}
        cached = self._identifying.get(nid)
        if cached is not None and cached[0] is attrs and cached[1] == tag:
            return cached[2]
        value = identifying_attributes(tag, attrs)
        self._identifying[nid] = (attrs, tag, value)
        return value

    def ancestors(self, nid: int) -> tuple[int, ...]:
        """Parent ids, nearest first (a shadow child's parent is its host; bounded depth)."""
        out: list[int] = []
        cur = self.parent.get(nid)
        while cur is not None and len(out) < _ANCESTOR_DEPTH:
            out.append(cur)
            cur = self.parent.get(cur)
        return tuple(out)

    def frame_of(self, nid: int) -> int | None:
        """The iframe element whose document holds `nid` (the innermost), or None (bounded walk)."""
        tags, parent = self.tag, self.parent
        cur = parent.get(nid)
        for _ in range(_FRAME_DEPTH):
            if cur is None:
                return None
            up = parent.get(cur)
            if tags.get(cur) == "#document" and up is not None and tags.get(up) in _FRAME_TAGS:
                return up
            cur = up
        return None

    def selector(self, nid: int) -> str:
        """`body > main#view.view > button#buy.primary[role="tab"]`: up to five elements.

        A node inside an iframe's document is prefixed with the frame element, Playwright's way:
        `iframe#chat >> body > form > button#send`.
        """
        path = self._path(nid)
        frame = self.frame_of(nid)
        if frame is None:
            return path
        tag = self.tag.get(frame, "iframe")
        return f"{self._step(frame, tag)} >> {path}" if path else self._step(frame, tag)

    def _path(self, nid: int) -> str:
        parts: list[str] = []
        cur: int | None = nid
        steps = 0
        while cur is not None and len(parts) < _PATH_DEPTH and steps < _ANCESTOR_DEPTH:
            steps += 1
            tag = self.tag.get(cur)
            if tag is None or tag == "html":
                break
            if not tag.startswith("#"):
                parts.append(self._step(cur, tag))
            cur = self.parent.get(cur)
        return " > ".join(reversed(parts))

    def _step(self, nid: int, tag: str) -> str:
        """`element_selector` of one element, cached (see `_steps`)."""
        attrs = self.attrs.get(nid)
        if not attrs:
            return tag  # what element_selector gives without attributes
        cached = self._steps.get(nid)
        if cached is not None and cached[0] is attrs and cached[1] == tag:
            return cached[2]
        step = element_selector(tag, attrs)
        self._steps[nid] = (attrs, tag, step)
        return step

    def visible_text(self, nid: int, watch: set[int] | None = None) -> str | None:
        """Whitespace-collapsed text of the descendants (bounded), or None when there is none.

        The nodes read are added to `watch` when given.
        """
        chunks: list[str] = []
        size = 0
        for t in self.texts_under(nid, _TEXT_VISIT_MAX, watch):
            chunks.append(t)
            size += len(t)
            if size >= _TEXT_MAX:
                break
        text = " ".join("".join(chunks).split())
        return text[:_TEXT_MAX] or None

    def texts_under(self, nid: int, max_visits: int, watch: set[int] | None = None) -> Iterator[str]:
        """The non-empty text values under `nid` in document order, skipping invisible elements
        (`INVISIBLE`) and reading at most `max_visits` nodes (added to `watch` when given).

        The one walk behind `visible_text` and the texts of a mutation (`mutation_text`): each joins
        and bounds the values its own way, and stops the walk when it has enough.
        """
        visited = 0
        stack = list(reversed(self.children.get(nid, ())))
        while stack and visited < max_visits:
            cur = stack.pop()
            visited += 1
            if watch is not None:
                watch.add(cur)
            tag = self.tag.get(cur)
            if tag == TEXT:
                t = self.text.get(cur)
                if t:
                    yield t
            elif tag is not None and tag not in INVISIBLE:
                kids = self.children.get(cur)
                if kids:
                    stack.extend(reversed(kids))
