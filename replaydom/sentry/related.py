"""Evidence related to a replay that is not in its recording: error event details and logs.

- `event_details`: `GET /projects/{org}/{project}/events/{event_id}/`, Sentry's event serializer
  (`eventID`, `title`, `culprit`, `entries: [{type: "exception"|"breadcrumbs"|"request"|...,
  data}]`, `contexts`, `tags`, ...). Frames there are oldest first, camelCase (`lineNo`, `colNo`,
  `inApp`, `absPath`), as `Frame.get_api_context` writes them.
- `trace_logs`: the organization events endpoint with the logs dataset
  (`GET /organizations/{org}/events/?dataset=logs&field=...&query=trace:[...]`), the request the
  replay page's Logs tab makes; rows carry the requested fields (`sentry.item_id`, `trace`,
  `severity`, `severity_number`, `message`, `timestamp`, `timestamp_precise` in ns, ...) and any
  attribute column asked for. The endpoint pages with `Link` like every list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import UpstreamError
from .api import MAX_PAGES, data_rows
from .client import SentryClient, segment
from .links import next_cursor

LOGS_DATASET = "logs"  # "ourlogs" is still accepted by Sentry but logs a deprecation warning
LOG_FIELDS = (
    "sentry.item_id",
    "project.id",
    "project",
    "trace",
    "span_id",
    "severity",
    "severity_number",
    "message",
    "timestamp",
    "timestamp_precise",
    "logger.name",
    "message.template",
    "code.file.path",
    "code.function.name",
    "release",
    "environment",
    "sdk.name",
    "browser.name",
    "server.address",
)
LOGS_PER_PAGE = 1000
MAX_LOGS = 10_000  # per replay; more is reported, never silently dropped
TRACES_PER_QUERY = 25  # trace ids per `trace:[...]` filter, to keep URLs short


def event_details(client: SentryClient, org: str, project: str, event_id: str) -> dict[str, Any]:
    """One event's details; `NotFoundError` (deleted, past retention) and `AuthError` pass through."""
    path = f"/projects/{segment(org)}/{segment(project)}/events/{segment(event_id)}/"
    body = client.get(path, org=org, not_found=f"event {event_id} not found in {org}/{project}").body
    if not isinstance(body, dict):
        raise UpstreamError(f"GET {path}: expected an event object")
    return body


@dataclass
class LogsResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    requests: int = 0


def trace_logs(
    client: SentryClient, org: str, trace_ids: list[str], window: list[tuple[str, str]]
) -> LogsResult:
    """Logs on `trace_ids` within `window` (`start`/`end` or `statsPeriod` params), oldest first."""
    out = LogsResult()
    seen: set[str] = set()
    path = f"/organizations/{segment(org)}/events/"
    for i in range(0, len(trace_ids), TRACES_PER_QUERY):
        chunk = trace_ids[i : i + TRACES_PER_QUERY]
        params: list[tuple[str, str]] = [
            ("dataset", LOGS_DATASET),
            *[("field", f) for f in LOG_FIELDS],
            ("query", f"trace:[{','.join(chunk)}]"),
            ("sort", "timestamp"),
            ("per_page", str(LOGS_PER_PAGE)),
            ("project", "-1"),
            ("referrer", "api.explore.logs-table"),
            *window,
        ]
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            query = [*params, *([("cursor", cursor)] if cursor else [])]
            resp = client.get(path, query, org=org)
            out.requests += 1
            for row in data_rows(resp, "logs"):
                key = str(row.get("sentry.item_id") or len(seen))
                if key in seen:
                    continue
                seen.add(key)
                out.rows.append(row)
            cursor = next_cursor(resp.headers.get("link"))
            if cursor is None:
                break
            if len(out.rows) >= MAX_LOGS:
                out.truncated = True
                break
        if out.truncated:
            break
    out.rows = out.rows[:MAX_LOGS]
    return out
