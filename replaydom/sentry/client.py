"""A retrying, token-safe httpx client for the Sentry API.

Contract:
- `get(path, params, org=...)` returns the decoded JSON body (or, with `decode=False`, the raw
  bytes only) and headers of a 2xx answer, or raises
  one `ReplayDomError`: 401/403 -> `AuthError`, 404 -> `NotFoundError` (with the hints "wrong org?"
  and "past retention?"), 429/5xx/connection resets/timeouts -> retried with capped exponential
  backoff and jitter (honouring `Retry-After`), then `UpstreamError`.
- The `Authorization` header is attached per request and only when the URL's origin is the
  configured host or a region URL that passed `trusted_region` (https on *.sentry.io, or a loopback
  host when the configured host is loopback). Redirects are never followed.
- On sentry.io (or when `region_lookup=True`), calls for an org go to that org's `links.regionUrl`
  from `GET /api/0/organizations/{org}/`, looked up once per client.
- `debug` receives one line per request and response with `Authorization` redacted.
- `cancel()` (from any thread, e.g. on Ctrl-C) ends every retry wait at once and makes every
  request not yet started raise `RequestCancelled` (exit 130); a request already on the wire is
  left to its caller, which abandons it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import orjson

from .. import jsonlenient
from ..config import Config, is_loopback, is_saas_host, netloc
from ..errors import AuthError, ExitCode, NotFoundError, ReplayDomError, UpstreamError
from .retry import RETRY_STATUSES, RetryPolicy

Params = Sequence[tuple[str, str]]
REDACTED_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
NOT_FOUND_HINT = "wrong org? past retention? (Sentry keeps replays for 90 days)"
USER_AGENT = "replaydom/0.1"


class RequestCancelled(ReplayDomError):
    """The client was cancelled (Ctrl-C) before or while waiting to retry a request."""

    exit_code = ExitCode.INTERRUPTED


@dataclass(frozen=True)
class Response:
    """A 2xx answer: `body` is the decoded JSON (None when not decoded), `content` the raw bytes."""

    status: int
    body: Any
    headers: httpx.Headers
    url: str
    content: bytes = b""


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL, lowercased ("" for a URL that is not one: never trusted)."""
    try:
        u = urlsplit(url)
        return f"{u.scheme}://{netloc(u.hostname or '', u.port)}"
    except ValueError:  # a bad port or IPv6 literal in a URL the server sent
        return ""


def segment(value: str) -> str:
    """Quote one path segment (org, project, replay id) so it can never add a path level."""
    return quote(value, safe="")


