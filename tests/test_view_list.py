"""`replaydom view` (a replay at a glance) and `replaydom list` (Sentry's replay index)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import load_json, load_segments, scenario_path
from sentry_server import SentryServer, ServedReplay, serving

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
WIDGETS = "widgets"
FINISHED_S = 1795470016 + 5 * 3600


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    replays = [ServedReplay.from_scenario(name) for name in ("checkout-failure", "masked-default", "widgets")]
    with serving(monkeypatch, replays) as srv:
        yield srv


def test_view_json_of_an_imported_replay(cli: Any) -> None:
    assert cli("import", str(scenario_path("checkout-failure"))).exit_code == 0
    result = cli("view", CHECKOUT[:8], "--json")
    assert result.exit_code == 0, result.stderr
    view = result.json()
    details = load_json("checkout-failure", "details.json")
    assert list(view) == [
        "replayId",
        "org",
        "project",
        "startedAt",
        "finishedAt",
        "durationS",
        "platform",
        "replayType",
        "environment",
        "releases",
        "dist",
        "urls",
        "counts",
        "user",
        "browser",
        "os",
        "device",
        "sdk",
        "traceIds",
        "errorIds",
        "errors",
        "derived",
        "cache",
    ]
    assert (view["replayId"], view["durationS"], view["releases"]) == (CHECKOUT, 59, ["brew-shop@1.4.2"])
    assert view["counts"] == {
        "segments": 9,
        "errors": 1,
        "warnings": 0,
        "deadClicks": 2,
        "rageClicks": 1,
        "urls": 5,
    }
    assert view["traceIds"] == details["trace_ids"] and view["urls"] == details["urls"]
    assert [e["title"] for e in view["errors"]] == [
        "TypeError: Cannot read properties of null (reading 'grandTotal')"
    ]
    cache = view["cache"]
    assert (cache["cached"], cache["complete"], cache["live"], cache["storedSegments"], cache["source"]) == (
        True,
        True,
        False,
        9,
        "import",
    )


def test_view_table_is_readable(cli: Any) -> None:
    assert cli("import", str(scenario_path("checkout-failure"))).exit_code == 0
    lines = cli("view", CHECKOUT).stdout.splitlines()
    text = "\n".join(lines)
    assert lines[0].split() == ["replay", f"local/4505/{CHECKOUT}"]
    for expected in (
        "duration     0m59s",
        "dead clicks  2",
        "rage clicks  1",
        "browser      Chrome 156.0.0.0",
        "sdk          sentry.javascript.browser 11.12.0",
        "release      brew-shop@1.4.2",
        "(cached, complete, finished)",
        "WEB-1  TypeError",
    ):
        assert expected in text, expected


def test_view_of_a_bare_body_shows_derived_fields(cli: Any, tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text(json.dumps(load_segments(WIDGETS)))
    rid = cli("import", str(body), "--json").json()["replayId"]
    view = cli("view", rid, "--json").json()
    assert "started_at" in view["derived"] and view["durationS"] == 56
    assert view["errors"] is None and view["user"] is None
    assert "derived: " in cli("view", rid).stdout


def test_view_fetches_an_uncached_replay_and_shows_live_state(
    cli: Any, sentry: SentryServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("REPLAYDOM_NOW", str(1795470016 + 60))  # a minute into checkout-failure
    result = cli("view", f"acme/{CHECKOUT}", "--json")
    assert result.exit_code == 0, result.stderr
    assert f"not cached: fetching acme/{CHECKOUT}" in caplog.text
    view = result.json()
    assert view["cache"]["live"] is True and view["cache"]["complete"] is True
    assert view["org"] == "acme" and view["errors"][0]["issue"] == "WEB-1"


def test_the_auto_fetch_notice_reaches_stderr(sentry: SentryServer) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "replaydom", "view", f"acme/{CHECKOUT}", "--json"],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith(f"not cached: fetching acme/{CHECKOUT} from {sentry.url}")
    assert json.loads(proc.stdout)["replayId"] == CHECKOUT


def test_view_no_cache_is_temporary(cli: Any, sentry: SentryServer) -> None:
    view = cli("view", f"acme/{CHECKOUT}", "--no-cache", "--json").json()
    assert view["cache"]["cached"] is False and view["cache"]["temporary"] is True
    assert not (Path(os.environ["REPLAYDOM_CACHE_DIR"]) / "replays").exists()


def test_view_not_cached_without_sentry(cli: Any) -> None:
    result = cli("view", CHECKOUT)
    assert result.exit_code == 3 and f"run `replaydom fetch {CHECKOUT}`" in result.stderr


def test_list_json_jsonl_and_table(cli: Any, sentry: SentryServer) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    out = cli("list", "--json").json()
    ids = [i["id"] for i in out["items"]]
    started = [i["startedAt"] for i in out["items"]]
    assert sorted(ids) == sorted(sentry.replays) and started == sorted(started, reverse=True)
    assert out["truncated"] is None
    checkout = next(i for i in out["items"] if i["id"] == CHECKOUT)
    assert checkout == {
        "id": CHECKOUT,
        "startedAt": "2026-11-23T21:40:16+00:00",
        "finishedAt": "2026-11-23T21:41:15+00:00",
        "durationS": 59,
        "segments": 9,
        "errors": 1,
        "deadClicks": 2,
        "rageClicks": 1,
        "user": "127.0.0.1",
        "url": "http://127.0.0.1:45273/",
        "platform": "javascript",
        "projectId": "4505",
        "cached": True,
    }
    assert [i["id"] for i in cli("list", "acme", "--jsonl").jsonl()] == ids
    table = cli("list").stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "STARTED", "DUR(S)"] and len(table) == 4
    req = next(r for r in sentry.requests if r.path == "/api/0/organizations/acme/replays/")
    assert (req.param("statsPeriod"), req.param("sort"), req.param("per_page")) == (
        "7d",
        "-started_at",
        "100",
    )


def test_list_truncation_gives_the_next_command(cli: Any, sentry: SentryServer) -> None:
    first = cli("list", "acme/web", "--limit", "2", "--json", "--query", "count_errors:>0", "--period", "24h")
    out = first.json()
    assert len(out["items"]) == 2
    assert out["truncated"]["shown"] == 2 and out["truncated"]["total"] == 3
    nxt = out["truncated"]["next"]
    assert nxt == "replaydom list acme/web --limit 2 --cursor 0:2:0"
    rest = cli(*shlex.split(nxt)[1:], "--json").json()
    assert [i["id"] for i in rest["items"]] != [i["id"] for i in out["items"]] and len(rest["items"]) == 1
    req = next(r for r in sentry.requests if r.path == "/api/0/organizations/acme/replays/")
    assert (req.param("projectSlug"), req.param("query"), req.param("statsPeriod")) == (
        "web",
        "count_errors:>0",
        "24h",
    )
    table = cli("list", "--limit", "1")
    assert "Showing 1 of 3. Next page: replaydom list acme --limit 1 --cursor 0:1:0" in table.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--period", "7"], 2, "bad --period"),
        (["--cursor", "x"], 2, "bad --cursor"),
        (["../etc"], 2, "bad org"),
        (["nope"], 3, "not found"),
        (["--token", "wrong"], 4, "401"),
    ],
)
def test_list_errors(cli: Any, sentry: SentryServer, args: list[str], code: int, message: str) -> None:
    result = cli("list", *args)
    assert result.exit_code == code and message in result.stderr, result.stderr


def test_list_needs_an_org_and_a_token(
    cli: Any, sentry: SentryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SENTRY_ORG")
    assert cli("list").exit_code == 2
    monkeypatch.delenv("SENTRY_AUTH_TOKEN")
    assert cli("list", "acme").exit_code == 4
