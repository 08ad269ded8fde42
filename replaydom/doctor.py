"""`replaydom doctor`'s core checks: installation, configuration (token redacted) and cache.

Each check says what it found or, when something is wrong, the exact fix for an installed
replaydom. The player's checks (Playwright, rrweb bundle, Chromium) live with the player
(`replaydom.player.locate.readiness`) and use the same `Check`. Nothing here writes anything.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import demo, skill
from .config import (
    DEFAULT_HOST,
    RC_NAME,
    cache_root,
    home_dir,
    load_config,
    sentryclirc_files,
)
from .errors import ExitCode, ReplayDomError

OK, WARN, FAIL = "ok", "warn", "fail"
TOKEN_VARS = "SENTRY_AUTH_TOKEN (or SENTRY_TOKEN, --token, or [auth] token in ~/.sentryclirc)"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report. `fix` is set for warn and fail; `code` is the exit code a
    failing check stands for (the code the affected commands would exit with)."""

    name: str
    status: str
    detail: str
    fix: str | None = None
    code: int = ExitCode.OK

    @property
    def ok(self) -> bool:
        return self.status != FAIL


def install_checks() -> list[Check]:
    """replaydom itself, the bundled skill and the bundled demo replay."""
    from . import __version__

    here = Path(__file__).resolve().parent
    checks = [Check("replaydom", OK, f"{__version__} in {here} (Python {sys.version.split()[0]})")]
    reinstall = f"{sys.executable} -m pip install --force-reinstall --no-deps replaydom"
    try:
        folder = skill.skill_dir()
        checks.append(Check("skill", OK, f"{folder} ({len(skill.skill_files(folder))} files)"))
    except ReplayDomError as exc:
        checks.append(Check("skill", FAIL, exc.message, reinstall, int(exc.exit_code)))
    try:
        checks.append(Check("demo replay", OK, str(demo.recording_dir())))
    except ReplayDomError as exc:
        checks.append(Check("demo replay", FAIL, exc.message, reinstall, int(exc.exit_code)))
    return checks


def redact_token(token: str) -> str:
    """What may be shown of a token: Sentry's public type prefix (sntryu_/sntrys_) and its length."""
    prefix = token[:7] if token.startswith(("sntryu_", "sntrys_")) else ""
    return f"{prefix}… ({len(token)} characters)"


def config_checks(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[Check]:
    """Sentry host, token source (never the token), org/project and the .sentryclirc files read."""
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    files = sentryclirc_files(cwd, home_dir(env))
    try:
        config = load_config(env=env, cwd=cwd)
    except ReplayDomError as exc:
        fix = (
            "fix or remove the file named above" if RC_NAME in exc.message else "fix the variable named above"
        )
        return [Check("config", FAIL, exc.message, fix, int(exc.exit_code))]
    checks = [Check(RC_NAME, OK, ", ".join(map(str, files)) if files else "none found (optional)")]
    host_from = next((k for k in ("SENTRY_HOST", "SENTRY_URL") if (env.get(k) or "").strip()), None)
    if host_from is None:
        host_from = f"{RC_NAME} [defaults] url" if config.host != DEFAULT_HOST else "default"
    checks.append(Check("sentry host", OK, f"{config.host} (from {host_from})"))
    if config.token is None:
        fix = f"export {TOKEN_VARS}; `import` and `demo` work without one"
        checks.append(Check("token", WARN, "none: fetch and list cannot call Sentry", fix))
    else:
        source = config.token_source or "?"
        if source == RC_NAME:
            source = f"{RC_NAME} [auth] token ({_rc_with(files, 'token')})"
        detail = f"{redact_token(config.token)} from {source}; cache identity {config.identity}"
        checks.append(Check("token", OK, detail))
    scope = " / ".join(v for v in (config.org, config.project) if v) or "none (give <org>/<id> targets)"
    checks.append(Check("org/project", OK, scope))
    return checks


def _rc_with(files: list[Path], key: str) -> str:
    """The nearest .sentryclirc that sets `[auth] key` (the one that wins)."""
    import configparser

    for path in files:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except configparser.Error:
            continue
        if (parser.get("auth", key, fallback="") or "").strip():
            return str(path)
    return str(files[0]) if files else "?"


def cache_checks(env: Mapping[str, str] | None = None) -> list[Check]:
    """Cache root: where it is, that it is a private writable directory (0700, owned by us)."""
    env = os.environ if env is None else env
    root = cache_root(env)
    source = "REPLAYDOM_CACHE_DIR" if (env.get("REPLAYDOM_CACHE_DIR") or "").strip() else "user cache dir"
    if not root.exists():
        parent = next((p for p in root.parents if p.exists()), Path("/"))
        if os.access(parent, os.W_OK | os.X_OK):
            return [Check("cache", OK, f"{root} (from {source}; created 0700 on first use)")]
        fix = f"make {parent} writable, or export REPLAYDOM_CACHE_DIR=/a/writable/dir"
        return [
            Check("cache", FAIL, f"{root} cannot be created ({parent} is not writable)", fix, ExitCode.DATA)
        ]
    if not root.is_dir():
        fix = f"remove {root}, or export REPLAYDOM_CACHE_DIR=/another/dir"
        return [Check("cache", FAIL, f"{root} is not a directory", fix, ExitCode.DATA)]
    if not os.access(root, os.W_OK | os.X_OK):
        fix = f"chmod u+rwx {root}, or export REPLAYDOM_CACHE_DIR=/another/dir"
        return [Check("cache", FAIL, f"{root} is not writable", fix, ExitCode.DATA)]
    loose = [d for d in (root, *sorted(p for p in root.iterdir() if p.is_dir())) if _loose(d)]
    if loose:
        modes = ", ".join(f"{d} {stat.S_IMODE(d.stat().st_mode):04o}" for d in loose[:3])
        fix = f"chmod -R go-rwx {root}"
        return [Check("cache", WARN, f"{root}: readable by others ({modes}); replays are sensitive", fix)]
    return [Check("cache", OK, f"{root} (from {source}; 0700, writable)")]


def _loose(path: Path) -> bool:
    """A directory others can read or enter, or owned by another user."""
    info = path.stat()
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    return foreign or bool(stat.S_IMODE(info.st_mode) & 0o077)


def exit_code(checks: list[Check]) -> int:
    """0 when nothing failed, else the code of the first failing check."""
    return next((c.code for c in checks if c.status == FAIL), ExitCode.OK)
