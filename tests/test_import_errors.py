"""`import` of a recording folder with `errors.json` (the SDK's error events): each linked error gets
the same stored details a fetch gives (exception, culprit, in-app frames, breadcrumbs), built from
the SDK event only (`store/sdk_errors.py`)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sentry_server import SentryServer, ServedReplay, serving

from replaydom.model import Event
from replaydom.store import sdk_errors

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
ERROR_ID = "776732fa508d4901987076b3c43ee570"
SHARED = Path("/work/shared/recordings")


def _errors(cli: Any, target: str) -> list[dict[str, Any]]:
    result = cli("events", target, "--kind", "error", "--json")
    assert result.exit_code == 0, result.stderr
    items = result.json()["items"]
    for ev in items:
        Event.model_validate(ev)
    return list(items)


def test_the_shared_recordings_errors_json_holds_sdk_events_not_an_api_body() -> None:
    """What the file is: the SDK's events (epoch-second timestamps, frames with `lineno`/`in_app`),
    not the event-details body (`entries`, `lineNo`) nor the replay's errors list (`title`, `issue`)."""
    raw = json.loads((SHARED / "checkout-failure" / "errors.json").read_text())
    (event,) = raw
    assert isinstance(event["timestamp"], float) and "entries" not in event and "issue" not in event
    frame = event["exception"]["values"][0]["stacktrace"]["frames"][-1]
    assert {"filename", "function", "lineno", "colno", "in_app"} <= set(frame)
    assert sdk_errors.sdk_error_events(raw) == [event]


