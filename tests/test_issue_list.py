"""`replaydom list --issue`: from a Sentry issue to its replays (shortids, issues, replay-count)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from sentry_server import SentryServer, ServedReplay
from sentry_shapes import group

from replaydom.errors import UsageError
from replaydom.sentry.issues import IssueRef, parse_issue_ref

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
LATER = "0123456789abcdef0123456789abcdef"
PERF = "fedcba9876543210fedcba9876543210"
FINISHED_S = 1795470016 + 5 * 3600


def _copy_of_checkout(rid: str, started: str) -> ServedReplay:
    """checkout-failure served again under another id and start (same linked error: same issue)."""
    base = ServedReplay.from_scenario("checkout-failure")
    details = {**copy.deepcopy(base.details), "id": rid, "started_at": started}
    return ServedReplay(details, base.segments, copy.deepcopy(base.errors), clicks=base.clicks)


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    perf = ServedReplay.from_scenario("widgets")
    perf.details = {**perf.details, "id": PERF}
    perf.issues = [
        {
            "id": "a" * 32,
            "title": "N+1 API Call",
            "timestamp": perf.details["started_at"],
            "level": "info",
            "issue": "WEB-2",
            "issue.id": 9100,
            "error.type": [],
            "project.name": "web",
        }
    ]
    replays = [
        ServedReplay.from_scenario("checkout-failure"),
        _copy_of_checkout(LATER, "2026-11-23T22:10:00+00:00"),
        ServedReplay.from_scenario("masked-default"),
        perf,
    ]
    with SentryServer(replays=replays) as srv:
        srv.groups["9100"] = group(9100, "WEB-2", "N+1 API Call", "web", "4505", "performance")
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("REPLAYDOM_NOW", str(FINISHED_S))
        yield srv


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("WEB-1", IssueRef("WEB-1", numeric=False)),
        ("web-1a", IssueRef("WEB-1A", numeric=False)),
        ("MY-APP-3F", IssueRef("MY-APP-3F", numeric=False)),
        ("9000", IssueRef("9000", numeric=True)),
        (
            "https://acme.sentry.io/issues/9000/?project=1&query=is%3Aunresolved",
            IssueRef("9000", numeric=True, org="acme", host="https://acme.sentry.io"),
        ),
        (
            "https://sentry.example.com/organizations/acme/issues/WEB-1/events/latest/",
            IssueRef("WEB-1", numeric=False, org="acme", host="https://sentry.example.com"),
        ),
        ("http://127.0.0.1:9/issues/42/", IssueRef("42", numeric=True, host="http://127.0.0.1:9")),
        ("http://[::1]:9000/issues/42/", IssueRef("42", numeric=True, host="http://[::1]:9000")),
    ],
)
def test_issue_refs(text: str, ref: IssueRef) -> None:
    assert parse_issue_ref(text) == ref


@pytest.mark.parametrize(
    "text",
    [
        "",
        "WEB",
        "-1",
        "../etc/passwd",
        "WEB-1/../x",
        "https://acme.sentry.io/replays/abc/",
        "ftp://x/issues/1/",
        "https://acme.sentry.io/issues/",
        "https://acme.sentry.io/issues/a b/",
        "9" * 30,
        "http://h:99999/issues/1/",
        "http://h:x/issues/1/",
        "http://[zz/issues/1/",
        "https://a%20b.sentry.io/issues/1/",
    ],
)
def test_bad_issue_refs_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_issue_ref(text)


def test_list_issue_by_short_id_lists_its_replays_newest_first(cli: Any, sentry: SentryServer) -> None:
    result = cli("list", "--issue", "web-1", "--json")
    assert result.exit_code == 0, result.stderr
    ids = [i["id"] for i in result.json()["items"]]
    assert ids == [LATER, CHECKOUT]  # both replays of WEB-1, newest first; not masked-default
    assert "issue WEB-1 (id 9000, error)" in result.stderr and "2 replays in the last 90d" in result.stderr
    paths = [r.path for r in sentry.requests]
    assert paths == [
        "/api/0/organizations/acme/shortids/WEB-1/",
        "/api/0/organizations/acme/replay-count/",
        "/api/0/organizations/acme/replays/",
    ]
    count = sentry.requests[1]
    assert {k: count.param(k) for k in ("returnIds", "query", "data_source", "statsPeriod", "project")} == {
        "returnIds": "true",
        "query": "issue.id:[9000]",
        "data_source": "discover",
        "statsPeriod": "90d",
        "project": "-1",
    }
    listed = sentry.requests[2]
    assert listed.param("query") in (f"id:[{CHECKOUT},{LATER}]", f"id:[{LATER},{CHECKOUT}]")
    assert listed.param("sort") == "-started_at" and listed.param("project") is None


def test_list_issue_by_numeric_id_and_url(cli: Any, sentry: SentryServer) -> None:
    by_id = cli("list", "--issue", "9000", "--jsonl", "--period", "14d")
    assert by_id.exit_code == 0, by_id.stderr
    assert [i["id"] for i in by_id.jsonl()] == [LATER, CHECKOUT]
    assert sentry.requests[0].path == "/api/0/organizations/acme/issues/9000/"
    assert sentry.requests[1].param("statsPeriod") == "14d"
    url = f"{sentry.url}/organizations/acme/issues/9000/?project=4505"
    by_url = cli("list", "--issue", url, "--json")
    assert by_url.exit_code == 0 and [i["id"] for i in by_url.json()["items"]] == [LATER, CHECKOUT]
    table = cli("list", "--issue", "WEB-1")
    assert table.stdout.splitlines()[0].split()[:2] == ["ID", "STARTED"] and LATER in table.stdout


def test_performance_issue_uses_search_issues(cli: Any, sentry: SentryServer) -> None:
    result = cli("list", "--issue", "WEB-2", "--json")
    assert result.exit_code == 0, result.stderr
    assert [i["id"] for i in result.json()["items"]] == [PERF]
    count = next(r for r in sentry.requests if r.path.endswith("/replay-count/"))
    assert count.param("data_source") == "search_issues"
    assert "performance" in result.stderr


def test_issue_without_replays_is_an_empty_list(cli: Any, sentry: SentryServer) -> None:
    sentry.groups["9200"] = group(9200, "WEB-3", "Old", "web", "4505")
    result = cli("list", "--issue", "WEB-3", "--json")
    assert result.exit_code == 0 and result.json() == {"items": [], "truncated": None}
    assert "0 replays" in result.stderr
    assert not any(r.path.endswith("/replays/") for r in sentry.requests)  # nothing to list


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--issue", "WEB-404"], 3, "issue WEB-404 not found"),
        (["--issue", "123456"], 3, "issue 123456 not found"),
        (["--issue", "not an issue"], 2, "bad issue"),
        (["--issue", "https://evil.example.com/organizations/acme/issues/1/"], 2, "configured for"),
        (["other", "--issue", "https://acme.sentry.io/issues/9000/"], 2, "configured for"),
        (["--issue", "WEB-1", "--period", "90"], 2, "bad --period"),
    ],
)
def test_list_issue_errors(cli: Any, sentry: SentryServer, args: list[str], code: int, message: str) -> None:
    result = cli("list", *args)
    assert result.exit_code == code and message in result.stderr, result.stderr


def test_forbidden_issue_is_an_auth_error(cli: Any, sentry: SentryServer) -> None:
    sentry.fail("/shortids/", status=403)
    result = cli("list", "--issue", "WEB-1")
    assert result.exit_code == 4 and "403" in result.stderr


def test_replay_count_endpoint_validates_like_sentry(sentry: SentryServer) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {sentry.token}"}
    url = f"{sentry.url}/api/0/organizations/acme/replay-count/"
    ok = httpx.get(url, params={"query": "issue.id:[9000,1]", "returnIds": "true"}, headers=headers)
    assert ok.status_code == 200 and set(ok.json()) == {"9000"} and len(ok.json()["9000"]) == 2
    counts = httpx.get(url, params={"query": "issue.id:[9000]"}, headers=headers)
    assert counts.json() == {"9000": 2}
    bad = httpx.get(url, params={"query": "issue.id:[1]", "data_source": "spans?"}, headers=headers)
    assert bad.status_code == 400
    many = ",".join(str(i) for i in range(26))
    assert httpx.get(url, params={"query": f"issue.id:[{many}]"}, headers=headers).status_code == 400
    assert httpx.get(url, params={"query": "level:error"}, headers=headers).status_code == 400


def test_list_issue_pages_with_the_next_command(cli: Any, sentry: SentryServer) -> None:
    import shlex

    first = cli("list", "--issue", "WEB-1", "--limit", "1", "--json").json()
    assert [i["id"] for i in first["items"]] == [LATER]
    nxt = first["truncated"]["next"]
    assert nxt == "replaydom list acme --limit 1 --cursor 0:1:0 --issue WEB-1 --period 90d"
    rest = cli(*shlex.split(nxt)[1:], "--json").json()
    assert [i["id"] for i in rest["items"]] == [CHECKOUT] and rest["truncated"] is None
