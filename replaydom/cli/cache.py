"""`replaydom cache ls | path | clear | prune`: inspect and tidy the private replay cache."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import typer

from .app import app
from .options import JsonlOpt, JsonOpt

cache_app = typer.Typer(
    name="cache",
    help="Inspect and tidy the private replay cache.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("ls")
def ls_command(json_out: JsonOpt = False, jsonl_out: JsonlOpt = False) -> None:
    """List the cached replays.

    Each item: replayId, identity, org, project, source, storedSegments, expectedSegments,
    complete, live, sizeBytes, fetchedAt, expired (older than REPLAYDOM_CACHE_TTL, default 30d),
    path.
    """
    from ..config import load_config, now_ms
    from ..errors import DataError
    from ..render.output import resolve_mode
    from ..store import cache as store
    from ..store.cache import bundle_info
    from .io import emit_list, hint

    config = load_config()
    now = now_ms()
    items = []
    for bundle in store.list_bundles(config.cache_root):
        try:
            items.append(bundle_info(bundle, now=now, ttl_ms=config.ttl_ms))
        except DataError as exc:
            hint(f"warning: {exc.message}")
    emit_list(items, resolve_mode(json_out, jsonl_out), truncated=None, table_lines=_table)


def _table(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    from ..render.output import table

    rows = (
        (
            i["replayId"],
            i["identity"],
            f"{i['org']}/{i['project']}",
            f"{i['storedSegments']}/{i['expectedSegments'] if i['expectedSegments'] is not None else '?'}",
            "yes" if i["complete"] else "no",
            "yes" if i["live"] else "no",
            _size(i["sizeBytes"]),
            (i["fetchedAt"] or "-") + (" (expired)" if i["expired"] else ""),
        )
        for i in items
    )
    return table(rows, ("ID", "IDENTITY", "ORG/PROJECT", "SEGMENTS", "COMPLETE", "LIVE", "SIZE", "FETCHED"))


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return str(n)


@cache_app.command("path")
def path_command(
    target: Annotated[
        str | None, typer.Argument(help="A cached replay; default: print the cache root.")
    ] = None,
) -> None:
    """Print the cache root, or the bundle directory of a cached replay."""
    from ..config import load_config
    from ..store.cache import resolve_bundle
    from .io import write_lines

    if target is None:
        write_lines([str(load_config().cache_root)])
        return
    write_lines([str(resolve_bundle(target, allow_fetch=False).path)])


@cache_app.command("clear")
def clear_command(
    target: Annotated[str | None, typer.Argument(help="A cached replay id or unique prefix.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Remove every cached replay.")] = False,
) -> None:
    """Remove one cached replay, or everything with --all.

    A replay is removed under every identity (fetched and imported copies alike). Commands still
    reading or fetching it finish first (clear waits for them and says so). Works on a damaged
    bundle too: only the directory is needed.
    """
    from ..config import load_config
    from ..errors import UsageError
    from ..store import cache as store
    from .io import hint

    if (target is None) == (not all_):
        raise UsageError("give a replay id or --all (not both)")
    ids = store.clear(load_config().cache_root, target_text=None if all_ else target, notify=hint)
    hint(f"removed {len(ids)} cached replay{'s' if len(ids) != 1 else ''}")


@cache_app.command("prune")
def prune_command(
    older_than: Annotated[
        str | None,
        typer.Option("--older-than", metavar="DURATION", help="Default: REPLAYDOM_CACHE_TTL or 30d."),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Remove the replays last fetched longer ago than DURATION (default 30d).

    DURATION takes a unit: 30d, 12h, 90m. Without --older-than, REPLAYDOM_CACHE_TTL applies.
    """
    from ..config import load_config, now_ms
    from ..render.output import Mode
    from ..store import cache as store
    from ..timefmt import parse_duration
    from .io import emit_object, hint, write_lines

    config = load_config()
    ttl = parse_duration(older_than) if older_than else config.ttl_ms
    removed = store.prune(config.cache_root, older_than_ms=ttl, now=now_ms(), notify=hint)
    if json_out:
        emit_object({"removed": removed}, Mode.JSON)
        return
    write_lines(f"removed {r['replayId']} (fetched {r['fetchedAt']})" for r in removed)
    hint(f"pruned {len(removed)} bundle{'s' if len(removed) != 1 else ''}")
