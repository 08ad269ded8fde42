"""Golden checks of the pure-Python DOM on real recordings, against script.json ground truth.

The instants come from each scenario's script (what the scripted user did and when); the expected
content is what the page showed then.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from conftest import load_json, load_segments
from lxml import html as lxml_html

from replaydom.dom.at import ViewOptions, dom_at
from replaydom.dom.fidelity import is_masked
from replaydom.dom.nodes import visible_text
from replaydom.dom.source import DomSource, source_from_segments
from replaydom.dom.tree import ELEMENT, TEXT, walk
from replaydom.frames.start import replay_start_ms


@cache
def source(scenario: str) -> DomSource:
    segments = load_segments(scenario)
    start = replay_start_ms(enumerate(segments), load_json(scenario, "details.json"))
    return source_from_segments(enumerate(segments), start, replay_id=scenario)


def action(scenario: str, seq: int) -> dict[str, Any]:
    actions = load_json(scenario, "script.json")["actions"]
    return next(a for a in actions if a["seq"] == seq)


def offset_after(scenario: str, seq: int) -> float:
    """The offset at which action `seq` (and the wait that follows it) has finished."""
    return action(scenario, seq)["end_ts"] - source(scenario).start_ms


def test_the_report_has_500_rows_just_after_it_rendered() -> None:
    sc = "slow-and-idle"
    assert "500 rows" in action(sc, 7)["note"]
    src = source(sc)
    before = src.timeline.state_at(src.instant(offset_after(sc, 6)))
    after = src.timeline.state_at(src.instant(offset_after(sc, 8)))

    def rows(state: Any) -> list[Any]:
        return [n for n in walk(state.doc) if n.kind == ELEMENT and n.tag == "tr" and n.parent.tag == "tbody"]

    assert len(rows(before)) == 0
    assert len(rows(after)) == 500
    # Each row is a real row: two cells with text, as the page rendered it.
    assert all(len([c for c in r.children if c.tag == "td"]) == 2 for r in rows(after))
    result = dom_at(src, offset_after(sc, 8), ViewOptions(css="table.report", max_nodes=10_000))
    assert lxml_html.fromstring(result["html"]).xpath("count(//tbody/tr)") == 500
    assert result["fidelity"]["status"] == "complete"


def test_the_cart_lists_the_two_items_added() -> None:
    sc = "checkout-failure"
    added = [action(sc, 10)["note"], action(sc, 12)["note"]]
    assert added == ["add Classic Coffee Mug", "add Travel Mug"]
    src = source(sc)
    on_shop = dom_at(src, offset_after(sc, 13), ViewOptions(css="#cart-count"))
    assert lxml_html.fromstring(on_shop["html"]).text_content() == "2"
    cart = dom_at(src, offset_after(sc, 18), ViewOptions(css="#cart-lines"))
    assert cart["url"].endswith("/cart.html")
    rows = lxml_html.fromstring(cart["html"]).xpath("//tr")
    names = [r.xpath("string(td[1])") for r in rows]
    assert names == ["Classic Coffee Mug", "Travel Mug"]
    assert all(r.get("data-rr-id", "").isdigit() for r in rows)


def test_the_masked_recording_shows_only_mask_characters() -> None:
    sc = "masked-default"
    src = source(sc)
    typed = action(sc, 14)
    assert typed["selector"] == "#email" and typed["text"] == "jane.doe@example.com"
    state = src.timeline.state_at(src.instant(offset_after(sc, 15)))
    body = next(n for n in walk(state.doc) if n.kind == ELEMENT and n.tag == "body")
    texts = [
        n.text
        for n in walk(body)
        if n.kind == TEXT and n.text.strip() and n.parent.tag not in ("style", "noscript")
    ]
    assert len(texts) > 20
    assert all(is_masked(t) for t in texts), [t for t in texts if not is_masked(t)][:5]
    result = dom_at(src, offset_after(sc, 15), ViewOptions(css="#email"))
    email = lxml_html.fromstring(result["html"])
    assert email.get("value") == "*" * len(typed["text"])
    assert (
        "jane" not in result["html"]
        and "Jane" not in dom_at(src, offset_after(sc, 15), ViewOptions())["html"]
    )
    masked = result["fidelity"]["masked"]
    assert masked["textNodes"] > 20 and masked["inputs"] >= 3


def test_typed_values_and_choices_show_in_the_widgets_form() -> None:
    sc = "widgets"
    src = source(sc)
    end = src.offset(src.timeline.last_ms or 0) + 1
    result = dom_at(src, end, ViewOptions(lens="interactive"))
    controls = {c["selector"].split(" > ")[-1]: c for c in result["controls"]}
    assert controls["input#recipient"]["value"] == "Sam Rivera"
    assert controls["input#recipient"]["label"] == "Recipient name"
    assert controls["select#shipping"]["value"] == "overnight"
    assert controls["textarea#order-notes"]["value"].startswith(
        "Please leave it at the side door.\nRing twice"
    )
    assert controls["input#grind-filter"]["checked"] is True
    assert controls["input#grind-espresso"]["checked"] is False
    assert all(c["html"].startswith("<") and "data-rr-id" in c["html"] for c in result["controls"])


def test_the_iframe_document_and_the_shadow_root_are_rebuilt() -> None:
    src = source("widgets")
    state = src.timeline.state_at(src.timeline.last_ms or 0)
    iframe = next(n for n in walk(state.doc) if n.kind == ELEMENT and n.tag == "iframe")
    assert iframe.content_doc is not None and iframe.content_doc.id == 250
    chat = visible_text(iframe.content_doc.children[-1])
    assert "Can I change the grind after ordering?" in chat
    hosts = [n for n in walk(state.doc) if n.shadow is not None]
    assert hosts and all(h.tag == "star-rating" for h in hosts)
    stars = [b for h in hosts for b in walk(h.shadow) if b.kind == ELEMENT and b.tag == "button"]
    assert len(stars) >= 5
    html = dom_at(src, src.offset(src.timeline.last_ms or 0) + 1, ViewOptions(max_nodes=10_000))["html"]
    assert '<template shadowrootmode="open">' in html
    assert '<template data-rr-document="250">' in html
