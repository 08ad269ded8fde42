"""`replaydom list`: replays of an org (and project) from Sentry's replay index."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import typer

from .app import app
from .fetch import open_client, sentry_config
from .options import DEFAULT_LIMIT, DebugHttpOpt, JsonlOpt, JsonOpt, LimitOpt, TokenOpt

PERIOD = re.compile(r"^\d{1,4}[mhdw]$")


@app.command("list")
def list_command(
    scope: Annotated[
        str | None, typer.Argument(metavar="[ORG[/PROJECT]]", help="Default: SENTRY_ORG / SENTRY_PROJECT.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Sentry replay search, e.g. count_errors:>0.")
    ] = None,
    sort: Annotated[
        str, typer.Option("--sort", help="A replay field; prefix - for descending.")
    ] = "-started_at",
    period: Annotated[
        str | None,
        typer.Option("--period", help="Look back this far: 24h, 7d, 90d [default: 7d; 90d with --issue]."),
    ] = None,
    issue: Annotated[
        str | None,
        typer.Option(
            "--issue",
            metavar="ISSUE",
            help="Only replays linked to this issue: short id (WEB-1), id or issue URL.",
        ),
    ] = None,
    limit: LimitOpt = DEFAULT_LIMIT,
    cursor: Annotated[str | None, typer.Option("--cursor", help="Continue from a `next` cursor.")] = None,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    token: TokenOpt = None,
    debug_http: DebugHttpOpt = False,
) -> None:
    """List an org's replays from Sentry, newest first.

    Reads GET /api/0/organizations/{org}/replays/ (statsPeriod, sort, query, per_page, cursor).
    With --issue, lists the replays of one Sentry issue like the issue's Replays tab: the issue is
    resolved (shortids or issues endpoint), its replay ids come from /replay-count/ (returnIds,
    issue.id:[ID]; discover for errors, search_issues for performance and feedback issues; Sentry
    returns at most 51), then the list is filtered by id:[...]. The issue goes to stderr.
    Each item: id, startedAt, finishedAt, durationS, segments, errors, deadClicks, rageClicks,
    user, url (the first one), platform, projectId, cached (whether a bundle is in the cache).
    """
    from ..errors import UsageError
    from ..model import Truncated
    from ..render.output import resolve_mode
    from ..sentry import api, issues
    from ..sentry.links import CURSOR
    from ..store import layout
    from ..store.cache import search_identities
    from .io import emit_list

    config = sentry_config(token)
    ref = issue_ref_arg(issue, config) if issue else None
    org, project = parse_scope(scope, (ref.org if ref else None) or config.org, config.project)
    if ref is not None and ref.org and scope and org != ref.org:
        raise UsageError(f"the issue URL is in org {ref.org!r}, not {org!r}")
    period = period or ("90d" if ref else "7d")
    if not PERIOD.match(period):
        raise UsageError(f"bad --period {period!r}: use a number and m/h/d/w, e.g. 7d")
    if cursor is not None and not CURSOR.match(cursor):
        raise UsageError(f"bad --cursor {cursor!r}: expected value:offset:is_prev")
    params = [("statsPeriod", period), ("sort", sort), *([("query", query)] if query else [])]
    params += _project_param(project) + ([("cursor", cursor)] if cursor else [])
    with open_client(config, debug_http) as client:
        if ref is not None:
            found, page = issues.issue_replays(
                client, org, ref, period=period, sort=sort, limit=limit, query=query, cursor=cursor
            )
            issue_hint(found.as_dict(), page.hits if page.hits is not None else len(page.rows), period)
        else:
            page = api.list_replays(client, org, params, limit=limit)
    cached = {p.name for p in layout.iter_bundle_dirs(config.cache_root, search_identities(config))}
    items = [replay_item(row, cached) for row in page.rows]
    truncated = None
    if page.next_cursor:
        where = f"{org}/{project}" if project else org
        nxt = f"replaydom list {where} --limit {limit} --cursor {page.next_cursor}"
        if ref is not None:
            nxt += f" --issue {ref.value} --period {period}"
        total = page.hits if page.hits is not None else len(items) + 1
        truncated = Truncated(shown=len(items), total=total, next=nxt)
    emit_list(items, resolve_mode(json_out, jsonl_out), truncated=truncated, table_lines=_table)


def parse_scope(scope: str | None, org: str | None, project: str | None) -> tuple[str, str | None]:
    from ..config import SLUG
    from ..errors import UsageError

    if scope:
        org, _, proj = scope.partition("/")
        project = proj or None
    for kind, value in (("org", org), ("project", project)):
        if value is not None and not SLUG.match(value):
            raise UsageError(f"bad {kind} {value[:80]!r}")
    if not org:
        raise UsageError("no org: give ORG[/PROJECT] or set SENTRY_ORG")
    return org, project


def issue_ref_arg(text: str, config: Any) -> Any:
    """The parsed --issue; a URL on another host than the configured Sentry is refused."""
    from ..config import same_sentry
    from ..errors import UsageError
    from ..sentry.issues import parse_issue_ref

    ref = parse_issue_ref(text)
    if ref.host and not same_sentry(ref.host, config.host):
        raise UsageError(
            f"the issue URL is on {ref.host} but Sentry is configured for {config.host}",
            hint=f"set SENTRY_URL={ref.host} if that is your Sentry",
        )
    return ref


def issue_hint(issue: dict[str, Any], count: int | None, period: str) -> None:
    from .io import hint

    name = issue.get("shortId") or issue.get("id")
    n = count or 0
    hint(
        f"issue {name} (id {issue.get('id')}, {issue.get('category') or 'error'}): {issue.get('title')} - "
        f"{n} replay{'s' if n != 1 else ''} in the last {period}"
        + (" (Sentry links at most 51 replays to an issue)" if n >= 51 else "")
    )


def _project_param(project: str | None) -> list[tuple[str, str]]:
    if project is None:
        return []
    return [("project", project)] if project.isdigit() else [("projectSlug", project)]


def replay_item(row: dict[str, Any], cached: set[str]) -> dict[str, Any]:
    """One list item from a replay-index row."""
    raw_user = row.get("user")
    user: dict[str, Any] = raw_user if isinstance(raw_user, dict) else {}
    urls = row.get("urls") or []
    rid = str(row.get("id"))
    return {
        "id": rid,
        "startedAt": row.get("started_at"),
        "finishedAt": row.get("finished_at"),
        "durationS": row.get("duration"),
        "segments": row.get("count_segments"),
        "errors": row.get("count_errors"),
        "deadClicks": row.get("count_dead_clicks"),
        "rageClicks": row.get("count_rage_clicks"),
        "user": user.get("display_name"),
        "url": urls[0] if urls else None,
        "platform": row.get("platform"),
        "projectId": row.get("project_id"),
        "cached": rid in cached,
    }


def _table(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    from ..render.output import table

    rows = (
        (
            i["id"],
            i["startedAt"],
            i["durationS"],
            i["segments"],
            i["errors"],
            i["deadClicks"],
            i["rageClicks"],
            i["user"],
            "yes" if i["cached"] else "",
            i["url"],
        )
        for i in items
    )
    headers = ("ID", "STARTED", "DUR(S)", "SEGS", "ERRS", "DEAD", "RAGE", "USER", "CACHED", "URL")
    return table(rows, headers)
