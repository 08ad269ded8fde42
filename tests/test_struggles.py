"""`struggles` on the real recordings, checked against each scenario's scripted ground truth.

Times come from `script.json` (epoch ms of each scripted action) minus the normalizer's replay
start, never from the tool's own earlier output.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDINGS, SCENARIOS, load_json, load_segments

from replaydom.analyze.struggles import Finding, find_struggles
from replaydom.frames.normalize import NormalizeResult, normalize
from replaydom.model import Event
from replaydom.store.importer import import_recording

CALM = Path(__file__).resolve().parent.parent / "fixtures" / "calm"
ALL = [*SCENARIOS, "calm"]


def folder(scenario: str) -> Path:
    return CALM if scenario == "calm" else RECORDINGS / scenario


def segments(scenario: str) -> list[list[dict[str, Any]]]:
    if scenario != "calm":
        return load_segments(scenario)
    with gzip.open(CALM / "segments.json.gz", "rt") as fh:
        data: list[list[dict[str, Any]]] = json.load(fh)
    return data


def meta(scenario: str, name: str) -> Any:
    return json.loads((folder(scenario) / name).read_text())


@functools.cache
def normalized(scenario: str) -> NormalizeResult:
    details = meta(scenario, "details.json")
    errors = meta(scenario, "events_meta.json")
    return normalize(enumerate(segments(scenario)), replay_id=details["id"], details=details, errors=errors)


@functools.cache
def findings(scenario: str) -> list[Finding]:
    return find_struggles(
        normalized(scenario).events, target="acme/web/x", details=meta(scenario, "details.json")
    )


def action_ms(scenario: str, seq: int) -> int:
    """Offset of a scripted action (ground truth) on the normalizer's clock."""
    action = next(a for a in load_json(scenario, "script.json")["actions"] if a["seq"] == seq)
    return round(action["ts"] - normalized(scenario).start_ms)


def covering(scenario: str, t: int, signal: str, slack: int = 400) -> list[Finding]:
    return [
        f
        for f in findings(scenario)
        if signal in f.signals and f.window.fromOffsetMs - slack <= t <= f.window.toOffsetMs + slack
    ]


def test_checkout_failure_finds_the_500_the_rage_clicks_the_dead_coupon_and_the_js_error() -> None:
    sc = "checkout-failure"
    checkout = covering(sc, action_ms(sc, 26), "failed-request")
    assert checkout and checkout[0].severity == "high"
    statuses = {
        (ev["data"]["status"], ev["data"]["url"]) for ev in checkout[0].evidence if ev["kind"] == "network"
    }
    assert (500, "/api/checkout") in statuses
    rage = covering(sc, action_ms(sc, 28), "rage-click")
    assert rage and rage[0].severity == "high"
    rage_clicks = [
        ev for ev in rage[0].evidence if ev["kind"] == "click" and "btn-checkout" in ev["selector"]
    ]
    scripted = [action_ms(sc, seq) for seq in range(28, 33)]
    assert all(any(abs(ev["offsetMs"] - t) < 300 for ev in rage_clicks) for t in scripted)
    coupon = covering(sc, action_ms(sc, 34), "dead-click")
    assert coupon and coupon[0].severity == "high"
    assert any("btn-coupon" in (ev["selector"] or "") for ev in coupon[0].evidence)
    error = covering(sc, action_ms(sc, 36), "error-event")
    assert error and error[0].severity == "high"
    linked = [ev for ev in error[0].evidence if ev["source"] == "errors"]
    assert [ev["eventId"] for ev in linked] == [meta(sc, "events_meta.json")[0]["id"]]


def test_slow_and_idle_finds_the_slow_request_the_idle_and_the_mutation_burst() -> None:
    sc = "slow-and-idle"
    slow = covering(sc, action_ms(sc, 3), "slow-request")
    assert slow and any("/api/slow" in (ev["data"].get("url") or "") for ev in slow[0].evidence)
    assert slow[0].severity == "medium"
    idle = [f for f in findings(sc) if "idle-after-action" in f.signals]
    assert len(idle) == 1
    # The idle runs from the unanswered click (seq 5) to the next action (seq 7).
    assert abs(idle[0].window.fromOffsetMs - action_ms(sc, 5)) < 500
    assert abs(idle[0].window.toOffsetMs - action_ms(sc, 7)) < 500
    assert "dead-click" in idle[0].signals  # the unanswered click is Sentry-dead, merged into the same window
    burst = covering(sc, action_ms(sc, 7), "mutation-burst", slack=1500)
    assert burst and burst[0].severity == "low"


