"""Clicks: Sentry's slow/dead/rage/multi rules, breadcrumb merging and qualifier pointers."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
from conftest import SCENARIOS, load_json, load_segments

from replaydom.frames.breadcrumb_click_variants import classify
from replaydom.frames.normalize import NormalizeResult, normalize


@cache
def result(scenario: str) -> NormalizeResult:
    details = load_json(scenario, "details.json")
    return normalize(
        enumerate(load_segments(scenario)),
        replay_id=details["id"],
        details=details,
        errors=load_json(scenario, "events_meta.json"),
    )


def by_pointer(res: NormalizeResult) -> dict[tuple[int, int], dict[str, Any]]:
    return {(e["segmentId"], e["frameIndex"]): e for e in res.events if e["segmentId"] is not None}


@pytest.mark.parametrize(
    ("tag", "reason", "after", "count", "kind"),
    [
        ("button", "timeout", 7000, 1, "dead-click"),
        ("a", "timeout", 7000, 4, "dead-click"),
        ("input", "timeout", 9000, 5, "rage-click"),
        ("button", "timeout", 6999, 9, "slow-click"),  # custom timeout below 7 s: not counted dead
        ("div", "timeout", 7000, 9, "slow-click"),  # not a/button/input
        ("button", "mutation", 3510, 1, "slow-click"),
        ("button", None, None, None, "slow-click"),
    ],
)
def test_sentry_dead_and_rage_rule(
    tag: str, reason: str | None, after: float | None, count: int | None, kind: str
) -> None:
    assert classify(tag, reason, after, count) == kind


def test_real_slow_click_variants() -> None:
    kinds = {e["kind"]: e for e in result("slow-and-idle").events if e["rawSource"] == "ui.slowClickDetected"}
    assert kinds["slow-click"]["data"]["endReason"] == "mutation"
    assert kinds["slow-click"]["data"]["timeAfterClickMs"] == 3510
    assert kinds["dead-click"]["data"]["text"] == "Subscribe to newsletter"


def test_multi_click_is_never_rage_and_rage_is_not_also_dead() -> None:
    events = result("checkout-failure").events
    multi = [e for e in events if e["kind"] == "multi-click"]
    assert len(multi) == 1 and multi[0]["data"]["clickCount"] == 6  # >= 5, still not a rage click
    rage = [e for e in events if e["kind"] == "rage-click"]
    assert len(rage) == 1
    same_frame = [
        e
        for e in events
        if (e["segmentId"], e["frameIndex"]) == (rage[0]["segmentId"], rage[0]["frameIndex"])
    ]
    assert same_frame == rage


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_qualifiers_point_at_their_click(scenario: str) -> None:
    res = result(scenario)
    events = by_pointer(res)
    for ev in res.events:
        if ev["kind"] in ("dead-click", "rage-click", "slow-click", "multi-click"):
            q = ev["data"]["qualifies"]
            assert q is not None, ev["label"]
            click = events[(q["segmentId"], q["frameIndex"])]
            assert click["kind"] == "click"
            assert ev["data"]["clickOffsetMs"] == click["offsetMs"]
            assert ev["nodeId"] == click["nodeId"] or ev["selector"] in (
                click["data"]["sentrySelector"] or ""
            )


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_each_ui_click_breadcrumb_is_merged_into_its_rrweb_click(scenario: str) -> None:
    segments = load_segments(scenario)
    crumbs = {
        (s, i)
        for s, seg in enumerate(segments)
        for i, f in enumerate(seg)
        if f.get("type") == 5
        and f["data"].get("tag") == "breadcrumb"
        and f["data"]["payload"].get("category") == "ui.click"
    }
    clicks = [e for e in result(scenario).events if e["kind"] == "click"]
    merged = {
        (e["data"]["breadcrumb"]["segmentId"], e["data"]["breadcrumb"]["frameIndex"])
        for e in clicks
        if e["data"]["breadcrumb"]
    }
    standalone = [e for e in clicks if e["rawSource"] == "ui.click"]
    assert merged == crumbs and standalone == []
    assert all(e["rawSource"] == "MouseInteraction" for e in clicks)


def test_a_click_whose_rrweb_frame_was_lost_comes_from_its_breadcrumb() -> None:
    segments = copy.deepcopy(load_segments("checkout-failure"))
    frames = segments[0]
    crumb_at = next(
        i
        for i, f in enumerate(frames)
        if f.get("type") == 5 and f["data"]["payload"].get("category") == "ui.click"
    )
    click_at = next(
        i
        for i, f in enumerate(frames)
        if i > crumb_at and f.get("type") == 3 and f["data"].get("source") == 2 and f["data"].get("type") == 2
    )
    frames[click_at] = {**frames[click_at], "data": {**frames[click_at]["data"], "type": 0}}  # now a MouseUp
    res = normalize(enumerate(segments), replay_id="r", details=None, errors=[])
    ev = next(e for e in res.events if e["kind"] == "click")
    assert (ev["segmentId"], ev["frameIndex"], ev["rawSource"]) == (0, crumb_at, "ui.click")
    assert ev["selector"] == frames[crumb_at]["data"]["payload"]["message"]
    assert ev["data"]["text"] == "About" and ev["label"] == 'click "About"'


def test_shadow_dom_click_names_the_inner_element_and_keeps_sentrys_host_selector() -> None:
    ev = next(
        e for e in result("widgets").events if e["kind"] == "click" and "rate-roast" in (e["selector"] or "")
    )
    assert ev["selector"].endswith(
        'star-rating#rate-roast > div.stars[role="radiogroup"] > button.star[type="button"]'
    )
    assert ev["data"]["sentrySelector"].endswith("star-rating#rate-roast")
    assert ev["data"]["attributes"]["data-value"] == "4"


def test_click_on_a_child_of_a_button_is_merged_with_the_buttons_breadcrumb() -> None:
    ev = next(
        e for e in result("widgets").events if e["kind"] == "click" and "btn-fav" in (e["selector"] or "")
    )
    assert ev["selector"].endswith('button#btn-fav.fav[type="button"] > span#fav-label')
    assert ev["data"]["breadcrumb"] is not None and ev["data"]["text"] == "Save this gift box"


def test_focus_blur_and_keys() -> None:
    events = result("widgets").events
    windows = [e for e in events if e["kind"] in ("focus", "blur") and e["data"]["target"] == "window"]
    assert [e["kind"] for e in windows] == ["blur", "focus", "blur", "focus"]
    keys = [e["label"] for e in events if e["kind"] == "keydown"]
    assert keys == ["key Ctrl", "key Ctrl+K", "key Ctrl", "key Ctrl+K"]
