"""`search` ranks like `window --contains` and filters by kind/category; `events` says (none) (issue 13)."""

from __future__ import annotations

from typing import Any

from conftest import RECORDINGS
from test_struggles import normalized

from replaydom.query.search import search
from replaydom.store.importer import import_recording


def test_the_label_outranks_the_selector_and_one_action_is_one_hit() -> None:
    hits = search(normalized("long-session").events, "report")
    top = hits[0]
    assert top.event["kind"] == "click" and top.match.tier == "name" and top.match.field == "text"
    assert top.event["data"]["text"] == "Render sales report"
    # the INP web vital on the same button, 4 ms earlier, is folded into the click's hit
    assert top.match.folded >= 1
    assert not any(h.event["kind"] in ("focus", "web-vital") for h in hits if h.match.tier == "name")
    tiers = [h.match.tier for h in hits]
    assert tiers == sorted(tiers, key=["name", "message", "selector"].index)


def test_scores_tell_tiers_apart() -> None:
    for query, tiers in (("checkout", ("name", "message")), ("search", ("message", "selector"))):
        hits = search(normalized("checkout-failure").events, query)
        by_tier: dict[str, set[float]] = {}
        for h in hits:
            by_tier.setdefault(h.match.tier, set()).add(h.match.score)
        high, low = tiers
        assert min(by_tier[high]) > max(by_tier[low]), query
        assert all(h.match.quality == 1.0 for h in hits)


def test_kind_and_category_restrict_the_search() -> None:
    events = normalized("checkout-failure").events
    network = search(events, "checkout", kinds=frozenset({"network"}))
    assert network and {h.event["kind"] for h in network} == {"network"}
    console = search(events, "checkout", categories=frozenset({"console"}))
    assert console and {h.event["category"] for h in console} == {"console"}


def test_cli_search_filters_and_says_none(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    items = cli("search", rid, "checkout", "--kind", "network", "--json").json()["items"]
    assert items and {it["kind"] for it in items} == {"network"}
    assert {it["match"]["tier"] for it in items} == {"message"}
    none = cli("search", rid, "checkout", "--kind", "navigation")
    assert (
        none.exit_code == 0 and none.stdout.strip() == "(none): no hits for 'checkout' with --kind navigation"
    )
    both = cli("search", rid, "checkout", "--kind", "click", "--category", "network")
    assert both.exit_code == 2 and "select nothing together" in both.stderr
    for blank in ("", "   "):
        empty = cli("search", rid, blank)
        assert empty.exit_code == 2 and "empty search text" in empty.stderr


def test_cli_events_says_none_with_the_filter_and_empty_intersections(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    res = cli("events", rid, "--kind", "hydration-error", "--from", "10s")
    assert res.exit_code == 0 and res.stdout.strip() == "(none) with --kind hydration-error --from 10s"
    both = cli("events", rid, "--kind", "click,console", "--category", "network")
    assert both.exit_code == 2
    assert "click is interaction" in both.stderr and "console is console" in both.stderr
