"""A real loopback HTTP server that implements the Sentry replay API contract from fixtures.

Usage:

    with SentryServer(replays=[ServedReplay.from_scenario("checkout-failure")]) as srv:
        env = srv.env()          # SENTRY_URL, SENTRY_AUTH_TOKEN, SENTRY_ORG for a subprocess
        ...                      # run `replaydom fetch acme/<id>` against srv.url
        srv.segment_requests()   # what the client asked for

What it implements (sentry-replay-model.md sections 1-3):
- `GET /api/0/organizations/{org}/` -> `links.regionUrl` (`region=` advertises another server);
- `GET /api/0/organizations/{org}/replays/{id}/` -> `{"data": details}`, 404 when unknown;
- `GET /api/0/projects/{org}/{project}/replays/{id}/recording-segments/` -> the list-of-lists body,
  positional `cursor=0:N:0` pagination with Sentry's `Link` header, 400 for `per_page` > 100 or a
  bad cursor, `[]` for an unknown replay (as current Sentry does);
- `GET /api/0/organizations/{org}/replays-events-meta/` (`dataset`, `query=replayId:[id]`);
- `GET /api/0/projects/{org}/{project}/replays/{id}/clicks/`;
- `GET /api/0/organizations/{org}/replays/` (list, newest first, `per_page`, `cursor`, `X-Hits`,
  `query=id:[...]`);
- issues and evidence (`issue_routes` below): `shortids/{short_id}/`, `issues/{id}/`,
  `replay-count/` (`returnIds`, `query=issue.id:[...]`, `data_source=discover|search_issues`),
  `GET /api/0/projects/{org}/{project}/events/{event_id}/` (event details; 403 for
  `forbidden_events`, 404 for unknown or `deleted_events`) and the logs dataset of
  `GET /api/0/organizations/{org}/events/?dataset=logs` (`query=trace:[...]`, `field`, Link pages).
  Bodies derived from the recordings are built by `sentry_shapes.py`;
- 401 without the right `Authorization: Bearer <token>`, 403 for `forbidden_orgs`.

Knobs: `latency_s` (added to every request), `fail(...)` (status codes with optional
`Retry-After`, or `"reset"` to drop the connection), `ServedReplay.grow(n)` (a live replay),
`before_request` (a hook called with each request before it is answered), `link_base` (the host
written into `Link` headers, as customer domains do), `slow(...)` (hold matching requests for some
seconds before answering; released at once when the server stops, so a test never waits on it).
Every request is logged in `requests` with its headers, so tests can check what was sent.
"""

from __future__ import annotations

import contextlib
import copy
import gzip
import hashlib
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

RECORDINGS = Path(__file__).resolve().parent.parent / "fixtures" / "recordings"
sys.path.insert(0, str(Path(__file__).resolve().parent))
import sentry_shapes  # noqa: E402  (the tests directory is not a package)

TOKEN = "sntrys_test-token-5f3a9c"  # a fake token; tests assert it never reaches the cache or logs
MAX_PER_PAGE = 100


def load_scenario(name: str) -> tuple[dict[str, Any], list[list[Any]], list[dict[str, Any]]]:
    """(details, segments, events-meta rows) of a recording in fixtures/recordings."""
    base = RECORDINGS / name
    with gzip.open(base / "segments.json.gz", "rt") as fh:
        segments = json.load(fh)
    details = json.loads((base / "details.json").read_text())
    errors = json.loads((base / "events_meta.json").read_text())
    return details, segments, errors


def derived_error_events(name: str, meta: list[dict[str, Any]], project_id: str) -> dict[str, dict[str, Any]]:
    """Event-details bodies of a recording's errors (`sentry_shapes.event_details`), by event id."""
    sdk_events = json.loads((RECORDINGS / name / "errors.json").read_text())
    rows = {str(r.get("id")): r for r in meta}
    return {
        e["event_id"]: sentry_shapes.event_details(e, rows.get(e["event_id"], {}), project_id)
        for e in sdk_events
        if e.get("event_id") in rows
    }


def _ms(value: float) -> float:
    # The SDK occasionally sends a top-level timestamp in seconds (long-session has one).
    return value if value > 9_999_999_999 else value * 1000


