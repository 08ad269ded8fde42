"""`replaydom triage`: many replays fetched concurrently, ranked by a documented score."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sentry_server import SentryServer, ServedReplay, serving

from replaydom.analyze.triage import CAPS, SENTRY_WEIGHTS, WEIGHTS, TriageRow

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
FINISHED_S = 1795470016 + 5 * 3600
SCENARIOS = ("checkout-failure", "widgets", "masked-default", "slow-and-idle")


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    with serving(monkeypatch, [ServedReplay.from_scenario(n) for n in SCENARIOS]) as srv:
        yield srv


def test_triage_ranks_every_replay_with_its_top_finding(cli: Any, sentry: SentryServer) -> None:
    result = cli("triage", "acme", "--json")
    assert result.exit_code == 0, result.stderr
    out = result.json()
    rows = [TriageRow.model_validate(r) for r in out["items"]]
    assert sorted(r.id for r in rows) == sorted(sentry.replays)
    assert [r.rank for r in rows] == [1, 2, 3, 4]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    first = rows[0]
    assert first.id == CHECKOUT  # the rage clicks, the 500s and the TypeError
    assert first.user == "127.0.0.1" and first.durationS == 59
    assert (first.errors, first.deadClicks, first.rageClicks) == (1, 2, 1)
    assert first.top is not None and first.top.severity.value == "high"
    assert first.top.fromOffsetMs <= first.top.toOffsetMs
    assert first.next.startswith(f"replaydom window acme/{CHECKOUT} --at ")
    assert out["counts"] == {"fetched": 4, "cached": 0, "failed": 0}
    assert "weight" in out["scoring"] and out["truncated"] is None
    assert "triage 4/4" in result.stderr


def test_the_score_is_the_documented_formula(cli: Any, sentry: SentryServer) -> None:
    rows = cli("triage", "acme", "--json").json()["items"]
    for row in rows:
        findings = cli("struggles", row["id"][:8], "--json", "--limit", "1000").json()["items"]
        points = 0.0
        for sev, weight in WEIGHTS.items():
            part = sum(weight * (0.5 + 0.5 * f["score"]) for f in findings if f["severity"] == sev.value)
            points += min(CAPS[sev], part)
        points += sum(SENTRY_WEIGHTS[k] * min(5, row[k] or 0) for k in SENTRY_WEIGHTS)
        assert row["score"] == round(points, 2)
        assert row["findings"] == {
            s: sum(1 for f in findings if f["severity"] == s) for s in ("high", "medium", "low")
        }


def test_cached_replays_are_not_fetched_again(cli: Any, sentry: SentryServer) -> None:
    assert cli("triage", "acme").exit_code == 0
    before = len(sentry.requests)
    again = cli("triage", "acme", "--jsonl")
    assert again.exit_code == 0
    assert [r.path for r in sentry.requests[before:]] == [
        "/api/0/organizations/acme/replays/"
    ]  # the list only
    assert {r["fetched"] for r in again.jsonl()} == {"cached"}


def test_an_interrupted_triage_resumes_from_the_cache(cli: Any, sentry: SentryServer) -> None:
    # One replay cannot be fetched (as if the run was cut there): it is a failed row, not a failure.
    sentry.fail(f"/replays/{CHECKOUT}/", status=404, times=1)
    first = cli("triage", "acme", "--json")
    assert first.exit_code == 0, first.stderr
    failed = [r for r in first.json()["items"] if r["status"] == "failed"]
    assert [r["id"] for r in failed] == [CHECKOUT] and failed[0]["note"] and failed[0]["rank"] == 4
    assert failed[0]["next"] == f"replaydom fetch acme/{CHECKOUT}"
    assert f"{CHECKOUT} failed" in first.stderr
    before = len(sentry.requests)
    second = cli("triage", "acme", "--json").json()
    touched = {rid for r in sentry.requests[before:] for rid in sentry.replays if rid in r.path}
    assert touched == {CHECKOUT}  # only the missing replay is downloaded
    assert second["counts"] == {"fetched": 1, "cached": 3, "failed": 0}
    assert second["items"][0]["id"] == CHECKOUT


def test_triage_of_an_issue_and_limit_truncation(cli: Any, sentry: SentryServer) -> None:
    result = cli("triage", "--issue", "WEB-1", "--jsonl")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in result.jsonl()] == [CHECKOUT] and "issue WEB-1" in result.stderr
    limited = cli("triage", "acme", "--limit", "2", "--json").json()
    assert len(limited["items"]) == 2
    assert limited["truncated"] == {
        "shown": 2,
        "total": 4,
        "next": "replaydom triage acme --period 7d --limit 2 --cursor 0:2:0 --json",
    }
    table = cli("triage", "acme", "--limit", "2")
    assert table.stdout.splitlines()[0].split()[:5] == ["#", "ID", "USER", "DUR(S)", "SCORE"]
    assert "Next page: replaydom triage acme --period 7d --limit 2 --cursor 0:2:0" in table.stderr


def test_the_next_page_triages_only_the_next_replays(cli: Any, sentry: SentryServer) -> None:
    """The truncation notice continues with Sentry's list cursor: the next page lists, fetches and
    ranks only replays the first page did not have, and the last page says nothing is left."""
    first = cli("triage", "acme", "--limit", "3", "--json").json()
    seen = {r["id"] for r in first["items"]}
    args = first["truncated"]["next"].split()[1:]
    assert args[-3:] == ["--cursor", "0:3:0", "--json"]
    before = len(sentry.requests)
    second = cli(*args)
    assert second.exit_code == 0, second.stderr
    out = second.json()
    assert len(out["items"]) == 1 and out["items"][0]["id"] not in seen
    assert seen | {out["items"][0]["id"]} == set(sentry.replays)
    assert out["truncated"] is None and out["counts"] == {"fetched": 1, "cached": 0, "failed": 0}
    fetched = {
        r.path.split("/replays/")[1].split("/")[0] for r in sentry.requests[before:] if "/replays/" in r.path
    }
    assert fetched - {""} == {out["items"][0]["id"]}  # the list call, then only the new replay
    listed = [r for r in sentry.requests[before:] if r.path == "/api/0/organizations/acme/replays/"]
    assert [r.param("cursor") for r in listed] == ["0:3:0"]


def test_concurrency_is_bounded(cli: Any, sentry: SentryServer) -> None:
    import threading
    import time

    active = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(_: Any) -> None:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        time.sleep(0.05)
        with lock:
            active["now"] -= 1

    sentry.before_request = slow
    assert cli("triage", "acme", "--concurrency", "2").exit_code == 0
    assert 1 <= active["max"] <= 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["acme", "--period", "7"], 2, "bad --period"),
        (["acme", "--limit", "0"], 2, ""),
        (["acme", "--issue", "?"], 2, "bad issue"),
        (["acme", "--cursor", "next"], 2, "bad --cursor"),
        (["nope"], 3, "not found"),
    ],
)
def test_triage_errors(cli: Any, sentry: SentryServer, args: list[str], code: int, message: str) -> None:
    result = cli("triage", *args)
    assert result.exit_code == code and message in result.stderr, result.stderr


def test_ctrl_c_then_rerun_resumes_from_the_cache(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    replays = [ServedReplay.from_scenario(n) for n in SCENARIOS]
    with SentryServer(replays=replays, latency_s=0.3) as srv:
        env = {**os.environ, **srv.env(), "REPLAYDOM_NOW": str(FINISHED_S)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "replaydom", "triage", "acme", "--concurrency", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        cache = Path(env["REPLAYDOM_CACHE_DIR"]) / "replays"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            done = [m for m in cache.glob("*/*/*/*/manifest.json") if '"complete": true' in m.read_text()]
            if done:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        kept = {
            m.parent.name for m in cache.glob("*/*/*/*/manifest.json") if '"complete": true' in m.read_text()
        }
        assert 1 <= len(kept) < len(replays)
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("REPLAYDOM_NOW", str(FINISHED_S))
        srv.latency_s = 0.0
        before = len(srv.requests)
        result = cli("triage", "acme", "--json")
        assert result.exit_code == 0, result.stderr
        rows = result.json()["items"]
        assert {r["id"] for r in rows if r["fetched"] == "cached"} >= kept
        touched = {rid for r in srv.requests[before:] for rid in srv.replays if rid in r.path}
        assert not touched & kept  # what the interrupted run finished is not requested again


def test_an_analysis_process_gives_the_same_rows_as_this_process(sentry: SentryServer, tmp_path: Any) -> None:
    """With a second core the replays are indexed and analyzed in a spawned process while this one
    fetches: same rows, same ranks, and the process's peak memory is reported."""
    import os

    from replaydom.analyze.triage import TriageOptions, candidates, triage
    from replaydom.config import load_config
    from replaydom.sentry.client import SentryClient

    out: dict[int, list[dict[str, Any]]] = {}
    for workers in (0, 1, 2):
        env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(tmp_path / f"cache{workers}")}
        config = load_config(env=env, cwd=tmp_path)
        opts = TriageOptions(org="acme", analysis_workers=workers)
        stats: dict[str, Any] = {}
        with SentryClient(config) as client:
            report = triage(client, config, opts, candidates(client, opts), stats=stats)
        assert stats["analysisWorkers"] == workers
        assert (stats["workerMaxRssBytes"] > 0) is (workers > 0)
        assert report.counts == {"fetched": 4, "cached": 0, "failed": 0}
        out[workers] = [r.model_dump() for r in report.items]
    assert out[0] == out[1] == out[2]
    assert out[1][0]["id"] == CHECKOUT