def test_masked_default_does_not_invent_text() -> None:
    sc = "masked-default"
    actions = load_json(sc, "script.json")["actions"]
    typed = {a["text"] for a in actions if a["kind"] == "type"}
    assert typed == {"tea", "Jane Doe", "jane.doe@example.com", "hunter2-Secret!"}
    button_texts = {"Add to cart", "Run diagnostics"}  # recorded only as asterisks
    for f in findings(sc):
        # Page and input text (network bodies are recorded as sent: allow-listed in this scenario).
        shown = [f.finding] + [t for ev in f.evidence for t in (ev["label"], ev["data"].get("text")) if t]
        for secret in (typed - {"tea"}) | button_texts:
            assert not any(secret in text for text in shown)
        # Element names carry a quoted text only when it was visible; here all text is masked.
        assert '"' not in f.finding
    checkout = covering(sc, action_ms(sc, 16), "failed-request")
    assert checkout and checkout[0].severity == "high"  # the failure itself is still found


def test_findings_are_ranked_by_severity_then_score() -> None:
    for sc in ALL:
        keys = [(f.severity.rank, -f.score) for f in findings(sc)]
        assert keys == sorted(keys), sc


@pytest.mark.parametrize("scenario", ALL)
def test_every_evidence_item_resolves_to_its_raw_frame_or_linked_error(scenario: str) -> None:
    segs = segments(scenario)
    start = normalized(scenario).start_ms
    error_ids = {row["id"] for row in meta(scenario, "events_meta.json")}
    items = [ev for f in findings(scenario) for ev in f.evidence]
    assert items, "every scenario has at least one finding"
    for ev in items:
        Event.model_validate(ev)
        if ev["source"] == "errors":
            assert ev["segmentId"] is None and ev["frameIndex"] is None
            assert ev["eventId"] in error_ids
            continue
        frame = segs[ev["segmentId"]][ev["frameIndex"]]
        assert abs(_frame_ms(frame) - start - ev["offsetMs"]) <= 1, (ev["kind"], ev["label"])


def _frame_ms(frame: dict[str, Any]) -> float:
    """The raw frame's own time, by the SDK's unit rules (sentry-replay-model.md §4.6)."""
    payload = frame.get("data", {}).get("payload") if frame.get("type") == 5 else None
    if isinstance(payload, dict) and frame["data"].get("tag") == "breadcrumb":
        return float(payload["timestamp"]) * 1000
    if isinstance(payload, dict) and frame["data"].get("tag") == "performanceSpan":
        return float(payload["startTimestamp"]) * 1000
    ts = float(frame["timestamp"])
    return ts if ts > 9_999_999_999 else ts * 1000


def test_finding_shape_matches_the_issue() -> None:
    f = findings("checkout-failure")[0]
    dumped = json.loads(f.model_dump_json())
    assert list(dumped) == [
        "finding",
        "severity",
        "score",
        "signals",
        "window",
        "evidence",
        "nextCommand",
        "details",
        "count",
        "firstOffsetMs",
        "lastOffsetMs",
        "occurrences",
    ]
    assert set(dumped["window"]) == {"fromOffsetMs", "toOffsetMs"}
    assert 0 <= dumped["score"] <= 1
    at, span = f.window.fromOffsetMs, f.window.toOffsetMs - f.window.fromOffsetMs
    assert dumped["nextCommand"] == (
        f"replaydom window acme/web/x --at {at // 60000:02d}:{at // 1000 % 60:02d}.{at % 1000:03d} "
        f"--before 3s --after {-(-span // 1000) + 8}s"
    )


