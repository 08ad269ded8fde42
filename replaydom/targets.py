"""Parse replay targets (conventions.md, "Targets and identities").

Forms: `<id>`, `<org>/<id>`, `<org>/<project>/<id>`, a Sentry replay URL, or a cached id prefix of
at least 8 hex characters. Anything else is rejected here, before any request or cache write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import UsageError

_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_PREFIX = re.compile(r"^[0-9a-f]{8,31}$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
# A DNS name, an IPv4 address or an IPv6 literal (what `urlsplit` leaves of `[...]`), nothing else.
_HOST = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?)$")
FORMS = "<id>, <org>/<id>, <org>/<project>/<id>, a Sentry replay URL, or a cached id prefix (8+ hex)"


@dataclass(frozen=True)
class Target:
    """A parsed target. `replay_id` is 32 lowercase hex unless `is_prefix`."""

    replay_id: str
    org: str | None = None
    project: str | None = None
    host: str | None = None  # scheme://host of a pasted URL
    is_prefix: bool = False

    @property
    def display(self) -> str:
        parts = [p for p in (self.org, self.project) if p]
        return "/".join([*parts, self.replay_id])


def normalize_id(text: str) -> str | None:
    """32 lowercase hex for a replay id (dashed UUID or hex), else None."""
    s = text.strip().lower()
    if _HEX32.match(s):
        return s
    if _UUID.match(s):
        return s.replace("-", "")
    return None


def parse_target(text: str) -> Target:
    """Parse a command-line target; raise `UsageError` naming the accepted forms."""
    s = text.strip()
    if not s or len(s) > 2048 or any(ord(c) < 32 for c in s):
        raise UsageError(f"bad target {text[:80]!r}: use {FORMS}")
    if "://" in s:
        return _parse_url(s)
    parts = s.split("/")
    if len(parts) > 3 or any(p in ("", ".", "..") for p in parts):
        raise UsageError(f"bad target {text[:80]!r}: use {FORMS}")
    *scope, last = parts
    for slug in scope:
        if not _SLUG.match(slug):
            raise UsageError(f"bad org or project {slug!r} in target {text[:80]!r}")
    rid = normalize_id(last)
    org = scope[0] if scope else None
    project = scope[1] if len(scope) > 1 else None
    if rid:
        return Target(replay_id=rid, org=org, project=project)
    if not scope and _PREFIX.match(last.lower()):
        return Target(replay_id=last.lower(), is_prefix=True)
    raise UsageError(f"bad replay id {last[:80]!r}: expected 32 hex characters or a UUID ({FORMS})")


@dataclass(frozen=True)
class SentryUrl:
    """A checked Sentry web URL: `base` (scheme, host, port; an IPv6 literal keeps its brackets),
    the lower-case host and the path segments."""

    base: str
    host: str
    segs: list[str]


def split_url(s: str, what: str, forms: str) -> SentryUrl:
    """Check a pasted Sentry URL (`what`: "replay URL", "issue URL"); `UsageError`, never a
    traceback, for a bad scheme, host or port."""
    try:
        u = urlsplit(s)
        hostname, port = u.hostname, u.port  # `.port` raises for a bad or out-of-range port
    except ValueError as exc:  # `http://[zz`, `http://h:99999/`, `http://h:x/`
        raise UsageError(f"bad {what} {s[:80]!r}: {exc}") from None
    if u.scheme not in ("http", "https") or not hostname:
        raise UsageError(f"bad {what} {s[:80]!r}: use {forms}")
    if not _HOST.match(hostname):
        raise UsageError(f"bad host {hostname[:80]!r} in {what} {s[:80]!r}")
    host = hostname.lower()
    name = f"[{host}]" if ":" in host else host
    base = f"{u.scheme}://{name}{f':{port}' if port else ''}"
    return SentryUrl(base, host, [p for p in u.path.split("/") if p])


def url_org(url: SentryUrl, before: int) -> str | None:
    """The org a Sentry URL names: `/organizations/<org>/` before segment `before`, else the
    `<org>.sentry.io` subdomain (not the region hosts); a malformed slug is a `UsageError`."""
    segs, org = url.segs, None
    if "organizations" in segs[:before]:
        j = segs.index("organizations")
        org = segs[j + 1] if j + 1 < before else None
    if org is None and url.host.endswith(".sentry.io") and url.host.count(".") == 2:
        sub = url.host.split(".")[0]
        if sub not in ("us", "de", "www"):
            org = sub
    if org is not None and not _SLUG.match(org):
        raise UsageError(f"bad org {org[:80]!r} in URL")
    return org


def _parse_url(s: str) -> Target:
    url = split_url(s, "replay URL", FORMS)
    segs = url.segs
    try:
        i = segs.index("replays")
    except ValueError:
        raise UsageError(f"not a replay URL: {s[:80]!r} (expected .../replays/<id>/)") from None
    rid = normalize_id(segs[i + 1]) if i + 1 < len(segs) else None
    if not rid:
        raise UsageError(f"no replay id in URL {s[:80]!r}")
    return Target(replay_id=rid, org=url_org(url, i), host=url.base)
