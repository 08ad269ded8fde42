"""`replaydom demo`: the bundled demo replay, imported and toured, in the cache the user chose."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

from conftest import RECORDINGS

from replaydom import demo

DEMO_ID = json.loads((RECORDINGS / "checkout-failure" / "details.json").read_text())["id"]


def test_the_demo_recording_is_the_checkout_failure_fixture() -> None:
    folder = demo.recording_dir()
    assert demo.replay_id(folder) == DEMO_ID
    for name in ("segments.json.gz", "details.json", "events_meta.json"):
        assert (folder / name).read_bytes() == (RECORDINGS / "checkout-failure" / name).read_bytes()


def test_demo_imports_then_runs_the_tour(cli: Any, isolated_env: Path) -> None:
    res = cli("demo")
    assert res.exit_code == 0, res.stderr
    shown = re.findall(r"^\$ replaydom (\S+)", res.stdout, flags=re.M)
    assert shown == ["import", "view", "stats", "struggles", "window"]
    # Each step's own output follows its command line: the import's manifest, view's summary, the
    # failed coupon request among the struggles, the window anchored on the dead click.
    assert f"local/4505/{DEMO_ID}" in res.stdout
    assert "segments    9 stored of 9 expected" in res.stdout
    assert 'dead click "Apply coupon"' in res.stdout
    assert f"replaydom snapshot {DEMO_ID} --at 37s --render" in res.stdout
    # Default: the cache REPLAYDOM_CACHE_DIR names (here the test's), said on stderr.
    assert str(isolated_env) in res.stderr
    assert any(isolated_env.rglob("segments*"))
    assert cli("view", DEMO_ID).exit_code == 0


def test_demo_cache_dir_is_private_and_named_in_next_steps(
    cli: Any, tmp_path: Path, isolated_env: Path
) -> None:
    target = tmp_path / "elsewhere" / "cache"
    res = cli("demo", "--cache-dir", str(target))
    assert res.exit_code == 0, res.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert not isolated_env.exists(), "--cache-dir must not write the default cache"
    assert f"REPLAYDOM_CACHE_DIR={target} replaydom snapshot {DEMO_ID}" in res.stdout
    # The environment is restored: the default cache is still the one in force afterwards.
    assert cli("view", DEMO_ID).exit_code == 3


def test_demo_twice_is_fine(cli: Any) -> None:
    assert cli("demo").exit_code == 0
    again = cli("demo")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.count("$ replaydom") == 5


def test_missing_demo_data_is_exit_3_with_the_fix(cli: Any, monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setattr(demo, "_CANDIDATES", (tmp_path / "none",))
    res = cli("demo")
    assert res.exit_code == 3
    assert "bundled demo replay is missing" in res.stderr
    assert "pip install --force-reinstall" in res.stderr