def test_import_of_the_shared_recording_shows_the_typeerror_with_its_stack(cli: Any) -> None:
    result = cli("import", str(SHARED / "checkout-failure"), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["related"]["error-details"]["count"] == 1
    (ev,) = _errors(cli, CHECKOUT[:8])
    data = ev["data"]
    assert ev["eventId"] == ERROR_ID and data["details"] == "imported" and data["detailsNote"] is None
    assert (data["exceptionType"], data["exceptionValue"]) == (
        "TypeError",
        "Cannot read properties of null (reading 'grandTotal')",
    )
    assert data["culprit"] == "/cart.html"  # the event's transaction, as Sentry stores it
    assert data["mechanism"] == "auto.browser.browserapierrors.addEventListener"
    assert data["handled"] is False
    # innermost first: cart.js:51:19 threw, called from the SDK's wrapper
    assert [(f["function"], f["file"], f["line"], f["column"]) for f in data["frames"]] == [
        ("HTMLButtonElement.<anonymous>", "/static/cart.js", 51, 19),
        ("HTMLButtonElement.n", "/static/sentry.bundle.js", 495, 1015),
    ]
    assert data["frames"][0]["absPath"] == "http://127.0.0.1:45273/static/cart.js"
    assert data["topFrames"][0] == "HTMLButtonElement.<anonymous> (/static/cart.js:51:19)"
    assert data["breadcrumbs"] and all("offsetMs" in c for c in data["breadcrumbs"])
    assert data["traceId"] == "ff4c6536f05142fabefcafc1c7c18fe8" and data["release"] == "brew-shop@1.4.2"
    assert ev["label"].startswith("TypeError at HTMLButtonElement.<anonymous> (cart.js:51:19): Cannot")
    window = cli("window", CHECKOUT[:8], "--at", "00:46", "--before", "1s", "--after", "1s")
    assert window.exit_code == 0 and "TypeError at HTMLButtonElement.<anonymous>" in window.stdout
    struggles = cli("struggles", CHECKOUT[:8], "--json").json()["items"]
    labels = [e.get("label", "") for f in struggles for e in f.get("evidence", [])]
    assert any("cart.js:51:19" in label for label in labels)


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    with serving(monkeypatch, [ServedReplay.from_scenario("checkout-failure")]) as srv:
        yield srv


def test_an_imported_error_reads_like_the_fetched_one(cli: Any, sentry: SentryServer) -> None:
    """Fetch (event details served in Sentry's serializer shape) and import (the SDK event) give the
    same error event, but for where the details came from."""
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    fetched = _errors(cli, f"acme/{CHECKOUT}")
    assert cli("import", str(SHARED / "checkout-failure"), "--id", "a" * 32).exit_code == 0
    imported = _errors(cli, "a" * 32)
    assert len(fetched) == len(imported) == 1
    a, b = fetched[0], imported[0]
    assert a["data"].pop("details") == "fetched" and b["data"].pop("details") == "imported"
    for ev in (a, b):
        ev.pop("replayId")
    assert a == b


def test_a_folder_without_events_meta_gets_its_rows_from_the_sdk_events(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    for name in ("segments.json", "details.json", "errors.json"):
        shutil.copy(SHARED / "checkout-failure" / name, folder / name)
    assert cli("import", str(folder)).exit_code == 0
    (ev,) = _errors(cli, CHECKOUT[:8])
    data = ev["data"]
    assert data["title"] == "TypeError: Cannot read properties of null (reading 'grandTotal')"
    assert data["types"] == ["TypeError"] and data["issue"] is None and data["details"] == "imported"
    assert ev["timestamp"] == "2026-11-23T21:41:02.610Z"
    assert data["frames"][0]["line"] == 51


def test_an_error_event_without_a_stack_has_no_invented_frames(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    shutil.copytree(SHARED / "checkout-failure", folder)
    events = json.loads((folder / "errors.json").read_text())
    for value in events[0]["exception"]["values"]:
        del value["stacktrace"]  # e.g. an error thrown with no stack
    (folder / "errors.json").write_text(json.dumps(events))
    assert cli("import", str(folder)).exit_code == 0
    (ev,) = _errors(cli, CHECKOUT[:8])
    assert ev["data"]["frames"] == [] and ev["data"]["topFrames"] == []
    assert ev["data"]["exceptionType"] == "TypeError"
    assert ev["data"]["culprit"] == "/cart.html"


@pytest.mark.parametrize("body", [b"{broken", b'{"not": "a list"}', b"[1, 2]"])
def test_a_broken_errors_json_never_fails_the_import(cli: Any, tmp_path: Path, body: bytes) -> None:
    folder = tmp_path / "rec"
    shutil.copytree(SHARED / "checkout-failure", folder)
    (folder / "errors.json").write_bytes(body)
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.stderr
    if body == b"{broken":
        assert "errors.json: unreadable" in result.stderr
    (ev,) = _errors(cli, CHECKOUT[:8])
    assert ev["data"]["details"] == "missing"  # the events-meta row as before


def test_the_bundled_demo_replay_has_the_typeerror_stack(cli: Any) -> None:
    from replaydom.demo import recording_dir, replay_id

    folder = recording_dir()
    assert cli("import", str(folder)).exit_code == 0
    errors = _errors(cli, replay_id(folder)[:8])
    typed = [e for e in errors if e["data"]["exceptionType"] == "TypeError"]
    assert typed and typed[0]["data"]["details"] == "imported" and typed[0]["data"]["frames"]


def test_culprit_follows_sentrys_rules() -> None:
    frame = {"filename": "https://x.test/app.js", "function": "f", "in_app": True, "lineno": 1}
    lib = {"filename": "https://x.test/lib.js", "function": "g", "in_app": False}
    base: dict[str, Any] = {"platform": "javascript", "exception": {"values": [{"type": "E"}]}}
    event = {**base, "exception": {"values": [{"type": "E", "stacktrace": {"frames": [frame, lib]}}]}}
    assert sdk_errors.culprit(event) == "f(/app.js)"  # innermost in-app frame
    assert sdk_errors.culprit({**event, "transaction": "/checkout"}) == "/checkout"
    only_lib = {**base, "exception": {"values": [{"type": "E", "stacktrace": {"frames": [lib]}}]}}
    assert sdk_errors.culprit(only_lib) == "g(/lib.js)"
    assert sdk_errors.culprit({**base, "request": {"url": "https://x.test/p"}}) == "https://x.test/p"
    synthetic = {"exception": {"values": [{"type": "E", "mechanism": {"synthetic": True}}]}}
    assert sdk_errors.culprit({**synthetic, "request": {"url": "u"}}) == ""
