"""Error details and logs for a bundle (`--include errors`, `--include logs`).

`related/error-details.json` maps each linked error's event id to what
`GET /projects/{org}/{project}/events/{id}/` answered:

    {"<event id>": {"status": "fetched", "event": {...event details...}}
     "<event id>": {"status": "forbidden" | "deleted" | "failed", "note": "..."}}

A 403 or a 404 (deleted, past retention) is recorded with its note and never fails the fetch: the
`error` event then shows what events-meta gave, plus the note. Fetched details are immutable and
not requested again. A 403 or 404 is an answer too: the same token gets the same 403 (another token
is another cache identity) and a deleted event stays deleted, so those notes are kept and not
requested on every fetch of a live replay either; `fetch --force` asks again. Only a `failed`
request (5xx, network) is retried whenever the errors are fetched again.

`related/logs.json` holds the rows of the logs dataset on the replay's trace ids (see
`sentry.related.trace_logs`), oldest first.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..errors import AuthError, NotFoundError, ReplayDomError
from ..sentry import related
from ..sentry.client import SentryClient
from ..timefmt import iso_ms, parse_iso_ms

DETAILS_CONCURRENCY = 4
KEPT_STATUSES = frozenset({"fetched", "forbidden", "deleted"})  # answers not asked again
LOGS_MARGIN_MS = 5 * 60 * 1000  # logs of a trace may start before the replay and end after it


def wanted_error_ids(rows: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """(event id, project slug) of the error rows whose details are worth fetching.

    Feedback rows and issue-platform occurrences (performance issues) have no exception to show.
    """
    out: list[tuple[str, str | None]] = []
    for row in rows:
        eid = row.get("id")
        if not isinstance(eid, str) or not eid or row.get("title") == "User Feedback":
            continue
        if row.get("dataset", "discover") != "discover":
            continue
        project = row.get("project.name")
        out.append((eid, project if isinstance(project, str) and project else None))
    return out


def fetch_error_details(
    client: SentryClient,
    org: str,
    default_project: str,
    rows: list[dict[str, Any]],
    previous: dict[str, Any] | None,
    *,
    force: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """Details of every wanted error row, and warnings. Answers in `previous` are reused (fetched
    details, and the 403/404 notes unless `force`); failed requests are made again."""
    old = previous if isinstance(previous, dict) else {}
    keep = KEPT_STATUSES if not force else frozenset({"fetched"})
    out: dict[str, Any] = {}
    todo: list[tuple[str, str]] = []
    for eid, project in wanted_error_ids(rows):
        kept = old.get(eid)
        if isinstance(kept, dict) and kept.get("status") in keep:
            out[eid] = kept
        else:
            todo.append((eid, project or default_project))
    if not todo:
        return out, []

    def one(item: tuple[str, str]) -> dict[str, Any]:
        eid, project = item
        try:
            return {"status": "fetched", "event": related.event_details(client, org, project, eid)}
        except AuthError:
            return {"status": "forbidden", "note": "the token may not read this error's details (403)"}
        except NotFoundError:
            return {"status": "deleted", "note": "the error event is gone (deleted or past retention, 404)"}
        except ReplayDomError as exc:
            return {"status": "failed", "note": f"could not fetch the error's details: {exc.message}"}

    with ThreadPoolExecutor(max_workers=min(DETAILS_CONCURRENCY, len(todo))) as pool:
        for (eid, _), result in zip(todo, pool.map(one, todo), strict=True):
            out[eid] = result
    warnings = [f"error {eid}: {v['note']}" for eid, v in out.items() if v.get("status") == "failed"]
    return out, warnings


def logs_window(details: dict[str, Any]) -> list[tuple[str, str]]:
    """`start`/`end` around the replay (with a margin), or the retention period when unknown."""
    start = parse_iso_ms(details.get("started_at"))
    end = parse_iso_ms(details.get("finished_at"))
    if start is None or end is None:
        return [("statsPeriod", "90d")]
    return [("start", iso_ms(start - LOGS_MARGIN_MS)), ("end", iso_ms(end + 1000 + LOGS_MARGIN_MS))]


def fetch_logs(
    client: SentryClient, org: str, details: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The logs on the replay's trace ids, and warnings (truncation)."""
    traces = [t for t in details.get("trace_ids") or [] if isinstance(t, str) and t]
    if not traces:
        return [], []
    result = related.trace_logs(client, org, traces, logs_window(details))
    warnings = []
    if result.truncated:
        warnings.append(f"logs: kept the first {related.MAX_LOGS} logs of the replay's traces; more exist")
    return result.rows, warnings
