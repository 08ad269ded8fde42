"""Linked errors with their evidence (event details) and logs on the replay's traces.

Served bodies are derived from the real checkout-failure recording (`sentry_shapes.py`): its
TypeError (errors.json, what the SDK sent) in the event-details shape, and its console breadcrumbs
as logs-dataset rows.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sentry_server import SentryServer, ServedReplay, serving

from replaydom.frames.normalize import normalize
from replaydom.model import Event
from replaydom.sentry import related

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
ERROR_ID = "776732fa508d4901987076b3c43ee570"
FINISHED_S = 1795470016 + 5 * 3600


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    with serving(monkeypatch, [ServedReplay.from_scenario("checkout-failure")]) as srv:
        yield srv


def _error(cli: Any) -> dict[str, Any]:
    result = cli("events", CHECKOUT[:8], "--kind", "error", "--json")
    assert result.exit_code == 0, result.stderr
    (ev,) = result.json()["items"]
    Event.model_validate(ev)
    return dict(ev)


def test_linked_error_has_exception_stack_and_its_breadcrumbs(cli: Any, sentry: SentryServer) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    req = next(r for r in sentry.requests if "/events/" in r.path)
    assert req.path == f"/api/0/projects/acme/web/events/{ERROR_ID}/"  # project from events-meta
    ev = _error(cli)
    data = ev["data"]
    assert (ev["source"], ev["eventId"], ev["segmentId"], ev["frameIndex"]) == (
        "errors",
        ERROR_ID,
        None,
        None,
    )
    assert data["details"] == "fetched" and data["detailsNote"] is None
    assert data["exceptionType"] == "TypeError"
    assert data["exceptionValue"] == "Cannot read properties of null (reading 'grandTotal')"
    assert data["culprit"] == "/cart.html"  # the event's transaction, as Sentry stores it
    assert data["handled"] is False and data["mechanism"] == "auto.browser.browserapierrors.addEventListener"
    # innermost first: the app's own handler, then the SDK's wrapper (both in-app in this recording)
    assert [(f["function"], f["file"], f["line"], f["column"]) for f in data["frames"]] == [
        ("HTMLButtonElement.<anonymous>", "/static/cart.js", 51, 19),
        ("HTMLButtonElement.n", "/static/sentry.bundle.js", 495, 1015),
    ]
    assert data["topFrames"][0] == "HTMLButtonElement.<anonymous> (/static/cart.js:51:19)"
    assert ev["label"].startswith("TypeError at HTMLButtonElement.<anonymous> (cart.js:51:19): Cannot read")
    crumbs = data["breadcrumbs"]
    assert len(crumbs) == 29  # every breadcrumb the SDK attached to the error
    last = crumbs[-1]
    assert last["category"] == "console" and last["message"].startswith("Totals recalculation failed")
    assert last["timestamp"] == "2026-11-23T21:41:02.608Z"
    assert last["offsetMs"] == ev["offsetMs"] - 2  # on the replay's clock, 2 ms before the error
    assert data["traceId"] == "ff4c6536f05142fabefcafc1c7c18fe8" and data["release"] == "brew-shop@1.4.2"


def test_tables_show_the_top_in_app_frame(cli: Any, sentry: SentryServer) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    at = "cart.js:51:19"
    assert at in cli("events", CHECKOUT[:8], "--kind", "error").stdout
    assert at in cli("struggles", CHECKOUT[:8]).stdout
    window = cli("window", CHECKOUT[:8], "--at", "00:46", "--before", "1s", "--after", "1s")
    assert window.exit_code == 0 and "TypeError at HTMLButtonElement.<anonymous>" in window.stdout
    full = cli("window", CHECKOUT[:8], "--at", "00:46", "--before", "1s", "--after", "1s", "--json").json()
    errors = [e for g in full["groups"].values() for e in g if e["kind"] == "error"]
    assert errors and errors[0]["data"]["frames"][0]["line"] == 51


def test_error_details_are_stored_privately(cli: Any, sentry: SentryServer) -> None:
    out = cli("fetch", f"acme/{CHECKOUT}", "--json").json()
    path = Path(out["paths"]["related"]) / "error-details.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert out["related"]["error-details"]["count"] == 1
    assert not list(path.parent.glob("*.tmp*"))  # atomic: no temp file left behind


@pytest.mark.parametrize(
    ("setup", "status", "note"),
    [
        (lambda srv: srv.forbidden_events.add(ERROR_ID), "forbidden", "403"),
        (lambda srv: srv.deleted_events.add(ERROR_ID), "deleted", "404"),
    ],
)
def test_forbidden_or_deleted_event_degrades_to_a_note(
    cli: Any, sentry: SentryServer, setup: Any, status: str, note: str
) -> None:
    setup(sentry)
    result = cli("fetch", f"acme/{CHECKOUT}")
    assert result.exit_code == 0, result.stderr
    ev = _error(cli)
    assert ev["data"]["details"] == status and note in ev["data"]["detailsNote"]
    assert ev["label"] == "TypeError: Cannot read properties of null (reading 'grandTotal')"  # today's row
    assert ev["data"]["issue"] == "WEB-1" and ev["data"]["frames"] == []
    assert cli("struggles", CHECKOUT[:8]).exit_code == 0


@pytest.mark.parametrize(
    ("setup", "status"),
    [
        (lambda srv: srv.forbidden_events.add(ERROR_ID), "forbidden"),
        (lambda srv: srv.deleted_events.add(ERROR_ID), "deleted"),
    ],
)
def test_a_403_or_404_note_is_kept_not_asked_again_on_every_fetch(
    cli: Any, sentry: SentryServer, monkeypatch: pytest.MonkeyPatch, setup: Any, status: str
) -> None:
    """A live replay is refreshed on every fetch (events-meta rows too), but an error whose details
    answered 403 or 404 is not asked again: the note stays. `fetch --force` asks again."""
    monkeypatch.setenv("REPLAYDOM_NOW", str(1795470016 + 120))  # two minutes in: live
    setup(sentry)
    details_path = f"/api/0/projects/acme/web/events/{ERROR_ID}/"

    def asked() -> int:
        return sum(1 for r in sentry.requests if r.path == details_path)

    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    assert asked() == 1 and _error(cli)["data"]["details"] == status
    meta_before = sum(1 for r in sentry.requests if "events-meta" in r.path or "/events/" in r.path)
    again = cli("fetch", f"acme/{CHECKOUT}")
    assert again.exit_code == 0, again.stderr
    assert sum(1 for r in sentry.requests if "events-meta" in r.path or "/events/" in r.path) > meta_before
    assert asked() == 1  # the rows were refreshed; the 403/404 was not asked again
    assert _error(cli)["data"]["details"] == status
    sentry.forbidden_events.discard(ERROR_ID)
    sentry.deleted_events.discard(ERROR_ID)
    assert cli("fetch", f"acme/{CHECKOUT}", "--force").exit_code == 0
    assert asked() == 2 and _error(cli)["data"]["details"] == "fetched"


def test_a_failed_details_request_is_asked_again_on_the_next_fetch(
    cli: Any, sentry: SentryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replaydom.sentry.retry import RetryPolicy, no_sleep

    monkeypatch.setattr(
        "replaydom.sentry.client.RetryPolicy", lambda: RetryPolicy(attempts=1, sleep=no_sleep)
    )
    monkeypatch.setenv("REPLAYDOM_NOW", str(1795470016 + 120))
    sentry.fail(f"/events/{ERROR_ID}/", status=500, times=1)
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    assert _error(cli)["data"]["details"] == "failed"
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    assert _error(cli)["data"]["details"] == "fetched"


def test_a_failing_details_request_is_a_warning(cli: Any, sentry: SentryServer, monkeypatch: Any) -> None:
    from replaydom.sentry.retry import RetryPolicy, no_sleep

    monkeypatch.setattr(
        "replaydom.sentry.client.RetryPolicy", lambda: RetryPolicy(attempts=2, sleep=no_sleep)
    )
    sentry.fail(f"/events/{ERROR_ID}/", status=500, times=5)
    result = cli("fetch", f"acme/{CHECKOUT}")
    assert result.exit_code == 0 and "could not fetch the error's details" in result.stderr
    assert _error(cli)["data"]["details"] == "failed"


def test_logs_on_the_replay_traces(cli: Any, sentry: SentryServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(related, "LOGS_PER_PAGE", 3)  # 7 logs: three pages
    served = sentry.replays[CHECKOUT]
    stranger = {**served.logs[0], "sentry.item_id": "f" * 32, "trace": "0" * 32}  # another trace
    served.logs.append(stranger)
    result = cli("fetch", f"acme/{CHECKOUT}", "--include", "logs", "--json")
    assert result.exit_code == 0, result.stderr
    reqs = [r for r in sentry.requests if r.path == "/api/0/organizations/acme/events/"]
    assert len(reqs) == 3 and [r.param("cursor") for r in reqs] == [None, "0:3:0", "0:6:0"]
    first = reqs[0]
    assert first.param("dataset") == "logs" and first.param("sort") == "timestamp"
    assert first.param("query") == "trace:[" + ",".join(served.details["trace_ids"]) + "]"
    assert {"sentry.item_id", "trace", "severity", "message", "timestamp_precise"} <= set(
        first.query["field"]
    )
    assert (
        first.param("start") == "2026-11-23T21:35:16.000Z"
        and first.param("end") == "2026-11-23T21:46:16.000Z"
    )
    logs = cli("events", CHECKOUT[:8], "--kind", "log", "--json").json()["items"]
    assert len(logs) == 7 and "f" * 32 not in {e["eventId"] for e in logs}
    for ev in logs:
        Event.model_validate(ev)
        assert (ev["source"], ev["segmentId"], ev["frameIndex"], ev["category"]) == (
            "logs",
            None,
            None,
            "console",
        )
    first_log = logs[0]
    assert first_log["data"]["level"] == "error" and first_log["data"]["severityNumber"] == 17
    assert first_log["data"]["message"] == "Checkout failed 500 payment_gateway_timeout"
    assert first_log["data"]["attributes"]["logger.name"] == "console"
    assert first_log["timestamp"] == "2026-11-23T21:40:41.391Z" and first_log["offsetMs"] == 25391
    table = cli("events", CHECKOUT[:8], "--kind", "log")
    assert "ERROR Checkout failed" in table.stdout and " logs" in table.stdout
    # window's timeline points at a log by its id (it has no segment or frame)
    around = cli("window", CHECKOUT[:8], "--at", "25391", "--after", "1s", "--kind", "log").stdout
    assert f"log {first_log['eventId']}" in around and "None/None" not in around


def test_logs_not_fetched_by_default_and_a_failure_is_a_warning(cli: Any, sentry: SentryServer) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    assert not any(r.path.endswith("/events/") and "/organizations/" in r.path for r in sentry.requests)
    sentry.fail("/organizations/acme/events/", status=403)
    result = cli("fetch", f"acme/{CHECKOUT}", "--include", "logs")
    assert result.exit_code == 0 and "could not fetch logs" in result.stderr


def _segments() -> list[tuple[int, list[Any]]]:
    from conftest import load_segments

    return list(enumerate(load_segments("checkout-failure")))


def test_hostile_details_and_logs_never_break_the_stream() -> None:
    rows = [{"id": ERROR_ID, "title": "T", "timestamp": "2026-11-23T21:41:02.610+00:00"}]
    hostile: dict[str, Any] = {
        ERROR_ID: {
            "status": "fetched",
            "event": {
                "entries": [
                    "x",
                    {
                        "type": "exception",
                        "data": {"values": [{"type": 5, "stacktrace": {"frames": [1, {"lineNo": "x"}]}}]},
                    },
                    {
                        "type": "breadcrumbs",
                        "data": {"values": [{"timestamp": "nope"}, {"timestamp": 1795470062.6}]},
                    },
                ],
                "release": ["odd"],
                "contexts": "none",
            },
        }
    }
    logs: list[Any] = [
        "x",
        {"timestamp": "garbage"},
        {"timestamp_precise": "1795470041391000064", "severity": None, "message": ["a"]},
    ]
    result = normalize(_segments(), replay_id=CHECKOUT, errors=rows, error_details=hostile, logs=logs)
    for ev in result.events:
        Event.model_validate(ev)
    (err,) = [e for e in result.events if e["kind"] == "error"]
    assert err["data"]["details"] == "fetched" and err["data"]["frames"][0]["line"] is None
    assert [c["offsetMs"] is None for c in err["data"]["breadcrumbs"]] == [True, False]
    assert [e["data"]["level"] for e in result.events if e["kind"] == "log"] == [None]
    assert result.skipped["log row without a readable timestamp"] == 2


def test_chained_exception_and_no_in_app_frames() -> None:
    frames = [{"function": "lib", "filename": "/vendor.js", "lineNo": 1, "colNo": 2, "inApp": False}]
    event = {
        "entries": [
            {
                "type": "exception",
                "data": {
                    "values": [
                        {"type": "Cause", "value": "inner", "stacktrace": {"frames": frames}},
                        {"type": "Outer", "value": "raised", "stacktrace": {"frames": frames}},
                    ]
                },
            }
        ]
    }
    rows = [{"id": ERROR_ID, "title": "Outer: raised", "timestamp": "2026-11-23T21:41:02.610+00:00"}]
    result = normalize(
        _segments(),
        replay_id=CHECKOUT,
        errors=rows,
        error_details={ERROR_ID: {"status": "fetched", "event": event}},
    )
    (err,) = [e for e in result.events if e["kind"] == "error"]
    assert err["data"]["exceptionType"] == "Outer" and err["data"]["frames"][0]["inApp"] is False
    assert err["label"] == "Outer at lib (vendor.js:1:2): raised"


def test_search_reaches_logs_and_error_details(cli: Any, sentry: SentryServer) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}", "--include", "errors,logs").exit_code == 0
    hits = cli("search", CHECKOUT[:8], "cart.js", "--json").json()["items"]
    assert any(h["kind"] == "error" for h in hits)  # by the culprit
    logs = cli("search", CHECKOUT[:8], "payment_gateway_timeout", "--json", "--limit", "50").json()["items"]
    assert {h["kind"] for h in logs} >= {"log", "console"}
    table = cli("search", CHECKOUT[:8], "payment_gateway_timeout", "--limit", "50").stdout
    assert any(f"log {h['eventId']}" in table for h in logs if h["kind"] == "log")
