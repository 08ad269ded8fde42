"""The segments part of a fetch: plan the pages, download them concurrently, store each page's
segments as one batch and record them in the manifest as they land; follow `next` at the tail; and
write the final counts, completeness and warnings (`fetch.py` holds the locks and orchestrates).

A Ctrl-C stops at once: pages still in flight are abandoned (their worker threads are daemons, see
`pool.py`) after a short grace in which the pages that land are still recorded, and every segment
file already in place is recorded, so the rerun requests only what is missing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ReplayDomError
from ..jsonlenient import Repairs
from ..sentry import api
from ..sentry.client import SentryClient
from ..sentry.links import offset_cursor
from ..sentry.plan import plan_pages
from ..timefmt import iso_ms
from .bundle import Bundle
from .manifest import MAX_POSITION, completeness, is_finished, push_count
from .pool import DaemonPool

if TYPE_CHECKING:  # fetch.py runs this module; its option and report types are only annotations here
    from .fetch import FetchOptions, FetchReport

Progress = Callable[[int, int | None], None]
INTERRUPT_GRACE_S = 0.3  # after Ctrl-C, how long pages already arriving may still land


@dataclass
class Run:
    """One fetch in progress: page workers only read it (`_download`); the main thread records
    what they stored (`_merge`, `_save_entries`)."""

    client: SentryClient
    bundle: Bundle
    org: str
    project: str
    options: FetchOptions
    clock: Callable[[], float]
    progress: Progress | None
    report: FetchReport
    stored: dict[int, dict[str, Any]] = field(default_factory=dict)
    received_end: int = 0
    mobile: bool = False
    next_pending: bool | None = None  # learnt from the page that reached the end, if any
    # every segment written by this run, as soon as its file is in place (worker threads add to
    # it): what a Ctrl-C records even from pages that were still being written
    written: dict[int, dict[str, Any]] = field(default_factory=dict)


def int_or_none(value: Any) -> int | None:
    # A hostile or broken count beyond any real replay must not plan millions of pages.
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_POSITION
    return value if ok else None


def fetch_segments(run: Run, details: dict[str, Any]) -> None:
    try:
        _fetch_all(run, details)
    except KeyboardInterrupt:
        _record_written(run)
        raise


def _record_written(run: Run) -> None:
    """Ctrl-C: record every segment file this run completed, also of pages cut short, so the
    rerun does not download them again."""
    run.stored.update(dict(run.written))  # dict() copies atomically while workers still add
    _save_entries(run)


def _fetch_all(run: Run, details: dict[str, Any]) -> None:
    expected = int_or_none(details.get("count_segments"))
    tail = not _end_known(run, expected)
    plan = plan_pages(expected, set(run.stored), run.options.segments, force=run.options.force, tail=tail)
    last_next = _fetch_windows(run, plan.windows, expected, plan.follow_last_window)
    tail_done = plan.follow_last_window or plan.tail_offset is not None
    if plan.follow_last_window:
        _tail(run, None, last_next, expected)
    elif plan.tail_offset is not None:
        _tail(run, plan.tail_offset, None, expected)
    _finish(run, expected, tail_done)


@dataclass
class _StoredPage:
    """A downloaded page whose new segments are already written (not yet in the manifest)."""

    offset: int
    next_cursor: str | None
    received_end: int
    entries: dict[int, dict[str, Any]]
    mobile: bool


def _download(run: Run, offset: int, skip: frozenset[int]) -> _StoredPage:
    """Fetch one page and write its wanted segments that are not in `skip`.

    Runs in worker threads: it only reads `run` (writing segment files is safe in parallel, and
    file I/O and gzip release the GIL); `_merge` records the result in the main thread.
    """
    page = api.segment_page(run.client, run.org, run.project, run.bundle.path.name, offset)
    wanted = run.options.segments
    mobile = False
    batch = run.bundle.segment_batch()
    try:
        for i, events in enumerate(page.segments):
            position = offset + i
            if (wanted is not None and position not in wanted) or position in skip:
                continue
            entry = batch.add(position, events)
            if i in page.repairs:  # lone surrogates / NaN the lenient decoder replaced, kept on record
                entry["repairs"] = page.repairs[i].as_dict()
            mobile = mobile or _has_video(events)
    except BaseException:
        # Ctrl-C (or a failure) half way through the page: what was encoded is still stored and
        # recorded, so the rerun does not download it again.
        with contextlib.suppress(Exception):
            run.written.update(batch.commit())
        batch.discard()
        raise
    entries = batch.commit()
    run.written.update(entries)
    return _StoredPage(offset, page.next_cursor, offset + len(page.segments), entries, mobile)


def _skip(run: Run) -> frozenset[int]:
    """Positions not to write again: every stored one, unless --force."""
    return frozenset() if run.options.force else frozenset(run.stored)


def _merge(run: Run, page: _StoredPage, expected: int | None) -> None:
    run.report.segment_requests += 1
    run.received_end = max(run.received_end, page.received_end)
    run.stored.update(page.entries)
    run.report.written += len(page.entries)
    run.mobile = run.mobile or page.mobile
    if run.progress is not None:
        run.progress(len(run.stored), expected)


def _end_known(run: Run, expected: int | None) -> bool:
    """A finished replay whose last page already said "no more" needs no tail request."""
    m = run.bundle.manifest
    return (
        not run.options.force
        and is_finished(m, run.clock())
        and m.get("nextPending") is False
        and int(m.get("receivedEnd") or 0) >= (expected or 0)
    )


def _fetch_windows(run: Run, windows: tuple[int, ...], expected: int | None, reaches_end: bool) -> str | None:
    """Fetch the windows concurrently, storing as they land; return the last window's next cursor."""
    if not windows:
        return None
    last_next: str | None = None
    first_error: BaseException | None = None
    skip = _skip(run)
    pool = DaemonPool(run.options.concurrency, "segments")
    submitted: list[Future[_StoredPage]] = []
    handled: set[Future[_StoredPage]] = set()
    try:
        submitted = [pool.submit(_download, run, w, skip) for w in windows]
        pending = set(submitted)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                try:
                    page = fut.result()
                except ReplayDomError as exc:
                    run.report.segment_requests += 1
                    first_error = first_error or exc
                    handled.add(fut)
                    continue
                _merge(run, page, expected)
                handled.add(fut)  # after the merge: a Ctrl-C in between merges it again, harmlessly
                _save_entries(run)  # a crash from here on keeps this page
                if page.offset == windows[-1]:
                    last_next = page.next_cursor
                    if reaches_end and last_next is None:
                        run.next_pending = False  # kept even if another page fails
    except KeyboardInterrupt:
        _stop(run, pool, [f for f in submitted if f not in handled], expected)
        raise
    except BaseException:
        pool.cancel()
        wait(submitted)  # any other failure: nothing may write into the bundle once we return
        raise
    finally:
        pool.close()
        _save_entries(run)  # record whatever is stored, also after an error or Ctrl-C
    if first_error is not None:
        raise first_error
    return last_next


