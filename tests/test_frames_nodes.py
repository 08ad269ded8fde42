"""The node map: snapshots, mutations, naming elements as of a moment, bounded work."""

from __future__ import annotations

import copy
from typing import Any

from conftest import load_segments
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _check_cache(nodes: NodeMap) -> None:
    # every description still cached must be what describing the node afresh gives
    for nid, info in list(nodes._described.items()):
        assert info == nodes._describe(nid), nid


def test_cached_descriptions_follow_real_mutations() -> None:
    for scenario in ("checkout-failure", "widgets", "long-session"):
        nodes = NodeMap()
        for seg in load_segments(scenario):
            for f in seg:
                data = f.get("data") if isinstance(f.get("data"), dict) else {}
                if f.get("type") == 2:
                    nodes.load_snapshot(data.get("node"))
                elif f.get("type") == 3 and data.get("source") == 0:
                    nodes.apply_mutation(data)
                    _check_cache(nodes)
                elif f.get("type") == 3 and "id" in data:
                    assert nodes.describe(data["id"]) == nodes._describe(data["id"])


_IDS = st.integers(min_value=1, max_value=24)
_NODE = st.one_of(
    st.builds(
        lambda i, t: {"type": 2, "tagName": t, "attributes": {"class": t}, "childNodes": [], "id": i},
        _IDS,
        st.sampled_from(["div", "button", "span"]),
    ),
    st.builds(lambda i, t: {"type": 3, "textContent": t, "id": i}, _IDS, st.sampled_from(["a", " b ", "**"])),
    st.builds(  # a nested tree: the checked path of adds
        lambda i, j: {
            "type": 2,
            "tagName": "p",
            "attributes": {},
            "childNodes": [{"type": 3, "textContent": "n", "id": j}],
            "id": i,
        },
        _IDS,
        _IDS,
    ),
)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_cached_descriptions_follow_random_mutations(data: st.DataObject) -> None:
    nodes = NodeMap()
    nodes.load_snapshot({"type": 0, "childNodes": [], "id": 0})
    nodes.apply_mutation({"adds": [{"parentId": 0, "node": {"type": 2, "tagName": "body", "id": 1}}]})
    for _ in range(data.draw(st.integers(min_value=1, max_value=14))):
        known = sorted(nodes.tag) or [0]
        target = st.one_of(st.sampled_from(known), _IDS)  # mostly nodes that exist
        removed = data.draw(st.lists(st.sampled_from(known), max_size=2))
        mutation = {
            # mostly with the right parent, as the recorder sends them
            "removes": [
                {"parentId": nodes.parent.get(i) if data.draw(st.booleans()) else 1, "id": i} for i in removed
            ],
            "adds": data.draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"parentId": target, "nextId": st.one_of(st.none(), target), "node": _NODE}
                    ),
                    max_size=4,
                )
            ),
            "texts": data.draw(
                st.lists(
                    st.fixed_dictionaries({"id": target, "value": st.sampled_from(["x", "", "***"])}),
                    max_size=2,
                )
            ),
            "attributes": data.draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "id": target,
                            "attributes": st.fixed_dictionaries({"id": st.one_of(st.none(), _IDS.map(str))}),
                        }
                    ),
                    max_size=2,
                )
            ),
        }
        nodes.apply_mutation(mutation)
        _check_cache(nodes)
        for nid in data.draw(st.lists(st.sampled_from(sorted(nodes.tag) or [0]), max_size=4)):
            assert nodes.describe(nid) == nodes._describe(nid)


def test_cached_descriptions_follow_a_move() -> None:
    nodes = NodeMap()
    span = {"type": 2, "tagName": "span", "attributes": {}, "childNodes": [], "id": 3}
    body = {
        "type": 2,
        "tagName": "body",
        "attributes": {},
        "id": 1,
        "childNodes": [
            {"type": 2, "tagName": "div", "attributes": {"id": "a"}, "childNodes": [span], "id": 2},
            {"type": 2, "tagName": "p", "attributes": {}, "childNodes": [], "id": 4},
        ],
    }
    nodes.load_snapshot({"type": 0, "childNodes": [body], "id": 0})
    assert nodes.describe(3) is not None and nodes.describe(3).selector == "body > div#a > span"  # type: ignore[union-attr]
    nodes.apply_mutation({"adds": [{"parentId": 4, "nextId": None, "node": dict(span)}]})  # moved, no remove
    assert nodes.describe(3) == nodes._describe(3)
    assert nodes.describe(3).selector == "body > p > span"  # type: ignore[union-attr]


