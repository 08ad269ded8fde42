"""One test (or more) per struggle detector, on real recordings or variants derived from them.

Derived variants only drop, copy or time-shift real events (or, for the hydration error, re-label a
real breadcrumb frame into the SDK's documented `replay.hydrate-error` shape); nothing is invented.
"""

from __future__ import annotations

import copy
import importlib
import math
import pkgutil
from typing import Any

import pytest
from conftest import SCENARIOS, load_json, load_segments
from test_struggles import action_ms, normalized

import replaydom.analyze.struggles as struggles_pkg
from replaydom.analyze.struggles import DETECTORS, Signal, StruggleConfig, detect, find_struggles, thresholds
from replaydom.analyze.struggles.core import Context
from replaydom.analyze.struggles.merge import score
from replaydom.frames.normalize import normalize

INFRA = {"core", "config", "merge", "clicks", "domprobe", "domcost", "domlook", "formutil", "repeats"}


def signals(events: list[dict[str, Any]], name: str, **overrides: dict[str, float]) -> list[Signal]:
    cfg = StruggleConfig({k.replace("_", "-"): v for k, v in overrides.items()})
    return [s for s in detect(Context.build(events), cfg) if s.name == name]


def events_of(scenario: str) -> list[dict[str, Any]]:
    return normalized(scenario).events


def shifted(ev: dict[str, Any], ms: int) -> dict[str, Any]:
    return {**copy.deepcopy(ev), "offsetMs": ev["offsetMs"] + ms}


def test_registry_lists_every_detector_module_once_with_its_contract() -> None:
    modules = {m.name for m in pkgutil.iter_modules(struggles_pkg.__path__)} - INFRA
    names = [d.name for d in DETECTORS]
    assert len(names) == len(set(names)) == len(modules) == 18
    assert {n.replace("-", "_") for n in names} == modules
    for mod_name in modules:
        mod = importlib.import_module(f"replaydom.analyze.struggles.{mod_name}")
        assert "Severity" in (mod.__doc__ or ""), mod_name  # the rule and severity are documented
        assert mod.DETECTOR in DETECTORS
    assert set(thresholds()) == {*names, "merge", "dom"}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sentry_native_dead_and_rage_signals_equal_sentry_counts(scenario: str) -> None:
    details = load_json(scenario, "details.json")
    rage = signals(events_of(scenario), "rage-click")
    dead = signals(events_of(scenario), "dead-click")
    assert len(rage) == details["count_rage_clicks"]
    assert len(dead) + len(rage) == details["count_dead_clicks"]
    assert all(s.severity == "high" for s in rage + dead)


def test_repeated_click_sees_the_five_scripted_checkout_clicks() -> None:
    sc = "checkout-failure"
    found = signals(events_of(sc), "repeated-click")
    assert len(found) == 1
    times = sorted(ev["offsetMs"] for ev in found[0].evidence)
    scripted = [action_ms(sc, seq) for seq in range(28, 33)]
    assert len(times) == 5 and all(abs(a - b) < 300 for a, b in zip(times, scripted, strict=True))
    assert signals(events_of(sc), "repeated-click", repeated_click={"minClicks": 6}) == []
    assert signals(events_of(sc), "repeated-click", repeated_click={"windowMs": 100}) == []


def test_slow_click_is_kept_apart_from_dead_clicks() -> None:
    sc = "slow-and-idle"
    slow = signals(events_of(sc), "slow-click")
    assert len(slow) == 1 and slow[0].severity == "medium"
    assert abs(slow[0].at_ms - action_ms(sc, 3)) < 500  # "Load recommendations", server sleeps 3.5 s
    assert "btn-slow" in slow[0].title
    assert [s.title for s in signals(events_of(sc), "dead-click")] == [
        'Dead click on button#btn-subscribe "Subscribe to newsletter": no page change within 7.0 s'
    ]


