"""Where replaydom talks to and where it keeps its cache, compatible with the Sentry CLIs.

Precedence (issue 2):
- token: `--token` > `SENTRY_AUTH_TOKEN` > `SENTRY_TOKEN` > `.sentryclirc` `[auth] token` (the
  nearest file walking up from the cwd wins over `~/.sentryclirc`);
- host: `SENTRY_HOST` or `SENTRY_URL` > `[defaults] url` > `https://sentry.io`; plain http only
  for loopback hosts, so a token never crosses the network in clear text;
- org/project: the target, else `SENTRY_ORG` / `SENTRY_PROJECT` (either may be `org/project`),
  else `[defaults] org` / `[defaults] project`;
- cache root: `REPLAYDOM_CACHE_DIR`, else the platformdirs user cache dir for `replaydom`.

The token lives only in `Config.token` (excluded from `repr`); what reaches disk is
`Config.identity`, a short hash of the host and a fingerprint of the token.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import UsageError
from .timefmt import MAX_MS, parse_duration

DEFAULT_HOST = "https://sentry.io"
DEFAULT_TTL_MS = 30 * 86_400_000
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
RC_NAME = ".sentryclirc"


@dataclass(frozen=True)
class Config:
    """Resolved settings for one command. `token` never appears in `repr` or on disk."""

    host: str
    token: str | None = field(repr=False)
    token_source: str | None
    org: str | None
    project: str | None
    cache_root: Path
    ttl_ms: int = DEFAULT_TTL_MS
    warnings: tuple[str, ...] = ()  # printed on stderr by the CLI before Sentry is called

    @property
    def configured(self) -> bool:
        """True when Sentry can be called (a token is known)."""
        return self.token is not None

    @property
    def identity(self) -> str:
        """Cache identity: a short hash of host + token fingerprint (`anon` without a token)."""
        return cache_identity(self.host, self.token)

    @property
    def is_saas(self) -> bool:
        """sentry.io, where org-scoped calls go to the org's region URL."""
        return is_saas_host(self.host)


