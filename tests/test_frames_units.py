"""Timestamp units and the replay start rule, on real frames and variants derived from them."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest
from conftest import SCENARIOS, load_json, load_segments

from replaydom.frames.normalize import NormalizeResult, normalize
from replaydom.frames.start import replay_start_ms
from replaydom.timefmt import iso_ms, parse_iso_ms

Frame = dict[str, Any]


def find(scenario: str, pred: Callable[[Frame], bool]) -> Frame:
    for seg in load_segments(scenario):
        for frame in seg:
            if pred(frame):
                return copy.deepcopy(frame)
    raise AssertionError("no such frame in " + scenario)


def crumb(category: str) -> Callable[[Frame], bool]:
    return lambda f: (
        f.get("data", {}).get("tag") == "breadcrumb" and f["data"]["payload"].get("category") == category
    )


def span(op: str) -> Callable[[Frame], bool]:
    return lambda f: (
        f.get("data", {}).get("tag") == "performanceSpan" and f["data"]["payload"].get("op") == op
    )


def run(frames: list[Any], details: dict[str, Any] | None = None) -> NormalizeResult:
    return normalize([(0, frames)], replay_id="r" * 32, details=details, errors=[])


def epoch(res: NormalizeResult, ev: dict[str, Any]) -> float:
    return res.start_ms + ev["offsetMs"]


def test_breadcrumb_time_is_payload_seconds_never_the_top_level() -> None:
    frame = find("slow-and-idle", crumb("ui.slowClickDetected"))
    payload_ms = frame["data"]["payload"]["timestamp"] * 1000
    assert frame["timestamp"] == payload_ms  # same instant, two units (ms on top, s in the payload)
    meta = find("slow-and-idle", lambda f: f.get("type") == 4)
    res = run([meta, frame])
    ev = next(e for e in res.events if e["rawSource"] == "ui.slowClickDetected")
    assert ev["timestamp"] == iso_ms(payload_ms)
    for top in (payload_ms + 5000, payload_ms / 1000 + 5, 1):  # the top-level time is never read
        frame["timestamp"] = top
        assert run([meta, frame]).events == res.events


def test_blur_breadcrumb_top_level_in_seconds_is_ignored() -> None:
    frame = find("widgets", crumb("ui.blur"))
    assert frame["timestamp"] < 9_999_999_999  # seconds at the top level, as the SDK writes it
    res = run([frame])
    assert res.events[0]["timestamp"] == iso_ms(frame["data"]["payload"]["timestamp"] * 1000)


def test_span_time_is_payload_start_and_duration_from_end() -> None:
    frame = find("checkout-failure", span("resource.fetch"))
    payload = frame["data"]["payload"]
    frame["timestamp"] = payload["startTimestamp"] + 1000  # top-level (seconds) is never read
    ev = run([frame]).events[0]
    assert ev["timestamp"] == iso_ms(payload["startTimestamp"] * 1000)
    assert ev["data"]["durationMs"] == round((payload["endTimestamp"] - payload["startTimestamp"]) * 1000)


def test_rrweb_and_options_frames_use_top_level_ms() -> None:
    click = find(
        "checkout-failure",
        lambda f: f.get("type") == 3 and f["data"].get("source") == 2 and f["data"].get("type") == 2,
    )
    options = find("checkout-failure", lambda f: f.get("data", {}).get("tag") == "options")
    res = run([click, options])
    assert {e["kind"]: e["timestamp"] for e in res.events} == {
        "click": iso_ms(click["timestamp"]),
        "options": iso_ms(options["timestamp"]),
    }


def test_web_vitals_do_not_move_the_start_and_offsets_stay_signed() -> None:
    meta = find("checkout-failure", lambda f: f.get("type") == 4)
    lcp = find("checkout-failure", span("web-vital"))
    early = (meta["timestamp"] - 10_000) / 1000
    lcp["data"]["payload"].update(startTimestamp=early, endTimestamp=early)
    res = run([meta, lcp])
    assert res.start_ms == meta["timestamp"]
    vital = next(e for e in res.events if e["kind"] == "web-vital")
    assert vital["offsetMs"] == -10_000


def test_start_is_the_earlier_of_details_and_frames() -> None:
    meta = find("checkout-failure", lambda f: f.get("type") == 4)
    details = {
        "started_at": iso_ms(meta["timestamp"] - 5000),
        "finished_at": iso_ms(meta["timestamp"] + 9000),
    }
    res = run([meta], details)
    assert res.events[0]["offsetMs"] == 5000
    assert res.end_ms == meta["timestamp"] + 9000
    late = {"started_at": iso_ms(meta["timestamp"] + 5000), "finished_at": None}
    assert run([meta], late).events[0]["offsetMs"] == 0


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_replay_start_ms_agrees_with_normalize(scenario: str) -> None:
    details = load_json(scenario, "details.json")
    segments = list(enumerate(load_segments(scenario)))
    res = normalize(segments, replay_id="r", details=details, errors=[])
    assert replay_start_ms(segments, details) == res.start_ms
    # the UI's rule: the start is never after the API's started_at, never after the first frame
    started = parse_iso_ms(details["started_at"])
    assert started is not None and res.start_ms <= started


@pytest.mark.parametrize("bad", [None, "1795470016402", math.nan, math.inf, 1e300, -5, 0, True, [1]])
def test_unusable_timestamps_are_counted_never_fatal(bad: Any) -> None:
    click = find("checkout-failure", lambda f: f.get("type") == 3 and f["data"].get("source") == 2)
    blur = find("widgets", crumb("ui.blur"))
    fetch = find("checkout-failure", span("resource.fetch"))
    click["timestamp"] = bad
    blur["data"]["payload"]["timestamp"] = bad
    fetch["data"]["payload"]["startTimestamp"] = bad
    res = run([click, blur, fetch])
    assert res.events == []
    assert sum(res.skipped.values()) == 3
