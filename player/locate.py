"""Find the three things the player needs, or say in one line how to get them.

The player is optional: Playwright for Python (the `player` extra), the pinned rrweb bundle (shipped
inside this package as `rrweb/`, copied from the repository's vendor/ at build time) and a Chromium.
Each check raises `PlayerUnavailable` (exit code 7) with the exact command that fixes it for an
installed replaydom; `readiness()` runs the same checks for `replaydom doctor` without raising.
Nothing here downloads anything: a missing browser is never fetched.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from replaydom.doctor import FAIL, OK, Check
from replaydom.errors import ExitCode, PlayerUnavailable

_HERE = Path(__file__).resolve().parent
# Installed: the bundle is package data beside this module. Checkout (editable install): it stays in
# the repository's vendor/rrweb/, which the wheel maps to replaydom/player/rrweb/.
_BUNDLE_DIRS = (_HERE / "rrweb", _HERE.parent / "vendor" / "rrweb")
# Running from a checkout (editable install), where a missing bundle is restored from git instead.
_CHECKOUT = (_HERE.parent / "vendor" / "package-lock.json").is_file()
# Executable names tried on PATH, then their usual absolute paths (a PATH without /usr/bin).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_CHROMIUM_DIRS = (Path("/usr/bin"), Path("/usr/local/bin"), Path("/snap/bin"), Path("/opt/google/chrome"))
_MACOS_APPS = (
    Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
    Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
)


def _pip() -> str:
    """The pip of the interpreter running replaydom, so the fix lands in the right environment."""
    return f"{shlex.quote(sys.executable)} -m pip"


def playwright_fix() -> str:
    return f"{_pip()} install 'replaydom[player]'"


def bundle_fix() -> str:
    if _CHECKOUT:
        return "restore it: git checkout -- vendor/rrweb (scripts/vendor_rrweb.py checks it)"
    return f"reinstall replaydom ({_pip()} install --force-reinstall --no-deps replaydom)"


def chromium_fix() -> str:
    return (
        "install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium), "
        "or set REPLAYDOM_CHROMIUM=/path/to/chrome, "
        f"or let Playwright fetch its own: {shlex.quote(sys.executable)} -m playwright install chromium"
    )


@dataclass(frozen=True)
class Bundle:
    """Paths of the two rrweb files the page loads, and the pinned version."""

    script: Path
    style: Path
    version: str | None = None


def require_playwright() -> None:
    """Raise `PlayerUnavailable` unless `playwright.sync_api` can be imported."""
    if not _has_playwright():
        raise PlayerUnavailable(f"the player needs Playwright for Python: {playwright_fix()}")


def _has_playwright() -> bool:
    try:
        return importlib.util.find_spec("playwright.sync_api") is not None
    except (ModuleNotFoundError, ValueError):
        return False


def bundle_dirs() -> tuple[Path, ...]:
    """Where the bundle is looked for: env `REPLAYDOM_RRWEB_DIR` alone when set, else the package's."""
    env = os.environ.get("REPLAYDOM_RRWEB_DIR")
    return (Path(env),) if env else _BUNDLE_DIRS


def find_bundle(directory: Path | None = None) -> Bundle:
    """Locate `rrweb.umd.cjs` and `style.css` of `@sentry-internal/rrweb` (the pinned dist files)."""
    dirs = (directory,) if directory is not None else bundle_dirs()
    for d in dirs:
        bundle = Bundle(script=d / "rrweb.umd.cjs", style=d / "style.css", version=_version(d))
        if bundle.script.is_file() and bundle.style.is_file():
            return bundle
    raise PlayerUnavailable(f"the rrweb bundle is missing (looked in {dirs[0]}): {bundle_fix()}")


def _version(directory: Path) -> str | None:
    try:
        meta = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = meta.get("version") if isinstance(meta, dict) else None
    return version if isinstance(version, str) else None


def system_chromium() -> Path | None:
    """The first Chromium or Chrome among CHROMIUM_NAMES on PATH or in the usual directories."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    for directory in _CHROMIUM_DIRS:
        for name in (*CHROMIUM_NAMES, "chrome"):
            path = directory / name
            if path.is_file() and os.access(path, os.X_OK):
                return path
    return next((p for p in _MACOS_APPS if p.is_file() and os.access(p, os.X_OK)), None)


def find_chromium(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Chromium to launch: `explicit`, else env `REPLAYDOM_CHROMIUM`, else a system Chromium/Chrome.

    Returns None when none is found, meaning "use Playwright's own browser if it has one
    installed"; `Player` then fails with `PlayerUnavailable` if Playwright has none either. An
    explicit or env path that does not exist is an error, never silently replaced.
    """
    candidates = ((explicit, "--chromium"), (os.environ.get("REPLAYDOM_CHROMIUM"), "REPLAYDOM_CHROMIUM"))
    for given, origin in candidates:
        if given:
            path = Path(given)
            if not (path.is_file() and os.access(path, os.X_OK)):
                raise PlayerUnavailable(f"{origin} {path} is not an executable file: {chromium_fix()}")
            return path
    return system_chromium()


def playwright_chromium() -> Path | None:
    """The Chromium that `playwright install chromium` put in Playwright's cache, if any."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as pw:
            path = Path(pw.chromium.executable_path)
    except (Error, OSError):
        return None
    return path if path.is_file() else None


def _ok(name: str, detail: str) -> Check:
    return Check(name, OK, detail)


def _fail(name: str, detail: str, fix: str) -> Check:
    return Check(name, FAIL, detail, fix, ExitCode.PLAYER_UNAVAILABLE)


def readiness(chromium: str | None = None) -> list[Check]:
    """Playwright, bundle and Chromium checks (`replaydom doctor`), each with its fix; never raises.

    The fixes are the ones `PlayerUnavailable` (exit 7) names when `snapshot` meets the same gap.
    """
    checks = []
    has_pw = _has_playwright()
    if has_pw:
        from importlib.metadata import PackageNotFoundError, version

        try:
            detail = f"playwright {version('playwright')}"
        except PackageNotFoundError:
            detail = "playwright (version unknown)"
        checks.append(_ok("playwright", detail))
    else:
        checks.append(_fail("playwright", "not installed", playwright_fix()))
    try:
        bundle = find_bundle()
        label = f"@sentry-internal/rrweb {bundle.version or '(version unknown)'}"
        checks.append(_ok("rrweb bundle", f"{label} in {bundle.script.parent}"))
    except PlayerUnavailable:
        checks.append(_fail("rrweb bundle", f"missing from {bundle_dirs()[0]}", bundle_fix()))
    checks.append(_chromium_check(chromium, has_pw))
    return checks


def _chromium_check(chromium: str | None, has_pw: bool) -> Check:
    origin = (
        "--chromium" if chromium else "REPLAYDOM_CHROMIUM" if os.environ.get("REPLAYDOM_CHROMIUM") else None
    )
    try:
        path = find_chromium(chromium)
    except PlayerUnavailable:
        given = chromium or os.environ.get("REPLAYDOM_CHROMIUM")
        return _fail("chromium", f"{origin} {given} is not an executable file", chromium_fix())
    if path is not None:
        return _ok("chromium", f"{path}" + (f" (from {origin})" if origin else ""))
    own = playwright_chromium() if has_pw else None
    if own is not None:
        return _ok("chromium", f"{own} (installed by Playwright)")
    names = ", ".join(CHROMIUM_NAMES)
    return _fail("chromium", f"none found ({names}, Playwright's own, REPLAYDOM_CHROMIUM)", chromium_fix())