def test_cli_struggles_json_jsonl_filters_and_pages(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    full = cli("struggles", rid, "--json")
    assert full.exit_code == 0, full.stderr
    body = full.json()
    assert body["truncated"] is None
    assert body["thresholds"]["repeated-click"] == {"minClicks": 3, "windowMs": 1000, "maxDistancePx": 30}
    lines = cli("struggles", rid, "--jsonl").jsonl()
    assert lines == body["items"]
    high = cli("struggles", rid, "--json", "--min-severity", "high").json()["items"]
    assert high == [f for f in body["items"] if f["severity"] == "high"] and len(high) == 3
    first = cli("struggles", rid, "--json", "--limit", "1")
    page = first.json()
    assert page["items"] == body["items"][:1]
    assert page["truncated"]["total"] == len(body["items"])
    nxt = page["truncated"]["next"].split()[1:]
    assert nxt[-1] == "--json"
    assert cli(*nxt).json()["items"] == body["items"][1:2]


def test_a_click_findings_next_command_anchors_on_its_own_click(cli: Any) -> None:
    """Sentry stamps the dead click on "Apply coupon" 1 ms before the click it judges: the window
    `nextCommand` opens anchors on that click (not on the finding, which would make its own click
    the "next action") and counts the dead click in its `found` line."""
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    items = cli("struggles", rid, "--json").json()["items"]
    dead = next(f for f in items if f["signals"] == ["dead-click"])
    stamp = dead["evidence"][0]["offsetMs"]
    click = next(e["offsetMs"] for e in dead["evidence"] if e["kind"] == "click")
    assert dead["evidence"][0]["kind"] == "dead-click" and click == stamp + 1
    assert " --at 00:37.577 " in dead["nextCommand"] and click == 37577
    window = cli(*dead["nextCommand"].split()[1:], "--json").json()
    assert window["anchor"]["kind"] == "click" and window["anchor"]["offsetMs"] == click
    assert window["found"]["deadClicks"] == 1
    assert (window["nextAction"] or {}).get("offsetMs") != click


def test_cli_struggles_table_prints_thresholds_and_next_commands(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "slow-and-idle").replay_id
    res = cli("struggles", rid)
    assert res.exit_code == 0
    assert "idle-after-action: minIdleMs=10000" in res.stdout
    assert f"next: replaydom window {rid} --at " in res.stdout
    assert res.stdout.splitlines()[0].startswith("1. HIGH")


def test_cli_struggles_table_marks_a_cut_detail(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    lines = cli("struggles", rid).stdout.splitlines()
    details = [ln for ln in lines if "form-abandonment: {" in ln or "rejected-submit: {" in ln]
    assert details, lines
    for ln in details:  # either whole JSON or visibly cut with the way to the rest
        body = ln.split(": ", 1)[1]
        assert body.endswith("}") or body.endswith("… (cut; --json has all)"), ln
    assert any(ln.endswith("… (cut; --json has all)") for ln in details)


def test_dom_reading_checks_are_skipped_and_said_so_above_the_dom_work_limit(cli: Any) -> None:
    from replaydom.analyze.struggles import StruggleConfig, dom_note
    from replaydom.analyze.struggles.config import parse_set
    from replaydom.analyze.struggles.domprobe import dom_work
    from replaydom.replay import open_replay

    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    events = open_replay(rid).events()
    work = dom_work(events)
    assert 100 < work < 1_000_000 and dom_note(events) is None  # the shared recordings stay far below

    loads: list[int] = []
    sets = StruggleConfig(parse_set([f"dom.maxNodeOps={work - 1}"]))
    def loader() -> None:
        loads.append(1)

    find_struggles(events, sets, dom=loader)
    assert loads == []  # over the limit: the DOM is never loaded
    find_struggles(events, dom=loader)
    assert loads == [1]  # under it: loaded once, when a detector asks

    over = cli("struggles", rid, "--set", f"dom.maxNodeOps={work - 1}", "--json").json()
    assert len(over["notes"]) == 1 and f"{work:,} node operations" in over["notes"][0]
    assert cli("struggles", rid, "--json").json()["notes"] == []
    # the run under the limit built the DOM store: over it, the checks now read its checkpoints
    table = cli("struggles", rid, "--set", f"dom.maxNodeOps={work - 1}")
    assert "note: the DOM-reading checks" not in table.stderr and "dom: maxNodeOps=" in table.stdout
    table = cli("struggles", rid, "--set", f"dom.maxNodeOps={work - 1}", "--set", "dom.maxReadOps=1")
    assert "note: the DOM-reading checks" in table.stderr and "read the DOM from its store" in table.stderr
