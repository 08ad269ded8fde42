"""`triage`: many replays in, one ranked row per replay out (issue 17).

Pipeline:

1. Candidates: the replays of one issue (`sentry.issues.issue_replays`, as `list --issue`) or of the
   replay index (`--query`, `--period`), newest first, at most `limit`.
2. Fetch: at most `concurrency` requests in flight (a gate around the client's `get`), from
   `2 x concurrency` workers, one replay each (its own requests run one after another): storing a
   replay (one fsync'd file per segment, the index) takes about as long as its requests, so while
   some workers write, others keep the requests flowing. A cached,
   finished and complete replay makes no request at all (`fetch_replay`'s immutable path), and a
   partly fetched one only downloads what is missing: an interrupted triage resumes from the cache.
   Then the worker builds the replay's index, holding one of `index_slots` (default 2): normalizing
   holds a replay's events in memory, so at most `index_slots` replays are normalized at once, while
   the index files' fsyncs (most of a small replay's indexing time) overlap with other requests.
3. Analyze: in the calling thread, as each replay lands: load its events, `find_struggles`, score.
   One replay's events at a time; they are dropped before the next. Peak memory is therefore about
   `index_slots + 1` replays' normalized events, whatever the number of replays.
4. Rank by score (ties: more high findings, then newer), one row per replay. A replay whose fetch
   or analysis fails is kept as a `failed` row with its note (ranked last), never a failed triage.

Score (points, higher is worse; documented in `SCORING`):

    findings:  sum over findings of weight(severity) x (0.5 + 0.5 x finding.score)
               weight: high 3, medium 1, low 0.2; each severity's total capped (15, 5, 1)
    Sentry:    + 1.0 x min(rage clicks, 5) + 0.5 x min(dead clicks, 5) + 1.0 x min(errors, 5)
               (the replay index's count_rage_clicks, count_dead_clicks, count_errors)

so a replay with a blocking failure outranks one with many minor oddities, and Sentry's own
frustration and error counts weigh in even where the recording alone shows little.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, Field

from ..config import Config
from ..errors import ReplayDomError
from ..model import Truncated
from ..sentry import api
from ..sentry.client import SentryClient
from ..sentry.issues import IssueRef, issue_replays
from ..store.bundle import Bundle
from ..store.fetch import FetchOptions, fetch_replay
from ..targets import Target
from .defaults import Severity

if TYPE_CHECKING:
    from ..dom.source import DomSource

WEIGHTS = {Severity.HIGH: 3.0, Severity.MEDIUM: 1.0, Severity.LOW: 0.2}
CAPS = {Severity.HIGH: 15.0, Severity.MEDIUM: 5.0, Severity.LOW: 1.0}
SENTRY_WEIGHTS = {"rageClicks": 1.0, "deadClicks": 0.5, "errors": 1.0}
SENTRY_CAP = 5
SCORING = (
    "sum over findings of weight x (0.5 + 0.5 x finding score), weight high 3 / medium 1 / low 0.2, "
    "each severity capped at 15 / 5 / 1; plus Sentry's counts: 1.0 x rage clicks + 0.5 x dead clicks "
    "+ 1.0 x errors, each count capped at 5"
)

Progress = Callable[[int, int, str, str], None]  # (done, total, replay id, fetched|cached|failed)


class TopFinding(BaseModel):
    severity: Severity
    score: float
    finding: str
    fromOffsetMs: int
    toOffsetMs: int
    signals: list[str]


class TriageRow(BaseModel):
    """One replay of a triage, ranked."""

    rank: int
    id: str
    org: str
    project: str | None = None
    startedAt: str | None = None
    durationS: float | None = None
    user: str | None = None
    url: str | None = Field(None, description="the first URL of the replay")
    score: float = Field(description="triage points, higher is worse (see `scoring`)")
    findings: dict[str, int] = Field(description="number of findings by severity")
    errors: int | None = Field(None, description="Sentry's count_errors")
    deadClicks: int | None = None
    rageClicks: int | None = None
    top: TopFinding | None = Field(None, description="the most severe finding, with its window")
    next: str = Field(description="the command to look at this replay next")
    status: Literal["ok", "failed"] = "ok"
    fetched: Literal["fetched", "cached", "failed"] = "fetched"
    note: str | None = Field(None, description="why a failed row has no findings")


class TriageReport(BaseModel):
    """`replaydom triage --json`."""

    items: list[TriageRow]
    truncated: Truncated | None = None
    scoring: str = SCORING
    issue: dict[str, Any] | None = Field(None, description="the resolved issue, with --issue")
    counts: dict[str, int] = Field(description="replays fetched, cached and failed")


@dataclass(frozen=True)
class TriageOptions:
    org: str
    project: str | None = None
    issue: IssueRef | None = None
    query: str | None = None
    period: str = "7d"
    limit: int = 50
    concurrency: int = 8
    index_slots: int = 2


@dataclass(frozen=True)
class Candidates:
    rows: list[dict[str, Any]]
    more: int | None  # how many more exist beyond `rows` (None: unknown, 0: none)
    issue: dict[str, Any] | None


def candidates(client: SentryClient, opts: TriageOptions) -> Candidates:
    """The replays to triage, newest first (see the module docstring, step 1)."""
    if opts.issue is not None:
        issue, page = issue_replays(
            client, opts.org, opts.issue, period=opts.period, limit=opts.limit, query=opts.query
        )
        return Candidates(page.rows, _more(page), issue.as_dict())
    params = [("statsPeriod", opts.period), ("sort", "-started_at")]
    params += [("query", opts.query)] if opts.query else []
    if opts.project:
        params.append(("project", opts.project) if opts.project.isdigit() else ("projectSlug", opts.project))
    page = api.list_replays(client, opts.org, params, limit=opts.limit)
    return Candidates(page.rows, _more(page), None)


def _more(page: api.ReplayListPage) -> int | None:
    if page.next_cursor is None:
        return 0
    return max(0, page.hits - len(page.rows)) if page.hits is not None else None


def triage(
    client: SentryClient,
    config: Config,
    opts: TriageOptions,
    found: Candidates,
    *,
    root: Path | None = None,
    progress: Progress | None = None,
) -> TriageReport:
    """Fetch, analyze and rank `found.rows` (module docstring, steps 2-4)."""
    rows = found.rows
    results: list[TriageRow] = []
    counts = {"fetched": 0, "cached": 0, "failed": 0}
    fetch_opts = FetchOptions(concurrency=1, build_index=False)
    slots = threading.BoundedSemaphore(max(1, opts.index_slots))
    gated = cast(SentryClient, RequestGate(client, max(1, opts.concurrency)))
    pool = ThreadPoolExecutor(max_workers=2 * max(1, opts.concurrency), thread_name_prefix="triage")
    try:
        pending: dict[Future[tuple[Bundle, bool]], dict[str, Any]] = {
            pool.submit(_fetch, gated, config, opts.org, row, fetch_opts, root, slots): row for row in rows
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                row = pending.pop(fut)
                result = _analyze_result(fut, row, opts.org)
                counts[result.fetched] += 1
                results.append(result)
                if progress is not None:
                    progress(len(results), len(rows), result.id, result.fetched)
    finally:
        # Ctrl-C: replays not started are dropped; finished ones are in the cache for the rerun.
        pool.shutdown(wait=True, cancel_futures=True)
    ranked = _rank(results)
    truncated = None
    if found.more != 0:
        total = len(ranked) + found.more if found.more is not None else len(ranked) + 1
        truncated = Truncated(shown=len(ranked), total=total, next=None)
    return TriageReport(items=ranked, truncated=truncated, issue=found.issue, counts=counts)


class RequestGate:
    """A `SentryClient` stand-in whose `get` waits for one of `limit` slots (requests in flight)."""

    def __init__(self, client: SentryClient, limit: int) -> None:
        self._client = client
        self._slots = threading.BoundedSemaphore(limit)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        with self._slots:
            return self._client.get(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def _fetch(
    client: SentryClient,
    config: Config,
    org: str,
    row: dict[str, Any],
    options: FetchOptions,
    root: Path | None,
    slots: threading.BoundedSemaphore,
) -> tuple[Bundle, bool]:
    """Fetch and index one replay (a worker); return its bundle and whether it was cached whole."""
    from ..index import ensure_index

    project = row.get("project_id")
    target = Target(replay_id=str(row.get("id")), org=org, project=str(project) if project else None)
    report = fetch_replay(client, target, config, options, root=root)
    with slots:
        ensure_index(report.bundle)
    return report.bundle, report.skipped


def _analyze_result(fut: Future[tuple[Bundle, bool]], row: dict[str, Any], org: str) -> TriageRow:
    try:
        bundle, cached = fut.result()
        return analyze(bundle, row, org, cached=cached)
    except ReplayDomError as exc:
        return _failed(row, org, exc.message)


def analyze(bundle: Bundle, row: dict[str, Any], org: str, *, cached: bool = False) -> TriageRow:
    """Index one fetched replay, run `struggles` on it and score it (its events are then dropped)."""
    from ..dom.cache import bundle_source
    from ..index import load_events, load_meta
    from .struggles import find_struggles

    rid = bundle.replay_id
    target = f"{org}/{rid}"
    events = load_events(bundle)

    # Loaded only when a DOM-reading detector asks, as `struggles` does; in memory, because a
    # checkpoint store per triaged replay would cost more disk and time than it saves.
    def dom() -> DomSource:
        nav = [e for e in events if e.get("kind") in ("navigation", "page")]
        return bundle_source(
            bundle, float(load_meta(bundle)["startMs"]), nav, replay_id=rid, target_display=target
        )

    findings = find_struggles(events, target=target, details=bundle.details(), dom=dom)
    by_sev = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    counts = _sentry_counts(row)
    points = 0.0
    for sev in Severity:
        part = sum(WEIGHTS[sev] * (0.5 + 0.5 * f.score) for f in findings if f.severity is sev)
        points += min(CAPS[sev], part)
    points += sum(SENTRY_WEIGHTS[k] * min(SENTRY_CAP, v or 0) for k, v in counts.items())
    top = findings[0] if findings else None
    return TriageRow(
        rank=0,
        **_row_fields(row, org, bundle.project),
        score=round(points, 2),
        findings=by_sev,
        **counts,
        top=TopFinding(
            severity=top.severity,
            score=top.score,
            finding=top.finding,
            fromOffsetMs=top.window.fromOffsetMs,
            toOffsetMs=top.window.toOffsetMs,
            signals=top.signals,
        )
        if top
        else None,
        next=top.nextCommand if top else f"replaydom view {target}",
        fetched="cached" if cached else "fetched",
    )


def _failed(row: dict[str, Any], org: str, note: str) -> TriageRow:
    rid = str(row.get("id"))
    return TriageRow(
        rank=0,
        **_row_fields(row, org, None),
        score=0.0,
        findings={s.value: 0 for s in Severity},
        **_sentry_counts(row),
        next=f"replaydom fetch {org}/{rid}",
        status="failed",
        fetched="failed",
        note=note,
    )


def _row_fields(row: dict[str, Any], org: str, project: str | None) -> dict[str, Any]:
    raw_user, raw_urls = row.get("user"), row.get("urls")
    user: dict[str, Any] = raw_user if isinstance(raw_user, dict) else {}
    urls: list[Any] = raw_urls if isinstance(raw_urls, list) else []
    duration = row.get("duration")
    return {
        "id": str(row.get("id")),
        "org": org,
        "project": project or (str(row["project_id"]) if row.get("project_id") is not None else None),
        "startedAt": row.get("started_at") if isinstance(row.get("started_at"), str) else None,
        "durationS": duration
        if isinstance(duration, (int, float)) and not isinstance(duration, bool)
        else None,
        "user": user.get("display_name") if isinstance(user.get("display_name"), str) else None,
        "url": urls[0] if urls and isinstance(urls[0], str) else None,
    }


def _sentry_counts(row: dict[str, Any]) -> dict[str, int | None]:
    def num(key: str) -> int | None:
        v = row.get(key)
        return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None

    return {
        "errors": num("count_errors"),
        "deadClicks": num("count_dead_clicks"),
        "rageClicks": num("count_rage_clicks"),
    }


def _rank(rows: list[TriageRow]) -> list[TriageRow]:
    ordered = sorted(
        rows,
        key=lambda r: (
            r.status != "ok",
            -r.score,
            -r.findings.get("high", 0),
            _neg_time(r.startedAt),
            r.id,
        ),
    )
    return [r.model_copy(update={"rank": i}) for i, r in enumerate(ordered, 1)]


def _neg_time(started: str | None) -> float:
    from ..timefmt import parse_iso_ms

    t = parse_iso_ms(started)
    return -t if t is not None else 0.0
