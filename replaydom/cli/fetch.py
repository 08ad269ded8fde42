"""`replaydom fetch`: build or update a replay's cache bundle from Sentry."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .app import app
from .options import DebugHttpOpt, DomOpt, JsonOpt, NoCacheOpt, TargetArg, TokenOpt

if TYPE_CHECKING:
    from ..config import Config
    from ..sentry.client import SentryClient
    from ..store.bundle import Bundle
    from ..store.fetch import FetchReport


def sentry_config(token: str | None) -> Config:
    """The configuration for a command that must reach Sentry; `AuthError` without a token."""
    from ..config import load_config
    from ..errors import AuthError
    from .io import hint

    config = load_config(token=token)
    if not config.configured:
        raise AuthError(
            "no Sentry token",
            hint="set SENTRY_AUTH_TOKEN (or SENTRY_TOKEN, or [auth] token in .sentryclirc) or pass --token",
        )
    for warning in config.warnings:
        hint(warning)
    return config


def open_client(config: Config, debug_http: bool, *, max_connections: int = 12) -> SentryClient:
    from ..sentry.client import SentryClient
    from .io import hint

    return SentryClient(config, debug=hint if debug_http else None, max_connections=max_connections)


class _ProgressBar:
    """`fetching segments 120/230` redrawn in place on a terminal's stderr; silent otherwise."""

    def __init__(self) -> None:
        from .io import stderr_is_tty

        self.active = stderr_is_tty()
        self.drawn = False

    def __call__(self, stored: int, expected: int | None) -> None:
        if self.active:
            total = f"/{expected}" if expected is not None else ""
            sys.stderr.write(f"\rfetching segments {stored}{total}")
            sys.stderr.flush()
            self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


@app.command("fetch")
def fetch_command(
    target: TargetArg,
    force: Annotated[bool, typer.Option("--force", help="Download every segment again.")] = False,
    no_cache: NoCacheOpt = False,
    segments: Annotated[
        str | None,
        typer.Option("--segments", metavar="RANGE", help="Only these positions, e.g. 0-99,150 or 200-."),
    ] = None,
    include: Annotated[
        str | None,
        typer.Option(
            "--include", metavar="LIST", help="errors,traces,clicks,logs or none [default: errors]."
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Parallel page requests.")
    ] = 6,
    dom: DomOpt = False,
    json_out: JsonOpt = False,
    token: TokenOpt = None,
    debug_http: DebugHttpOpt = False,
) -> None:
    """Fetch a replay from Sentry into the private cache.

    Stores the replay details, every recording segment and, with --include, the linked errors
    (default: events-meta rows plus each error's details: exception, in-app stack frames, the
    error's breadcrumbs; a 403/404 on one error is a note, not a failure), trace ids, clicks and
    logs (Sentry logs on the replay's trace ids, shown as `log` events). Set
    REPLAYDOM_DEBUG_HTTP=1 to log the requests that other commands make when they fetch an
    uncached replay.

    A finished replay (started over 65 minutes ago, or idle across two fetches 15 minutes apart)
    is immutable: fetching it again makes no requests unless --force. A live one is refreshed and
    new segments are appended. An interrupted fetch is completed by the next one, which downloads
    only what is missing. --json prints the manifest plus absolute cache paths; `complete` means
    every expected segment is stored and no next page remains.
    """
    from ..errors import UsageError
    from ..render.output import Mode
    from ..sentry.plan import parse_segment_range
    from ..store.bundle import Bundle
    from ..store.cache import check_target_host, make_temp_root
    from ..store.extras import parse_include
    from ..store.fetch import FetchOptions, fetch_replay
    from ..targets import parse_target
    from .io import emit_object, hint

    if dom and no_cache:
        raise UsageError("--dom builds the DOM store in the cache: it cannot go with --no-cache")
    parsed = parse_target(target)
    options = FetchOptions(
        force=force,
        segments=parse_segment_range(segments) if segments else None,
        include=parse_include(include),
        concurrency=concurrency,
    )
    config = sentry_config(token)
    check_target_host(parsed, config)
    root = make_temp_root() if no_cache else config.cache_root
    bar = _ProgressBar()
    try:
        with open_client(config, debug_http) as client:
            report = fetch_replay(client, parsed, config, options, root=root, progress=bar)
        bar.close()
        for warning in report.warnings:
            hint(f"warning: {warning}")
        bundle = Bundle(report.bundle.path, temporary=no_cache)
        emit_object(fetch_result(bundle, report), Mode.JSON if json_out else Mode.TABLE, table_lines=_table)
        if dom:
            from .dombuild import build_dom_store

            hint(build_dom_store(bundle))
    finally:
        bar.close()
        if no_cache:
            shutil.rmtree(root, ignore_errors=True)


def bundle_paths(bundle: Bundle) -> dict[str, str]:
    """Absolute paths of a bundle's parts."""
    return {
        "bundle": str(bundle.path.resolve()),
        "manifest": str(bundle.manifest_path.resolve()),
        "metadata": str(bundle.metadata_path.resolve()),
        "segments": str(bundle.segments_dir.resolve()),
        "related": str(bundle.related_dir.resolve()),
        "index": str(bundle.index_dir.resolve()),
    }


def fetch_result(bundle: Bundle, report: FetchReport | None) -> dict[str, Any]:
    """The `--json` object of fetch and import: the manifest, paths, and what this run did."""
    if report is not None and report.manifest is not None:
        out = dict(report.manifest)  # read under the fetch's locks: the bundle may be gone now
    else:
        bundle.reload()
        out = dict(bundle.manifest)
    out["paths"] = bundle_paths(bundle)
    out["temporary"] = bundle.temporary
    if report is not None:
        out["run"] = {
            "skipped": report.skipped,
            "segmentRequests": report.segment_requests,
            "segmentsWritten": report.written,
            "warnings": report.warnings,
        }
    return out


def _table(result: dict[str, Any]) -> Iterator[str]:
    from ..render.output import kv_lines

    run = result.get("run") or {}
    stored, expected = result.get("storedSegments"), result.get("expectedSegments")
    state = ", ".join(
        [
            "complete" if result.get("complete") else "incomplete",
            "live" if result.get("live") else "finished",
        ]
    )
    related = ", ".join(f"{k} ({v.get('count')})" for k, v in (result.get("related") or {}).items())
    pairs: list[tuple[str, Any]] = [
        ("replay", f"{result.get('org')}/{result.get('project')}/{result.get('replayId')}"),
        ("segments", f"{stored} stored of {expected if expected is not None else '?'} expected ({state})"),
    ]
    if run:
        did = (
            "no requests (finished and complete)"
            if run.get("skipped")
            else (f"{run.get('segmentsWritten')} written in {run.get('segmentRequests')} page requests")
        )
        pairs.append(("this fetch", did))
    where = result["paths"]["bundle"] + (" (temporary, removed now)" if result.get("temporary") else "")
    pairs += [("related", related or "-"), ("fetched at", result.get("fetchedAt")), ("cache", where)]
    return kv_lines(pairs)
