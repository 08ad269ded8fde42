"""Rebuild rules for single nodes (rrweb-model.md §3.1), on nodes taken from real snapshots.

Synthetic variants are copies of real serialized nodes with one thing changed (a tag, an attribute),
never hand-written shapes.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from test_dom_golden import source

from replaydom.dom.build import BuildContext, BuildStats, build_node, build_with_sn
from replaydom.dom.canonical import canonical, inert_attributes
from replaydom.dom.tree import ELEMENT, TEXT


def serialized_nodes(scenario: str) -> Iterator[dict[str, Any]]:
    """Every serialized node of the scenario's first FullSnapshot, depth first."""
    frame = next(f for f in source(scenario).timeline.frames if f.type == 2)
    stack = [frame.data["node"]]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("childNodes", [])))


def real(scenario: str, tag: str, **attrs: Any) -> dict[str, Any]:
    """A deep copy of the first real element with that tag (and those attribute keys)."""
    for node in serialized_nodes(scenario):
        if node.get("tagName") == tag and all(k in node.get("attributes", {}) for k in attrs):
            return copy.deepcopy(node)
    raise AssertionError(f"no <{tag}> in {scenario}")


def build(sn: dict[str, Any]) -> Any:
    node = build_node(sn, BuildStats())
    assert node is not None
    return node


def test_an_inlined_stylesheet_link_becomes_a_style_with_unnumbered_css() -> None:
    link = real("checkout-failure", "link", _cssText=True)
    node = build(link)
    assert node.tag == "style" and node.attrs == {}
    (text,) = node.children
    assert text.kind == TEXT and text.id is None and text.text == link["attributes"]["_cssText"]


def test_script_becomes_noscript_and_svg_names_get_their_case_back() -> None:
    button = real("checkout-failure", "button")
    assert build({**button, "tagName": "script"}).tag == "noscript"
    svg = real("widgets", "svg")
    node = build({**svg, "tagName": "lineargradient", "isSVG": True})
    assert (node.tag, node.svg) == ("linearGradient", True)
    assert build({**button, "tagName": "lineargradient"}).tag == "lineargradient"  # HTML: lower case


def test_attribute_rules() -> None:
    button = real("checkout-failure", "button")
    attrs = {
        **button["attributes"],
        "onclick": "steal()",
        "onmouseover": "x()",
        "onfocus": "y()",
        "disabled": True,
        "title": None,
        "Data-Mixed": "v",
    }
    node = build({**button, "attributes": attrs})
    assert node.attrs["_onclick"] == "steal()" and node.attrs["_onmouseover"] == "x()"
    assert node.attrs["onfocus"] == "y()"  # the Replayer renames only onclick/onload/onmouse*
    assert node.attrs["disabled"] == "" and "title" not in node.attrs and node.attrs["data-mixed"] == "v"
    inert = inert_attributes(node.attrs)
    assert {"data-rr-onclick", "data-rr-onmouseover", "data-rr-onfocus"} <= set(inert)
    assert not any(name.startswith(("on", "_on")) for name in inert)


def test_special_elements() -> None:
    meta = real("checkout-failure", "meta")
    csp = build(
        {**meta, "attributes": {"http-equiv": "Content-Security-Policy", "content": "default-src 'none'"}}
    )
    assert csp.attrs == {"http-equiv": "Content-Security-Policy", "csp-content": "default-src 'none'"}
    link = real("checkout-failure", "link", _cssText=True)
    preload = build({**link, "attributes": {"rel": "preload", "href": "https://x/a.js", "as": "script"}})
    assert preload.tag == "link" and preload.attrs == {}
    button = real("checkout-failure", "button")
    textarea = build({**button, "tagName": "textarea", "attributes": {"value": "typed\ntext", "rows": "3"}})
    assert textarea.attrs == {"rows": "3"} and [c.text for c in textarea.children] == ["typed\ntext"]


def test_blocked_placeholders_keep_their_size_as_inline_style() -> None:
    blocked = next(n for n in serialized_nodes("widgets") if "rr_width" in n.get("attributes", {}))
    node = build(blocked)
    width, height = blocked["attributes"]["rr_width"], blocked["attributes"]["rr_height"]
    assert node.attrs["style"] == f"width: {width}; height: {height};"
    assert not any(name.startswith("rr_") for name in node.attrs)


def test_invalid_attribute_names_are_counted_not_fatal() -> None:
    button = real("checkout-failure", "button")
    stats = BuildStats()
    node = build_node(
        {**button, "attributes": {**button["attributes"], "a b": "1", "x=y": "2", "@click": "go"}}, stats
    )
    assert node is not None and "@click" in node.attrs
    assert stats.invalid_attributes == 2 and stats.invalid_attribute_examples == ["a b", "x=y"]


def test_an_identical_node_is_reused_children_and_all() -> None:
    frame = next(f for f in source("checkout-failure").timeline.frames if f.type == 2)
    mirror: dict[int, Any] = {}
    doc = build_with_sn(frame.data["node"], BuildContext(mirror, BuildStats()), skip_child=False)
    body = next(n for n in mirror.values() if n.kind == ELEMENT and n.tag == "body")
    before = canonical(body)
    again = build_with_sn(copy.deepcopy(body.meta), BuildContext(mirror, BuildStats()), skip_child=True)
    assert again is body and canonical(body) == before
    changed = {**copy.deepcopy(body.meta), "attributes": {"data-page": "other"}}
    fresh = build_with_sn(changed, BuildContext(mirror, BuildStats()), skip_child=True)
    assert fresh is not body and mirror[body.id] is fresh and fresh.children == []
    assert doc is not None and canonical(doc) is not None
