"""A Mutation frame's texts and attributes, applied as the Replayer's `applyMutation` does after
its removes and adds (rrweb-model.md §3.2-3.5): texts last value per id wins, then attributes
(`_cssText` rebuilds a stylesheet node from its stored meta; a style object patches declarations).
"""

from __future__ import annotations

from typing import Any

from .build import BuildContext, build_with_sn, remove_attribute, set_attribute
from .css import js_string, patch_style
from .ids import lookup, node_id
from .state import DomState, Frame
from .tree import DOCUMENT, ELEMENT, TEXT, DomOpError, Node, append_child, insert_before, remove_child


def items_of(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The dict items of a mutation's list (`removes`, `adds`, `texts`, `attributes`)."""
    value = data.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def apply_texts(state: DomState, data: dict[str, Any], removed: set[int]) -> None:
    seen: set[int | None] = set()
    for item in reversed(items_of(data, "texts")):
        key = node_id(item.get("id"))
        if key in seen:
            continue
        seen.add(key)
        target = lookup(state.mirror, key)
        if target is None:
            if key not in removed:
                state.report.missing["texts"] += 1
            continue
        value = item.get("value")
        text = "" if value is None else value if isinstance(value, str) else js_string(value)
        if target.kind == ELEMENT:
            for child in target.children:
                child.parent = None
            target.children = []
            node = Node(TEXT, "#text")
            node.text = text
            append_child(target, node)
        elif target.kind != DOCUMENT:
            target.text = text


def apply_attributes(state: DomState, data: dict[str, Any], removed: set[int], frame: Frame | None) -> None:
    for item in items_of(data, "attributes"):
        key = node_id(item.get("id"))
        target = lookup(state.mirror, key)
        if target is None:
            if key not in removed:
                state.report.missing["attributes"] += 1
            continue
        changes = item.get("attributes")
        if isinstance(changes, dict):
            _apply_attributes(state, target, changes)


def _apply_attributes(state: DomState, target: Node, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if value is None:
            if target.kind != ELEMENT:
                raise DomOpError("removeAttribute on a non-element")
            remove_attribute(target, name)
        elif isinstance(value, str):
            if (
                name == "_cssText"
                and target.kind == ELEMENT
                and target.tag in ("link", "style")
                and _rebuild_stylesheet(state, target, changes)
            ):
                break
            if target.kind == ELEMENT:
                set_attribute(target, name, value, state.stats)
            elif target.kind != TEXT:
                raise DomOpError("setAttribute on a non-element")
        elif name == "style" and isinstance(value, dict) and value:
            if target.kind != ELEMENT:
                raise DomOpError("style patch on a non-element")
            style = patch_style(target.attrs.get("style", ""), value)
            set_attribute(target, "style", style, state.stats)


def _rebuild_stylesheet(state: DomState, target: Node, changes: dict[str, Any]) -> bool:
    """A `_cssText` change swaps in a node rebuilt from the stored meta plus the new attributes."""
    meta = target.meta
    parent = target.parent
    if not meta or parent is None:
        return False
    raw = meta.get("attributes")
    attrs: dict[str, Any] = raw if isinstance(raw, dict) else {}
    merged = {**meta, "attributes": {**attrs, **changes}}
    ctx = BuildContext(state.mirror, state.stats, doc=target.attached_document())
    rebuilt = build_with_sn(merged, ctx, skip_child=True)
    if rebuilt is None:
        return False
    sibling = target.next if target.parent is not None else None
    remove_child(parent, target)
    insert_before(parent, rebuilt, sibling)
    if target.id is not None:
        state.mirror[target.id] = rebuilt
    return True
