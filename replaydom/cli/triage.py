"""`replaydom triage`: fetch many replays, run struggles on each, rank them (analyze/triage.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import typer

from .app import app
from .fetch import open_client, sentry_config
from .options import DebugHttpOpt, JsonlOpt, JsonOpt, TokenOpt

DEFAULT_TRIAGE_LIMIT = 50


class _Progress:
    """`triage 12/50 (9 fetched, 3 cached)` redrawn on a terminal's stderr; a line per 10 otherwise."""

    def __init__(self) -> None:
        from .io import stderr_is_tty

        self.tty = stderr_is_tty()
        self.states: dict[str, int] = {"fetched": 0, "cached": 0, "failed": 0}
        self.drawn = False

    def __call__(self, done: int, total: int, replay_id: str, state: str) -> None:
        self.states[state] = self.states.get(state, 0) + 1
        if state == "failed":
            self.line(f"triage: {replay_id} failed (kept as a failed row)")
        text = f"triage {done}/{total} ({', '.join(f'{n} {k}' for k, n in self.states.items() if n)})"
        if self.tty:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
            self.drawn = True
        elif done == total or done % 10 == 0:
            self.line(text)

    def line(self, text: str) -> None:
        self.close()
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.drawn = False


@app.command("triage")
def triage_command(
    scope: Annotated[
        str | None, typer.Argument(metavar="[ORG[/PROJECT]]", help="Default: SENTRY_ORG / SENTRY_PROJECT.")
    ] = None,
    issue: Annotated[
        str | None,
        typer.Option(
            "--issue", metavar="ISSUE", help="Triage this issue's replays: short id, id or issue URL."
        ),
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Sentry replay search, e.g. count_rage_clicks:>0.")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Look back this far: 24h, 7d, 90d [default: 7d; 90d with --issue]."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Triage the N newest replays.")] = (
        DEFAULT_TRIAGE_LIMIT
    ),
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Replays fetched at the same time.")
    ] = 8,
    cursor: Annotated[
        str | None,
        typer.Option(
            "--cursor", help="Continue with the next replays (the cursor a truncated triage gives)."
        ),
    ] = None,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    token: TokenOpt = None,
    debug_http: DebugHttpOpt = False,
) -> None:
    """Rank many replays by how much their users struggled, with the moment to look at.

    Lists the replays (of an issue with --issue, else the org's newest, filtered by --query), fetches
    them --concurrency at a time into the cache (cached ones are not fetched again, so an
    interrupted triage resumes where it stopped), runs `struggles` on each and ranks them by score:
    findings weighted by severity (high 3, medium 1, low 0.2, times 0.5 + 0.5 x the finding's
    score, capped per severity at 15/5/1) plus Sentry's counts (1 x rage clicks, 0.5 x dead
    clicks, 1 x errors, each capped at 5). One row per replay: rank, id, user, duration, score,
    the top finding with its window, and the next command. A replay that cannot be fetched is a
    `failed` row, never a failed triage. Progress goes to stderr. When more replays match than
    --limit, the notice gives the command for the next ones (--cursor): it triages only those.
    """
    from ..analyze.triage import TriageOptions, candidates, triage
    from ..errors import UsageError
    from ..render.output import resolve_mode
    from ..sentry.links import CURSOR
    from .listcmd import PERIOD, issue_hint, issue_ref_arg, parse_scope

    if cursor is not None and not CURSOR.match(cursor):
        raise UsageError(f"bad --cursor {cursor!r}: expected value:offset:is_prev")
    config = sentry_config(token)
    ref = issue_ref_arg(issue, config) if issue else None
    org, project = parse_scope(scope, (ref.org if ref else None) or config.org, config.project)
    period = period or ("90d" if ref else "7d")
    if not PERIOD.match(period):
        raise UsageError(f"bad --period {period!r}: use a number and m/h/d/w, e.g. 7d")
    opts = TriageOptions(org, project, ref, query, period, limit, concurrency, cursor=cursor)
    bar = _Progress()
    try:
        with open_client(config, debug_http, max_connections=concurrency + 4) as client:
            found = candidates(client, opts)
            if found.issue is not None:
                issue_hint(found.issue, len(found.rows), period)
            report = triage(client, config, opts, found, progress=bar)
    finally:
        bar.close()
    if report.truncated is not None and found.next_cursor:
        nxt = _next(scope, issue, query, period, limit, found.next_cursor, json_out, jsonl_out)
        report.truncated = report.truncated.model_copy(update={"next": nxt})
    _emit(report, resolve_mode(json_out, jsonl_out))


def _next(
    scope: str | None,
    issue: str | None,
    query: str | None,
    period: str,
    limit: int,
    cursor: str,
    json_out: bool,
    jsonl_out: bool,
) -> str:
    """The command that triages the next `limit` replays (and only those: Sentry's list cursor)."""
    import shlex

    parts = ["replaydom triage"] + ([shlex.quote(scope)] if scope else [])
    parts += [f"--issue {shlex.quote(issue)}"] if issue else []
    parts += [f"--query {shlex.quote(query)}"] if query else []
    parts += [f"--period {period}", f"--limit {limit}", f"--cursor {cursor}"]
    parts += ["--json"] if json_out else (["--jsonl"] if jsonl_out else [])
    return " ".join(parts)


def _emit(report: Any, mode: Any) -> None:
    from ..render.output import Mode, dumps, jsonl
    from .io import hint, hint_truncated, write_lines

    if mode is Mode.JSON:
        write_lines([dumps(report, indent=2)])
        return
    write_lines(jsonl(report.items) if mode is Mode.JSONL else _table(report.items))
    counts = report.counts
    hint(
        f"{len(report.items)} replays: {counts.get('fetched', 0)} fetched, {counts.get('cached', 0)} cached, "
        f"{counts.get('failed', 0)} failed. score: {report.scoring}"
    )
    if report.truncated:
        hint_truncated(report.truncated)


def _table(items: Iterable[Any]) -> Iterator[str]:
    from ..render.output import table
    from ..timefmt import format_offset

    rows = []
    for r in items:
        if r.top is not None:
            window = f"{format_offset(r.top.fromOffsetMs)}..{format_offset(r.top.toOffsetMs)}"
            top = f"{r.top.severity.value} {window} {r.top.finding}"
        else:
            top = r.note or "no findings"
        dur = f"{r.durationS:g}" if r.durationS is not None else "-"
        rows.append((r.rank, r.id, r.user or "-", dur, f"{r.score:.2f}", top, r.next))
    if not rows:
        yield "no replays to triage"
        return
    yield from table(rows, ("#", "ID", "USER", "DUR(S)", "SCORE", "TOP FINDING", "NEXT"), max_width=110)