def test_ctrl_c_stops_a_triage_with_its_analysis_process_and_the_rerun_resumes(tmp_path: Any) -> None:
    """A real `replaydom triage` of 12 replays (enough for the analysis process), SIGINT once some
    are cached: it exits 130 promptly, leaves no process behind and no temp file in any bundle,
    and the rerun fetches only what was not stored and ranks all 12."""
    import copy
    import hashlib
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    bases = [ServedReplay.from_scenario(n) for n in SCENARIOS]
    replays = []
    for i in range(12):
        base = bases[i % len(bases)]
        rid = hashlib.sha256(f"triage-interrupt-{i}".encode()).hexdigest()[:32]
        details = {**copy.deepcopy(base.details), "id": rid}
        replay = ServedReplay(details, base.segments, copy.deepcopy(base.errors), clicks=base.clicks)
        replay.error_events = base.error_events
        replays.append(replay)
    cache = Path(tmp_path) / "cache"
    with SentryServer(replays=replays, latency_s=0.15) as srv:
        env = {**os.environ, **srv.env(), "REPLAYDOM_NOW": str(FINISHED_S), "REPLAYDOM_CACHE_DIR": str(cache)}
        cmd = [sys.executable, "-m", "replaydom", "triage", "acme", "--concurrency", "2", "--json"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(cache.glob("replays/*/*/*/*/index"))) < 2:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        t0 = time.monotonic()
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert time.monotonic() - t0 < 10
        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert children == []
        assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
        before = len(srv.requests)
        rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert rerun.returncode == 0, rerun.stderr
        out = json.loads(rerun.stdout)
        assert len(out["items"]) == 12 and out["counts"]["failed"] == 0 and out["counts"]["cached"] >= 2
        details = re.compile(r"/api/0/organizations/acme/replays/[0-9a-f]{32}/")
        asked = [r for r in srv.requests[before:] if details.fullmatch(r.path)]
        assert len(asked) == 12 - out["counts"]["cached"]  # the cached ones are not asked again