def load_config(
    *,
    token: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Resolve the configuration from flags, the environment and `.sentryclirc` files."""
    env = os.environ if env is None else env
    rc, origins = _read_rc(cwd or Path.cwd(), home_dir(env))
    tok, source = _resolve_token(token, env, rc)
    host_text = _first(env.get("SENTRY_HOST"), env.get("SENTRY_URL"), rc.get("url"))
    host = normalize_host(host_text or DEFAULT_HOST)
    org, project = _resolve_scope(env, rc)
    from_env = _first(env.get("SENTRY_HOST"), env.get("SENTRY_URL")) is not None
    url_file = None if from_env else origins.get("url")
    return Config(
        host=host,
        token=tok,
        token_source=source,
        org=org,
        project=project,
        cache_root=cache_root(env),
        ttl_ms=cache_ttl_ms(env),
        warnings=_url_warning(host, url_file, tok, source, origins.get("token"), home_dir(env)),
    )


def _url_warning(
    host: str,
    url_file: Path | None,
    token: str | None,
    source: str | None,
    token_file: Path | None,
    home: Path,
) -> tuple[str, ...]:
    """Warn when a project `.sentryclirc` (found from the cwd, not the user's own in HOME) names the
    Sentry URL and the token comes from somewhere else: an agent working in a repository it did not
    write would otherwise send the token to whatever host that file names (sentry-cli does so too)."""
    if url_file is None or token is None or url_file == home / RC_NAME:
        return ()
    if source == RC_NAME and token_file == url_file:
        return ()  # the file that names the host also holds the token: one place, one owner
    return (
        f"warning: the Sentry URL {host} comes from {url_file}, but the token from "
        f"{source if source != RC_NAME else token_file}; the token will be sent to that host "
        "(set SENTRY_URL to choose the host yourself)",
    )


def _first(*values: str | None) -> str | None:
    for v in values:
        if v is not None and v.strip():
            return v.strip()
    return None


def home_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or Path.home())


def _resolve_token(
    flag: str | None, env: Mapping[str, str], rc: Mapping[str, str]
) -> tuple[str | None, str | None]:
    for value, source in (
        (flag, "--token"),
        (env.get("SENTRY_AUTH_TOKEN"), "SENTRY_AUTH_TOKEN"),
        (env.get("SENTRY_TOKEN"), "SENTRY_TOKEN"),
        (rc.get("token"), RC_NAME),
    ):
        if value is not None and value.strip():
            return value.strip(), source
    return None, None


def _resolve_scope(env: Mapping[str, str], rc: Mapping[str, str]) -> tuple[str | None, str | None]:
    org: str | None = None
    project: str | None = None
    for raw in (env.get("SENTRY_ORG"), env.get("SENTRY_PROJECT")):
        if raw and "/" in raw.strip():
            o, _, p = raw.strip().partition("/")
            org, project = org or o, project or p
    org = org or _first(env.get("SENTRY_ORG")) or rc.get("org")
    project = project or _first(env.get("SENTRY_PROJECT")) or rc.get("project")
    for name, value in (("org", org), ("project", project)):
        if value is not None and not SLUG.match(value):
            raise UsageError(f"bad Sentry {name} {value[:80]!r} in the configuration")
    return org, project


def sentryclirc_files(cwd: Path, home: Path) -> list[Path]:
    """The `.sentryclirc` files read, nearest first: the first walking up from `cwd`, then home's."""
    files: list[Path] = []
    for d in (cwd, *cwd.parents):
        if (d / RC_NAME).is_file():
            files.append(d / RC_NAME)
            break
    if (home / RC_NAME).is_file() and (home / RC_NAME) not in files:
        files.append(home / RC_NAME)
    return files


def read_sentryclirc(cwd: Path, home: Path) -> dict[str, str]:
    """Merged `[auth] token` and `[defaults] url/org/project`; the nearest file wins per key."""
    return _read_rc(cwd, home)[0]


def _read_rc(cwd: Path, home: Path) -> tuple[dict[str, str], dict[str, Path]]:
    """`read_sentryclirc` plus the file each key came from."""
    merged: dict[str, str] = {}
    origins: dict[str, Path] = {}
    for path in reversed(sentryclirc_files(cwd, home)):  # home first, so the nearer file overrides it
        values = _parse_rc(path)
        merged.update(values)
        origins.update(dict.fromkeys(values, path))
    return merged, origins


def _parse_rc(path: Path) -> dict[str, str]:
    import configparser  # here: only a .sentryclirc needs it (every command pays module imports)

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8", errors="replace"), source=str(path))
    except (configparser.Error, OSError) as exc:
        # The message names the file and line, never a value (which may be the token).
        raise UsageError(f"unreadable {path}: {type(exc).__name__}") from None
    out: dict[str, str] = {}
    pairs = (
        ("auth", "token", "token"),
        ("defaults", "url", "url"),
        ("defaults", "org", "org"),
        ("defaults", "project", "project"),
    )
    for section, key, name in pairs:
        value = parser.get(section, key, fallback=None)
        if value and value.strip():
            out[name] = value.strip()
    return out


def normalize_host(text: str) -> str:
    """`scheme://host[:port][/path]` without a trailing slash; http only for loopback hosts."""
    s = text.strip()
    if "://" not in s:
        s = "https://" + s
    try:
        u = urlsplit(s)
        hostname, port = u.hostname, u.port  # `.port` raises for a bad or out-of-range port
    except ValueError as exc:  # `http://[zz`, `https://h:99999`
        raise UsageError(f"bad Sentry URL {text[:80]!r}: {exc}") from None
    if u.scheme not in ("http", "https") or not hostname or u.query or u.fragment:
        raise UsageError(f"bad Sentry URL {text[:80]!r}: expected https://host")
    if u.scheme == "http" and not is_loopback(hostname):
        raise UsageError(f"refusing plain http for {hostname}: use https (http only for loopback)")
    return f"{u.scheme}://{netloc(hostname, port)}{u.path.rstrip('/')}"


def netloc(hostname: str, port: int | None) -> str:
    """`host[:port]`, lowercased, with IPv6 literals in brackets."""
    name = hostname.lower()
    name = f"[{name}]" if ":" in name else name
    return f"{name}:{port}" if port else name


def is_loopback(hostname: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    name = hostname.strip("[]").lower()
    if name == "localhost":
        return True
    import ipaddress  # here, as configparser: rarely needed

    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_saas_host(host: str) -> bool:
    """True for https://sentry.io and its subdomains (customer and region domains)."""
    u = urlsplit(host)
    name = (u.hostname or "").lower()
    return u.scheme == "https" and (name == "sentry.io" or name.endswith(".sentry.io"))


def same_sentry(url_host: str, configured: str) -> bool:
    """May a pasted URL on `url_host` be read with the token configured for `configured`?"""
    a, b = urlsplit(url_host), urlsplit(configured)
    if (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port):
        return True
    return is_saas_host(configured) and is_saas_host(url_host)


def cache_identity(host: str, token: str | None) -> str:
    """12 hex chars of sha256(host + token fingerprint); the token itself is never stored."""
    import hashlib  # here: loading OpenSSL costs ~2 ms, and a local replay never needs it

    fingerprint = "anon"
    if token is not None:
        fingerprint = hashlib.sha256(b"replaydom-token\0" + token.encode()).hexdigest()
    return hashlib.sha256(f"{host}\n{fingerprint}".encode()).hexdigest()[:12]


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """`REPLAYDOM_CACHE_DIR`, else the platformdirs user cache dir (not created here)."""
    env = os.environ if env is None else env
    override = _first(env.get("REPLAYDOM_CACHE_DIR"))
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: not imported when the cache dir is set

    return Path(platformdirs.user_cache_dir("replaydom"))


def cache_ttl_ms(env: Mapping[str, str] | None = None) -> int:
    """Bundle expiry: `REPLAYDOM_CACHE_TTL` (a duration such as `30d`), default 30 days."""
    env = os.environ if env is None else env
    raw = _first(env.get("REPLAYDOM_CACHE_TTL"))
    return parse_duration(raw) if raw else DEFAULT_TTL_MS


def now_ms(env: Mapping[str, str] | None = None) -> float:
    """The clock for live/finished and expiry decisions; `REPLAYDOM_NOW` (epoch s) overrides it."""
    env = os.environ if env is None else env
    raw = _first(env.get("REPLAYDOM_NOW"))
    if raw is None:
        return time.time() * 1000
    try:
        now = float(raw) * 1000
    except ValueError:
        now = math.nan
    if not 0 < now < MAX_MS:  # also NaN and the infinity of a 400-digit value
        raise UsageError(f"bad REPLAYDOM_NOW {raw[:40]!r}: expected epoch seconds")
    return now
