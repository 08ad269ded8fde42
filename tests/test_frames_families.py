"""The family registry and every family on real frames or variants derived from real frames.

Families the five recordings do not exercise (media, canvas, selection, stylesheets, fonts, mobile
breadcrumbs, video, ...) are tested on a real frame of the same envelope whose payload is replaced by
the shape the SDK / rrweb documents (docs/rrweb-model.md §1.3, sentry-replay-model.md §4).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from conftest import load_segments

from replaydom.frames import registry
from replaydom.frames.normalize import NormalizeResult, normalize
from replaydom.frames.related_errors import error_records
from replaydom.model import DATA_MODELS, KIND_SOURCES, Event, Kind

Frame = dict[str, Any]


def find(scenario: str, pred: Callable[[Frame], bool]) -> Frame:
    return copy.deepcopy(next(f for seg in load_segments(scenario) for f in seg if pred(f)))


def incremental(source: int, data: dict[str, Any]) -> Frame:
    frame = find("checkout-failure", lambda f: f.get("type") == 3 and f["data"].get("source") == 3)
    frame["data"] = {"source": source, **data}
    return frame


def breadcrumb(category: str, **payload: Any) -> Frame:
    frame = find(
        "checkout-failure",
        lambda f: (
            f.get("data", {}).get("tag") == "breadcrumb" and f["data"]["payload"].get("category") == "console"
        ),
    )
    base = frame["data"]["payload"]
    frame["data"]["payload"] = {
        "timestamp": base["timestamp"],
        "type": "default",
        "category": category,
        **payload,
    }
    return frame


def span(op: str, **payload: Any) -> Frame:
    frame = find(
        "checkout-failure",
        lambda f: (
            f.get("data", {}).get("tag") == "performanceSpan"
            and f["data"]["payload"].get("op") == "resource.fetch"
        ),
    )
    frame["data"]["payload"] = {**frame["data"]["payload"], "op": op, **payload}
    return frame


def run(*frames: Any) -> NormalizeResult:
    res = normalize([(0, list(frames))], replay_id="r", details=None, errors=[])
    for ev in res.events:
        Event.model_validate(ev)
        DATA_MODELS[Kind(ev["kind"])].model_validate(ev["data"])
    return res


def one(*frames: Any) -> dict[str, Any]:
    events = run(*frames).events
    assert len(events) == 1, events
    return events[0]


def test_every_family_states_its_contract() -> None:
    for module in registry.FAMILIES:
        assert module.__doc__ and "Source frames" in module.__doc__, module.__name__
    wired = {
        *registry.RRWEB_TYPES.values(),
        *registry.INCREMENTAL_SOURCES.values(),
        *registry.BREADCRUMBS.values(),
        *registry.SPANS.values(),
        *registry.CUSTOM_TAGS.values(),
        *(h for _, h in registry.BREADCRUMB_PREFIXES + registry.SPAN_PREFIXES),
    }
    modules = {h.__module__ for h in wired} | {
        registry.BREADCRUMB_DEFAULT.__module__,
        registry.SPAN_DEFAULT.__module__,
    }
    assert modules == {m.__name__ for m in registry.FAMILIES}
    assert set(KIND_SOURCES) == set(Kind) == set(DATA_MODELS)
    assert set(registry.kind_sources()) == {k.value for k in Kind}


@pytest.mark.parametrize(
    ("source", "data", "kind", "check"),
    [
        (7, {"type": 0, "id": 23, "currentTime": 1.5}, "media", {"action": "play", "currentTime": 1.5}),
        (
            9,
            {"id": 23, "type": 1, "commands": [{"property": "clear", "args": [16384]}]},
            "canvas",
            {"context": "webgl", "commands": 1},
        ),
        (9, {"id": 23, "type": 0, "property": "fillRect", "args": [0, 0, 1, 1]}, "canvas", {"commands": 1}),
        (
            14,
            {"ranges": [{"start": 10, "startOffset": 0, "end": 11, "endOffset": 4}]},
            "selection",
            {"ranges": 1, "startNodeId": 10, "endOffset": 4},
        ),
        (
            8,
            {"id": 7, "adds": [{"rule": "a{color:red}", "index": 0}]},
            "style",
            {"change": "StyleSheetRule", "adds": 1},
        ),
        (
            13,
            {"id": 7, "index": [0], "set": {"property": "color", "value": "red"}},
            "style",
            {"change": "StyleDeclaration"},
        ),
        (15, {"id": 1, "styleIds": [1], "styles": []}, "style", {"change": "AdoptedStyleSheet"}),
        (
            10,
            {"family": "Inter", "fontSource": "url(https://x/inter.woff2)", "buffer": False},
            "style",
            {"fontFamily": "Inter", "fontSource": "url(https://x/inter.woff2)"},
        ),
        (16, {"define": {"name": "star-rating"}}, "mutation", {"define": "star-rating"}),
        (
            12,
            {"positions": [{"x": 1, "y": 2, "id": 5, "timeOffset": -30}]},
            "pointer",
            {"action": "drag", "positions": 1, "firstTimeOffsetMs": -30},
        ),
        (4, {"width": 390, "height": 844}, "viewport", {"width": 390, "height": 844}),
        (
            11,
            {"level": "warn", "payload": ["low disk", 3]},
            "console",
            {"level": "warn", "message": "low disk 3"},
        ),
    ],
)
def test_rrweb_families(source: int, data: dict[str, Any], kind: str, check: dict[str, Any]) -> None:
    ev = one(incremental(source, data))
    assert ev["kind"] == kind and ev["rawType"] == "IncrementalSnapshot"
    assert {k: ev["data"][k] for k in check} == check


@pytest.mark.parametrize(
    ("frame", "kind", "check"),
    [
        (breadcrumb("replay.throttled"), "replay-health", {"signal": "throttled"}),
        (
            breadcrumb("replay.mutations", data={"count": 10_001, "limit": True}),
            "replay-health",
            {"count": 10_001, "stopped": True},
        ),
        (
            breadcrumb("replay.hydrate-error", data={"url": "http://a/b"}),
            "hydration-error",
            {"pageUrl": "http://a/b"},
        ),
        (
            breadcrumb("ui.tap", message="LoginButton", data={"view.class": "Button", "view.id": "login"}),
            "tap",
            {"tag": "Button", "text": "LoginButton"},
        ),
        (breadcrumb("ui.swipe", data={"direction": "left"}), "mobile", {"category": "ui.swipe"}),
        (
            breadcrumb("device.battery", data={"charging": True, "level": 80}),
            "mobile",
            {"details": {"charging": True, "level": 80}},
        ),
        (breadcrumb("app.background"), "mobile", {"category": "app.background"}),
        (breadcrumb("ui.scroll", message="ListView"), "scroll", {"target": "view"}),
        (breadcrumb("Logcat", level="info", message="boot"), "console", {"level": "info", "message": "boot"}),
        (
            breadcrumb("navigation", data={"from": "Home", "to": "Settings"}),
            "navigation",
            {"toUrl": "Settings", "fromUrl": "Home"},
        ),
        (
            breadcrumb("sentry.feedback", data={"feedbackId": "abc"}),
            "breadcrumb",
            {"category": "sentry.feedback"},
        ),
        (breadcrumb("checkout.step", message="payment"), "breadcrumb", {"message": "payment"}),
        (span("paint", description="first-paint"), "span", {"op": "paint"}),
        (span("ui.long-task", description="main thread"), "span", {"op": "ui.long-task"}),
        (
            span(
                "largest-contentful-paint",
                description="largest-contentful-paint",
                data={"value": 5000, "size": 5000, "nodeId": 12},
            ),
            "web-vital",
            {"name": "LCP", "nodeIds": [12]},
        ),
        (
            span("resource.http", description="https://api/x", data={"method": "GET", "statusCode": 503}),
            "network",
            {"status": 503, "failed": True, "initiator": "http"},
        ),
    ],
)
def test_custom_families(frame: Frame, kind: str, check: dict[str, Any]) -> None:
    ev = one(frame)
    assert ev["kind"] == kind
    assert {k: ev["data"][k] for k in check} == check


def test_video_frames_use_their_top_level_ms() -> None:
    frame = find("checkout-failure", lambda f: f.get("data", {}).get("tag") == "options")
    frame["data"] = {
        "tag": "video",
        "payload": {
            "segmentId": 3,
            "size": 1000,
            "duration": 5000,
            "encoding": "h264",
            "container": "mp4",
            "height": 800,
            "width": 400,
            "frameCount": 5,
            "frameRate": 1,
            "left": 0,
            "top": 0,
        },
    }
    ev = one(frame)
    assert ev["kind"] == "video" and ev["data"]["durationMs"] == 5000 and ev["data"]["segmentId"] == 3


def test_network_honesty() -> None:
    skipped = span(
        "resource.fetch",
        data={
            "method": "GET",
            "statusCode": 0,
            "request": {"headers": {}, "size": 10, "_meta": {"warnings": ["URL_SKIPPED"]}},
        },
    )
    ev = one(skipped)["data"]
    assert ev["status"] is None and ev["failed"] is True
    assert ev["request"]["captured"] is False and ev["request"]["warnings"] == ["URL_SKIPPED"]
    big = span(
        "resource.xhr",
        data={
            "method": "POST",
            "statusCode": 200,
            "response": {"headers": {"authorization": "[Filtered]"}, "body": {"rows": ["x" * 100] * 100}},
        },
    )
    data = one(big)["data"]["response"]
    assert data["bodyTruncated"] is True and isinstance(data["body"], str) and len(data["body"]) == 4096
    assert data["filtered"] is True and data["captured"] is True


def test_unknown_frames_are_kept_with_a_reason() -> None:
    plugin = find("checkout-failure", lambda f: f.get("type") == 1)
    plugin.update(type=6, data={"plugin": "rrweb/console@1", "payload": {}})
    odd_source = incremental(99, {})
    odd_click = incremental(2, {"type": 42, "id": 1})
    odd_tag = find("checkout-failure", lambda f: f.get("data", {}).get("tag") == "options")
    odd_tag["data"]["tag"] = "replay.clip_end"
    res = run(plugin, odd_source, odd_click, odd_tag, "not a frame", None)
    assert [e["kind"] for e in res.events] == ["unknown"] * 4
    assert res.unknown == 4 and res.skipped == {"not an object": 2}
    assert all(e["data"]["reason"] for e in res.events)


def test_linked_errors_and_feedback() -> None:
    skipped: dict[str, int] = {}
    rows = [
        {
            "id": "a" * 32,
            "title": "TypeError: x",
            "timestamp": "2026-11-23T21:41:02.610+00:00",
            "level": "error",
            "issue": "WEB-1",
            "issue.id": 9000,
            "error.type": ["TypeError"],
            "project.name": "web",
        },
        {"id": "b" * 32, "title": "User Feedback", "timestamp": "2026-11-23T21:41:03+00:00", "level": "info"},
        {"id": "c" * 32, "title": "no time"},
    ]
    records = error_records(rows, "r", skipped)
    assert [r[3]["kind"] for r in records] == ["error", "breadcrumb"]
    assert skipped == {"error row without a readable timestamp": 1}
    error = records[0][3]
    assert (error["source"], error["segmentId"], error["frameIndex"], error["eventId"]) == (
        "errors",
        None,
        None,
        "a" * 32,
    )
    assert error["data"]["types"] == ["TypeError"] and error["data"]["issueId"] == 9000
