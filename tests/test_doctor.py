"""`replaydom doctor`: every check says what it found or the exact fix for an installed user."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from replaydom.player import locate

SECRET = "sntryu_" + "f00dfeed" * 8  # shape of a Sentry user token


def _checks(res: Any) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in res.json()["checks"]}


@pytest.fixture
def no_system_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A PATH with nothing on it and no usual Chromium directories; returns the PATH dir."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("REPLAYDOM_CHROMIUM", raising=False)
    monkeypatch.setattr(locate, "_CHROMIUM_DIRS", ())
    monkeypatch.setattr(locate, "_MACOS_APPS", ())
    return bin_dir


@pytest.mark.browser
def test_a_ready_checkout_passes_every_check(cli: Any) -> None:
    res = cli("doctor", "--json")
    assert res.exit_code == 0, res.stdout + res.stderr
    checks = _checks(res)
    expected = [
        "replaydom",
        "skill",
        "demo replay",
        ".sentryclirc",
        "sentry host",
        "token",
        "org/project",
        "cache",
        "playwright",
        "rrweb bundle",
        "chromium",
        "player start",
    ]
    assert list(checks) == expected
    assert checks["token"]["status"] == "warn" and "SENTRY_AUTH_TOKEN" in checks["token"]["fix"]
    assert "@sentry-internal/rrweb 2.43.0" in checks["rrweb bundle"]["detail"]
    assert "runs the rrweb Replayer" in checks["player start"]["detail"]
    assert all(c["status"] != "fail" for c in checks.values())


def test_the_token_is_never_shown(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", SECRET)
    for args in (("doctor", "--no-start"), ("doctor", "--no-start", "--json")):
        res = cli(*args)
        assert SECRET not in res.stdout + res.stderr
        assert SECRET[7:15] not in res.stdout + res.stderr
    token = _checks(res)["token"]
    assert token["status"] == "ok"
    assert token["detail"].startswith(f"sntryu_… ({len(SECRET)} characters) from SENTRY_AUTH_TOKEN")


def test_the_token_source_names_the_sentryclirc_that_won(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".sentryclirc").write_text("[defaults]\norg = acme\n")
    project = tmp_path / "proj" / "sub"
    project.mkdir(parents=True)
    (tmp_path / "proj" / ".sentryclirc").write_text(f"[auth]\ntoken = {SECRET}\n")
    os.chdir(project)
    res = cli("doctor", "--no-start", "--json")
    assert SECRET not in res.stdout
    checks = _checks(res)
    assert f"[auth] token ({tmp_path / 'proj' / '.sentryclirc'})" in checks["token"]["detail"]
    assert (
        checks[".sentryclirc"]["detail"]
        == f"{tmp_path / 'proj' / '.sentryclirc'}, {tmp_path / 'home' / '.sentryclirc'}"
    )
    assert checks["org/project"]["detail"] == "acme"


def test_a_broken_sentryclirc_is_exit_2_with_its_fix(cli: Any, tmp_path: Path) -> None:
    (tmp_path / ".sentryclirc").write_text(f"token = {SECRET}\n[auth\n")
    res = cli("doctor", "--no-start")
    assert res.exit_code == 2
    assert re.search(r"^config +fail +unreadable .*\.sentryclirc", res.stdout, flags=re.M)
    assert "fix: fix or remove the file named above" in res.stdout
    assert SECRET not in res.stdout + res.stderr


def test_cache_readable_by_others_is_a_warning_with_the_chmod(cli: Any, isolated_env: Path) -> None:
    (isolated_env / "replays").mkdir(parents=True)
    isolated_env.chmod(0o755)
    res = cli("doctor", "--no-start", "--json")
    cache = _checks(res)["cache"]
    assert res.exit_code == 0
    assert cache["status"] == "warn" and "0755" in cache["detail"]
    assert cache["fix"] == f"chmod -R go-rwx {isolated_env}"
    subprocess.run(cache["fix"], shell=True, check=True)  # the fix, as printed, fixes it
    assert _checks(cli("doctor", "--no-start", "--json"))["cache"]["status"] == "ok"


def test_cache_that_is_a_file_is_exit_6(cli: Any, isolated_env: Path) -> None:
    isolated_env.write_text("")
    res = cli("doctor", "--no-start")
    assert res.exit_code == 6
    assert f"remove {isolated_env}, or export REPLAYDOM_CACHE_DIR" in res.stdout


def test_missing_playwright_is_exit_7_with_the_pip_of_this_python(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name.startswith("playwright") else real(name, *a),
    )
    res = cli("doctor", "--player")
    assert res.exit_code == 7
    assert f"fix: {sys.executable} -m pip install 'replaydom[player]'" in res.stdout
    assert "player start" not in res.stdout  # nothing is started when a check failed
    assert "doctor: not ready (playwright); exit 7" in res.stderr


def test_missing_bundle_fix_is_a_reinstall_not_npm(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REPLAYDOM_RRWEB_DIR", str(tmp_path / "nothing"))
    monkeypatch.setattr(locate, "_CHECKOUT", False)  # as installed from the wheel (test_wheel: for real)
    res = cli("doctor", "--player", "--no-start", "--json")
    bundle = _checks(res)["rrweb bundle"]
    assert res.exit_code == 7 and bundle["status"] == "fail"
    assert "--force-reinstall" in bundle["fix"]
    assert "npm" not in res.stdout and "vendor" not in bundle["fix"]


def test_bad_replaydom_chromium_is_exit_7(cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REPLAYDOM_CHROMIUM", str(tmp_path / "no-chrome"))
    res = cli("doctor", "--player", "--json")
    chromium = _checks(res)["chromium"]
    assert res.exit_code == 7
    assert chromium["detail"] == f"REPLAYDOM_CHROMIUM {tmp_path / 'no-chrome'} is not an executable file"
    assert "REPLAYDOM_CHROMIUM=/path/to/chrome" in chromium["fix"]


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome"])
def test_each_system_chromium_name_is_found_on_path(cli: Any, no_system_chromium: Path, name: str) -> None:
    exe = no_system_chromium / name
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    res = cli("doctor", "--player", "--no-start", "--json")
    assert res.exit_code == 0, res.stdout
    assert _checks(res)["chromium"]["detail"] == str(exe)
    assert locate.find_chromium() == exe


def test_no_chromium_anywhere_is_exit_7_naming_every_option(
    cli: Any, no_system_chromium: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "pw-browsers"))
    res = cli("doctor", "--player", "--json")
    chromium = _checks(res)["chromium"]
    assert res.exit_code == 7 and chromium["status"] == "fail"
    for option in ("apt-get install -y chromium", "REPLAYDOM_CHROMIUM=", "-m playwright install chromium"):
        assert option in chromium["fix"]


def test_a_playwright_installed_chromium_counts(
    cli: Any, no_system_chromium: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "pw-browsers"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:  # where `playwright install chromium` would put it
        expected = Path(pw.chromium.executable_path)
    assert locate.playwright_chromium() is None
    expected.parent.mkdir(parents=True)
    expected.write_text("#!/bin/sh\n")
    expected.chmod(0o755)
    assert locate.playwright_chromium() == expected
    res = cli("doctor", "--player", "--no-start", "--json")
    assert res.exit_code == 0
    assert _checks(res)["chromium"]["detail"] == f"{expected} (installed by Playwright)"


def test_snapshot_exit_7_says_the_same_fix_as_doctor(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from conftest import RECORDINGS

    monkeypatch.setenv("REPLAYDOM_RRWEB_DIR", str(tmp_path / "nothing"))
    assert cli("import", str(RECORDINGS / "checkout-failure")).exit_code == 0
    res = cli("snapshot", "f5f68b787e3947cdbf9d5bb01d76dc96", "--at", "10s")
    doctor = _checks(cli("doctor", "--player", "--no-start", "--json"))
    assert res.exit_code == 7
    assert doctor["rrweb bundle"]["fix"] in res.stderr
    assert "Hint: `replaydom doctor --player` checks" in res.stderr


def test_one_version_string_from_the_package_metadata(cli: Any) -> None:
    import tomllib
    from importlib.metadata import version

    from conftest import ROOT

    pinned = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version("replaydom") == pinned
    assert cli("--version").stdout == f"replaydom {pinned}\n"
    import replaydom

    assert replaydom.__version__ == pinned
