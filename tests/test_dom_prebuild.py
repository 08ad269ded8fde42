"""`fetch --dom` and `import --dom` build the DOM store up front, as the first `dom` would."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import scenario_path
from sentry_server import SentryServer, ServedReplay, serving

from replaydom.config import load_config
from replaydom.dom.framestore import store_dir
from replaydom.store.cache import find_cached
from replaydom.targets import parse_target

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
WIDGETS = "7a7768cdd5d34072870c3ec5eb1c87c0"


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    with serving(monkeypatch, [ServedReplay.from_scenario("checkout-failure")]) as srv:
        yield srv


def _store(target: str) -> Path:
    bundle = find_cached(parse_target(target), load_config())
    assert bundle is not None
    return store_dir(bundle, bundle.fingerprint())


def test_import_dom_builds_the_store_that_dom_then_reuses(cli: Any) -> None:
    old = os.umask(0)
    try:
        result = cli("import", str(scenario_path("widgets")), "--dom")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert "DOM store built in" in result.stderr and "checkpoint(s)" in result.stderr
    path = _store(WIDGETS)
    assert (path / "manifest.json").is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in path.iterdir())
    built = {p.name: p.stat().st_mtime_ns for p in path.iterdir()}
    # The next `dom` reads that store as it is (nothing rebuilt), and a second --dom says it is ready.
    assert cli("dom", WIDGETS, "--at", "2s").exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in path.iterdir()} == built
    again = cli("import", str(scenario_path("widgets")))
    assert again.exit_code == 0 and "DOM store" not in again.stderr


def test_fetch_dom_builds_the_store(cli: Any, sentry: SentryServer) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--dom", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["replayId"] == CHECKOUT  # stdout stays one JSON document
    assert "DOM store built in" in result.stderr
    assert (_store(f"acme/{CHECKOUT}") / "manifest.json").is_file()
    ready = cli("fetch", f"acme/{CHECKOUT}", "--dom")
    assert ready.exit_code == 0 and "DOM store ready" in ready.stderr


def test_fetch_dom_refuses_no_cache(cli: Any, sentry: SentryServer) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--dom", "--no-cache")
    assert result.exit_code == 2
    assert "--no-cache" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_reimporting_the_same_recording_keeps_its_dom_store(cli: Any) -> None:
    """The same fingerprint means the same segments and details: the built store stays valid and
    is carried into the new bundle, not rebuilt by the next `dom`."""
    assert cli("import", str(scenario_path("widgets")), "--dom").exit_code == 0
    path = _store(WIDGETS)
    built = {p.name: p.read_bytes() for p in path.iterdir()}
    assert cli("import", str(scenario_path("widgets"))).exit_code == 0
    assert _store(WIDGETS) == path and {p.name: p.read_bytes() for p in path.iterdir()} == built
    ready = cli("import", str(scenario_path("widgets")), "--dom")
    assert ready.exit_code == 0 and "DOM store ready" in ready.stderr
    # Another recording under the id (--replace): its fingerprint differs, the old store is gone.
    assert cli("import", str(scenario_path("checkout-failure")), "--id", WIDGETS, "--replace").exit_code == 0
    assert not path.exists()


def test_a_big_import_says_how_to_build_the_dom_store_up_front(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replaydom.cli import importcmd

    monkeypatch.setattr(importcmd, "BIG_REPLAY_SEGMENTS", 5)
    result = cli("import", str(scenario_path("checkout-failure")))  # 9 segments
    assert result.exit_code == 0 and "`import --dom` builds it now" in result.stderr
    assert "builds it now" not in cli("import", str(scenario_path("checkout-failure")), "--dom").stderr
    monkeypatch.setattr(importcmd, "BIG_REPLAY_SEGMENTS", 10)
    assert "builds it now" not in cli("import", str(scenario_path("checkout-failure"))).stderr
