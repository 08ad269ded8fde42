"""The replay endpoints replaydom reads (docs: sentry-replay-model.md sections 1-3).

Each function is one endpoint: it builds the path and query, calls `SentryClient.get`, and checks the
body's shape, raising `UpstreamError` for a shape Sentry does not send. Nothing here writes files.
A recording-segments page is the exception to "checks at once": `segment_page` only splits the body
(`pagesplit.py`) and `SegmentPage.segments` decodes and checks it when first read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from ..errors import UpstreamError
from ..jsonlenient import Repairs
from ..timefmt import iso_ms, parse_iso_ms
from .client import Params, Response, SentryClient, segment
from .links import next_cursor, offset_cursor
from .pagesplit import DecodedPage, candidate_spans, decode_page, decode_spans

SEGMENTS_PER_PAGE = 100  # the server's maximum; larger is a 400
ERRORS_PER_PAGE = 50
MAX_PAGES = 1000  # a runaway Link chain must end


@dataclass(frozen=True)
class SegmentPage:
    """One recording-segments page: the segments from position `offset` on.

    Holds the raw body; `segments` decodes it segment by segment on first use (in the thread that
    stores them, off the request's path) and raises `UpstreamError` for a shape Sentry does not send.
    """

    offset: int
    next_cursor: str | None
    content: bytes
    spans: list[tuple[int, int]] | None  # `pagesplit.candidate_spans`; None: decode whole
    what: str  # "GET <path>", for error messages

    @cached_property
    def decoded(self) -> DecodedPage:
        fast = decode_spans(self.content, self.spans) if self.spans is not None else None
        if fast is not None:
            return fast
        if not self.content.strip():
            return DecodedPage([])
        try:
            return decode_page(self.content)
        except ValueError:
            raise UpstreamError(f"{self.what}: Sentry sent a body that is not JSON") from None

    @property
    def segments(self) -> list[list[Any]]:
        value = self.decoded.value
        return _checked_segments(value if value is not None else [], self.offset)

    @property
    def repairs(self) -> dict[int, Repairs]:
        """What the lenient decoder repaired, by index in this page (lone surrogates, NaN)."""
        return self.decoded.repairs


def replay_details(client: SentryClient, org: str, replay_id: str) -> dict[str, Any]:
    """`GET /organizations/{org}/replays/{id}/` -> the `data` object."""
    path = f"/organizations/{segment(org)}/replays/{replay_id}/"
    resp = client.get(path, org=org, not_found=f"replay {replay_id} not found in org {org!r}")
    data = resp.body.get("data") if isinstance(resp.body, dict) else None
    if not isinstance(data, dict):
        raise UpstreamError(f'replay details for {replay_id}: expected {{"data": {{...}}}}')
    return data


def segments_path(org: str, project: str, replay_id: str) -> str:
    return f"/projects/{segment(org)}/{segment(project)}/replays/{replay_id}/recording-segments/"


def segment_page(client: SentryClient, org: str, project: str, replay_id: str, offset: int) -> SegmentPage:
    """One page of `recording-segments` (download=true, per_page=100, cursor=0:offset:0)."""
    params = [("download", "true"), ("per_page", str(SEGMENTS_PER_PAGE)), ("cursor", offset_cursor(offset))]
    resp = client.get(
        segments_path(org, project, replay_id),
        params,
        org=org,
        not_found=f"recording of replay {replay_id} not found in {org}/{project}",
        decode=False,
    )
    spans = candidate_spans(resp.content)
    what = f"GET {urlsplit(resp.url).path}"
    page = SegmentPage(offset, next_cursor(resp.headers.get("link")), resp.content, spans, what)
    if spans is None:
        page.segments  # noqa: B018  (not a plain list of lists: decode and check it now)
    return page


def _checked_segments(body: Any, offset: int) -> list[list[Any]]:
    if isinstance(body, dict):
        raise UpstreamError("recording-segments answered with metadata, not segment data (old server?)")
    if not isinstance(body, list) or not all(isinstance(s, list) for s in body):
        raise UpstreamError(f"recording-segments page at {offset}: expected a list of segments (lists)")
    if len(body) > SEGMENTS_PER_PAGE:
        raise UpstreamError(f"recording-segments page at {offset}: {len(body)} segments, more than per_page")
    return body


def cursor_offset(cursor: str) -> int:
    """The offset part of a `value:offset:is_prev` cursor."""
    return int(cursor.split(":")[1])


def paginate(client: SentryClient, path: str, params: Params, *, org: str) -> Iterator[Response]:
    """Yield every page of a `{"data": [...]}` endpoint, following `Link` next while results exist."""
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        query = [*params, *([("cursor", cursor)] if cursor else [])]
        resp = client.get(path, query, org=org)
        yield resp
        cursor = next_cursor(resp.headers.get("link"))
        if cursor is None:
            return
    raise UpstreamError(f"GET {path}: more than {MAX_PAGES} pages; giving up")


def data_rows(resp: Response, what: str) -> list[dict[str, Any]]:
    """The `data` list of a response, checked."""
    data = resp.body.get("data") if isinstance(resp.body, dict) else None
    if not isinstance(data, list):
        raise UpstreamError(f'{what}: expected {{"data": [...]}}')
    return [row for row in data if isinstance(row, dict)]


def events_meta(
    client: SentryClient, org: str, replay_id: str, details: dict[str, Any]
) -> list[dict[str, Any]]:
    """Errors and issues linked to the replay, as the UI asks for them (section 1.7).

    Rows of both datasets, in server order, de-duplicated by event id; each row gains `dataset`.
    """
    window = _window(details)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for dataset in ("discover", "issuePlatform"):
        params = [
            ("dataset", dataset),
            ("project", "-1"),
            ("query", f"replayId:[{replay_id}]"),
            ("per_page", str(ERRORS_PER_PAGE)),
            ("referrer", "replay_details"),
            *window,
        ]
        for resp in paginate(client, f"/organizations/{segment(org)}/replays-events-meta/", params, org=org):
            for row in data_rows(resp, "replays-events-meta"):
                key = str(row.get("id"))
                if key not in seen:
                    seen.add(key)
                    rows.append({**row, "dataset": dataset})
    return rows


def _window(details: dict[str, Any]) -> list[tuple[str, str]]:
    start = parse_iso_ms(details.get("started_at"))
    end = parse_iso_ms(details.get("finished_at"))
    if start is None or end is None:
        return [("statsPeriod", "90d")]
    # +1 s: finished_at has second precision (the UI does the same).
    return [("start", iso_ms(start)), ("end", iso_ms(end + 1000))]


def clicks(client: SentryClient, org: str, project: str, replay_id: str) -> list[dict[str, Any]]:
    """`GET /projects/{org}/{project}/replays/{id}/clicks/` rows (`node_id`, `timestamp`)."""
    path = f"/projects/{segment(org)}/{segment(project)}/replays/{replay_id}/clicks/"
    rows: list[dict[str, Any]] = []
    for resp in paginate(client, path, [("per_page", "100")], org=org):
        rows.extend(data_rows(resp, "replay clicks"))
    return rows


@dataclass(frozen=True)
class ReplayListPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    hits: int | None


def list_replays(client: SentryClient, org: str, params: Params, *, limit: int) -> ReplayListPage:
    """`GET /organizations/{org}/replays/`: up to `limit` rows, following `Link` next.

    A `cursor` in `params` is where the first page starts (a continuation); later pages follow
    `Link` next instead of repeating it."""
    rows: list[dict[str, Any]] = []
    cursor: str | None = next((v for k, v in params if k == "cursor"), None)
    params = [(k, v) for k, v in params if k != "cursor"]
    hits: int | None = None
    path = f"/organizations/{segment(org)}/replays/"
    for _ in range(MAX_PAGES):
        per_page = min(SEGMENTS_PER_PAGE, limit - len(rows))
        query = [*params, ("per_page", str(per_page)), *([("cursor", cursor)] if cursor else [])]
        resp = client.get(path, query, org=org, not_found=f"Sentry organization {org!r} not found")
        rows.extend(data_rows(resp, "replay list"))
        hits = _int_header(resp, "x-hits", hits)
        cursor = next_cursor(resp.headers.get("link"))
        if cursor is None or len(rows) >= limit:
            break
    return ReplayListPage(rows[:limit], cursor, hits)


def _int_header(resp: Response, name: str, default: int | None) -> int | None:
    try:
        return int(resp.headers[name])
    except (KeyError, ValueError):
        return default
