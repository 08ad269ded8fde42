"""Fetch one replay from Sentry into its cache bundle (issue 2, "Sentry client" and "cache").

`fetch_replay` contract:
- Holds the per-replay write lock for the whole run, so two processes never interleave (the second
  one waits and then finds the work done), and the presence lock shared, so `cache clear` waits
  for the fetch to end instead of removing the bundle under it (`locks.py`).
- Leftovers of a killed run of this bundle (temp files of atomic writes) are removed first; a
  damaged manifest is rebuilt (every segment fetched again) rather than a dead end.
- A finished, complete bundle is immutable: no details or segment requests unless `force`, only
  `--include` extras that were never fetched are requested; but its files are verified first and
  whatever is missing or damaged is fetched again (`verify.py`).
- Otherwise: details -> `metadata.json`; missing segment windows fetched concurrently (bounded by
  `concurrency`), each segment written atomically to `segments/<position>.json.gz` (a page's
  segments as one batch: `bundle.SegmentBatch`) and the manifest updated after every page; then
  `Link` next is followed while results exist. A failed page or a Ctrl-C leaves every finished
  page stored and recorded; the rerun requests only what is missing.
  A Ctrl-C stops at once: pages still in flight are abandoned (their worker threads are daemons,
  see `pool.py`) after a short grace in which the pages that land are still recorded.
- Expected (`count_segments`) versus received is reported in `warnings`, never silently truncated.
- Extras (`errors`, `traces`, `clicks`) that fail become warnings: the segments are kept.
- After segments changed, the index is built when `replaydom.index` exists; an indexing failure is
  a warning and never loses fetched data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config, now_ms
from ..errors import UsageError
from ..sentry import api
from ..sentry.client import SentryClient
from ..sentry.plan import SegmentRange
from ..targets import Target
from ..timefmt import iso_ms, parse_iso_ms
from . import layout, locks
from .bundle import Bundle
from .cleanup import clean_bundle_temps
from .extras import DEFAULT_INCLUDE, fetch_extras
from .fsutil import file_lock
from .indexing import build_index_safely
from .manifest import SOURCE_SENTRY, is_finished, new_manifest
from .segfetch import Progress, Run, fetch_segments, int_or_none, repair_warnings
from .verify import forget_damage, rebuild_damaged_manifest

# Re-exported: what callers of `fetch_replay` may name.
__all__ = ["FetchOptions", "FetchReport", "Progress", "fetch_replay", "repair_warnings"]


@dataclass(frozen=True)
class FetchOptions:
    force: bool = False
    segments: SegmentRange | None = None
    include: frozenset[str] = DEFAULT_INCLUDE
    concurrency: int = 6
    build_index: bool = True  # False: the caller indexes later (triage does, one replay at a time)


@dataclass
class FetchReport:
    """What a fetch did; `segment_requests` counts recording-segments calls."""

    bundle: Bundle
    skipped: bool = False
    segment_requests: int = 0
    written: int = 0
    warnings: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None  # as it was when the fetch ended, under the lock


def fetch_replay(
    client: SentryClient,
    target: Target,
    config: Config,
    options: FetchOptions | None = None,
    *,
    root: Path | None = None,
    clock: Callable[[], float] | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Build or update the bundle of `target` under `root` (default: the configured cache root)."""
    if target.is_prefix:
        raise UsageError(f"cannot fetch by id prefix {target.replay_id!r}: give the full replay id")
    options = options or FetchOptions()
    root = root or config.cache_root
    clock = clock or now_ms
    rid, identity = target.replay_id, config.identity
    with (
        file_lock(layout.write_lock_path(root, identity, rid)),
        locks.shared(layout.lock_path(root, identity, rid)),
    ):
        existing = _existing(root, identity, rid)
        notes: list[str] = []
        if existing is not None:
            clean_bundle_temps(existing.path)  # leftovers of a killed run: we hold the write lock
            notes += rebuild_damaged_manifest(existing, config, clock())
        if existing is not None and not options.force and _immutable(existing, clock()):
            repair = forget_damage(existing)
            if repair is None:
                return _finish_report(_extras_only(client, existing, options, clock))
            notes.append(repair[0])
            options = dataclasses.replace(options, include=options.include | repair[1])
        org = target.org or (existing.org if existing else None) or config.org
        if not org:
            raise UsageError(f"no org for replay {rid}: use <org>/{rid} or set SENTRY_ORG")
        details = api.replay_details(client, layout.check_component("org", org), rid)
        project = _project(target, existing, details)
        bundle = existing or Bundle(layout.bundle_dir(root, identity, org, project, rid))
        report = FetchReport(bundle, warnings=notes)
        run = Run(client, bundle, org, project, options, clock, progress, report)
        _prepare(run, details, config)
        fetch_segments(run, details)
        run.report.warnings += fetch_extras(
            client, bundle, options.include, details, clock, refresh=True, force=options.force
        )
        warning = build_index_safely(bundle) if options.build_index else None
        if warning:
            run.report.warnings.append(warning)
        return _finish_report(run.report)


def _finish_report(report: FetchReport) -> FetchReport:
    """Snapshot the manifest while the locks are held (a clear may remove the bundle after)."""
    report.bundle.reload()
    report.manifest = dict(report.bundle.manifest)
    return report


def _existing(root: Path, identity: str, rid: str) -> Bundle | None:
    dirs = layout.find_bundle_dirs(root, [identity], prefix=rid)
    return Bundle(dirs[0]) if dirs else None


def _immutable(bundle: Bundle, now: float) -> bool:
    return bundle.is_complete and is_finished(bundle.manifest, now)


def _project(target: Target, existing: Bundle | None, details: dict[str, Any]) -> str:
    project = target.project or (existing.project if existing else None) or details.get("project_id")
    if project is None or str(project) == "":
        raise UsageError("replay details carry no project_id: use <org>/<project>/<id>")
    return layout.check_component("project", str(project))


def _prepare(run: Run, details: dict[str, Any], config: Config) -> None:
    bundle = run.bundle
    bundle.ensure_dirs()
    metadata = bundle.write_details(details)
    now = run.clock()
    if not bundle.manifest_path.is_file():
        bundle.update_manifest(
            new_manifest(
                replay_id=bundle.path.name,
                identity=config.identity,
                org=run.org,
                project=run.project,
                host=config.host,
                source=SOURCE_SENTRY,
                now_ms=now,
            ),
            replace=True,  # also over debris (a directory) at the manifest's path
        )
    started = parse_iso_ms(details.get("started_at"))
    bundle.update_manifest(
        {
            "startedAt": iso_ms(started) if started is not None else None,
            "platform": details.get("platform"),
            "expectedSegments": int_or_none(details.get("count_segments")),
            "metadata": metadata,
            "warnings": [],
        }
    )
    run.stored = bundle.entries()
    run.received_end = max(int(bundle.manifest.get("receivedEnd") or 0), max(run.stored, default=-1) + 1)
    run.mobile = str(details.get("platform") or "javascript") not in ("javascript", "")


def _extras_only(
    client: SentryClient, bundle: Bundle, options: FetchOptions, clock: Callable[[], float]
) -> FetchReport:
    report = FetchReport(bundle, skipped=True)
    details = bundle.details() or {}
    report.warnings += fetch_extras(client, bundle, options.include, details, clock, refresh=False)
    return report