def _shift(event: Any, delta_ms: float) -> Any:
    """A copy of an SDK event with every timestamp moved by `delta_ms`, each in its own unit."""
    e = copy.deepcopy(event)
    if delta_ms and isinstance(e, dict) and isinstance(e.get("timestamp"), (int, float)):
        ts = e["timestamp"]
        e["timestamp"] = ts + (delta_ms if ts > 9_999_999_999 else delta_ms / 1000)
        payload = e.get("data", {}).get("payload") if isinstance(e.get("data"), dict) else None
        if isinstance(payload, dict):
            for key in ("timestamp", "startTimestamp", "endTimestamp"):
                if isinstance(payload.get(key), (int, float)):
                    payload[key] = payload[key] + delta_ms / 1000
    return e


def derive_segments(base: list[list[Any]], count: int) -> list[list[Any]]:
    """`count` segments made by repeating real ones; each repetition is shifted after the last."""
    first = min(_ms(e["timestamp"]) for e in base[0] if isinstance(e, dict))
    last = max(_ms(e["timestamp"]) for s in base for e in s if isinstance(e, dict))
    span = last - first + 5000
    return [[_shift(e, (i // len(base)) * span) for e in base[i % len(base)]] for i in range(count)]


def clicks_from(segments: list[list[Any]]) -> list[dict[str, Any]]:
    """Clicks rows as Sentry's clicks endpoint serves them, taken from rrweb click frames."""
    rows = []
    for seg in segments:
        for e in seg:
            d = e.get("data") if isinstance(e, dict) else None
            if e.get("type") == 3 and isinstance(d, dict) and d.get("source") == 2 and d.get("type") == 2:
                ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(e["timestamp"] / 1000))
                rows.append({"node_id": d.get("id"), "timestamp": ts + "+00:00"})
    return rows


@dataclass
class ServedReplay:
    """One replay the server knows. `segments` may grow; `details["count_segments"]` follows."""

    details: dict[str, Any]
    segments: list[list[Any]]
    errors: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    clicks: list[dict[str, Any]] = field(default_factory=list)
    org: str = "acme"
    project: str = "web"
    error_events: dict[str, dict[str, Any]] = field(default_factory=dict)  # event details by id
    logs: list[dict[str, Any]] = field(default_factory=list)  # logs-dataset rows on its traces
    _encoded: list[bytes] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def id(self) -> str:
        return str(self.details["id"])

    @classmethod
    def from_scenario(cls, name: str, *, org: str = "acme", project: str = "web") -> ServedReplay:
        details, segments, errors = load_scenario(name)
        replay = cls(details, segments, errors, clicks=clicks_from(segments), org=org, project=project)
        replay.error_events = derived_error_events(name, errors, str(details.get("project_id")))
        replay.logs = sentry_shapes.log_rows(segments, details, project)
        return replay

    @classmethod
    def synthetic(
        cls, count: int, *, base: str = "long-session", org: str = "acme", project: str = "web"
    ) -> ServedReplay:
        """A `count`-segment replay derived from a real recording (ids and times shifted)."""
        details, segments, _ = load_scenario(base)
        rid = hashlib.sha256(f"synthetic-{base}-{count}".encode()).hexdigest()[:32]
        derived = derive_segments(segments, count)
        details = {**details, "id": rid, "count_segments": count}
        return cls(details, derived, [], clicks=clicks_from(derived[:50]), org=org, project=project)

    def grow(self, count: int, *, count_in_details: bool = True) -> None:
        """Append `count` more segments (derived from the existing ones), like a live replay."""
        more = derive_segments(self.segments, len(self.segments) + count)[len(self.segments) :]
        self.segments.extend(more)
        if count_in_details:
            self.details["count_segments"] = len(self.segments)

    def encoded(self, start: int, stop: int) -> list[bytes]:
        """Serialized segments (cached: the bench measures the client, not json.dumps)."""
        with self._lock:  # handler threads run concurrently
            while len(self._encoded) < len(self.segments):
                segment = self.segments[len(self._encoded)]
                self._encoded.append(json.dumps(segment, separators=(",", ":")).encode())
            return self._encoded[start:stop]


@dataclass
class Failure:
    """Answer matching requests with `status` (or drop the connection for "reset") `times` times."""

    path_contains: str
    status: int | str
    times: int
    query_contains: str | None = None
    retry_after: str | None = None

    def matches(self, path: str, query: str) -> bool:
        return (
            self.times > 0
            and self.path_contains in path
            and (self.query_contains is None or self.query_contains in query)
        )


@dataclass
class Slow:
    """Hold requests matching `path_contains` (and `query_contains`) for `seconds`, `times` times."""

    path_contains: str
    seconds: float
    times: int = 1_000_000
    query_contains: str | None = None

    def matches(self, path: str, query: str) -> bool:
        return (
            self.times > 0
            and self.path_contains in path
            and (self.query_contains is None or self.query_contains in query)
        )


@dataclass
class Logged:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    status: int = 0
    started: float = 0.0
    ended: float = 0.0

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


class SentryServer:
    """The loopback Sentry (see the module docstring). Use as a context manager."""

    def __init__(
        self,
        *,
        replays: Iterable[ServedReplay] = (),
        token: str | None = TOKEN,
        latency_s: float = 0.0,
        region: str | None = None,
        forbidden_orgs: Iterable[str] = (),
        orgs: Iterable[str] = ("acme",),
        link_base: str | None = None,
        bind: str = "127.0.0.1",
    ) -> None:
        self.replays: dict[str, ServedReplay] = {r.id: r for r in replays}
        self.token = token
        self.latency_s = latency_s
        self.region = region
        self.link_base = link_base  # the host Link headers name (customer domains differ from url)
        self.forbidden_orgs = set(forbidden_orgs)
        self.orgs = set(orgs) | {r.org for r in self.replays.values()}
        self.failures: list[Failure] = []
        self.slow_rules: list[Slow] = []
        self.stopping = threading.Event()  # set on exit: slow requests stop waiting
        self.requests: list[Logged] = []
        self.before_request: Callable[[Logged], None] | None = None
        self.groups: dict[str, dict[str, Any]] = {}  # explicit issues (by id); others are derived
        self.forbidden_events: set[str] = set()
        self.deleted_events: set[str] = set()
        self.lock = threading.Lock()
        server_class = _IPv6Server if ":" in bind else ThreadingHTTPServer  # `bind="::1"`: IPv6 loopback
        self._httpd = server_class((bind, 0), _handler(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host!s}:{port}"

    def env(self, org: str = "acme") -> dict[str, str]:
        """Environment variables that point replaydom at this server."""
        env = {"SENTRY_URL": self.url, "SENTRY_ORG": org}
        if self.token:
            env["SENTRY_AUTH_TOKEN"] = self.token
        return env

    def __enter__(self) -> SentryServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def add(self, replay: ServedReplay) -> ServedReplay:
        self.replays[replay.id] = replay
        self.orgs.add(replay.org)
        return replay

    def fail(
        self,
        path_contains: str,
        *,
        status: int | str = 503,
        times: int = 1,
        query_contains: str | None = None,
        retry_after: str | None = None,
    ) -> Failure:
        rule = Failure(path_contains, status, times, query_contains, retry_after)
        with self.lock:
            self.failures.append(rule)
        return rule

    def slow(
        self, path_contains: str, seconds: float, *, times: int = 1_000_000, query_contains: str | None = None
    ) -> Slow:
        """Hold matching requests `seconds` before answering (a slow Sentry; see `Slow`)."""
        rule = Slow(path_contains, seconds, times, query_contains)
        with self.lock:
            self.slow_rules.append(rule)
        return rule

    def take_delay(self, path: str, query: str) -> float:
        with self.lock:
            for rule in self.slow_rules:
                if rule.matches(path, query):
                    rule.times -= 1
                    return rule.seconds
        return 0.0

    def clear_failures(self) -> None:
        with self.lock:
            self.failures.clear()

    def segment_requests(self, replay_id: str | None = None) -> list[Logged]:
        return [
            r
            for r in self.requests
            if "/recording-segments/" in r.path and (replay_id is None or f"/replays/{replay_id}/" in r.path)
        ]

    def count(self, path_contains: str) -> int:
        return sum(1 for r in self.requests if path_contains in r.path)

    def take_failure(self, path: str, query: str) -> Failure | None:
        with self.lock:
            for rule in self.failures:
                if rule.matches(path, query):
                    rule.times -= 1
                    return rule
        return None


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _handler(server: SentryServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        srv = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    srv: SentryServer
    protocol_version = "HTTP/1.1"  # keep-alive, like a real API front end
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        headers = dict(self.headers.items())
        entry = Logged("GET", split.path, parse_qs(split.query), headers, started=time.monotonic())
        with self.srv.lock:
            self.srv.requests.append(entry)
        if self.srv.before_request is not None:
            self.srv.before_request(entry)
        if self.srv.latency_s:
            time.sleep(self.srv.latency_s)
        delay = self.srv.take_delay(split.path, split.query)
        if delay and self.srv.stopping.wait(delay):
            self.close_connection = True
            return
        rule = self.srv.take_failure(split.path, split.query)
        if rule is not None and rule.status == "reset":
            entry.status, entry.ended = -1, time.monotonic()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if rule is not None:
            extra = {"Retry-After": rule.retry_after} if rule.retry_after else {}
            self._send(entry, int(rule.status), {"detail": f"injected {rule.status}"}, extra)
            return
        status, body, headers = _route(self.srv, entry, split.query)
        self._send(entry, status, body, headers)

    def _send(self, entry: Logged, status: int, body: Any, headers: dict[str, str]) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        entry.status = status  # before the body: the client may read the log as soon as it has it
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        try:
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client went away (killed tests)
            self.close_connection = True
        entry.ended = time.monotonic()


Answer = tuple[int, Any, dict[str, str]]


def _route(srv: SentryServer, req: Logged, raw_query: str) -> Answer:
    parts = [p for p in req.path.split("/") if p]
    if parts[:2] != ["api", "0"]:
        return 404, {"detail": "Not found"}, {}
    if srv.token and req.headers.get("Authorization") != f"Bearer {srv.token}":
        return 401, {"detail": "Invalid token"}, {}
    rest = parts[2:]
    org = rest[1] if len(rest) > 1 else ""
    if org in srv.forbidden_orgs:
        return 403, {"detail": "You do not have permission to perform this action."}, {}
    if rest[0] not in ("organizations", "projects") or org not in srv.orgs:
        return 404, {"detail": "The requested resource does not exist"}, {}
    if rest[0] == "organizations":
        return _org_route(srv, req, rest[2:], org, raw_query)
    return _project_route(srv, req, rest[2:], org, raw_query)


def _org_route(srv: SentryServer, req: Logged, rest: list[str], org: str, raw_query: str) -> Answer:
    if not rest:
        region = srv.region or srv.url
        return 200, {"id": "1", "slug": org, "links": {"organizationUrl": srv.url, "regionUrl": region}}, {}
    if rest and rest[0] in ISSUE_ROUTES:
        return ISSUE_ROUTES[rest[0]](srv, req, rest, org, raw_query)
    if rest == ["replays"]:
        wanted = _ids_filter(req.param("query"))
        rows = sorted(
            (r.details for r in srv.replays.values() if r.org == org and (wanted is None or r.id in wanted)),
            key=lambda d: str(d.get("started_at")),
            reverse=True,
        )
        return _paged(srv, req, raw_query, rows, wrap=True, hits=True)
    if len(rest) == 2 and rest[0] == "replays":
        replay = srv.replays.get(rest[1].replace("-", ""))
        if replay is None or replay.org != org:
            return 404, {"detail": "Replay not found"}, {}
        return 200, {"data": replay.details}, {}
    if rest == ["replays-events-meta"]:
        query = req.param("query") or ""
        rows: list[dict[str, Any]] = []
        for replay in srv.replays.values():
            if f"replayId:[{replay.id}]" in query:
                rows = replay.errors if req.param("dataset") == "discover" else replay.issues
        return _paged(srv, req, raw_query, rows, wrap=True)
    return 404, {"detail": "The requested resource does not exist"}, {}


def _project_route(srv: SentryServer, req: Logged, rest: list[str], org: str, raw_query: str) -> Answer:
    if len(rest) == 3 and rest[1] == "events":
        return _event_details(srv, rest[0], rest[2], org)
    if len(rest) != 4 or rest[1] != "replays":
        return 404, {"detail": "The requested resource does not exist"}, {}
    project, rid, what = rest[0], rest[2].replace("-", ""), rest[3]
    replay = srv.replays.get(rid)
    known = (
        replay is not None
        and replay.org == org
        and project in (replay.project, str(replay.details.get("project_id")))
    )
    if what == "clicks":
        return _paged(srv, req, raw_query, replay.clicks if replay and known else [], wrap=True)
    if what != "recording-segments":
        return 404, {"detail": "The requested resource does not exist"}, {}
    segments = replay.segments if replay is not None and known else []
    status, window, headers = _window(srv, req, raw_query, len(segments))
    if status != 200:
        return status, window, headers
    start, stop = window
    body = b"[" + b",".join(replay.encoded(start, stop) if replay is not None and known else []) + b"]"
    return 200, body, headers


def _window(srv: SentryServer, req: Logged, raw_query: str, total: int) -> Answer:
    """Validate per_page/cursor like `clamp_pagination_per_page` and `Cursor.from_string`."""
    try:
        per_page = int(req.param("per_page") or MAX_PER_PAGE)
    except ValueError:
        return 400, {"detail": "Invalid per_page parameter."}, {}
    if per_page > MAX_PER_PAGE:
        return 400, {"detail": "Invalid per_page value. Cannot exceed 100."}, {}
    if per_page < 1:
        return 400, {"detail": "Invalid per_page parameter."}, {}
    cursor = req.param("cursor") or "0:0:0"
    try:
        _value, offset, _is_prev = (int(x) for x in cursor.split(":"))
    except ValueError:
        return 400, {"detail": "Invalid cursor parameter."}, {}
    offset = max(0, offset)
    has_more = total > offset + per_page
    link = _link(srv, req, raw_query, offset, per_page, has_more)
    return 200, (offset, min(total, offset + per_page)), {"Link": link}


def _link(srv: SentryServer, req: Logged, raw_query: str, offset: int, per_page: int, has_more: bool) -> str:
    """Sentry's `build_cursor_link` format, on this server's URL."""
    kept = [(k, v) for k, vs in parse_qs(raw_query).items() if k != "cursor" for v in vs]
    base = f"{srv.link_base or srv.url}{req.path}?{urlencode(kept)}"
    prev = f"0:{max(0, offset - per_page)}:1"
    nxt = f"0:{offset + per_page}:0"
    return (
        f'<{base}&cursor={prev}>; rel="previous"; results="{str(offset > 0).lower()}"; cursor="{prev}", '
        f'<{base}&cursor={nxt}>; rel="next"; results="{str(has_more).lower()}"; cursor="{nxt}"'
    )


def _paged(
    srv: SentryServer,
    req: Logged,
    raw_query: str,
    rows: list[dict[str, Any]],
    *,
    wrap: bool,
    hits: bool = False,
) -> Answer:
    status, window, headers = _window(srv, req, raw_query, len(rows))
    if status != 200:
        return status, window, headers
    start, stop = window
    if hits:
        headers["X-Hits"] = str(len(rows))
    return 200, ({"data": rows[start:stop]} if wrap else rows[start:stop]), headers


# -- issues and evidence ----------------------------------------------------------------------------


def _ids_filter(query: str | None) -> set[str] | None:
    """The ids of an `id:[a,b]` replay search, or None when the query has no such filter."""
    m = re.search(r"\bid:\[([^\]]*)\]", query or "")
    return {x.strip().replace("-", "").lower() for x in m.group(1).split(",") if x.strip()} if m else None


def all_groups(srv: SentryServer, org: str) -> dict[str, dict[str, Any]]:
    """Issues by id: the explicit `srv.groups`, plus one per issue named by the replays' rows."""
    out: dict[str, dict[str, Any]] = {}
    for replay in srv.replays.values():
        if replay.org != org:
            continue
        for row, category in [(r, "error") for r in replay.errors] + [
            (r, "performance") for r in replay.issues
        ]:
            gid = row.get("issue.id")
            if gid is not None and str(gid) not in out:
                out[str(gid)] = sentry_shapes.group(
                    int(gid),
                    str(row.get("issue")),
                    str(row.get("title")),
                    replay.project,
                    str(replay.details.get("project_id")),
                    category,
                )
    out.update(srv.groups)
    return out


def _shortids(srv: SentryServer, req: Logged, rest: list[str], org: str, raw_query: str) -> Answer:
    if len(rest) != 2:
        return 404, {"detail": "The requested resource does not exist"}, {}
    for g in all_groups(srv, org).values():
        if str(g.get("shortId")).upper() == rest[1].upper():
            return 200, sentry_shapes.shortid_body(org, g), {}
    return 404, {"detail": "Short ID not found"}, {}


def _issue(srv: SentryServer, req: Logged, rest: list[str], org: str, raw_query: str) -> Answer:
    g = all_groups(srv, org).get(rest[1]) if len(rest) == 2 else None
    if g is None:
        return 404, {"detail": "The requested resource does not exist"}, {}
    return 200, g, {}


def _replay_count(srv: SentryServer, req: Logged, rest: list[str], org: str, raw_query: str) -> Answer:
    """`OrganizationReplayCountEndpoint` + `get_replay_counts` for `issue.id:[...]` queries."""
    source = req.param("data_source") or "discover"
    if source not in ("discover", "search_issues"):
        return 400, {"data_source": [f'"{source}" is not a valid choice.']}, {}
    m = re.search(r"issue\.id:\[([^\]]*)\]", req.param("query") or "")
    if m is None:
        return 400, {"detail": "Must provide at least one issue.id, transaction, or replay_id"}, {}
    ids = [x.strip() for x in m.group(1).split(",") if x.strip()]
    if len(ids) > 25:
        return 400, {"detail": "Too many values provided"}, {}
    out: dict[str, Any] = {}
    for gid in ids:
        found = []
        for replay in srv.replays.values():
            rows = replay.errors if source == "discover" else replay.issues
            if replay.org == org and any(str(r.get("issue.id")) == gid for r in rows):
                found.append(replay.id)
        if found:
            found = found[:51]  # MAX_REPLAY_COUNT
            out[gid] = found if req.param("returnIds") == "true" else len(found)
    return 200, out, {}


def _org_events(srv: SentryServer, req: Logged, rest: list[str], org: str, raw_query: str) -> Answer:
    """The logs dataset of the organization events endpoint (other datasets are not served)."""
    if rest != ["events"] or req.param("dataset") not in ("logs", "ourlogs"):
        return 400, {"detail": "this test server only serves dataset=logs on /events/"}, {}
    m = re.search(r"trace:\[([^\]]*)\]", req.param("query") or "")
    traces = {x.strip() for x in m.group(1).split(",")} if m else None
    fields = req.query.get("field") or []
    rows = sorted(
        (
            row
            for r in srv.replays.values()
            if r.org == org
            for row in r.logs
            if traces is None or row.get("trace") in traces
        ),
        key=lambda row: row.get("timestamp_precise") or 0,
    )
    try:
        per_page = int(req.param("per_page") or 100)
        offset = int((req.param("cursor") or "0:0:0").split(":")[1])
    except (ValueError, IndexError):
        return 400, {"detail": "Invalid cursor parameter."}, {}
    if not 1 <= per_page <= 9999:  # the logs dataset's max_per_page
        return 400, {"detail": "Invalid per_page value."}, {}
    page = rows[offset : offset + per_page]
    data = [{f: row.get(f) for f in fields} if fields else row for row in page]
    link = _link(srv, req, raw_query, offset, per_page, len(rows) > offset + per_page)
    meta = {"fields": {f: "string" for f in fields}, "units": {}, "dataset": "logs", "isMetricsData": False}
    return 200, {"data": data, "meta": meta}, {"Link": link}


def _event_details(srv: SentryServer, project: str, event_id: str, org: str) -> Answer:
    if event_id in srv.forbidden_events:
        return 403, {"detail": "You do not have permission to perform this action."}, {}
    for replay in srv.replays.values():
        known = replay.org == org and project in (replay.project, str(replay.details.get("project_id")))
        if known and event_id in replay.error_events and event_id not in srv.deleted_events:
            return 200, replay.error_events[event_id], {}
    return 404, {"detail": "Event not found"}, {}


ISSUE_ROUTES: dict[str, Callable[[SentryServer, Logged, list[str], str, str], Answer]] = {
    "shortids": _shortids,
    "issues": _issue,
    "replay-count": _replay_count,
    "events": _org_events,
}


FINISHED_S = 1795470016 + 5 * 3600  # a "now" long after every shared recording ended


@contextlib.contextmanager
def serving(
    monkeypatch: Any, replays: list[ServedReplay], now_s: int | None = FINISHED_S
) -> Iterator[SentryServer]:
    """A loopback Sentry serving `replays`, with the environment pointing replaydom at it (and
    `REPLAYDOM_NOW` set to `now_s`, so every replay reads as finished)."""
    with SentryServer(replays=replays) as srv:
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        if now_s is not None:
            monkeypatch.setenv("REPLAYDOM_NOW", str(now_s))
        yield srv
