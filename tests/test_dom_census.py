"""`census.take`: the one walk of `dom --at` over the page gives what the separate walks gave.

On the tree of every shared recording at spaced instants it is checked against plain `tree.walk`
reference code (the fidelity facts in walk order, and element counts per subtree); spans of
adjacent siblings count their subtrees together; the excerpt, whose left-out subtrees are counted
in the census walk, prints what counting them one by one prints, and every element under its root
is either written, cut (counted) or hidden (counted).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_dom_golden import source

from replaydom.dom import census
from replaydom.dom.census import Span, adjacent, span_count
from replaydom.dom.forms import live_state, options_of
from replaydom.dom.serialize import Excerpt, Limits, SerializeStats, document_element
from replaydom.dom.tree import ELEMENT, TEXT, Node, append_child, walk
from replaydom.dom.visibility import hidden_reason

SCENARIOS = ["checkout-failure", "long-session", "masked-default", "slow-and-idle", "widgets"]


def _documents(scenario: str) -> Iterator[Node]:
    """The page at 6 evenly spaced instants of the recording (those with a document)."""
    src = source(scenario)
    end = src.ends_at() or 0
    for step in range(6):
        state = src.timeline.state_at(src.instant(end * step / 5))
        if state.doc is not None:
            yield state.doc


def _elements(node: Node) -> int:
    return sum(1 for n in walk(node) if n.kind == ELEMENT)


def _reference(doc: Node) -> dict[str, Any]:
    """What the fidelity report read in its own `tree.walk` before the census (plain code)."""
    out: dict[str, Any] = {"elements": 0, "texts": 0, "inputs": 0, "examples": [], "blocked": []}
    out.update(iframes=[], multi=[])
    for node in walk(doc):
        if node.kind == TEXT and census.is_masked(node.text):
            out["texts"] += 1
            if node.parent is not None and node.parent.id is not None and len(out["examples"]) < 10:
                out["examples"].append(node.parent.id)
        if node.kind != ELEMENT:
            continue
        out["elements"] += 1
        value = live_state(node).get("value") if node.tag in ("input", "textarea", "select") else None
        out["inputs"] += isinstance(value, str) and census.is_masked(value)
        if node.tag == "select" and "multiple" in node.attrs and any(o.sel_dirty for o in options_of(node)):
            out["multi"].append(node.id)
        attrs = (node.meta or {}).get("attributes")
        if isinstance(attrs, dict) and ("rr_width" in attrs or "rr_height" in attrs):
            size = {"width": attrs.get("rr_width"), "height": attrs.get("rr_height")}
            out["blocked"].append({"nodeId": node.id, "tag": node.tag, **size})
        if node.tag == "iframe" and node.content_doc is None and node.id is not None:
            out["iframes"].append(node.id)
    return out


def _spans(doc: Node) -> list[Span]:
    """Every element alone, and each run of adjacent element siblings as one span."""
    spans: list[Span] = []
    for parent in walk(doc):
        run: list[Node] = []
        containers = [parent.children] + ([parent.shadow.children] if parent.shadow is not None else [])
        for kids in containers:
            for child in (c for c in kids if c.kind == ELEMENT):
                spans.append((child, child))
                if run and not adjacent(run[-1], child):
                    spans.append((run[0], run[-1]))
                    run = []
                run.append(child)
            if run:
                spans.append((run[0], run[-1]))
                run = []
    return spans


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_census_reads_what_a_plain_walk_reads(scenario: str) -> None:
    for doc in _documents(scenario):
        found = census.take(doc)
        expected = _reference(doc)
        assert (found.elements, found.masked_texts, found.masked_inputs) == (
            expected["elements"],
            expected["texts"],
            expected["inputs"],
        )
        assert found.example_parents == expected["examples"]
        assert found.blocked == expected["blocked"]
        assert found.iframes_without_document == expected["iframes"]
        assert found.multi_selects_changed == expected["multi"]
        assert found.counts == {}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_spans_are_counted_in_the_same_walk(scenario: str) -> None:
    checked = 0
    for doc in _documents(scenario):
        spans = _spans(doc)
        found = census.take(doc, spans)
        assert found.elements == _elements(doc)  # watching spans changes nothing else
        for first, last in spans:
            kids, node = [first], first
            while node is not last:
                assert node.next is not None
                node = node.next
                kids.append(node)
            assert found.counts[(first, last)] == sum(_elements(k) for k in kids) == span_count((first, last))
            checked += 1
    assert checked > 50


def test_adjacent_stops_at_elements_and_at_nodes_with_children() -> None:
    doc = next(_documents("slow-and-idle"))
    parent = next(p for p in walk(doc) if sum(c.kind == ELEMENT for c in p.children) >= 3)
    first, second, third = [c for c in parent.children if c.kind == ELEMENT][:3]
    assert adjacent(first, second)  # nothing, or only text and comments, between them
    assert not adjacent(first, third)  # an element between
    assert not adjacent(second, first)  # not after it
    text = Node(TEXT, "#text")
    parent_of_text = Node(ELEMENT, "div")
    append_child(parent_of_text, Node(ELEMENT, "span"))
    for between in (text, parent_of_text):
        holder = Node(ELEMENT, "ul")
        a, b = Node(ELEMENT, "li"), Node(ELEMENT, "li")
        for node in (a, between, b):
            append_child(holder, node)
        assert adjacent(a, b) is (between is text)  # a node with children is not a leaf


def test_a_span_outside_the_document_gets_no_count() -> None:
    doc = next(_documents("checkout-failure"))
    loose = Node(ELEMENT, "section")
    append_child(loose, Node(ELEMENT, "p"))
    found = census.take(doc, [(loose, loose)])
    assert (loose, loose) not in found.counts and span_count((loose, loose)) == 2


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("max_nodes", [1, 7, 40])
def test_an_excerpt_counted_in_the_census_prints_what_counting_alone_prints(
    scenario: str, max_nodes: int
) -> None:
    for doc in _documents(scenario):
        root = document_element(doc)
        assert root is not None
        outputs = []
        for use_census in (True, False):
            stats = SerializeStats()
            excerpt = Excerpt(root, Limits(max_nodes=max_nodes, hide=hidden_reason), stats)
            excerpt.finish(census.take(doc, excerpt.spans).counts if use_census else None)
            hidden = stats.hidden.as_json()
            outputs.append((excerpt.html(), stats.elements, stats.elided, hidden))
            # every element under the root is written, cut (counted) or hidden (counted)
            assert stats.elements + stats.elided + stats.hidden.elements == _elements(root)
        assert outputs[0] == outputs[1]
