"""`window` answers "what happened next" in one call, anchored on what the user saw (issue 13)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from conftest import RECORDINGS
from test_struggles import action_ms, normalized

from replaydom.errors import NotFoundError
from replaydom.query.window import AnchorSpec, find_anchor, window
from replaydom.store.importer import import_recording


def events(scenario: str) -> list[dict[str, Any]]:
    return normalized(scenario).events


def test_contains_anchors_on_the_click_labelled_x_not_on_an_element_whose_selector_has_x() -> None:
    sc = "long-session"
    # The INP web vital comes first and its selector is button#btn-report; the click labelled
    # "Render sales report" comes 4 ms later: the label wins.
    first = next(ev for ev in events(sc) if "report" in (ev["selector"] or ""))
    assert first["kind"] == "web-vital"
    res = window(events(sc), AnchorSpec(contains="report"), 1000, 1000)
    assert res.anchor["kind"] == "click" and res.anchor["data"]["text"] == "Render sales report"
    assert res.anchorMatch is not None and (res.anchorMatch.field, res.anchorMatch.tier) == ("text", "name")
    # Only the selector matches "btn-report": the selector tier, and still the click, not its focus.
    by_id = find_anchor(events(sc), AnchorSpec(contains="btn-report"))
    assert by_id["kind"] == "click"


def test_the_user_action_is_preferred_over_focus_pointer_and_findings_at_the_same_instant() -> None:
    sc = "checkout-failure"
    res = window(events(sc), AnchorSpec(contains="coupon"), 1000, 1000)
    # focus (37.575) and the dead-click finding (37.576) come first; the click is the action
    assert res.anchor["kind"] == "click" and abs(res.anchor["offsetMs"] - action_ms(sc, 34)) < 300
    assert res.anchorMatch is not None and res.anchorMatch.folded >= 2


def test_nth_counts_distinct_user_actions() -> None:
    sc = "checkout-failure"
    clicks = [
        find_anchor(events(sc), AnchorSpec(contains="Checkout", nth=n))["offsetMs"] for n in range(1, 7)
    ]
    scripted = [action_ms(sc, 26), *(action_ms(sc, s) for s in range(28, 33))]
    assert all(abs(a - b) < 300 for a, b in zip(clicks, scripted, strict=True))
    assert all(
        find_anchor(events(sc), AnchorSpec(contains="Checkout", nth=n))["kind"] == "click"
        for n in range(1, 7)
    )
    # after the six clicks come the weaker matches (console messages, URLs), still one per action
    seventh = find_anchor(events(sc), AnchorSpec(contains="Checkout", nth=7))
    assert seventh["kind"] != "click"


def test_what_happened_next_after_the_checkout_click() -> None:
    sc = "checkout-failure"
    res = window(events(sc), AnchorSpec(contains="Checkout"), 0, 2000)
    kinds = [(e.type, e.event["kind"] if e.event else None) for e in res.timeline]
    assert ("event", "click") in kinds and ("dom", None) in kinds
    assert all(e.event["kind"] not in ("pointer", "focus", "blur") for e in res.timeline if e.event)
    request = next(e for e in res.timeline if e.event and e.event["kind"] == "network")
    assert request.event["data"]["status"] == 500
    assert request.details == {
        "error": "payment_gateway_timeout",
        "detail": "Upstream payment provider did not answer in 10s",
    }
    assert any(e.event and e.event["kind"] == "console" for e in res.timeline)
    alert = next(e.dom for e in res.timeline if e.dom and e.dom.live)
    assert alert.live[0]["role"] == "alert" and alert.live[0]["text"] == "Payment failed. Please try again."
    assert "Payment failed. Please try again." in alert.addedTexts
    assert res.nextAction is not None and res.nextAction["kind"] == "click"
    assert abs(res.nextAction["offsetMs"] - action_ms(sc, 28)) < 300
    everything = window(events(sc), AnchorSpec(contains="Checkout", all_events=True), 0, 3000)
    assert any(e.event and e.event["kind"] == "pointer" for e in everything.timeline)
    assert not any(e.type == "folded" for e in everything.timeline)


def test_dom_changes_far_apart_are_separate_entries() -> None:
    for sc in ("checkout-failure", "long-session", "widgets", "slow-and-idle"):
        res = window(events(sc), AnchorSpec(at_ms=0), 0, 10**9)
        entries = res.timeline
        for a, b in pairwise(entries):
            if a.dom and b.dom:
                assert b.dom.fromOffsetMs - a.dom.toOffsetMs > 300, sc
        # every DOM change is in an entry, or folded as the echo of typing into a contenteditable
        typing = sum((e.folded or {}).get("typing (DOM)", 0) for e in entries if e.type == "folded")
        assert sum(e.dom.events for e in entries if e.dom) + typing == sum(
            1 for ev in events(sc) if ev["kind"] == "mutation"
        )
        assert (typing > 0) == (sc == "widgets")


def test_kind_and_category_filter_the_listed_events() -> None:
    sc = "checkout-failure"
    res = window(events(sc), AnchorSpec(contains="checkout", kind="network"), 1000, 5000)
    assert res.anchor["kind"] == "network"
    listed = [e.event for e in res.timeline if e.event]
    assert listed and all(ev["kind"] == "network" for ev in listed)
    assert not any(e.dom for e in res.timeline)
    at = window(events(sc), AnchorSpec(at_ms=action_ms(sc, 26), category="console"), 0, 5000)
    assert {e.event["kind"] for e in at.timeline if e.event} == {"console"}


def test_a_send_click_inside_the_chat_iframe_and_the_box_the_page_emptied() -> None:
    sc = "widgets"
    res = window(events(sc), AnchorSpec(contains="Send"), 0, 2000)
    assert res.anchor["selector"].startswith("iframe#order-chat.order-chat >> ")
    assert res.anchor["data"]["frame"]["url"].endswith("/order-chat.html")
    emptied = next(e.event for e in res.timeline if e.event and e.event["kind"] == "input")
    assert emptied["data"]["setByPage"] and emptied["label"].startswith("page set")
    # the page's own change is not the user's next action
    assert res.nextAction is not None and res.nextAction["kind"] == "click"
    assert res.nextAction["data"]["text"] == "Morning Ritual Box"
    reply = [e.dom for e in res.timeline if e.dom]
    assert any("Good question!" in " ".join(d.addedTexts) for d in reply)


def test_masked_text_does_not_anchor_and_the_cli_says_what_to_search(cli: Any) -> None:
    with pytest.raises(NotFoundError):
        find_anchor(events("masked-default"), AnchorSpec(contains="Add to cart"))
    rid = import_recording(RECORDINGS / "masked-default").replay_id
    res = cli("window", rid, "--contains", "Add to cart")
    assert res.exit_code == 3 and "masked" in res.stderr and "URLs" in res.stderr


def test_cli_window_table_reads_as_a_timeline(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    out = cli("window", rid, "--contains", "Checkout", "--after", "2s").stdout
    assert 'matched      text "Checkout" (name tier' in out
    assert "next action" in out and "error: payment_gateway_timeout" in out
    assert '[alert] "Payment failed. Please try again."' in out
    assert "folded:" in out and "(--all lists them)" in out
    empty = cli(
        "window", rid, "--at", "00:40", "--kind", "hydration-error", "--before", "1s", "--after", "1s"
    )
    assert empty.exit_code == 0 and "(none) with --kind hydration-error" in empty.stdout
    both = cli("window", rid, "--kind", "click", "--category", "network")
    assert both.exit_code == 2 and "click is interaction" in both.stderr
    rid_w = import_recording(RECORDINGS / "widgets").replay_id
    out_w = cli("window", rid_w, "--contains", "Send", "--after", "2s").stdout
    assert "not watched by Sentry's dead/rage click detection" in out_w


def test_window_counts_what_the_around_x_question_asks_for_so_none_reads_as_none(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    around = ("--before", "1s", "--after", "5s")
    coupon = cli("window", rid, "--contains", "Apply coupon", *around, "--json").json()
    assert coupon["found"] == {
        "failedRequests": 0,
        "consoleErrors": 0,
        "errors": 0,
        "deadClicks": 1,  # script.json: the coupon button does nothing
        "rageClicks": 0,
        "domChanges": 0,
    }
    checkout = cli("window", rid, "--contains", "Checkout", "--after", "1s", "--json").json()
    assert checkout["found"]["failedRequests"] >= 1 and checkout["found"]["consoleErrors"] >= 1
    # the whole replay: the same dead/rage counts as `stats` and Sentry (a rage click is dead too)
    whole = cli("window", rid, "--at", "30s", "--before", "10m", "--after", "10m", "--json").json()["found"]
    clicks = cli("stats", rid, "--json").json()["clicks"]
    assert (whole["deadClicks"], whole["rageClicks"]) == (clicks["dead"], clicks["rage"]) == (2, 1)
    table = cli("window", rid, "--contains", "Apply coupon", *around).stdout
    assert "found        failed requests 0 · console errors 0 · errors 0 · dead clicks 1" in table
    # up to the next action only: the first Checkout click's own 500, console error and alert
    first = cli("window", rid, "--contains", "Checkout", "--json").json()
    nxt = first["nextAction"]["offsetMs"]
    assert first["foundBeforeNext"] == {
        "failedRequests": 1,
        "consoleErrors": 1,
        "errors": 0,
        "deadClicks": 0,
        "rageClicks": 0,
        "domChanges": 1,
    }
    assert first["found"]["failedRequests"] > 1 and nxt < first["toOffsetMs"]
    assert "before next  failed requests 1" in cli("window", rid, "--contains", "Checkout").stdout
    # the filters choose what is listed, never what `found` counts (a 0 must mean none recorded)
    at = ("--at", "30s", "--before", "10m", "--after", "10m", "--json")
    for flags in (("--category", "network,console,dom"), ("--kind", "click")):
        listed = cli("window", rid, *at, *flags).json()
        assert listed["found"] == whole and listed["total"] < cli("window", rid, *at).json()["total"]


def test_the_match_count_says_what_matched(cli: Any) -> None:
    sc = "checkout-failure"
    res = window(events(sc), AnchorSpec(contains="Checkout"), 0, 2000)
    m = res.anchorMatch
    assert m is not None and m.nth == 1
    # 18 = the six Checkout clicks (their visible text), the six POST /api/checkout requests (URL)
    # and the six "Checkout failed" console errors (message): each one a match --nth can pick
    groups = [(g.kind, g.field, g.tier, g.count) for g in m.matchedBy]
    assert groups == [
        ("click", "text", "name", 6),
        ("network", "networkUrl", "message", 6),
        ("console", "message", "message", 6),
    ]
    assert m.matches == sum(g.count for g in m.matchedBy) == 18
    scripted = [a for a in _script(sc) if a["kind"] == "click" and a.get("text") == "Checkout"]
    assert len(scripted) == m.matchedBy[0].count
    for g in m.matchedBy:
        picked = find_anchor(events(sc), AnchorSpec(contains="Checkout", nth=g.first))
        assert picked["kind"] == g.kind
    rid = import_recording(RECORDINGS / sc).replay_id
    out = cli("window", rid, "--contains", "Checkout", "--after", "1s").stdout
    assert "matches      18 in all: 6 click on text (name tier, from #1), 6 network on networkUrl" in out
    assert "matching action" not in out


def _script(scenario: str) -> list[dict[str, Any]]:
    import json

    return list(json.loads((RECORDINGS / scenario / "script.json").read_text())["actions"])


def test_a_finding_reported_later_still_joins_its_click() -> None:
    # derived: the dead-click finding about "Apply coupon" moved 1.5 s after its click (its
    # `data.qualifies` still points at the click); it stays one match with the click
    import copy

    sc = "checkout-failure"
    evs = copy.deepcopy(events(sc))
    dead = next(ev for ev in evs if ev["kind"] == "dead-click")
    assert dead["data"]["qualifies"] is not None
    dead["offsetMs"] += 1500
    evs.sort(key=lambda ev: ev["offsetMs"])
    res = window(evs, AnchorSpec(contains="Apply coupon"), 0, 10_000)
    m = res.anchorMatch
    assert m is not None and m.matches == 1 and res.anchor["kind"] == "click"
    assert [(g.kind, g.count) for g in m.matchedBy] == [("click", 1)]
    # the next action is searched from the click, not from the finding reported later
    assert res.nextAction is not None and res.nextAction["offsetMs"] > res.anchor["offsetMs"]
    assert 'click "Recalculate totals"' in res.nextAction["label"]


def test_a_click_finding_stamped_just_before_its_click_is_not_blamed_on_the_previous_action(
    cli: Any,
) -> None:
    # slow-and-idle (script.json): "Load recommendations" answers after 3.5 s (a slow click, not
    # dead), then "Subscribe to newsletter" has no handler (dead). The SDK stamps the dead click's
    # breadcrumb with the click's float-second time: 1 ms before the rrweb click it is about.
    evs = events("slow-and-idle")
    dead = next(ev for ev in evs if ev["kind"] == "dead-click")
    assert dead["offsetMs"] < dead["data"]["clickOffsetMs"]  # the case this test is about
    res = window(evs, AnchorSpec(contains="Load recommendations"))
    assert res.nextAction is not None and res.nextAction["data"]["text"] == "Subscribe to newsletter"
    assert res.nextAction["offsetMs"] == dead["data"]["clickOffsetMs"]
    assert res.found["deadClicks"] == 1  # the window does hold the Subscribe click's finding
    assert res.foundBeforeNext is not None and res.foundBeforeNext["deadClicks"] == 0
    # checkout-failure: the dead "Apply coupon" click (37.576 for its click at 37.577) belongs to
    # that click, not to the fifth Checkout click before it (whose rage click is the one dead)
    cf = events("checkout-failure")
    last = window(cf, AnchorSpec(contains="Checkout", nth=6), 10_000, 30_000)
    assert last.nextAction is not None and last.nextAction["data"]["text"] == "Apply coupon"
    assert last.found["deadClicks"] == 2 and last.foundBeforeNext is not None
    assert (last.foundBeforeNext["deadClicks"], last.foundBeforeNext["rageClicks"]) == (1, 1)
    coupon = window(cf, AnchorSpec(contains="Apply coupon"), 1000, 30_000)
    assert coupon.foundBeforeNext is not None and coupon.foundBeforeNext["deadClicks"] == 1
    rid = import_recording(RECORDINGS / "slow-and-idle").replay_id
    table = cli("window", rid, "--contains", "Load recommendations").stdout
    assert "before next  failed requests 0 · console errors 0 · errors 0 · dead clicks 0" in table


def test_the_before_next_line_is_printed_whenever_there_is_a_next_action(cli: Any) -> None:
    # widgets: saving the gift box changes the DOM; the next click (1 s later) changes nothing
    # within the window: `found` and "before next" are equal, and the line says so
    rid_w = import_recording(RECORDINGS / "widgets").replay_id
    upto = ("--contains", "Save this gift box", "--before", "0s", "--after", "2s")
    same = cli("window", rid_w, *upto)
    body = cli("window", rid_w, *upto, "--json").json()
    assert body["nextAction"]["offsetMs"] <= body["toOffsetMs"]
    assert body["foundBeforeNext"] == body["found"] and body["found"]["domChanges"] == 1
    assert "before next  same as found (nothing found from the next action at" in same.stdout
    # the next action past the window's end: everything in the window is before it
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    short = cli("window", rid, "--contains", "Apply coupon", "--before", "0s", "--after", "1s")
    assert (
        cli("window", rid, "--contains", "Apply coupon", "--after", "1s", "--json").json()["foundBeforeNext"]
        is None
    )
    assert "before next  same as found (the next action at" in short.stdout
    assert "is after the window's end)" in short.stdout


def test_the_masked_text_hint_lists_every_click(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "masked-default").replay_id
    clicks = len([e for e in events("masked-default") if e["kind"] == "click"])
    for cmd in (("window", rid, "--contains", "Pay now"), ("search", rid, "zzqqxx")):
        res = cli(*cmd)
        assert f"list the clicks: `replaydom events {rid} --kind click --limit {clicks}`" in res.stderr, cmd