def test_failed_request_is_high_on_an_action_path_only() -> None:
    sc = "masked-default"
    found = signals(events_of(sc), "failed-request")
    assert [(s.severity, s.title) for s in found] == [("high", "POST /api/checkout failed with 500")]
    # The same stream without the typing and the click that led to it: off any action path, medium.
    t = found[0].at_ms
    actions = ("click", "tap", "input", "keydown")
    variant = [ev for ev in events_of(sc) if not (ev["kind"] in actions and t - 5000 <= ev["offsetMs"] <= t)]
    assert [s.severity for s in signals(variant, "failed-request")] == ["medium"]
    missing = signals(events_of("slow-and-idle"), "failed-request")
    assert sorted(s.title for s in missing) == [
        "GET /api/inventory/sku-999 failed with 404",
        "img /static/img/warehouse-missing.png failed with 404",  # a resource: by its initiator
    ]
    assert {s.severity for s in missing} == {"medium"}


def test_aborted_fetch_is_a_no_response_failure_and_a_slow_request() -> None:
    sc = "widgets"
    failed = signals(events_of(sc), "failed-request")
    slow = signals(events_of(sc), "slow-request")
    assert [s.title for s in failed] == ["GET /api/delivery/estimate got no response"]
    assert [s.title for s in slow] == ["GET /api/delivery/estimate took 3.0 s"]  # aborted at 3 s
    assert abs(failed[0].at_ms - action_ms(sc, 59)) < 500


def test_console_error_signals_match_the_recorded_console_errors() -> None:
    sc = "checkout-failure"
    raw = [
        ev
        for seg in load_segments(sc)
        for ev in seg
        if ev.get("type") == 5
        and ev["data"].get("tag") == "breadcrumb"
        and ev["data"]["payload"].get("category") == "console"
        and ev["data"]["payload"].get("level") == "error"
    ]
    found = signals(events_of(sc), "console-error")
    assert len(found) == len(raw) == 7
    assert {s.severity for s in found} == {"low"}


def test_error_event_comes_from_the_linked_error() -> None:
    sc = "checkout-failure"
    found = signals(events_of(sc), "error-event")
    assert len(found) == 1 and found[0].severity == "high"
    assert found[0].evidence[0]["eventId"] == load_json(sc, "events_meta.json")[0]["id"]
    assert abs(found[0].at_ms - action_ms(sc, 36)) < 1000  # "Recalculate totals" throws


def test_hydration_error_from_the_sdk_breadcrumb_is_high() -> None:
    sc = "checkout-failure"
    segs = copy.deepcopy(load_segments(sc))
    crumb = next(
        ev for ev in segs[0] if ev.get("type") == 5 and ev["data"]["payload"].get("category") == "ui.click"
    )
    hydrate = copy.deepcopy(crumb)
    payload = hydrate["data"]["payload"]
    payload.pop("message", None)
    payload.update(category="replay.hydrate-error", data={"url": "http://127.0.0.1:45273/"})
    segs[0].append(hydrate)
    details = load_json(sc, "details.json")
    events = normalize(enumerate(segs), replay_id=details["id"], details=details, errors=[]).events
    found = signals(events, "hydration-error")
    assert [(s.severity, s.title) for s in found] == [("high", "Hydration error on /")]
    assert found[0].evidence[0]["segmentId"] == 0 and found[0].evidence[0]["frameIndex"] == len(segs[0]) - 1


def test_web_vital_flags_the_late_hero_as_poor_lcp() -> None:
    sc = "widgets"
    found = signals(events_of(sc), "web-vital")
    poor = [s for s in found if s.severity == "medium"]
    assert len(poor) == 1 and poor[0].title.startswith("Poor LCP: 4.")  # hero inserted 4.5 s after load
    relaxed = signals(events_of(sc), "web-vital", web_vital={"lcpPoor": 6000})
    assert [s.title.split(":")[0] for s in relaxed if "LCP" in s.title] == ["LCP needs improvement"]


def test_mutation_burst_is_the_500_row_report() -> None:
    sc = "slow-and-idle"
    found = signals(events_of(sc), "mutation-burst")
    assert len(found) == 1 and found[0].severity == "low"
    assert 0 <= found[0].at_ms - action_ms(sc, 7) < 1500
    assert signals(events_of(sc), "mutation-burst", mutation_burst={"minChanges": 5000}) == []


def test_idle_after_action_needs_the_user_to_come_back() -> None:
    sc = "slow-and-idle"
    found = signals(events_of(sc), "idle-after-action")
    assert len(found) == 1 and found[0].title.startswith("20 s idle after click on button#btn-subscribe")
    assert signals(events_of(sc), "idle-after-action", idle_after_action={"minIdleMs": 25000}) == []
    # Cut the stream before the user comes back: a recording that just ends is not a pause.
    cut = [ev for ev in events_of(sc) if ev["offsetMs"] < action_ms(sc, 7) - 100]
    assert signals(cut, "idle-after-action") == []