def test_cached_descriptions_of_removed_nodes_are_dropped() -> None:
    # a node deeper than the ancestors a description reads: only its removal tells the cache
    deep: dict[str, Any] = {"type": 2, "tagName": "b", "attributes": {}, "childNodes": [], "id": 100}
    for depth in range(20):
        deep = {"type": 2, "tagName": "i", "attributes": {}, "childNodes": [deep], "id": 50 + depth}
    body = {"type": 2, "tagName": "body", "attributes": {}, "childNodes": [deep], "id": 1}
    nodes = NodeMap()
    nodes.load_snapshot({"type": 0, "childNodes": [body], "id": 0})
    assert nodes.describe(100) is not None
    nodes.apply_mutation({"removes": [{"parentId": 1, "id": deep["id"]}]})
    assert nodes.describe(100) is None
    again = {"type": 2, "tagName": "em", "attributes": {}, "childNodes": [], "id": 100}
    nodes.apply_mutation({"adds": [{"parentId": 1, "nextId": None, "node": again}]})
    assert nodes.describe(100).tag == "em"  # type: ignore[union-attr]


def _reference_children(adds: list[dict[str, Any]]) -> dict[int, list[int]]:
    """Sibling order by the plain rule (insert before `nextId` when it is a sibling, else append)."""
    children: dict[int, list[int]] = {0: [], 1: []}
    for add in adds:
        pid, node = add["parentId"], add["node"]
        kids = children.setdefault(pid, [])
        nxt = add.get("nextId")
        if nxt in kids:
            kids.insert(kids.index(nxt), node["id"])
        else:
            kids.append(node["id"])
        children.setdefault(node["id"], [])
        for child in node.get("childNodes", []):
            children[node["id"]].append(child["id"])
            children.setdefault(child["id"], [])
    return {k: v for k, v in children.items() if v}


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_sibling_order_of_front_inserts_and_chains(data: st.DataObject) -> None:
    """Later-siblings-first adds (held back and put in front in one go) mixed with appends,
    inserts before an older sibling, unknown `nextId`s and adds carrying a subtree give the order
    of inserting each add where its `nextId` says."""
    nodes = NodeMap()
    nodes.load_snapshot({"type": 0, "childNodes": [], "id": 0})
    base = {"parentId": 0, "node": {"type": 2, "tagName": "body", "id": 1}}
    adds: list[dict[str, Any]] = []
    fresh = 10
    for _ in range(data.draw(st.integers(min_value=1, max_value=40))):
        pid = data.draw(st.sampled_from([1, 1, 1, 2, 3]))
        if pid in (2, 3) and not any(a["node"]["id"] == pid for a in adds):
            pid = 1
        siblings = [a["node"]["id"] for a in adds if a["parentId"] == pid]
        how = data.draw(st.sampled_from(["front", "front", "none", "older", "unknown", "tree"]))
        add: dict[str, Any] = {"parentId": pid, "node": {"type": 2, "tagName": "li", "id": fresh}}
        if how == "front" and adds and adds[-1]["parentId"] == pid:
            add["nextId"] = adds[-1]["node"]["id"]
        elif how == "older" and siblings:
            add["nextId"] = data.draw(st.sampled_from(siblings))
        elif how == "unknown":
            add["nextId"] = 9_999
        elif how == "tree":
            add["node"]["childNodes"] = [{"type": 3, "textContent": "x", "id": fresh + 1}]
            fresh += 1
            if siblings:
                add["nextId"] = siblings[0]
        fresh += 1
        adds.append(add)
        for special in (2, 3):  # parents 2 and 3 appear once, as children of 1
            if fresh == 12 + 4 * special:
                adds.append({"parentId": 1, "node": {"type": 2, "tagName": "ul", "id": special}})
    split = data.draw(st.integers(min_value=0, max_value=len(adds)))
    nodes.apply_mutation({"adds": [base, *adds[:split]]})
    nodes.apply_mutation({"adds": adds[split:]})
    expected = _reference_children(adds)
    got = {k: v for k, v in nodes.children.items() if v and k != 0}
    assert got == expected
