"""`triage`: many replays in, one ranked row per replay out (issue 17).

Pipeline:

1. Candidates: the replays of one issue (`sentry.issues.issue_replays`, as `list --issue`) or of the
   replay index (`--query`, `--period`), newest first, at most `limit`.
2. Fetch: at most `concurrency` requests in flight (a gate around the client's `get`), from
   `2 x concurrency` workers, one replay each (its own requests run one after another): storing a
   replay (a page's segments written as one batch, the manifest) takes time too, so while some
   workers write, others keep the requests flowing. A cached, finished and complete replay makes
   no request at all (`fetch_replay`'s immutable path), and a partly fetched one only downloads
   what is missing: an interrupted triage resumes from the cache.
3. Index and analyze, as each replay lands: build its index, load its events, `find_struggles`,
   score. With a second core and at least `POOL_MIN_REPLAYS` replays this runs in analysis
   processes (`analysis_workers`, two by default): indexing and the DOM-reading detectors are CPU
   work that would otherwise share this process's interpreter lock with the fetches, so fetching
   replay N+1 and analyzing replay N overlap on two cores. Each analysis process holds one
   replay's events at a time; this process holds none. Otherwise the fetch worker indexes
   (holding one of `index_slots`, default 2) and the calling thread analyzes: peak memory about
   `index_slots + 1` replays' normalized events, whatever the number of replays. A Ctrl-C stops
   the analysis processes (SIGTERM, turned into an exception there so a write cut short removes
   its temp file; an index build cut short is built again by the rerun).
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

import contextlib
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

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
from .triage_rows import (
    CAPS,
    SCORING,
    SENTRY_WEIGHTS,
    WEIGHTS,
    TopFinding,
    TriageRow,
    analyze,
    analyze_safely,
    failed_row,
    rank,
)

__all__ = [
    "CAPS",
    "SCORING",
    "SENTRY_WEIGHTS",
    "WEIGHTS",
    "Candidates",
    "TopFinding",
    "TriageOptions",
    "TriageReport",
    "TriageRow",
    "analyze",
    "candidates",
    "triage",
]

Progress = Callable[[int, int, str, str], None]  # (done, total, replay id, fetched|cached|failed)


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
    analysis_workers: int | None = None  # None: `analysis_workers()` decides
    cursor: str | None = None  # continue the replay list after an earlier triage (its `next`)


@dataclass(frozen=True)
class Candidates:
    rows: list[dict[str, Any]]
    more: int | None  # how many more exist beyond `rows` (None: unknown, 0: none)
    issue: dict[str, Any] | None
    next_cursor: str | None = None  # where the next page of replays starts (Sentry's list cursor)
    total: int | None = None  # replays matching, over every page (the list's X-Hits), if known


def candidates(client: SentryClient, opts: TriageOptions) -> Candidates:
    """The replays to triage, newest first (see the module docstring, step 1)."""
    issue: dict[str, Any] | None = None
    if opts.issue is not None:
        found, page = issue_replays(
            client,
            opts.org,
            opts.issue,
            period=opts.period,
            limit=opts.limit,
            query=opts.query,
            cursor=opts.cursor,
        )
        issue = found.as_dict()
    else:
        params = [("statsPeriod", opts.period), ("sort", "-started_at")]
        params += [("query", opts.query)] if opts.query else []
        if opts.project:
            slug = ("project", opts.project) if opts.project.isdigit() else ("projectSlug", opts.project)
            params.append(slug)
        params += [("cursor", opts.cursor)] if opts.cursor else []
        page = api.list_replays(client, opts.org, params, limit=opts.limit)
    return Candidates(page.rows, _more(page, opts.cursor), issue, page.next_cursor, page.hits)


def _more(page: api.ReplayListPage, cursor: str | None) -> int | None:
    """Replays beyond this page: X-Hits counts every page, so the rows before it are taken off."""
    if page.next_cursor is None:
        return 0
    if page.hits is None:
        return None
    before = api.cursor_offset(cursor) if cursor else 0
    return max(0, page.hits - before - len(page.rows))


def triage(
    client: SentryClient,
    config: Config,
    opts: TriageOptions,
    found: Candidates,
    *,
    root: Path | None = None,
    progress: Progress | None = None,
    stats: dict[str, Any] | None = None,
) -> TriageReport:
    """Fetch, analyze and rank `found.rows` (module docstring, steps 2-4).

    `stats`, when given, receives how the work ran: `analysisWorkers` (0: in this process) and
    `workerMaxRssBytes` (the largest analysis process's peak RSS).
    """
    rows = found.rows
    results: list[TriageRow] = []
    counts = {"fetched": 0, "cached": 0, "failed": 0}
    workers = analysis_workers(opts, len(rows))
    procs = _start_pool(workers) if workers else None
    fetch_opts = FetchOptions(concurrency=1, build_index=False)
    slots = threading.BoundedSemaphore(max(1, opts.index_slots))
    gated = cast(SentryClient, RequestGate(client, max(1, opts.concurrency)))
    pool = ThreadPoolExecutor(max_workers=2 * max(1, opts.concurrency), thread_name_prefix="triage")
    peak_rss = 0

    def record(result: TriageRow) -> None:
        counts[result.fetched] += 1
        results.append(result)
        if progress is not None:
            progress(len(results), len(rows), result.id, result.fetched)

    index_here = procs is None
    try:
        fetching: dict[Future[tuple[Bundle, bool]], dict[str, Any]] = {
            pool.submit(_fetch, gated, config, opts.org, row, fetch_opts, root, slots, index_here): row
            for row in rows
        }
        analyzing: dict[Future[tuple[dict[str, Any], int]], dict[str, Any]] = {}
        while fetching or analyzing:
            everything: list[Future[Any]] = [*fetching, *analyzing]
            done, _ = wait(everything, return_when=FIRST_COMPLETED)
            for fut in done:
                if fut in fetching:
                    row = fetching.pop(cast(Future[tuple[Bundle, bool]], fut))
                    try:
                        bundle, cached = cast(Future[tuple[Bundle, bool]], fut).result()
                    except ReplayDomError as exc:
                        record(failed_row(row, opts.org, exc.message))
                        continue
                    if procs is None:
                        record(analyze_safely(bundle, row, opts.org, cached))
                    else:  # the other core indexes and analyzes while this one fetches
                        job = procs.submit(analyze_path, str(bundle.path), row, opts.org, cached)
                        analyzing[job] = row
                else:
                    analyzing.pop(cast(Future[tuple[dict[str, Any], int]], fut))
                    data, rss = cast(Future[tuple[dict[str, Any], int]], fut).result()
                    peak_rss = max(peak_rss, rss)
                    record(TriageRow.model_validate(data))
    except BaseException:
        if procs is not None:
            _kill(procs)  # a killed index build leaves temp files only: a rerun resumes
        raise
    finally:
        # Ctrl-C: replays not started are dropped; finished ones are in the cache for the rerun.
        pool.shutdown(wait=True, cancel_futures=True)
        if procs is not None:
            procs.shutdown(wait=True, cancel_futures=True)
    if stats is not None:
        stats.update(analysisWorkers=workers, workerMaxRssBytes=peak_rss)
    ranked = rank(results)
    truncated = None
    if found.more != 0:
        # `next` (the command with the cursor) is the CLI's to write
        total = found.total if found.total is not None else len(ranked) + 1
        truncated = Truncated(shown=len(ranked), total=max(total, len(ranked)), next=None)
    return TriageReport(items=ranked, truncated=truncated, issue=found.issue, counts=counts)


POOL_MIN_REPLAYS = 8
"""Below this many replays, starting an analysis process costs more than it saves."""


ANALYSIS_WORKERS = 2
"""Analysis processes by default (with a second core): on two cores this process's fetching
(about 9-12 s CPU for the 200-replay bench) and the analysis (about 14 s) balance better over two
analysis processes than one, and a loaded machine shares more CPU with them (bench_triage: 2.3x
against 2.7x of the network minimum under the same load). Each is about 150 MB RSS."""


def analysis_workers(opts: TriageOptions, replays: int) -> int:
    """Analysis processes to use: `opts.analysis_workers`, or by default `ANALYSIS_WORKERS` (at
    most the cores) when there is a second core and enough replays. Each holds one replay's
    events at a time."""
    if opts.analysis_workers is not None:
        return max(0, opts.analysis_workers)
    cores = os.cpu_count() or 1
    return min(ANALYSIS_WORKERS, cores) if cores > 1 and replays >= POOL_MIN_REPLAYS else 0


def _start_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: this process already runs threads (fork would copy their held locks).
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent decides (it stops the workers, `_kill`).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)


def _stop_worker(signum: int, _frame: object) -> None:
    # An exception rather than the default death: an atomic write in progress removes its temp file.
    raise SystemExit(128 + signum)


def _kill(procs: ProcessPoolExecutor) -> None:
    processes = getattr(procs, "_processes", None) or {}
    for proc in list(processes.values()):
        with contextlib.suppress(Exception):
            proc.terminate()


def analyze_path(path: str, row: dict[str, Any], org: str, cached: bool) -> tuple[dict[str, Any], int]:
    """In an analysis process: index and analyze the bundle at `path`; the row (as JSON data) and
    this process's peak RSS in bytes."""
    from ..index import ensure_index

    bundle = Bundle(Path(path))
    try:
        ensure_index(bundle)
    except ReplayDomError as exc:
        result = failed_row(row, org, exc.message)
    else:
        result = analyze_safely(bundle, row, org, cached)
    return result.model_dump(mode="json"), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


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
    index: bool = True,
) -> tuple[Bundle, bool]:
    """Fetch (and with `index`, index) one replay (a worker); return its bundle and whether it
    was cached whole."""
    from ..index import ensure_index

    project = row.get("project_id")
    target = Target(replay_id=str(row.get("id")), org=org, project=str(project) if project else None)
    report = fetch_replay(client, target, config, options, root=root)
    if index:
        with slots:
            ensure_index(report.bundle)
    return report.bundle, report.skipped
