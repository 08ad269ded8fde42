"""Fetching replays from the loopback Sentry into the cache: pages, order, resume, live, locks."""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import load_segments
from sentry_server import TOKEN, SentryServer, ServedReplay

from replaydom.config import Config, load_config
from replaydom.errors import UpstreamError, UsageError
from replaydom.sentry.client import SentryClient
from replaydom.sentry.plan import parse_segment_range, plan_pages
from replaydom.sentry.retry import RetryPolicy, no_sleep
from replaydom.store.bundle import Bundle, dumps_compact
from replaydom.store.extras import parse_include
from replaydom.store.fetch import FetchOptions, FetchReport, fetch_replay
from replaydom.targets import parse_target
from replaydom.timefmt import parse_iso_ms

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
CHECKOUT_START = 1795470016000  # details started_at of checkout-failure (2026-11-23T21:40:16Z)
FINISHED = CHECKOUT_START + 5 * 3_600_000  # every fixture started more than 65 minutes before
LIVE = CHECKOUT_START + 60_000  # one minute into checkout-failure


@pytest.fixture(autouse=True)
def no_index(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the (slow, separately tested) normaliser unless a test is about the index."""
    if "real_index" not in request.fixturenames:
        monkeypatch.setitem(sys.modules, "replaydom.index", types.SimpleNamespace())


@pytest.fixture
def real_index() -> None:
    """Request this to let fetches run the real index builder."""


@pytest.fixture
def srv() -> Iterator[SentryServer]:
    with SentryServer(replays=[ServedReplay.from_scenario("checkout-failure")]) as s:
        yield s


def config_for(srv: SentryServer) -> Config:
    return load_config(env={**os.environ, **srv.env()})


def fetch(srv: SentryServer, target: str, *, now: float = FINISHED, **options: Any) -> FetchReport:
    config = config_for(srv)
    retry = RetryPolicy(attempts=2, sleep=no_sleep)
    with SentryClient(config, retry=retry) as client:
        return fetch_replay(client, parse_target(target), config, FetchOptions(**options), clock=lambda: now)


def cursors(srv: SentryServer, since: int = 0) -> list[str | None]:
    return [r.param("cursor") for r in srv.segment_requests()[since:]]


def stored_segments(bundle: Bundle) -> list[list[Any]]:
    return [events for _, events in bundle.iter_segments()]


def test_230_segments_arrive_in_3_pages_complete_and_in_order(srv: SentryServer, real_index: None) -> None:
    big = srv.add(ServedReplay.synthetic(230))
    report = fetch(srv, f"acme/{big.id}")
    assert sorted(cursors(srv)) == ["0:0:0", "0:100:0", "0:200:0"]
    bundle = report.bundle
    assert stored_segments(bundle) == big.segments
    assert bundle.positions() == list(range(230))
    assert sorted(p.name for p in bundle.segments_dir.iterdir())[:2] == ["00000.json.gz", "00001.json.gz"]
    m = bundle.manifest
    assert (m["expectedSegments"], m["storedSegments"], m["complete"], m["live"]) == (230, 230, True, False)
    entry = m["segments"][117]
    raw = dumps_compact(big.segments[117])
    assert (entry["position"], entry["size"]) == (117, len(raw))
    assert entry["sha256"] == hashlib.sha256(raw).hexdigest()
    assert report.warnings == [] and report.segment_requests == 3
    if importlib.util.find_spec("replaydom.index") is not None:  # the normaliser indexed it
        assert (bundle.index_dir / "events.jsonl").is_file()


def test_long_session_143_segments(srv: SentryServer) -> None:
    replay = srv.add(ServedReplay.from_scenario("long-session"))
    report = fetch(srv, f"acme/web/{replay.id}")
    assert sorted(cursors(srv)) == ["0:0:0", "0:100:0"]
    assert stored_segments(report.bundle) == load_segments("long-session")
    assert report.bundle.path.parts[-3:] == ("acme", "web", replay.id)
    assert report.bundle.is_complete


def test_project_comes_from_details_when_the_target_has_none(srv: SentryServer) -> None:
    report = fetch(srv, f"acme/{CHECKOUT}")
    assert report.bundle.path.parts[-3:] == ("acme", "4505", CHECKOUT)
    path = f"/api/0/projects/acme/4505/replays/{CHECKOUT}/recording-segments/"
    assert srv.segment_requests()[0].path == path


def test_second_fetch_of_a_finished_replay_makes_no_requests(srv: SentryServer) -> None:
    fetch(srv, f"acme/{CHECKOUT}")
    before = len(srv.requests)
    again = fetch(srv, f"acme/{CHECKOUT}")
    assert again.skipped and again.segment_requests == 0
    assert len(srv.requests) == before
    forced = fetch(srv, f"acme/{CHECKOUT}", force=True)
    assert forced.segment_requests == 1 and forced.written == 9


def test_a_live_replay_is_refreshed_and_new_segments_appended(srv: SentryServer) -> None:
    replay = srv.replays[CHECKOUT]
    first = fetch(srv, f"acme/{CHECKOUT}", now=LIVE)
    assert first.bundle.is_live and first.bundle.is_complete
    replay.grow(3)
    second = fetch(srv, f"acme/{CHECKOUT}", now=LIVE + 10_000)
    assert cursors(srv) == ["0:0:0", "0:9:0"]  # only the new tail is requested
    assert second.written == 3 and second.bundle.segment_count() == 12
    assert stored_segments(second.bundle) == replay.segments


def test_growth_during_a_fetch_is_followed_through_link(srv: SentryServer) -> None:
    big = srv.add(ServedReplay.synthetic(120))
    big.grow(100, count_in_details=False)  # details still say 120; the server has 220
    report = fetch(srv, f"acme/{big.id}")
    assert sorted(cursors(srv)) == ["0:0:0", "0:100:0", "0:200:0"]
    assert cursors(srv)[-1] == "0:200:0"  # followed from page 100's Link after both windows
    assert stored_segments(report.bundle) == big.segments
    assert report.bundle.is_complete
    assert any("expected 120 segments (count_segments), received 220" in w for w in report.warnings)


def test_fewer_segments_than_expected_is_reported_not_hidden(srv: SentryServer) -> None:
    srv.replays[CHECKOUT].details["count_segments"] = 12
    report = fetch(srv, f"acme/{CHECKOUT}")
    assert report.bundle.segment_count() == 9 and not report.bundle.is_complete
    assert any("received 9" in w for w in report.warnings)
    assert any("3 segment positions missing" in w for w in report.warnings)


def test_failed_page_then_rerun_fetches_only_what_is_missing(srv: SentryServer) -> None:
    big = srv.add(ServedReplay.synthetic(201))
    srv.fail("recording-segments", status=500, times=99, query_contains="cursor=0%3A100%3A0")
    with pytest.raises(UpstreamError):
        fetch(srv, f"acme/{big.id}")
    bundle = Bundle(next((Path(os.environ["REPLAYDOM_CACHE_DIR"]) / "replays").glob(f"*/*/*/{big.id}")))
    assert bundle.positions() == [*range(100), 200]
    assert not bundle.is_complete
    srv.clear_failures()
    seen = len(srv.segment_requests())
    report = fetch(srv, f"acme/{big.id}")
    assert cursors(srv, seen) == ["0:100:0"]
    assert report.bundle.is_complete and stored_segments(report.bundle) == big.segments


def test_ctrl_c_keeps_finished_pages(srv: SentryServer) -> None:
    big = srv.add(ServedReplay.synthetic(150))
    config = config_for(srv)

    def interrupt(stored: int, expected: int | None) -> None:
        raise KeyboardInterrupt

    with SentryClient(config) as client, pytest.raises(KeyboardInterrupt):
        fetch_replay(
            client,
            parse_target(f"acme/{big.id}"),
            config,
            FetchOptions(concurrency=1),
            clock=lambda: FINISHED,
            progress=interrupt,
        )
    bundle = Bundle(next((config.cache_root / "replays").glob(f"*/*/*/{big.id}")))
    kept = bundle.positions()
    # the first page, recorded before the interrupt; and whatever of the second one the worker
    # (which had already started it) wrote before the grace that follows a Ctrl-C ended
    assert 100 <= len(kept) <= 150 and kept == list(range(len(kept)))
    assert [len(e) for _, e in bundle.iter_segments()] == [len(s) for s in big.segments[: len(kept)]]
    seen = len(srv.segment_requests())
    report = fetch(srv, f"acme/{big.id}")
    assert all(int(c.split(":")[1]) >= len(kept) for c in cursors(srv, seen))  # nothing twice
    assert report.bundle.is_complete


def test_killed_process_leaves_a_cache_the_rerun_completes(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    big = ServedReplay.synthetic(250)
    with SentryServer(replays=[big], latency_s=0.25) as srv:
        env = {**os.environ, **srv.env(), "REPLAYDOM_NOW": str(FINISHED / 1000)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "replaydom", "fetch", f"acme/{big.id}", "--concurrency", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        manifest = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            found = list((Path(env["REPLAYDOM_CACHE_DIR"]) / "replays").glob(f"*/*/*/{big.id}/manifest.json"))
            if found and json.loads(found[0].read_text()).get("storedSegments", 0) >= 100:
                manifest = found[0]
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert manifest is not None, "the fetch never stored its first page"
        bundle = Bundle(manifest.parent)
        stored = set(bundle.positions())
        assert 100 <= len(stored) < 250 and not bundle.is_complete
        assert [e for _, e in bundle.iter_segments()] == [big.segments[p] for p in sorted(stored)]
        plan = plan_pages(250, stored, None, force=False)
        seen = len(srv.segment_requests())
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("REPLAYDOM_NOW", str(FINISHED / 1000))
        result = cli("fetch", f"acme/{big.id}", "--json")
        assert result.exit_code == 0, result.stderr
        assert sorted(cursors(srv, seen)) == sorted(f"0:{w}:0" for w in plan.windows)
        assert "0:0:0" not in cursors(srv, seen)
        assert result.json()["complete"] is True
        assert stored_segments(Bundle(manifest.parent)) == big.segments
        assert not list(manifest.parent.rglob(".*.tmp"))  # temp files of the killed run are gone


def test_concurrent_fetches_of_one_replay_do_the_work_once(srv: SentryServer) -> None:
    big = srv.add(ServedReplay.synthetic(201))
    srv.latency_s = 0.05
    barrier = threading.Barrier(2)
    reports: list[FetchReport] = []

    def run() -> None:
        barrier.wait()
        reports.append(fetch(srv, f"acme/{big.id}"))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reports) == 2 and sorted(r.skipped for r in reports) == [False, True]
    assert len(srv.segment_requests()) == 3
    assert srv.count(f"/organizations/acme/replays/{big.id}/") == 1
    assert stored_segments(reports[1].bundle) == big.segments


def test_pages_are_requested_concurrently(srv: SentryServer) -> None:
    big = srv.add(ServedReplay.synthetic(201))
    srv.latency_s = 0.15
    few = parse_segment_range("0,100,200")  # three pages, three small writes
    fetch(srv, f"acme/{big.id}", include=frozenset(), segments=few)
    pages = srv.segment_requests()
    assert len(pages) == 3
    assert max(r.started for r in pages) < min(r.ended for r in pages)  # all in flight at once
    srv.requests.clear()
    fetch(srv, f"acme/{big.id}", include=frozenset(), segments=few, force=True, concurrency=1)
    serial = sorted(srv.segment_requests(), key=lambda r: r.started)
    assert all(a.ended <= b.started for a, b in itertools.pairwise(serial))


def test_segment_range_fetches_only_those_positions(srv: SentryServer) -> None:
    big = srv.add(ServedReplay.synthetic(230))
    report = fetch(srv, f"acme/{big.id}", segments=parse_segment_range("0-9,150"))
    assert sorted(cursors(srv)) == ["0:0:0", "0:150:0"]
    assert report.bundle.positions() == [*range(10), 150]
    assert not report.bundle.is_complete
    assert stored_segments(report.bundle) == [*big.segments[:10], big.segments[150]]


def test_segment_range_and_include_parsing() -> None:
    r = parse_segment_range("0-99,150,200-")
    assert 0 in r and 99 in r and 150 in r and 10_000 in r and 100 not in r and r.open_ended
    for bad in ("", "a-b", "5-2", "1,,2", "-3"):
        with pytest.raises(UsageError):
            parse_segment_range(bad)
    assert parse_include(None) == {"errors"}
    assert parse_include("errors,traces,clicks") == {"errors", "traces", "clicks"}
    assert parse_include("none") == frozenset()
    with pytest.raises(UsageError):
        parse_include("videos")


def test_plan_pages_windows_and_tail() -> None:
    assert plan_pages(230, set(), None, force=False).windows == (0, 100, 200)
    live = plan_pages(9, set(range(9)), None, force=False)
    assert (live.windows, live.tail_offset) == ((), 9)
    resumed = plan_pages(230, set(range(100)) | {150}, None, force=False)
    assert resumed.windows == (100, 200) and resumed.follow_last_window
    assert plan_pages(None, set(), None, force=False).tail_offset == 0
    assert plan_pages(230, set(range(230)), None, force=True).windows == (0, 100, 200)


def test_extras_errors_traces_clicks(srv: SentryServer) -> None:
    report = fetch(srv, f"acme/{CHECKOUT}", include=frozenset({"errors", "traces", "clicks"}))
    bundle = report.bundle
    assert [e["id"] for e in bundle.errors()] == ["776732fa508d4901987076b3c43ee570"]
    assert bundle.related("traces") == srv.replays[CHECKOUT].details["trace_ids"]
    assert len(bundle.related("clicks")) == 19
    assert set(bundle.manifest["related"]) == {"errors", "error-details", "traces", "clicks"}


def test_a_failed_extra_is_a_warning_and_keeps_the_segments(srv: SentryServer) -> None:
    srv.fail("replays-events-meta", status=403, times=5)
    report = fetch(srv, f"acme/{CHECKOUT}")
    assert report.bundle.segment_count() == 9 and report.bundle.is_complete
    assert any(w.startswith("could not fetch errors") and "403" in w for w in report.warnings)


def test_extras_missing_from_an_immutable_bundle_are_fetched_alone(srv: SentryServer) -> None:
    fetch(srv, f"acme/{CHECKOUT}", include=frozenset())
    before = len(srv.segment_requests())
    report = fetch(srv, f"acme/{CHECKOUT}", include=frozenset({"clicks"}))
    assert report.skipped and len(srv.segment_requests()) == before
    assert len(report.bundle.related("clicks")) == 19


def test_mobile_replays_say_video_is_not_downloaded(srv: SentryServer) -> None:
    srv.replays[CHECKOUT].details["platform"] = "android"
    report = fetch(srv, f"acme/{CHECKOUT}")
    assert any("video frames are not downloaded" in w for w in report.warnings)


def test_index_failure_is_a_warning_and_keeps_the_data(
    srv: SentryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(bundle: Bundle) -> None:
        raise RuntimeError("normalizer exploded")

    monkeypatch.setitem(sys.modules, "replaydom.index", types.SimpleNamespace(build_index=broken))
    report = fetch(srv, f"acme/{CHECKOUT}")
    assert any("indexing failed (RuntimeError: normalizer exploded)" in w for w in report.warnings)
    assert report.bundle.segment_count() == 9 and report.bundle.is_complete


def test_finished_by_idle_counts(srv: SentryServer) -> None:
    replay = srv.replays[CHECKOUT]
    fetch(srv, f"acme/{CHECKOUT}", now=LIVE)
    fetch(srv, f"acme/{CHECKOUT}", now=LIVE + 60_000)  # same count seen twice
    before = len(srv.requests)
    soon = fetch(srv, f"acme/{CHECKOUT}", now=LIVE + 60_000 + 14 * 60_000)
    assert not soon.skipped  # the last fetch is only 14 minutes old: still live
    idle = fetch(srv, f"acme/{CHECKOUT}", now=LIVE + 60_000 + 14 * 60_000 + 16 * 60_000)
    assert idle.skipped and len(srv.requests) == before + 4  # details, tail, 2x events-meta
    assert parse_iso_ms(replay.details["started_at"]) == CHECKOUT_START


# -- through the CLI ----------------------------------------------------------------------------


@pytest.fixture
def sentry_env(srv: SentryServer, monkeypatch: pytest.MonkeyPatch) -> SentryServer:
    for key, value in srv.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("REPLAYDOM_NOW", str(FINISHED / 1000))
    return srv


def test_cli_fetch_json_prints_manifest_and_paths(cli: Any, sentry_env: SentryServer) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--json")
    assert result.exit_code == 0, result.stderr
    out = result.json()
    assert out["replayId"] == CHECKOUT and out["complete"] is True and out["storedSegments"] == 9
    assert Path(out["paths"]["bundle"]).is_absolute() and Path(out["paths"]["manifest"]).is_file()
    assert out["run"] == {"skipped": False, "segmentRequests": 1, "segmentsWritten": 9, "warnings": []}
    again = cli("fetch", f"acme/{CHECKOUT}")
    assert again.exit_code == 0 and "no requests (finished and complete)" in again.stdout


def test_cli_no_cache_leaves_nothing_behind(cli: Any, sentry_env: SentryServer) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--no-cache", "--json")
    assert result.exit_code == 0, result.stderr
    out = result.json()
    assert out["temporary"] is True and out["storedSegments"] == 9
    assert not Path(out["paths"]["bundle"]).exists()
    assert not (Path(os.environ["REPLAYDOM_CACHE_DIR"]) / "replays").exists()


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        (f"acme/{'0' * 32}", 3, "not found"),
        (f"nope/{CHECKOUT}", 3, "not found"),
        (CHECKOUT[:12], 2, "prefix"),
        (f"https://evil.example.com/organizations/acme/replays/{CHECKOUT}/", 2, "configured for"),
    ],
)
def test_cli_fetch_errors(cli: Any, sentry_env: SentryServer, target: str, code: int, message: str) -> None:
    result = cli("fetch", target)
    assert result.exit_code == code and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_cli_fetch_rejects_a_bad_token_and_a_missing_token(
    cli: Any, sentry_env: SentryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--token", "not-the-token")
    assert result.exit_code == 4 and "401" in result.stderr and "not-the-token" not in result.stderr
    monkeypatch.delenv("SENTRY_AUTH_TOKEN")
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 4
    assert len(sentry_env.requests) == 1


def test_cli_debug_http_never_prints_the_token(cli: Any, sentry_env: SentryServer) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--debug-http", "--include", "errors,clicks")
    assert result.exit_code == 0
    assert "authorization: [redacted]" in result.stderr and "recording-segments" in result.stderr
    assert TOKEN not in result.stderr + result.stdout
