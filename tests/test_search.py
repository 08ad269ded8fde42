"""`search`: typo-tolerant ranked search on real recordings; masked text never matches."""

from __future__ import annotations

from typing import Any

from conftest import RECORDINGS, load_json
from test_struggles import action_ms, normalized

from replaydom.query.search import SearchItem, search, searchable_fields
from replaydom.store.importer import import_recording


def events(scenario: str) -> list[dict[str, Any]]:
    return normalized(scenario).events


def test_a_typo_still_finds_the_checkout_clicks_first() -> None:
    sc = "checkout-failure"
    hits = search(events(sc), "chekout")
    top = hits[:6]
    assert {h.match.field for h in top} == {"text"} and {h.match.snippet for h in top} == {"Checkout"}
    assert all(0.8 <= h.match.score < 1 for h in hits)
    clicks = [h.event["offsetMs"] for h in hits if h.event["kind"] == "click"]
    scripted = [action_ms(sc, 26), *(action_ms(sc, s) for s in range(28, 33))]  # 1 + 5 checkout clicks
    assert len(clicks) == 6 and all(abs(a - b) < 300 for a, b in zip(sorted(clicks), scripted, strict=True))


def test_exact_matches_rank_first_and_cover_every_field_family() -> None:
    sc = "checkout-failure"
    error = search(events(sc), "grandTotal")
    assert [(h.event["kind"], h.match.field, h.match.score) for h in error] == [("error", "title", 0.9)]
    network = search(events(sc), "/api/checkout")
    assert {h.event["kind"] for h in network if h.match.quality == 1.0} >= {"network"}
    console = search(events(sc), "paymnt gateway")  # a typo inside a console message
    assert console and {h.event["kind"] for h in console} == {"console"}
    pages = search(events(sc), "cart.html")
    assert any(h.match.field == "pageUrl" for h in pages)
    assert search(events(sc), "zz") == [] and search(events(sc), "   ") == []


def test_masked_text_is_never_matched() -> None:
    sc = "masked-default"
    typed = [a["text"] for a in load_json(sc, "script.json")["actions"] if a["kind"] == "type"]
    for text in [*typed, "Add to cart", "Run diagnostics"]:
        assert [h for h in search(events(sc), text) if h.match.field == "text"] == [], text
    assert search(events(sc), "*****") == []
    masked_click = next(
        ev for ev in events(sc) if ev["kind"] == "click" and "*" in (ev["data"].get("text") or "")
    )
    assert "text" not in dict(searchable_fields(masked_click))


def test_cli_search_items_are_events_with_a_match(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    res = cli("search", rid, "Apply coupon", "--json")
    assert res.exit_code == 0, res.stderr
    body = res.json()
    assert body["truncated"] is None and body["items"]
    for item in body["items"]:
        SearchItem.model_validate(item)
        assert list(item)[-1] == "match"
    lines = cli("search", rid, "Apply coupon", "--jsonl").jsonl()
    assert lines == body["items"]
    paged = cli("search", rid, "checkout", "--json", "--limit", "2").json()
    assert paged["truncated"]["shown"] == 2
    assert (
        cli(*paged["truncated"]["next"].split()[1:]).json()["items"]
        == cli("search", rid, "checkout", "--json").json()["items"][2:4]
    )


def test_cli_search_without_hits_exits_0(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "masked-default").replay_id
    res = cli("search", rid, "hunter2", "--json")
    assert res.exit_code == 0 and res.json() == {"items": [], "truncated": None}
    res = cli("search", rid, "hunter2")
    assert res.stdout.strip() == "(none): no hits for 'hunter2'"
    assert "masked" in res.stderr and "URLs" in res.stderr  # what to search instead