def _stop(run: Run, pool: DaemonPool, unhandled: list[Future[_StoredPage]], expected: int | None) -> None:
    """Ctrl-C: drop queued pages, end retry waits, and record every page that landed, including
    those that land in a short grace.

    Requests still in flight after the grace are abandoned (daemon workers): the process exits
    now instead of waiting for them and their retries.
    """
    pool.cancel()
    cancel = getattr(run.client, "cancel", None)
    if callable(cancel):
        cancel()
    done, _ = wait(unhandled, timeout=INTERRUPT_GRACE_S)
    for fut in done:
        if not fut.cancelled() and fut.exception() is None:
            _merge(run, fut.result(), expected)


def _tail(run: Run, offset: int | None, cursor: str | None, expected: int | None) -> None:
    """Request `offset` (if given) then follow `next` while the server says results exist."""
    seen: set[int] = set()
    if offset is not None:
        cursor = offset_cursor(offset)
    while cursor is not None:
        at = api.cursor_offset(cursor)
        if at in seen or len(seen) >= api.MAX_PAGES:
            run.report.warnings.append(f"stopped following pagination at cursor {cursor} (loop)")
            return
        seen.add(at)
        page = _download(run, at, _skip(run))
        _merge(run, page, expected)
        _save_entries(run)
        cursor = page.next_cursor


def _has_video(events: list[Any]) -> bool:
    return any(
        isinstance(e, dict)
        and e.get("type") == 5
        and isinstance(e.get("data"), dict)
        and e["data"].get("tag") == "video"
        for e in events
    )


def _save_entries(run: Run) -> None:
    entries = [run.stored[p] for p in sorted(run.stored)]
    changes: dict[str, Any] = {
        "segments": entries,
        "storedSegments": len(entries),
        "receivedEnd": run.received_end,
    }
    if run.next_pending is not None:
        changes["nextPending"] = run.next_pending
    run.bundle.update_manifest(changes)


def _finish(run: Run, expected: int | None, tail_done: bool) -> None:
    bundle, now = run.bundle, run.clock()
    positions = set(run.stored)
    manifest = bundle.manifest
    next_pending = False if tail_done else bool(manifest.get("nextPending", True))
    history = list(manifest.get("countHistory") or [])
    if tail_done:
        history = push_count(history, run.received_end, now)
    warnings = _count_warnings(run, expected)
    changes: dict[str, Any] = {
        "fetchedAt": iso_ms(now),
        "nextPending": next_pending,
        "countHistory": history,
        "complete": completeness(positions, expected, next_pending),
        "warnings": warnings,
    }
    # `live` follows from the other changes: one manifest write (each one is two fsyncs).
    changes["live"] = not is_finished({**bundle.manifest, **changes}, now)
    bundle.update_manifest(changes)
    run.report.warnings.extend(warnings)


def _count_warnings(run: Run, expected: int | None) -> list[str]:
    out: list[str] = []
    received = run.received_end
    if expected is not None and received != expected and run.options.segments is None:
        why = "the replay grew while fetching" if received > expected else "Sentry returned fewer segments"
        out.append(f"expected {expected} segments (count_segments), received {received}: {why}")
    gaps = [p for p in range(max(expected or 0, received)) if p not in run.stored]
    if gaps and run.options.segments is None:
        out.append(f"{len(gaps)} segment positions missing (first: {gaps[0]}); rerun fetch to retry")
    if run.mobile:
        out.append("mobile replay: stored each segment's rrweb JSON; video frames are not downloaded")
    return out + repair_warnings(run.stored.values())


def repair_warnings(entries: Iterable[dict[str, Any]]) -> list[str]:
    """One line per kind of value the lenient decoder replaced, with the segments it was in."""
    total, where = Repairs(), 0
    for entry in entries:
        found = entry.get("repairs")
        if isinstance(found, dict):
            counts = [found.get(k) for k in ("surrogates", "nonfinite")]
            total.add(Repairs(*(c if type(c) is int else 0 for c in counts)))
            where += 1
    return [f"{phrase}, in {where} segment(s)" for phrase in total.describe()]
