"""`stats` names what it counts: each dead/rage/slow/multi click, and requests in one form."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

from conftest import RECORDINGS, load_segments
from test_stats import stats
from test_struggles import action_ms, normalized

from replaydom.analyze.evutil import request_label
from replaydom.store.importer import import_recording
from replaydom.timefmt import format_offset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _raw(scenario: str, seg: int | None, idx: int | None) -> dict[str, Any]:
    assert seg is not None and idx is not None
    return load_segments(scenario)[seg][idx]


def test_dead_rage_and_multi_clicks_are_named_with_pointers() -> None:
    sc = "checkout-failure"
    s = stats(sc)
    f = s.frustrationClicks
    assert f.truncated is None
    assert [(c.kind, c.name, c.text) for c in f.items] == [
        ("multi-click", "button#btn-checkout", "Checkout"),
        ("rage-click", "button#btn-checkout", "Checkout"),
        ("dead-click", "button#btn-coupon", "Apply coupon"),
    ]
    # the counts the header line gives are the rows (a rage click counts as dead too)
    assert s.clicks.dead == sum(c.kind in ("dead-click", "rage-click") for c in f.items)
    assert s.clicks.rage == sum(c.kind == "rage-click" for c in f.items)
    assert s.clicks.multi == sum(c.kind == "multi-click" for c in f.items)
    # the rage click is about the second scripted Checkout click, the dead one about the coupon
    rage, dead = f.items[1], f.items[2]
    assert abs(rage.offsetMs - action_ms(sc, 28)) < 300 and rage.clickCount == 5
    assert abs(dead.offsetMs - action_ms(sc, 34)) < 300 and dead.clickCount == 1
    for c in f.items:
        # the pointer resolves to Sentry's finding frame, and `click` to the click it is about
        raw = _raw(sc, c.segmentId, c.frameIndex)
        assert raw["data"]["tag"] == "breadcrumb"
        assert raw["data"]["payload"]["category"] in ("ui.slowClickDetected", "ui.multiClick")
        assert c.click is not None
        click = _raw(sc, c.click["segmentId"], c.click["frameIndex"])
        assert click["type"] == 3 and click["data"]["source"] == 2  # rrweb MouseInteraction
        assert c.show.startswith(f"replaydom window {s.replayId} --at {c.offsetMs}ms")


def test_slow_and_dead_clicks_of_another_recording() -> None:
    f = stats("slow-and-idle").frustrationClicks
    assert [(c.kind, c.name, c.text) for c in f.items] == [
        ("slow-click", "button#btn-slow", "Load recommendations"),
        ("dead-click", "button#btn-subscribe", "Subscribe to newsletter"),
    ]


def test_findings_are_bounded_by_top_and_say_how_to_list_all(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    body = cli("stats", rid, "--json", "--top", "1").json()
    f = body["frustrationClicks"]
    assert len(f["items"]) == 1 and f["truncated"]["shown"] == 1 and f["truncated"]["total"] == 3
    listed = cli(*f["truncated"]["next"].split()[1:], "--json").json()["items"]
    assert [e["kind"] for e in listed] == ["multi-click", "rage-click", "dead-click"]
    table = cli("stats", rid, "--top", "1").stdout
    assert "(first 1 of 3; all: `replaydom events" in table
    full = cli("stats", rid).stdout
    section = full.split("[dead, rage, slow and multi clicks", 1)[1].split("\n\n", 1)[0]
    assert "button#btn-coupon" in section and "Apply coupon" in section and "6/0" in section
    assert f"replaydom window {rid} --at 25377ms" in section
    # the command it gives runs and shows the finding
    shown = cli("window", rid, "--at", "37576ms", "--before", "2s", "--after", "10s")
    assert shown.exit_code == 0 and 'dead click "Apply coupon"' in shown.stdout


def test_no_findings_no_section(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "masked-default").replay_id
    assert "[dead, rage, slow and multi clicks" not in cli("stats", rid).stdout
    assert cli("stats", rid, "--json").json()["frustrationClicks"] == {"items": [], "truncated": None}


def test_request_tables_name_resources_and_fetches_alike(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    table = cli("stats", rid).stdout
    slowest = table.split("[slowest requests]", 1)[1].split("\n\n", 1)[0]
    assert "http://" not in slowest  # before: resources by full URL, fetches by path
    assert "script /static/init.js" in slowest and "GET /api/products" in slowest
    body = cli("stats", rid, "--json").json()
    rows = body["slowestRequests"] + body["failedRequests"]
    assert all(r["url"].startswith("http://127.0.0.1:") or r["url"].startswith("/") for r in rows)
    assert any(r["url"].startswith("http://") for r in rows)  # the full URL stays in --json
    assert {r["request"] for r in body["failedRequests"]} == {"POST /api/checkout"}


def test_a_request_to_another_origin_keeps_its_host() -> None:
    # derived from a real resource event: the same image served from a CDN host, with a query
    ev = next(
        e
        for e in normalized("checkout-failure").events
        if e["kind"] == "network" and e["data"]["initiator"] == "img"
    )
    assert request_label(ev) == "img /static/img/team.png"
    other = copy.deepcopy(ev)
    other["data"]["url"] = "https://cdn.example.com/static/img/team.png?v=" + "9" * 80
    label = request_label(other)
    assert label.startswith("img cdn.example.com/static/img/team.png?v=999") and label.endswith("…")


def test_console_errors_and_error_events_are_named_by_message(cli: Any) -> None:
    sc = "checkout-failure"
    s = stats(sc)
    rows = s.errorMessages.items
    assert [(r.kind, r.count) for r in rows] == [("console", 6), ("console", 1), ("error", 1)]
    assert rows[0].message == "Checkout failed 500 payment_gateway_timeout"
    # the counts the header gives are the rows' counts
    assert sum(r.count for r in rows if r.kind == "console") == s.console["errors"]
    assert sum(r.count for r in rows if r.kind == "error") == s.errors
    first = _raw(sc, rows[0].segmentId, rows[0].frameIndex)
    assert first["data"]["payload"]["category"] == "console" and first["data"]["payload"]["level"] == "error"
    # the error event is not in the recording: no pointer, its event id instead
    assert rows[2].segmentId is None and rows[2].eventId and "TypeError" in rows[2].message
    assert abs(rows[2].firstOffsetMs - action_ms(sc, 36)) < 300  # after "Recalculate totals"
    rid = import_recording(RECORDINGS / sc).replay_id
    body = cli("stats", rid, "--json", "--top", "2").json()["errorMessages"]
    assert len(body["items"]) == 2 and body["truncated"]["total"] == 3
    assert len(cli(*body["truncated"]["next"].split()[1:], "--json").json()["errorMessages"]["items"]) == 3
    table = cli("stats", rid).stdout
    assert "[console errors and error events (by message)]" in table
    assert f"event {rows[2].eventId}" in table


def test_masked_click_targets_say_so(cli: Any) -> None:
    s = stats("masked-default")
    by_name = {x.name: x for x in s.topClickedSelectors}
    assert by_name["button#btn-checkout"].masked and by_name["button#btn-checkout"].text is None
    assert not by_name["input#search"].masked  # an input has no text: absent, not masked
    rid = import_recording(RECORDINGS / "masked-default").replay_id
    table = cli("stats", rid).stdout.split("[most clicked]", 1)[1].split("\n\n", 1)[0]
    assert "button#btn-checkout  (text masked)" in table


def test_repeated_failed_requests_are_one_counted_row(cli: Any) -> None:
    sc = "long-session"
    failed = stats(sc).failedRequests
    assert len(failed) == 16  # --json keeps every request
    rid = import_recording(RECORDINGS / sc).replay_id
    table = cli("stats", rid).stdout.split("[failed requests (identical ones counted)]", 1)[1]
    lines = table.split("\n\n", 1)[0].strip().splitlines()[1:]
    assert len(lines) == 2
    first = next(r for r in failed if r.request == "GET /api/inventory/sku-999")
    last = [r for r in failed if r.request == "GET /api/inventory/sku-999"][-1]
    assert lines[0].split()[:4] == [
        format_offset(first.offsetMs),
        format_offset(last.offsetMs),
        "8",
        "404",
    ]
    assert lines[0].endswith(f"{first.segmentId}/{first.frameIndex}")
    assert "img /static/img/warehouse-missing.png" in lines[1]


def test_the_failed_table_states_its_truncation(cli: Any, monkeypatch: Any) -> None:
    import replaydom.cli.stats as stats_cli

    monkeypatch.setattr(stats_cli, "ROUTE_ROWS", 1)
    rid = import_recording(RECORDINGS / "long-session").replay_id
    out = cli("stats", rid).stdout
    assert f"(first 1 of 2 requests; `replaydom stats {rid} --json` lists all 16)" in out


def test_the_all_command_returns_all_past_the_events_default_page(cli: Any, tmp_path: Path) -> None:
    # 28 minutes of the derived replay: over 200 findings, more than `events` lists by default
    scale_corpus.write(tmp_path / "long", *scale_corpus.hour_long(rows=50, minutes=28, renders=2))
    rid = import_recording(tmp_path / "long").replay_id
    f = cli("stats", rid, "--json").json()["frustrationClicks"]
    total = f["truncated"]["total"]
    assert total > 200 and f["truncated"]["next"].endswith(f" --limit {total}")
    listed = cli(*f["truncated"]["next"].split()[1:], "--jsonl").stdout.splitlines()
    assert len(listed) == total
    assert f"--limit {total}`)" in cli("stats", rid).stdout
