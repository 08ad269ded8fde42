"""Golden checks of the normalizer on every real recording (fixtures/recordings/*).

Ground truth comes from each scenario's `script.json` (what the scripted user did, with epoch-ms
times) and `details.json` (what Sentry's backend counted). The stream itself is pinned in
`fixtures/expected/<scenario>.events.jsonl` (offset, pointer, kind, label, selector, url per event);
regenerate with `REPLAYDOM_UPDATE_GOLDEN=1 pytest tests/test_normalize_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SCENARIOS, load_json, load_segments

from replaydom.frames.normalize import NormalizeResult, normalize
from replaydom.model import DATA_MODELS, Event, Kind

EXPECTED = ROOT / "fixtures" / "expected"
UPDATE = os.environ.get("REPLAYDOM_UPDATE_GOLDEN") == "1"
CLICK_TOLERANCE_MS = 100


@cache
def result(scenario: str) -> NormalizeResult:
    return normalize(
        enumerate(load_segments(scenario)),
        replay_id=load_json(scenario, "details.json")["id"],
        details=load_json(scenario, "details.json"),
        errors=load_json(scenario, "events_meta.json"),
    )


def _dedup(urls: list[str]) -> list[str]:
    out: list[str] = []
    for u in urls:
        if not out or out[-1] != u:
            out.append(u)
    return out


def _epoch(res: NormalizeResult, ev: dict[str, Any]) -> float:
    return res.start_ms + ev["offsetMs"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_event_validates_against_the_model(scenario: str) -> None:
    for ev in result(scenario).events:
        assert list(ev) == [f for f in Event.model_fields if f != "raw"], ev
        Event.model_validate(ev)
        model = DATA_MODELS[Kind(ev["kind"])]
        model.model_validate(ev["data"])
        undeclared = set(ev["data"]) - set(model.model_fields)
        # options frames carry the SDK's own keys; everything else must be documented
        assert not undeclared or ev["kind"] == "options", (ev["kind"], undeclared)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_navigations_follow_the_script(scenario: str) -> None:
    res = result(scenario)
    script = load_json(scenario, "script.json")["actions"]
    expected = [
        a.get("target_url") or a["url"] for a in script if a.get("expect_in_replay", True) is not False
    ]
    expected = _dedup([u for u in expected if u != "about:blank"])
    navigations = [ev for ev in res.events if ev["kind"] == "navigation"]
    assert _dedup([ev["data"]["toUrl"] for ev in navigations]) == expected
    assert _dedup([ev["url"] for ev in navigations]) == expected
    assert _dedup([ev["data"]["toUrl"] for ev in navigations]) == _dedup(
        load_json(scenario, "details.json")["urls"]
    )


def _right_node(ev: dict[str, Any], selector: str) -> bool:
    """The click hit the scripted element or a descendant of it (the browser's hit target)."""
    last = selector.split()[-1]
    path = " ".join(s for s in (ev["selector"], ev["data"]["sentrySelector"]) if s)
    for el_id in re.findall(r"#([\w-]+)", selector):
        if f"#{el_id}" not in path:
            return False
    tag = re.match(r"^[a-z][\w-]*", last)
    if tag and ev["data"]["tag"] != tag.group(0):
        return False
    attrs = ev["data"]["attributes"]
    return all(attrs.get(name) == value for name, value in re.findall(r"\[([\w-]+)='([^']*)'\]", last))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scripted_click_is_a_click_at_its_node_and_time(scenario: str) -> None:
    res = result(scenario)
    clicks = [ev for ev in res.events if ev["kind"] == "click"]
    used: set[int] = set()
    scripted = [a for a in load_json(scenario, "script.json")["actions"] if a["kind"] == "click"]
    checked = 0
    for action in scripted:
        if action.get("expect_in_replay") is False:
            continue
        near = [
            c
            for c in clicks
            if id(c) not in used
            and abs(_epoch(res, c) - action["ts"]) <= CLICK_TOLERANCE_MS
            and _right_node(c, action["selector"])
        ]
        assert near, f"no click on {action['selector']} within {CLICK_TOLERANCE_MS} ms of {action['ts']}"
        best = min(near, key=lambda c: abs(_epoch(res, c) - action["ts"]))
        used.add(id(best))
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_dead_and_rage_counts_equal_sentrys(scenario: str) -> None:
    details = load_json(scenario, "details.json")
    kinds = [ev["kind"] for ev in result(scenario).events]
    assert kinds.count("dead-click") + kinds.count("rage-click") == details["count_dead_clicks"]
    assert kinds.count("rage-click") == details["count_rage_clicks"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_event_outside_the_replay(scenario: str) -> None:
    res = result(scenario)
    duration = res.end_ms - res.start_ms
    assert res.start_ms <= res.end_ms
    for ev in res.events:
        assert -1000 <= ev["offsetMs"] <= duration + 1000, ev["label"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_order_is_stable_by_time_then_pointer(scenario: str) -> None:
    events = result(scenario).events
    offsets = [ev["offsetMs"] for ev in events]
    assert offsets == sorted(offsets)
    assert [ev["timestamp"] for ev in events] == sorted(ev["timestamp"] for ev in events)
    pointers = [(ev["segmentId"], ev["frameIndex"]) for ev in events if ev["segmentId"] is not None]
    assert len(pointers) == len(set(pointers)), "one raw frame yields at most one event"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pointers_resolve_to_their_raw_frames(scenario: str) -> None:
    segments = load_segments(scenario)
    for ev in result(scenario).events:
        if ev["source"] == "errors":
            assert ev["segmentId"] is None and ev["frameIndex"] is None and ev["eventId"]
            continue
        frame = segments[ev["segmentId"]][ev["frameIndex"]]
        assert isinstance(frame, dict)
        crumb = ev["data"].get("breadcrumb")
        if crumb:
            ref = segments[crumb["segmentId"]][crumb["frameIndex"]]
            assert ref["data"]["tag"] == "breadcrumb"


def test_masked_recording_never_shows_typed_text() -> None:
    res = result("masked-default")
    assert res.masked["maskAllText"] is True and res.masked["maskAllInputs"] is True
    typed = [a["text"] for a in load_json("masked-default", "script.json")["actions"] if a["kind"] == "type"]
    inputs = [ev for ev in res.events if ev["kind"] == "input"]
    assert len(inputs) == len(typed)
    for ev, text in zip(inputs, typed, strict=True):
        assert ev["data"]["masked"] is True and ev["data"]["text"] is None
        assert ev["data"]["textLength"] == len(text)
    for ev in res.events:
        if ev["kind"] == "network":
            # the SDK records allow-listed request bodies as the app sent them: only there may
            # typed values appear (and `--redact` removes them)
            ev = {**ev, "data": {**ev["data"], "request": None, "response": None}}
        blob = json.dumps(ev)
        for text in typed:
            if len(text) >= 4:  # shorter ones occur by chance (`tea` in `team.png`)
                assert text not in blob, (text, ev["kind"], ev["label"])
        if ev["kind"] in ("input", "click"):
            assert all(text not in blob for text in typed)


def test_unmasked_recording_keeps_typed_text_except_passwords() -> None:
    res = result("checkout-failure")
    inputs = {
        ev["selector"].rsplit("#", 1)[-1].split("[")[0]: ev for ev in res.events if ev["kind"] == "input"
    }
    assert inputs["search"]["data"]["text"] == "mug"
    assert inputs["password"]["data"]["masked"] is True and inputs["password"]["data"]["text"] is None


def _golden_rows(res: NormalizeResult) -> list[str]:
    keys = ("offsetMs", "segmentId", "frameIndex", "kind", "label", "selector", "url")
    return [json.dumps([ev[k] for k in keys], ensure_ascii=False) for ev in res.events]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_stream_matches_golden(scenario: str) -> None:
    path = EXPECTED / f"{scenario}.events.jsonl"
    rows = _golden_rows(result(scenario))
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} is missing: run with REPLAYDOM_UPDATE_GOLDEN=1 and review it")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(rows) + "\n")
    assert path.read_text().splitlines() == rows
