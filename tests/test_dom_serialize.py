"""Inert, bounded HTML output, including hostile and absurdly deep recordings derived from real ones."""

from __future__ import annotations

import copy
import itertools
import json
import re
from typing import Any

import pytest
from conftest import load_segments
from lxml import html as lxml_html
from test_dom_golden import source
from test_dom_mutate import Segments, source_of

from replaydom.dom.at import ViewOptions, dom_at
from replaydom.dom.canonical import canonical
from replaydom.dom.fidelity import fidelity
from replaydom.dom.serialize import HARD_DEPTH, Limits, SerializeStats, to_html

JS = "javascript:alert(document.domain)"


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(current.get("childNodes", []))
    return out


def _fresh_ids(segments: Segments) -> itertools.count[int]:
    """Ids above every id the recording uses anywhere (the SDK never reuses a live id)."""
    highest = max(int(m) for m in re.findall(r'"id": ?(\d+)', json.dumps(segments)))
    return itertools.count(highest + 1)


def _like(nodes: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = next(n for n in nodes if all(n.get(k) == v for k, v in match.items()))
    return copy.deepcopy({**found, "childNodes": []})


def variant_hostile() -> Segments:
    """checkout-failure with hostile content in its first snapshot: a live-looking script whose text
    closes the tag, handlers, javascript: URLs, a style that closes itself, an iframe srcdoc, a
    meta refresh, attribute names lxml cannot write and control characters in text."""
    segments = copy.deepcopy(load_segments("checkout-failure"))
    full = next(f for seg in segments for f in seg if f["type"] == 2)
    nodes = _walk(full["data"]["node"])
    ids = _fresh_ids(segments)
    body = next(n for n in nodes if n.get("tagName") == "body")
    text = _like(nodes, type=3)
    element = _like(nodes, tagName="button")

    def el(tag: str, attrs: dict[str, Any], *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            **element,
            "tagName": tag,
            "attributes": attrs,
            "childNodes": list(children),
            "id": next(ids),
            **extra,
        }

    def tx(value: str, **extra: Any) -> dict[str, Any]:
        return {**text, "textContent": value, "id": next(ids), **extra}

    body["childNodes"] += [
        el("script", {"type": "text/javascript"}, tx("</script><script>alert(1)</script>")),
        el(
            "a",
            {
                "href": JS,
                "onclick": "alert(2)",
                "onmouseover": "alert(3)",
                "@click": "go()",
                'x"y': "1",
                "a b": "dropped by the DOM",
            },
            tx("click me"),
        ),
        el("style", {}, tx("</style><script>alert(4)</script>", isStyle=True)),
        el("iframe", {"srcdoc": "<script>alert(5)</script>", "src": JS}),
        el("img", {"src": "x", "onerror": "alert(6)", "srcset": JS}),
        el("meta", {"http-equiv": "refresh", "content": f"0;url={JS}"}),
        el("form", {"action": f"  {JS}", "onsubmit": "alert(7)"}, tx("bell\x07 nul\x00 vt\x0b ok")),
        el("svg", {}, el("a", {"xlink:href": JS}, isSVG=True), isSVG=True),
    ]
    return segments


def test_hostile_content_comes_out_inert() -> None:
    src = source_of(variant_hostile(), "checkout-failure")
    full = next(f for f in src.timeline.frames if f.type == 2)
    result = dom_at(src, src.offset(full.ts) + 1, ViewOptions(whole=True))
    doc = lxml_html.document_fromstring(result["html"])
    assert doc.xpath("//script") == []
    names = [name for el in doc.iter() if isinstance(el.tag, str) for name in el.attrib]
    assert not [n for n in names if n.lower().startswith("on") or n.startswith("_on")]
    # A meta refresh needs http-equiv, which is renamed: its content is then only text.
    assert doc.xpath("//@srcdoc") == [] and doc.xpath("//@http-equiv") == []
    values = [
        (n, v)
        for el in doc.iter()
        if isinstance(el.tag, str) and el.tag != "meta"
        for n, v in el.attrib.items()
    ]
    assert not [(n, v) for n, v in values if "javascript:" in v.lower() and not n.startswith("data-rr-")]
    assert doc.xpath("//noscript")[0].text_content() == "</script><script>alert(1)</script>"
    assert "<\\/style>" in result["html"]
    (link,) = doc.xpath("//a[@data-rr-onclick]")
    assert link.get("href") == "#" and link.get("data-rr-href") == JS
    assert "@click" in result["shown"]["attributesLeftOut"]
    assert "@click" in result["fidelity"]["htmlOutput"]["attributesLeftOut"]
    report = fidelity(src.timeline.state_at(full.ts + 1), src.start_ms)
    assert report["invalidAttributes"] == {"total": 1, "examples": ["a b"]}
    assert "\ufffd" in doc.xpath("string(//form)")


def _deep_variant(depth: int) -> Segments:
    segments = copy.deepcopy(load_segments("widgets"))
    full = next(f for seg in segments for f in seg if f["type"] == 2)
    nodes = _walk(full["data"]["node"])
    ids = _fresh_ids(segments)
    body = next(n for n in nodes if n.get("tagName") == "body")
    div = _like(nodes, tagName="div")
    parent = body
    for _ in range(depth):
        child = {**div, "attributes": {}, "childNodes": [], "id": next(ids)}
        parent["childNodes"].append(child)
        parent = child
    parent["childNodes"].append({**_like(nodes, type=3), "textContent": "bottom", "id": next(ids)})
    return segments


def test_a_deeply_nested_snapshot_never_hits_a_recursion_limit() -> None:
    depth = 50_000
    src = source_of(_deep_variant(depth))
    full = next(f for f in src.timeline.frames if f.type == 2)
    state = src.timeline.state_at(full.ts + 1)
    tree = canonical(state.doc)
    assert tree is not None
    stats = SerializeStats()
    html = to_html(state.doc, Limits(), stats)
    assert html.count("<div") > HARD_DEPTH - 10
    assert stats.elided >= depth - HARD_DEPTH
    excerpt = dom_at(src, src.offset(full.ts) + 1, ViewOptions(max_nodes=50))
    assert excerpt["shown"]["elements"] == 50 and excerpt["shown"]["elided"] > depth


@pytest.mark.parametrize(("depth", "max_nodes"), [(0, None), (2, None), (None, 7)])
def test_depth_and_max_nodes_cut_with_a_count(depth: int | None, max_nodes: int | None) -> None:
    src = source("checkout-failure")
    result = dom_at(src, 5000, ViewOptions(depth=depth, max_nodes=max_nodes))
    body = lxml_html.document_fromstring(result["html"]).body
    elements = [e for e in body.iter() if isinstance(e.tag, str)]
    comments = [c.text for c in body.iter() if not isinstance(c.tag, str)]
    assert result["shown"]["elided"] > 0 and any("not shown" in c for c in comments)
    if max_nodes is not None:
        assert len(elements) == max_nodes
    else:
        assert max(len(list(e.iterancestors())) - 1 for e in elements) == depth  # html is above body
    total = result["shown"]["elements"] + result["shown"]["elided"]
    full = dom_at(src, 5000, ViewOptions(max_nodes=100_000))["shown"]
    assert total == full["elements"] and full["elided"] == 0


def test_redact_replaces_typed_values_by_their_length() -> None:
    src = source("widgets")
    end = src.offset(src.timeline.last_ms or 0) + 1
    plain = dom_at(src, end, ViewOptions(css="form"))
    redacted = dom_at(src, end, ViewOptions(css="form", redact=True))
    assert 'value="Sam Rivera"' in plain["html"]
    assert "Sam Rivera" not in redacted["html"] and 'value="&lt;redacted 10 chars&gt;"' in redacted["html"]
    assert "side door" in plain["html"] and "side door" not in redacted["html"]
