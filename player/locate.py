"""Find the three things the player needs, or say in one line how to get them.

The player is optional: Playwright for Python, the vendored rrweb bundle (`vendor/`, installed with
`npm ci`) and a Chromium binary. Each check raises `PlayerUnavailable` (exit code 7) with the exact
command that fixes it. Nothing here downloads anything: a missing browser is never fetched.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from replaydom.errors import PlayerUnavailable

PLAYWRIGHT_HINT = "pip install 'replaydom[player]' (in a checkout: .venv/bin/pip install playwright==1.65.*)"
VENDOR_HINT = "npm ci --prefix vendor"
CHROMIUM_HINT = "apt-get install -y chromium, or set REPLAYDOM_CHROMIUM=/path/to/chromium"

# The bundle lives in the repository's vendor/ folder, next to this package.
_DEFAULT_VENDOR = Path(__file__).resolve().parent.parent / "vendor"
_RRWEB_DIST = Path("node_modules/@sentry-internal/rrweb/dist")
_SYSTEM_CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class Bundle:
    """Paths of the two rrweb files the page loads."""

    script: Path
    style: Path


def require_playwright() -> None:
    """Raise `PlayerUnavailable` unless `playwright.sync_api` can be imported."""
    try:
        found = importlib.util.find_spec("playwright.sync_api") is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        raise PlayerUnavailable(f"the player needs Playwright for Python: {PLAYWRIGHT_HINT}")


def vendor_dir() -> Path:
    """The folder holding vendor/package.json: env `REPLAYDOM_VENDOR_DIR`, else the repo's."""
    env = os.environ.get("REPLAYDOM_VENDOR_DIR")
    return Path(env) if env else _DEFAULT_VENDOR


def find_bundle(vendor: Path | None = None) -> Bundle:
    """Locate `rrweb.umd.cjs` and `style.css` of `@sentry-internal/rrweb` under `vendor`."""
    dist = (vendor or vendor_dir()) / _RRWEB_DIST
    bundle = Bundle(script=dist / "rrweb.umd.cjs", style=dist / "style.css")
    if not (bundle.script.is_file() and bundle.style.is_file()):
        raise PlayerUnavailable(f"the rrweb bundle is missing ({dist}): run {VENDOR_HINT}")
    return bundle


def find_chromium(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Chromium to launch: `explicit`, else env `REPLAYDOM_CHROMIUM`, else /usr/bin/chromium.

    Returns None when none of those is set or present, meaning "use Playwright's own browser if it
    has one installed"; `Player` then fails with `PlayerUnavailable` if Playwright has none either.
    An explicit or env path that does not exist is an error, never silently replaced.
    """
    candidates = ((explicit, "--chromium"), (os.environ.get("REPLAYDOM_CHROMIUM"), "REPLAYDOM_CHROMIUM"))
    for given, origin in candidates:
        if given:
            path = Path(given)
            if not (path.is_file() and os.access(path, os.X_OK)):
                raise PlayerUnavailable(f"{origin} {path} is not an executable file: {CHROMIUM_HINT}")
            return path
    return _SYSTEM_CHROMIUM if _SYSTEM_CHROMIUM.is_file() else None
