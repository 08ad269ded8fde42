"""The derived scale corpus (bench/scale_corpus.py) is self-consistent in its Sentry frames.

The SDK's click detector and mutation guard, replayed by bench/sdk_frames.py, must give exactly the
real breadcrumbs on every real recording; on the derived replay every slow/dead/rage/multi-click
breadcrumb is then the detector's verdict on a derived click (its node, timestamp, clickCount and
timeAfterClickMs/endReason from the derived mutations after it), every large-batch breadcrumb has
the count of the render it precedes, and `stats`/`struggles` count what the generator derived.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, load_segments

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus
import scale_hour
import scale_source
import sdk_frames

from replaydom.store.importer import import_recording

Event = dict[str, Any]


def _frames(segments: list[list[Event]]) -> list[Event]:
    return [e for seg in segments for e in seg]


def _judged(events: list[Event]) -> list[Event]:
    return [e for e in events if sdk_frames.category(e) in ("ui.slowClickDetected", "ui.multiClick")]


def _key(e: Event) -> str:
    return json.dumps(e, sort_keys=True)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_click_detector_gives_the_real_breadcrumbs(scenario: str) -> None:
    """Byte for byte (top-level timestamp, float timeAfterClickMs, url, route, clickCount)."""
    events = _frames(load_segments(scenario))
    derived = [o.crumb for o in sdk_frames.click_outcomes(events, sdk_frames.page_of(events)) if o.crumb]
    assert sorted(map(_key, derived)) == sorted(map(_key, _judged(events)))


def test_the_detector_rules() -> None:
    """A mutation within 3 s: nothing; between 3 and 7 s: slow (mutation); none: dead (timeout);
    a scroll within 300 ms: nothing; five clicks and no reaction: a rage click; a page load before
    the breadcrumb is flushed loses it."""
    events = _frames(load_segments("slow-and-idle"))
    click = next(e for e in events if sdk_frames.category(e) == "ui.click")
    node = click["data"]["payload"]["data"]["nodeId"]
    t = click["timestamp"]

    def judge(*extra: Event) -> str:
        (outcome,) = sdk_frames.click_outcomes([click, *extra], {})
        return outcome.kind

    def frame(source: int, at: int, **data: Any) -> Event:
        return {"type": 3, "timestamp": t + at, "data": {"source": source, **data}}

    assert judge() == "dead"
    assert judge(frame(0, 2_000)) == "none"
    assert judge(frame(0, 4_000)) == "slow"
    assert judge(frame(0, 8_000)) == "dead"
    assert judge(frame(3, 200, id=1)) == "none" and judge(frame(3, 400, id=1)) == "dead"
    assert judge(*[frame(2, 10 + i, type=2, id=node) for i in range(5)]) == "rage"
    assert judge(frame(0, 1_000), *[frame(2, 10 + i, type=2, id=node) for i in range(2)]) == "multi"
    load = {
        "type": 5,
        "timestamp": (t + 9_000) / 1000,
        "data": {
            "tag": "performanceSpan",
            "payload": {
                "op": "navigation.navigate",
                "startTimestamp": (t + 9_000) / 1000,
                "endTimestamp": (t + 9_100) / 1000,
            },
        },
    }
    assert sdk_frames.click_outcomes([click, load], {}) == []


def test_render_records_scale_like_the_real_render() -> None:
    assert sdk_frames.render_records(1501, 500, 500) == 1501
    assert sdk_frames.render_records(1501, 500, 20_000) == 60_001
    template = next(
        e for e in _frames(load_segments("slow-and-idle")) if sdk_frames.category(e) == "replay.mutations"
    )
    assert sdk_frames.mutation_crumb(template, 1.5, 750) is None
    made = sdk_frames.mutation_crumb(template, 1.5, 6_001)
    assert (
        made is not None
        and made["timestamp"] == 1.5
        and made["data"]["payload"]["data"] == {"count": 6_001, "limit": False}
    )


@pytest.fixture(scope="module")
def small() -> tuple[list[list[Event]], dict[str, Any], dict[str, Any]]:
    return scale_corpus.hour_long(rows=1_000, minutes=4, renders=4)


def test_every_sentry_frame_of_the_derived_replay_belongs_to_its_frames(small: Any) -> None:
    segments, details, provenance = small
    events = _frames(segments)
    # 1. the detector over the derived replay gives exactly the breadcrumbs it holds
    outcomes = sdk_frames.click_outcomes(events, sdk_frames.page_of(events))
    assert sorted(_key(o.crumb) for o in outcomes if o.crumb) == sorted(map(_key, _judged(events)))
    kinds = Counter(o.kind for o in outcomes)
    derived = provenance["derivedSdkFrames"]
    assert {k: derived[k] for k in ("slow", "dead", "rage", "multi", "none")} == {
        k: kinds.get(k, 0) for k in ("slow", "dead", "rage", "multi", "none")
    }
    assert derived["slow"] >= 5 and derived["dead"] >= 5  # the corpus has both, repeated
    # each verdict follows a click on its node at its timestamp, and sits in a segment sent after it
    clicks = {
        (e["data"]["payload"]["data"]["nodeId"], e["data"]["payload"]["timestamp"])
        for e in events
        if sdk_frames.category(e) == "ui.click"
    }
    for index, seg in enumerate(segments):
        for e in _judged(seg):
            p = e["data"]["payload"]
            assert (p["data"]["nodeId"], p["timestamp"]) in clicks
            assert max(scale_source._stamp_ms(x) for x in seg) >= p["timestamp"] * 1000 + 7_000, index
    # 2. every large-batch breadcrumb precedes the render it counts
    frames = sorted(events, key=scale_source._stamp_ms)
    crumbs = [i for i, e in enumerate(frames) if sdk_frames.category(e) == "replay.mutations"]
    assert len(crumbs) == provenance["renders"] + 0 == derived["mutationBreadcrumbs"]
    for i in crumbs:
        count = frames[i]["data"]["payload"]["data"]["count"]
        nxt = next(
            e
            for e in frames[i + 1 :]
            if e.get("type") == 3 and e["data"]["source"] == 0 and e["data"]["adds"]
        )
        rows = sum(1 for a in nxt["data"]["adds"] if a["node"].get("tagName") == "tr")
        assert count == sdk_frames.render_records(1501, 500, rows) and rows == 1_000
    # 3. focus: every Blur names the element focused before it
    focused = None
    for e in frames:
        if scale_hour._is_focus(e, 6):
            assert e["data"]["id"] == focused
        if scale_hour._is_focus(e, 5):
            focused = e["data"]["id"]
    # 4. one memory span per segment flushed in the middle of the hour; web vitals at the page's instants
    memory = Counter(
        i for i, seg in enumerate(segments) for e in seg if sdk_frames.payload(e).get("op") == "memory"
    )
    assert all(n == 1 for n in memory.values()) and len(memory) >= len(segments) - 3
    source = _frames(load_segments("slow-and-idle"))
    vitals = [_key(e) for e in source if sdk_frames.payload(e).get("op") == "web-vital"]
    assert sorted(_key(e) for e in events if sdk_frames.payload(e).get("op") == "web-vital") == sorted(vitals)
    assert details["count_dead_clicks"] == derived["dead"] + derived["rage"]


def test_stats_and_struggles_count_what_was_derived(small: Any, tmp_path: Path, cli: Any) -> None:
    scale_corpus.write(tmp_path / "hour", *small)
    derived = small[2]["derivedSdkFrames"]
    rid = import_recording(tmp_path / "hour").replay_id
    clicks = cli("stats", rid, "--json").json()["clicks"]
    assert (clicks["slow"], clicks["dead"], clicks["rage"], clicks["multi"]) == (
        derived["slow"],
        derived["dead"] + derived["rage"],
        derived["rage"],
        derived["multi"],
    )
    assert clicks["matchesSentry"] is True
    assert clicks["clicks"] == sum(1 for e in _frames(small[0]) if sdk_frames.category(e) == "ui.click")
    items = cli("struggles", rid, "--json").json()["items"]
    for name, expected in (("dead-click", derived["dead"]), ("slow-click", derived["slow"])):
        seen = sum(ref["kind"] == name for f in items for o in f["occurrences"] for ref in o["evidence"])
        assert seen == expected, name
