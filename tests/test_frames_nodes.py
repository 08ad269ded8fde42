"""The node map: snapshots, mutations, naming elements as of a moment, bounded work."""

from __future__ import annotations

import copy
from typing import Any

from conftest import load_segments

from replaydom.frames.nodes import NodeMap, element_selector, is_masked


def snapshot(scenario: str, nth: int = 0) -> tuple[int, int, dict[str, Any]]:
    found = [
        (s, i, f)
        for s, seg in enumerate(load_segments(scenario))
        for i, f in enumerate(seg)
        if f.get("type") == 2
    ]
    return found[nth]


def ids(node: dict[str, Any]) -> list[int]:
    out = [node["id"]]
    for child in node.get("childNodes", []):
        out += ids(child)
    return out


def by_attr(nodes: NodeMap, name: str, value: str) -> int:
    return next(nid for nid, attrs in nodes.attrs.items() if attrs.get(name) == value)


def loaded(scenario: str, upto_mutations: int = 0) -> NodeMap:
    seg, idx, snap = snapshot(scenario)
    nodes = NodeMap()
    nodes.load_snapshot(snap["data"]["node"])
    frames = load_segments(scenario)[seg][idx + 1 :]
    applied = 0
    for f in frames:
        if applied >= upto_mutations:
            break
        if f.get("type") == 3 and f["data"].get("source") == 0:
            nodes.apply_mutation(f["data"])
            applied += 1
    return nodes


def test_snapshot_registers_every_node() -> None:
    _, _, snap = snapshot("checkout-failure")
    nodes = NodeMap()
    stats = nodes.load_snapshot(snap["data"]["node"])
    assert stats.nodes == len(nodes) == len(ids(snap["data"]["node"]))


def test_mutation_adds_are_named_with_selector_and_text() -> None:
    nodes = loaded("checkout-failure", upto_mutations=1)  # the product grid arrives by mutation
    info = nodes.describe(by_attr(nodes, "id", "add-p1"))
    assert info is not None
    assert info.tag == "button" and info.text == "Add to cart" and not info.masked
    assert info.selector.endswith('article.product > button#add-p1.add-to-cart[type="button"]')
    assert info.attributes["data-id"] == "p1"


def test_removed_subtrees_are_forgotten() -> None:
    nodes = loaded("checkout-failure")
    seg, idx, _ = snapshot("checkout-failure")
    mutation = next(f for f in load_segments("checkout-failure")[seg][idx + 1 :] if f.get("type") == 3)
    removed = [r["id"] for r in mutation["data"]["removes"]]
    assert all(nodes.describe(r) is not None for r in removed)
    stats = nodes.apply_mutation(mutation["data"])
    assert stats.removes == len(removed) and stats.adds == len(mutation["data"]["adds"])
    assert all(nodes.describe(r) is None for r in removed)


def test_masked_text_and_blocked_elements() -> None:
    nodes = loaded("masked-default", upto_mutations=1)
    info = nodes.describe(by_attr(nodes, "id", "add-p1"))
    assert info is not None and info.masked and info.text is not None and set(info.text) <= {"*", " "}
    blocked = [nid for nid, a in nodes.attrs.items() if "rr_width" in a]
    assert blocked and all(nodes.describe(b).blocked for b in blocked)  # type: ignore[union-attr]
    assert is_masked("*** **") and not is_masked("a**") and not is_masked("") and not is_masked(None)


def test_attribute_mutations_do_not_touch_the_parsed_snapshot() -> None:
    _, _, snap = snapshot("checkout-failure")
    original = copy.deepcopy(snap)
    nodes = NodeMap()
    nodes.load_snapshot(snap["data"]["node"])
    target = by_attr(nodes, "id", "nav-about")
    nodes.apply_mutation({"attributes": [{"id": target, "attributes": {"class": "active", "id": None}}]})
    assert snap == original
    assert nodes.describe(target).selector.endswith("a.active")  # type: ignore[union-attr]


def test_hostile_trees_are_bounded() -> None:
    _, _, snap = snapshot("checkout-failure")
    leaf = copy.deepcopy(snap["data"]["node"]["childNodes"][1])  # the <html> element
    deep: dict[str, Any] = {"type": 3, "textContent": "x" * 10_000, "id": 900_000}
    for depth in range(20_000):  # far deeper than any recursion limit
        deep = {"type": 2, "tagName": "div", "attributes": {}, "childNodes": [deep], "id": 800_000 - depth}
    leaf["childNodes"].append(deep)
    nodes = NodeMap()
    stats = nodes.load_snapshot({"type": 0, "childNodes": [leaf], "id": 1})
    assert stats.nodes > 20_000
    info = nodes.describe(900_000)
    assert info is not None and len(info.text or "") <= 200 and info.selector.count(">") <= 4
    stats2 = nodes.apply_mutation(
        {
            "adds": [
                {"parentId": 123_456_789, "nextId": None, "node": {"type": 3, "textContent": "?", "id": 5}}
            ]
        }
    )
    assert stats2.unresolved == 1


def test_element_selector_shape() -> None:
    attrs = {"id": "buy", "class": "btn  primary", "data-testid": 'x"y', "role": "tab", "type": "submit"}
    assert (
        element_selector("button", attrs)
        == 'button#buy.btn.primary[data-testid="x\\"y"][role="tab"][type="submit"]'
    )