class SentryClient:
    """One configured connection to Sentry; use as a context manager."""

    def __init__(
        self,
        config: Config,
        *,
        retry: RetryPolicy | None = None,
        debug: Callable[[str], None] | None = None,
        region_lookup: bool | None = None,
        timeout_s: float = 30.0,
        max_connections: int = 12,
    ) -> None:
        self.config = config
        self.retry = retry or RetryPolicy()
        self.region_lookup = config.is_saas if region_lookup is None else region_lookup
        self._debug = debug
        self._regions: dict[str, str] = {}
        self._trusted = {origin(config.host)}
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        hooks: dict[str, list[Callable[..., Any]]] = {"request": [], "response": []}
        if debug is not None:
            hooks = {"request": [self._log_request], "response": [self._log_response]}
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            event_hooks=hooks,
        )

    def __enter__(self) -> SentryClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def cancel(self) -> None:
        """Stop: retry waits end now and no new request starts (see the module contract)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _check_cancelled(self, what: str) -> None:
        if self._cancelled.is_set():
            raise RequestCancelled(f"{what}: cancelled")

    def _pause(self, seconds: float, what: str) -> None:
        """Wait before a retry; a `cancel()` ends the wait at once."""
        if self.retry.sleep is time.sleep:
            self._cancelled.wait(seconds)
        else:
            self.retry.sleep(seconds)  # injected by tests
        self._check_cancelled(what)

    # -- public -------------------------------------------------------------------------------

    def get(
        self,
        path: str,
        params: Params = (),
        *,
        org: str | None = None,
        not_found: str | None = None,
        decode: bool = True,
    ) -> Response:
        """GET `/api/0{path}` on the org's base URL, with retries; see the module contract.

        `decode=False` leaves the JSON body to the caller (`body` is None): recording-segment pages
        are split into segments without decoding the page whole.
        """
        url = self.base_url(org) + path
        return self._get(url, params, not_found=not_found, decode=decode)

    def base_url(self, org: str | None) -> str:
        """`<host or region>/api/0` for calls scoped to `org`."""
        if not (self.region_lookup and org):
            return self.config.host + "/api/0"
        with self._lock:
            cached = self._regions.get(org)
        if cached is None:
            cached = self._lookup_region(org)
            with self._lock:
                self._regions[org] = cached
        return cached + "/api/0"

    # -- internals ----------------------------------------------------------------------------

    def _lookup_region(self, org: str) -> str:
        url = f"{self.config.host}/api/0/organizations/{segment(org)}/"
        body = self._get(url, (), not_found=f"Sentry organization {org!r} not found").body
        links = body.get("links") if isinstance(body, dict) else None
        region = links.get("regionUrl") if isinstance(links, dict) else None
        if not isinstance(region, str) or not region:
            return self.config.host
        region = region.rstrip("/")
        if not self.trusted_region(region):
            raise UpstreamError(f"refusing region URL {origin(region)!r} for org {org!r}: not a Sentry host")
        with self._lock:
            self._trusted.add(origin(region))
        return region

    def trusted_region(self, url: str) -> bool:
        """May the token be sent to this region URL? (see the module contract)"""
        if not origin(url):
            return False
        u = urlsplit(url)
        if origin(url) == origin(self.config.host):
            return True
        if is_saas_host(url):
            return True
        host = urlsplit(self.config.host).hostname or ""
        return u.scheme in ("http", "https") and is_loopback(host) and is_loopback(u.hostname or "")

    def _headers(self, url: str) -> dict[str, str]:
        with self._lock:
            trusted = origin(url) in self._trusted
        if self.config.token is None or not trusted:
            return {}
        return {"Authorization": f"Bearer {self.config.token}"}

    def _get(self, url: str, params: Params, *, not_found: str | None, decode: bool = True) -> Response:
        what = f"GET {urlsplit(url).path}"
        attempts = max(1, self.retry.attempts)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self._check_cancelled(what)
            try:
                resp = self._http.get(url, params=list(params), headers=self._headers(url))
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if last:
                    msg = f"{what} failed after {attempts} attempts: {_describe(exc)}"
                    raise UpstreamError(msg) from None
                self._pause(self.retry.delay(attempt), what)
                continue
            if resp.status_code in RETRY_STATUSES and not last:
                self._pause(self.retry.delay(attempt, resp.headers.get("Retry-After")), what)
                continue
            return self._decode(resp, what, attempts, not_found, decode)
        raise AssertionError("unreachable")  # pragma: no cover

    def _decode(
        self, resp: httpx.Response, what: str, attempts: int, not_found: str | None, decode: bool = True
    ) -> Response:
        code = resp.status_code
        if 200 <= code < 300 and not decode:
            return Response(code, None, resp.headers, str(resp.url), resp.content)
        if 200 <= code < 300:
            body = decode_body(resp.content, what)
            return Response(code, body, resp.headers, str(resp.url), resp.content)
        if code in (401, 403):
            raise _auth_error(code, what, self.config.token_source)
        if code == 404:
            raise NotFoundError(not_found or f"{what}: not found (404)", hint=NOT_FOUND_HINT)
        if code == 429:
            raise UpstreamError(f"{what}: rate limited by Sentry (429) after {attempts} attempts")
        if code >= 500:
            raise UpstreamError(f"{what}: Sentry answered {code} after {attempts} attempts")
        if 300 <= code < 400:
            raise UpstreamError(f"{what}: unexpected redirect ({code}); check SENTRY_URL")
        raise UpstreamError(f"{what}: Sentry rejected the request ({code}): {_detail(resp)}")

    def _log_request(self, request: httpx.Request) -> None:
        assert self._debug is not None
        self._debug(f"> {request.method} {request.url}")
        for key, value in request.headers.items():
            shown = "[redacted]" if key.lower() in REDACTED_HEADERS else value
            self._debug(f">   {key}: {shown}")
        request.extensions["replaydom_t0"] = time.monotonic()

    def _log_response(self, response: httpx.Response) -> None:
        assert self._debug is not None
        t0 = response.request.extensions.get("replaydom_t0", time.monotonic())
        ms = (time.monotonic() - t0) * 1000
        req = response.request
        self._debug(f"< {response.status_code} {req.method} {req.url} ({ms:.0f} ms)")
        for key in ("link", "retry-after", "content-type"):
            if key in response.headers:
                self._debug(f"<   {key}: {response.headers[key]}")


def decode_body(content: bytes, what: str) -> Any:
    """The JSON of a 2xx body (None when empty); `UpstreamError` when it is not JSON. Lone surrogates
    and NaN/Infinity (which orjson refuses) are read by `jsonlenient` as U+FFFD and null."""
    try:
        return jsonlenient.loads(content) if content.strip() else None
    except ValueError:
        raise UpstreamError(f"{what}: Sentry sent a body that is not JSON") from None


def _auth_error(code: int, what: str, source: str | None) -> AuthError:
    if code == 401:
        hint = f"check the token (taken from {source})" if source else "set SENTRY_AUTH_TOKEN or pass --token"
        return AuthError(f"{what}: Sentry rejected the token (401)", hint=hint)
    return AuthError(
        f"{what}: the token may not read this (403)",
        hint="replays need the org:read, project:read and event:read scopes; "
        "granular replay permissions may also hide them",
    )


def _detail(resp: httpx.Response) -> str:
    try:
        body = orjson.loads(resp.content)
    except orjson.JSONDecodeError:
        return resp.reason_phrase or "no detail"
    detail = body.get("detail") if isinstance(body, dict) else None
    return str(detail)[:200] if detail else (resp.reason_phrase or "no detail")


def _describe(exc: Exception) -> str:
    kind = "timeout" if isinstance(exc, httpx.TimeoutException) else "connection error"
    text = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return f"{kind} ({text})"
