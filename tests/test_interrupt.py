"""Ctrl-C during a fetch: prompt exit 130 saying "Interrupted", and every landed page recorded.

`replaydom fetch` runs as a real subprocess against the loopback Sentry, which holds some pages
for a long time (`SentryServer.slow`) or makes the client wait out a long `Retry-After`; the test
sends SIGINT once the fast pages are stored and measures how long the process takes to exit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sentry_server import SentryServer, ServedReplay

from replaydom.config import load_config
from replaydom.sentry.client import SentryClient
from replaydom.store.bundle import Bundle
from replaydom.store.fetch import FetchOptions, fetch_replay
from replaydom.targets import parse_target

FINISHED_S = 1795470016 + 5 * 3600  # every fixture started long before this "now"
EXIT_BUDGET_S = 2.5  # "about a second", with room for a loaded 2-core machine


@pytest.fixture
def big() -> ServedReplay:
    return ServedReplay.synthetic(450)  # windows at 0, 100, 200, 300, 400


@pytest.fixture
def srv(big: ServedReplay) -> Iterator[SentryServer]:
    with SentryServer(replays=[big]) as s:
        yield s


def _manifest(cache: Path, rid: str) -> dict[str, Any] | None:
    found = list((cache / "replays").glob(f"*/*/*/{rid}/manifest.json"))
    if not found:
        return None
    try:
        data = json.loads(found[0].read_text())
    except (OSError, ValueError):
        return None  # between two atomic replaces nothing is torn, but be patient anyway
    return data if isinstance(data, dict) else None


def _start(srv: SentryServer, rid: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, **srv.env(), "REPLAYDOM_NOW": str(FINISHED_S)}
    return subprocess.Popen(
        [sys.executable, "-m", "replaydom", "fetch", f"acme/{rid}", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_stored(proc: subprocess.Popen[str], cache: Path, rid: str, count: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        m = _manifest(cache, rid)
        if m and m.get("storedSegments", 0) >= count:
            return m
        time.sleep(0.02)
    proc.kill()
    raise AssertionError(f"the fetch never stored {count} segments: {proc.communicate()}")


def _interrupt(proc: subprocess.Popen[str]) -> tuple[float, str]:
    """SIGINT the fetch; return (seconds until it exited, its stderr)."""
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the fetch did not stop within 30 s of Ctrl-C") from None
    return time.monotonic() - t0, err


def _refetch(srv: SentryServer, rid: str) -> list[int]:
    """Complete the fetch in-process; return the offsets it requested."""
    seen = len(srv.segment_requests())
    config = load_config(env={**os.environ, **srv.env()})
    with SentryClient(config) as client:
        report = fetch_replay(client, parse_target(f"acme/{rid}"), config, clock=lambda: FINISHED_S * 1000.0)
    assert report.bundle.is_complete
    return [int((r.param("cursor") or "0:0:0").split(":")[1]) for r in srv.segment_requests()[seen:]]


def test_ctrl_c_with_pages_in_flight_stops_at_once_and_records_what_landed(
    srv: SentryServer, big: ServedReplay, isolated_env: Path
) -> None:
    # The windows at 200 and beyond hang for a minute; 0 and 100 answer at once.
    for offset in (200, 300, 400):
        srv.slow("recording-segments", 60, query_contains=f"cursor=0%3A{offset}%3A0")
    proc = _start(srv, big.id, "--concurrency", "5")
    _wait_stored(proc, isolated_env, big.id, 200)
    elapsed, err = _interrupt(proc)
    assert proc.returncode == 130, err
    assert "Interrupted" in err
    assert "Traceback" not in err
    print(f"stopped {elapsed:.2f} s after SIGINT")
    assert elapsed < EXIT_BUDGET_S, f"took {elapsed:.2f} s to stop"
    bundle = Bundle(next((isolated_env / "replays").glob(f"*/*/*/{big.id}")))
    assert bundle.positions() == list(range(200))  # both landed pages are recorded
    assert not bundle.is_complete
    assert [e for _, e in bundle.iter_segments()] == big.segments[:200]
    srv.slow_rules.clear()
    offsets = _refetch(srv, big.id)
    assert 0 not in offsets and 100 not in offsets  # nothing that landed is downloaded again
    assert {200, 300, 400} <= set(offsets)


def test_ctrl_c_during_a_retry_wait_stops_at_once(
    srv: SentryServer, big: ServedReplay, isolated_env: Path
) -> None:
    # The window at 100 keeps answering 503 with a long Retry-After: the client sits in its wait.
    srv.fail(
        "recording-segments", status=503, times=99, query_contains="cursor=0%3A100%3A0", retry_after="60"
    )
    proc = _start(srv, big.id, "--concurrency", "1")
    _wait_stored(proc, isolated_env, big.id, 100)
    deadline = time.monotonic() + 30
    while not any(r.param("cursor") == "0:100:0" for r in srv.segment_requests()):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.2)  # the 503 arrives and the client starts waiting
    elapsed, err = _interrupt(proc)
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    print(f"stopped {elapsed:.2f} s after SIGINT")
    assert elapsed < EXIT_BUDGET_S, f"took {elapsed:.2f} s to stop"
    m = _manifest(isolated_env, big.id)
    assert m is not None and [e["position"] for e in m["segments"]] == list(range(100))


def test_ctrl_c_during_a_sequential_tail_request(
    srv: SentryServer, big: ServedReplay, isolated_env: Path
) -> None:
    # count_segments says 100: the fetch asks for window 0 and then follows `next` one page at a
    # time in the main thread; the second page hangs.
    big.details["count_segments"] = 100
    srv.slow("recording-segments", 60, query_contains="cursor=0%3A100%3A0")
    proc = _start(srv, big.id)
    _wait_stored(proc, isolated_env, big.id, 100)
    time.sleep(0.2)
    elapsed, err = _interrupt(proc)
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    print(f"stopped {elapsed:.2f} s after SIGINT")
    assert elapsed < EXIT_BUDGET_S, f"took {elapsed:.2f} s to stop"
    srv.slow_rules.clear()
    offsets = _refetch(srv, big.id)
    assert 0 not in offsets


def test_cancelled_client_refuses_new_requests_and_ends_retry_waits(srv: SentryServer) -> None:
    from replaydom.errors import ExitCode
    from replaydom.sentry.client import RequestCancelled
    from replaydom.sentry.retry import RetryPolicy

    srv.fail("/replays/", status=503, times=99, retry_after="30")
    config = load_config(env={**os.environ, **srv.env()})
    with SentryClient(config, retry=RetryPolicy(attempts=3)) as client:
        import threading

        threading.Timer(0.3, client.cancel).start()
        t0 = time.monotonic()
        with pytest.raises(RequestCancelled) as info:
            fetch_replay(client, parse_target(f"acme/{'a' * 32}"), config, FetchOptions())
        assert time.monotonic() - t0 < 2
        assert info.value.exit_code == ExitCode.INTERRUPTED
        with pytest.raises(RequestCancelled):
            client.get("/organizations/acme/")


@pytest.mark.parametrize("concurrency", [1, 3])
def test_ctrl_c_in_the_middle_of_writing_a_page_records_its_written_segments(
    srv: SentryServer, big: ServedReplay, monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    from replaydom.store import bundle as bundle_module

    original = bundle_module.SegmentBatch.add

    def add(self: bundle_module.SegmentBatch, position: int, events: list[Any]) -> dict[str, Any]:
        if position == 150:  # the Ctrl-C lands while the second page is half written
            raise KeyboardInterrupt
        return original(self, position, events)

    monkeypatch.setattr(bundle_module.SegmentBatch, "add", add)
    config = load_config(env={**os.environ, **srv.env()})
    with SentryClient(config) as client, pytest.raises(KeyboardInterrupt):
        fetch_replay(
            client,
            parse_target(f"acme/{big.id}"),
            config,
            FetchOptions(concurrency=concurrency),
            clock=lambda: FINISHED_S * 1000.0,
        )
    monkeypatch.setattr(bundle_module.SegmentBatch, "add", original)
    bundle = Bundle(next((Path(os.environ["REPLAYDOM_CACHE_DIR"]) / "replays").glob(f"*/*/*/{big.id}")))
    stored = set(bundle.positions())
    assert 150 not in stored
    assert [e for p, e in bundle.iter_segments()] == [big.segments[p] for p in sorted(stored)]
    if concurrency == 1:  # pages in order: the first whole, the second half written, both recorded
        assert set(range(150)) <= stored
    else:  # other pages were cut wherever the grace ended them: what was written is recorded
        assert set(range(100, 150)) <= stored
    offsets = _refetch(srv, big.id)
    assert offsets and not set(offsets) & stored  # each window starts at a missing position
    if concurrency == 1:
        assert min(offsets) == 150  # refetch windows run concurrently: any arrival order