def test_no_effect_click_fires_only_when_nothing_follows() -> None:
    sc = "widgets"
    events = events_of(sc)
    t = action_ms(sc, 37)  # click on the plain-text box name: focus leaves the editable div
    click = next(ev for ev in events if ev["kind"] == "click" and abs(ev["offsetMs"] - t) < 300)
    assert [s for s in signals(events, "no-effect-click") if s.at_ms == click["offsetMs"]] == []
    quiet = [ev for ev in events if ev is click or not 0 <= ev["offsetMs"] - click["offsetMs"] <= 3000]
    found = [s for s in signals(quiet, "no-effect-click") if s.at_ms == click["offsetMs"]]
    assert len(found) == 1 and found[0].severity == "medium"


def test_input_struggle_needs_repeated_visits_without_success() -> None:
    sc = "checkout-failure"
    events = events_of(sc)
    name = [
        ev for ev in events if ev["kind"] in ("focus", "input") and "input#name" in (ev["selector"] or "")
    ]
    email = [
        ev for ev in events if ev["kind"] in ("focus", "input") and "input#email" in (ev["selector"] or "")
    ]
    base = max(ev["offsetMs"] for ev in events) + 1000
    # Name, email, name, email, name: real field events copied 2 s apart after the recording's end.
    variant = list(events)
    for i, group in enumerate([name, email, name, email, name]):
        shift = base + 2000 * i - group[0]["offsetMs"]
        variant += [shifted(ev, shift) for ev in group]
    found = signals(variant, "input-struggle")
    assert [(len(s.evidence), s.severity) for s in found] == [(3, "medium")]
    assert "input#name" in found[0].title
    # A navigation right after the last visit is success.
    nav = next(ev for ev in events if ev["kind"] == "navigation")
    success = [*variant, shifted(nav, base + 9000 - nav["offsetMs"])]
    assert signals(success, "input-struggle") == []


def test_navigation_uturn_and_loop() -> None:
    sc = "checkout-failure"
    uturn = signals(events_of(sc), "navigation-uturn")
    assert [s.title for s in uturn] == ['U-turn: /about left for / after 1.5 s (click on a#nav-shop "Shop")']
    assert abs(uturn[0].from_ms - action_ms(sc, 4)) < 400 and abs(uturn[0].to_ms - action_ms(sc, 6)) < 400

    # masked-default goes / -> /cart.html -> / -> /cart.html, filling the cart form on the way:
    # someone typing is working, not going in circles. Without the typing it is a loop, and only
    # at a lower threshold.
    def loops(n: int, typing: bool) -> list[Signal]:
        overrides = {"loopMinNavigations": float(n)}
        events = [ev for ev in events_of("masked-default") if typing or ev["kind"] != "input"]
        found = signals(events, "navigation-uturn", navigation_uturn=overrides)
        return [s for s in found if s.title.startswith("Alternating")]

    assert loops(4, typing=True) == [] and loops(6, typing=False) == []
    assert [s.title for s in loops(4, typing=False)] == [
        "Alternating between / and /cart.html (4 navigations)"
    ]


def test_merge_gap_and_score_formula() -> None:
    sc = "checkout-failure"
    merged = find_struggles(events_of(sc))
    split = find_struggles(events_of(sc), StruggleConfig({"merge": {"gapMs": 0}}))
    assert len(split) > len(merged)
    first = merged[0]
    sigs = [
        s
        for s in detect(Context.build(events_of(sc)))
        if first.window.fromOffsetMs <= s.at_ms <= first.window.toOffsetMs
    ]
    best: dict[str, float] = {}
    for s in sigs:
        best[s.name] = max(best.get(s.name, 0), s.strength)
    assert first.score == score(sigs) == round(1 - math.prod(1 - v for v in best.values()), 3)
    assert len(first.evidence) == 12  # capped at merge.maxEvidence, every signal represented
    kinds = {ev["kind"] for ev in first.evidence}
    assert {"rage-click", "click", "network", "console"} <= kinds
