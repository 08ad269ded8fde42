"""`--css SELECTOR` for the list views of `replaydom dom`: which nodes an item must be about.

`--diff A..B --css SEL` keeps the changes inside the elements that match SEL at A or at B (each
matched element and its subtree, shadow roots and iframe documents included): a removed node
inside a match at A, an added one inside a match at B, a changed or moved one inside either; a
transient item when the node that came (or whose text or visibility changed) was inside an element
that matches at A or at B (the same rrweb id) at the moment it appeared. An element that matches
only between A and B is not seen (name it with `--history`, or move A or B).

`--history --css SEL` and `--from/--to --css SEL` resolve the selector to one element, the first
match at one instant (`first_match`), and say how many matched (`CssPick`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NotFoundError
from ..timefmt import format_offset
from .state import DomState
from .tree import Node, walk


def _matches(doc: Node | None, selector: str, offset_ms: float) -> list[Node]:
    """Every match in document order, [] when none (a bad selector raises `UsageError`)."""
    from .at import css_matches  # lazy: lxml's selector engine only when --css is given

    if doc is None:
        return []
    try:
        return css_matches(doc, selector, offset_ms)
    except NotFoundError:
        return []


@dataclass
class Scope:
    """The `--diff` scope of one selector, resolved on the states at A and B (`resolve`)."""

    selector: str
    a_ms: float
    b_ms: float
    roots: set[int] = field(default_factory=set)  # ids of the matched elements, at A or at B
    at_a: set[int] = field(default_factory=set)  # ids inside a match at A
    at_b: set[int] = field(default_factory=set)  # ids inside a match at B
    matched: dict[str, int] = field(default_factory=dict)  # matches at A and at B

    def resolve(self, before: DomState, after: DomState) -> None:
        """Match at A and at B (`before` is read before the walk consumes it); `NotFoundError` when
        nothing matches at either."""
        for name, state, offset, inside in (
            ("a", before, self.a_ms, self.at_a),
            ("b", after, self.b_ms, self.at_b),
        ):
            found = _matches(state.doc, self.selector, offset)
            self.matched[name] = len(found)
            for node in found:
                if node.id is not None:
                    self.roots.add(node.id)
                inside.update(n.id for n in walk(node) if n.id is not None)
        if not self.roots:
            raise NotFoundError(
                f"no element matches {self.selector!r} at A ({format_offset(round(self.a_ms))}) "
                f"nor at B ({format_offset(round(self.b_ms))})"
            )

    def keeps_net(self, item: dict[str, Any]) -> bool:
        key = item.get("nodeId")
        if item.get("change") == "removed":
            return key in self.at_a
        if item.get("change") == "added":
            return key in self.at_b
        return key in self.at_a or key in self.at_b

    def keeps_node(self, node: Node, up: bool = True) -> bool:
        """`node` is a matched element (by id) or inside one, now: one walk up (the transient walk
        asks for the top of each subtree that appears; a node under it takes its answer, or asks
        with `up=False` whether it is a matched element itself)."""
        if not up:
            return node.id is not None and node.id in self.roots
        current: Node | None = node
        while current is not None:
            if current.id is not None and current.id in self.roots:
                return True
            current = current.parent if current.parent is not None else current.host
        return False


@dataclass
class CssPick:
    """`--history --css` / `--from --css`: the element the view is about, of how many matches."""

    selector: str
    node_id: int
    total: int
    node_ids: list[int]
    at_ms: float

    def note(self, view: str) -> str | None:
        if self.total <= 1:
            return None
        others = ", ".join(str(i) for i in self.node_ids[1:6])
        return (
            f"note: {self.total} elements match {self.selector!r} at {format_offset(round(self.at_ms))}; "
            f"{view} is of the first (node {self.node_id}); others: {others}"
            f"{' …' if self.total > 6 else ''} (give its id instead of --css)"
        )


def first_match(instants: Sequence[float], state_of: Callable[[float], DomState], selector: str) -> CssPick:
    """The first match at the first of `instants` (offsets) where the selector matches, the state
    rebuilt only for the instants tried; `NotFoundError` naming them when it matches at none."""
    for offset in instants:
        found = [n for n in _matches(state_of(offset).doc, selector, offset) if n.id is not None]
        if found:
            ids = [n.id for n in found if n.id is not None]
            return CssPick(selector, ids[0], len(found), ids[:20], offset)
    tried = " nor at ".join(format_offset(round(offset)) for offset in instants)
    raise NotFoundError(f"no element matches {selector!r} at {tried}")


def inside_ids(state: DomState, selector: str, offset_ms: float) -> tuple[set[int], set[int]]:
    """(ids of the matched elements, ids of every node inside them) in `state`."""
    roots: set[int] = set()
    inside: set[int] = set()
    for node in _matches(state.doc, selector, offset_ms):
        if node.id is not None:
            roots.add(node.id)
        inside.update(n.id for n in walk(node) if n.id is not None)
    return roots, inside
