"""`stats` on the real recordings: Sentry's own counters and the scripted ground truth."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import RECORDINGS, SCENARIOS, load_json, load_segments
from test_struggles import action_ms, normalized

from replaydom.analyze.stats import Stats, compute_stats
from replaydom.store.importer import import_recording


def stats(scenario: str, **kw: Any) -> Stats:
    r = normalized(scenario)
    details = load_json(scenario, "details.json")
    return compute_stats(
        r.events, details, r.start_ms, r.end_ms, len(load_segments(scenario)), masking=r.masked, **kw
    )


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_dead_and_rage_counts_equal_sentrys(scenario: str) -> None:
    details = load_json(scenario, "details.json")
    c = stats(scenario).clicks
    assert (c.dead, c.rage) == (details["count_dead_clicks"], details["count_rage_clicks"])
    assert c.matchesSentry is True
    s = stats(scenario)
    assert s.segmentCount == details["count_segments"] and s.eventCount == len(normalized(scenario).events)


def test_checkout_failure_routes_requests_and_console() -> None:
    sc = "checkout-failure"
    s = stats(sc)
    assert [v.route for v in s.routes] == ["/", "/about", "/", "/cart.html", "/"]
    assert abs(s.routes[1].enterOffsetMs - action_ms(sc, 4)) < 400  # SPA route to /about
    assert abs(s.routes[2].enterOffsetMs - action_ms(sc, 6)) < 400
    assert (
        s.routes[-1].leaveOffsetMs == s.durationMs == round(normalized(sc).end_ms - normalized(sc).start_ms)
    )
    assert sum(r.durationMs for r in s.timePerRoute) == s.durationMs
    # One checkout click and five rage clicks: six POSTs, each answered 500.
    assert [(r.method, r.url, r.failure) for r in s.failedRequests] == [("POST", "/api/checkout", "500")] * 6
    assert s.console["errors"] == 7 and s.console["warnings"] == 0
    assert s.errors == len(load_json(sc, "events_meta.json")) == 1
    top = s.topClickedSelectors[0]
    assert (top.name, top.text, top.count) == ("button#btn-checkout", "Checkout", 6)


def test_slow_and_idle_activity_slowest_request_and_burst() -> None:
    sc = "slow-and-idle"
    s = stats(sc)
    assert s.slowestRequests[0].url is not None and "/api/slow" in s.slowestRequests[0].url
    assert s.slowestRequests[0].durationMs is not None and s.slowestRequests[0].durationMs >= 3500
    gap = s.activity.longestIdle[0]
    assert abs(gap.fromOffsetMs - action_ms(sc, 5)) < 500 and abs(gap.toOffsetMs - action_ms(sc, 7)) < 500
    assert s.activity.activeMs + s.activity.idleMs == s.durationMs
    assert "5000 ms" in s.activity.idleRule
    longer = stats(sc, idle_ms=30_000).activity
    assert longer.idleMs < s.activity.idleMs and longer.longestIdle == []
    assert (
        s.mutationBursts[0].changes >= 1500
        and 0 <= s.mutationBursts[0].fromOffsetMs - action_ms(sc, 7) < 1500
    )


def test_web_vitals_and_masking_are_reported() -> None:
    vitals = stats("widgets").webVitals
    assert [v.name for v in vitals if v.poor] == ["LCP"]
    masked = stats("masked-default").capture
    assert masked.options["maskAllText"] is True and masked.options["maskAllInputs"] is True
    assert masked.masking["maskedInputs"] > 0 and masked.maskedClickTexts > 0
    assert any("maskAllText" in n for n in masked.notes)
    unmasked = stats("checkout-failure").capture
    assert any("unmasked" in n for n in unmasked.notes) and unmasked.maskedClickTexts == 0


def test_cli_stats_json_and_table(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    res = cli("stats", rid, "--json")
    assert res.exit_code == 0, res.stderr
    body = Stats.model_validate(res.json())
    assert body.clicks.matchesSentry is True and body.capture.masking
    table = cli("stats", rid, "--idle", "10s")
    assert "2 dead, 1 rage" in table.stdout and "at least 10000 ms" in table.stdout
    assert cli("stats", rid, "--idle", "10").exit_code == 2
