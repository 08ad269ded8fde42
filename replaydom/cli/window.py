"""`replaydom window`: an evidence slice around a time or a match."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from ..timefmt import TIME_HELP
from .app import app
from .options import (
    DEFAULT_LIMIT,
    JsonlOpt,
    JsonOpt,
    LimitOpt,
    NoCacheOpt,
    OffsetOpt,
    RedactOpt,
    TargetArg,
)

if TYPE_CHECKING:
    from ..query.window import WindowResult
    from ..render.output import Mode


@app.command("window")
def window_command(
    target: TargetArg,
    at: Annotated[str | None, typer.Option("--at", help=f"Anchor time: {TIME_HELP}.")] = None,
    contains: Annotated[
        str | None, typer.Option("--contains", help="Anchor on an event containing TEXT.")
    ] = None,
    selector: Annotated[
        str | None, typer.Option("--selector", help="Anchor on an event on this element.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Anchor on an event of this kind.")] = None,
    nth: Annotated[int, typer.Option("--nth", help="Which match to anchor on (1-based).")] = 1,
    before: Annotated[str, typer.Option("--before", help="Window start before the anchor.")] = "10s",
    after: Annotated[str, typer.Option("--after", help="Window end after the anchor.")] = "30s",
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show the events around a time (--at) or a match (--contains/--selector/--kind), by category.

    With --at the anchor is the last event at or before T and the window is centred on T; with a
    matcher it is centred on the nth matching event. DOM mutations are summarised per burst.
    --jsonl prints one event per line (its `category` is its group).
    """
    from ..model import Truncated
    from ..query.window import AnchorSpec, window
    from ..render.output import resolve_mode
    from ..timefmt import parse_duration, parse_time
    from .io import open_cli_replay, output_flags

    before_ms, after_ms = parse_duration(before), parse_duration(after)
    at_spec = parse_time(at) if at is not None else None
    # Validate the anchor flags before touching the cache or the network.
    AnchorSpec(at_ms=0 if at_spec else None, contains=contains, selector=selector, kind=kind, nth=nth)
    replay = open_cli_replay(target, no_cache=no_cache)
    at_ms = at_spec.to_offset(replay.start_ms) if at_spec else None
    spec = AnchorSpec(at_ms=at_ms, contains=contains, selector=selector, kind=kind, nth=nth)
    result = window(replay.events(), spec, before_ms, after_ms, limit=limit, skip=offset)
    if redact:
        result = _redact(result)
    if offset + len(result.page) < result.total:
        args = _flags(at, contains, selector, kind, nth, before, after)
        more = output_flags(json_out, jsonl_out, redact, no_cache)
        nxt = (
            f"replaydom window {replay.target_display} {args} --limit {limit} --offset {offset + limit}{more}"
        )
        result.truncated = Truncated(shown=len(result.page), total=result.total, next=nxt)
    _emit(result, resolve_mode(json_out, jsonl_out))


def _emit(result: WindowResult, mode: Mode) -> None:
    from ..render.output import Mode, jsonl
    from .io import emit_object, hint_truncated, write_lines

    if mode is Mode.JSONL:
        write_lines(jsonl(result.page))
        if result.truncated:
            hint_truncated(result.truncated)
        return
    emit_object(result, mode, table_lines=_table)
    if mode is Mode.TABLE and result.truncated:
        hint_truncated(result.truncated)


def _redact(result: WindowResult) -> WindowResult:
    from ..analyze.evutil import redacted

    groups = {k: [redacted(ev) for ev in v] for k, v in result.groups.items()}
    copy = result.model_copy(update={"anchor": redacted(result.anchor), "groups": groups})
    copy.set_page([redacted(ev) for ev in result.page])
    return copy


def _flags(
    at: str | None,
    contains: str | None,
    selector: str | None,
    kind: str | None,
    nth: int,
    before: str,
    after: str,
) -> str:
    pairs = [("--at", at), ("--contains", contains), ("--selector", selector), ("--kind", kind)]
    parts = [f"{flag} {shlex.quote(value)}" for flag, value in pairs if value is not None]
    if nth != 1:
        parts.append(f"--nth {nth}")
    return " ".join([*parts, f"--before {before}", f"--after {after}"])


def _table(result: WindowResult) -> Iterator[str]:
    from ..render.output import kv_lines, table
    from ..timefmt import format_offset

    a = result.anchor
    yield from kv_lines(
        [
            (
                "anchor",
                f"{format_offset(a.get('offsetMs'))}  {a.get('kind')}  {a.get('label')}  "
                f"(segment {a.get('segmentId')}, frame {a.get('frameIndex')})",
            ),
            ("rule", result.anchorRule),
            (
                "window",
                f"{format_offset(result.fromOffsetMs)} .. {format_offset(result.toOffsetMs)}  "
                f"({result.total} events)",
            ),
        ]
    )
    for category, events in result.groups.items():
        yield ""
        yield f"[{category}] {len(events)}"
        rows = [
            (
                format_offset(ev.get("offsetMs")),
                ev.get("kind"),
                ev.get("label"),
                f"{ev.get('segmentId')}/{ev.get('frameIndex')}",
            )
            for ev in events
        ]
        yield from ("  " + line for line in table(rows, ["time", "kind", "label", "seg/frame"], max_width=80))
    if result.mutationBursts:
        yield ""
        yield f"[dom mutations] {len(result.mutationBursts)} bursts"
        bursts = [
            (
                f"{format_offset(b.fromOffsetMs)}..{format_offset(b.toOffsetMs)}",
                b.events,
                b.changes,
                f"+{b.adds} -{b.removes} text {b.texts} attr {b.attributes}",
                ", ".join(str(t) for t in b.targets),
            )
            for b in result.mutationBursts
        ]
        yield from (
            "  " + line for line in table(bursts, ["time", "events", "changes", "detail", "largest targets"])
        )
