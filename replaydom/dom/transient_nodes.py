"""Node-level questions the transient walk (`transients.py`) asks of the tree and of a mutation frame:
which nodes are attached (memoised per instant), what a frame attached, which ids a mutation names,
and what a node keeps across a re-snapshot of the same page."""

from __future__ import annotations

from typing import Any

from .ids import node_id
from .tree import DOCUMENT, SHADOW_ROOT, TEXT, Node, walk


class Attached:
    """`tree.is_attached` for many nodes at one instant, memoised along the parent chains so a frame
    that adds a deep subtree costs O(nodes), not O(nodes x depth)."""

    def __init__(self, doc: Node | None) -> None:
        self.doc = doc
        self.memo: dict[int, bool] = {}

    def __call__(self, node: Node | None) -> bool:
        if node is None or self.doc is None:
            return False
        path: list[Node] = []
        current: Node | None = node
        result = False
        while current is not None:
            known = self.memo.get(id(current))
            if known is not None:
                result = known
                break
            path.append(current)
            if current.kind == DOCUMENT:
                if current is self.doc:
                    result = True
                    break
                host = current.host  # an iframe's document counts while its iframe is attached
                current = host if host is not None and host.content_doc is current else None
            elif current.parent is not None:
                current = current.parent
            else:
                current = current.host if current.kind == SHADOW_ROOT else None
        for item in path:
            self.memo[id(item)] = result
        return result


def dict_items(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def with_subtrees(listed: list[Node], was: set[int]) -> list[Node]:
    """The nodes a frame attached: the listed adds and everything under the tops of what they built
    (an add can carry children, e.g. an iframe's document), minus nodes that were there already."""
    listed_ids = {id(n) for n in listed}
    out: list[Node] = []
    for node in listed:
        parent = node.parent if node.parent is not None else node.host
        if parent is not None and id(parent) in listed_ids:
            continue  # reached from its top below
        out.extend(n for n in walk(node) if n.id is None or n.id not in was)
    return out


def ids_of(data: dict[str, Any], name: str) -> list[int]:
    """The node ids a mutation's `adds`/`removes`/`texts`/`attributes` name (malformed ones left out)."""
    ids = []
    for item in dict_items(data, name):
        raw = item.get("node") if name == "adds" else item
        key = node_id(raw.get("id")) if isinstance(raw, dict) else None
        if key is not None:
            ids.append(key)
    return ids


def signature(node: Node) -> tuple[Any, ...]:
    """What a node keeps across a re-snapshot of the same page."""
    attrs = node.attrs
    return (
        node.kind,
        node.tag,
        attrs.get("id"),
        attrs.get("class"),
        node.text if node.kind == TEXT else None,
    )
