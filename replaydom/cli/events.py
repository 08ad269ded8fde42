"""`replaydom events`: the normalized event stream, filtered and paged.

Imports are lazy: a `--kind K --jsonl` query on a fresh index pages the pre-serialized per-kind
index lines and never imports pydantic or the normalizer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..query.events import CATEGORIES, KINDS
from .app import app
from .options import DEFAULT_LIMIT, JsonlOpt, JsonOpt, LimitOpt, NoCacheOpt, OffsetOpt, RedactOpt, TargetArg

if TYPE_CHECKING:
    from ..query.events import EventQuery
    from ..replay import Replay

_TIME_HELP = "01:23, 83s, 1500ms, a bare integer (ms), an ISO time or @epoch-ms; inclusive"


@app.command("events")
def events_command(
    target: TargetArg,
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"Only these kinds (comma-separated): {', '.join(KINDS)}.")
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", help=f"Only these categories (comma-separated): {', '.join(CATEGORIES)}."),
    ] = None,
    from_: Annotated[str | None, typer.Option("--from", help=f"From offset T: {_TIME_HELP}.")] = None,
    to: Annotated[str | None, typer.Option("--to", help=f"To offset T: {_TIME_HELP}.")] = None,
    contains: Annotated[
        str | None, typer.Option("--contains", help="Substring of the label, text, URL or message.")
    ] = None,
    selector: Annotated[str | None, typer.Option("--selector", help="Substring of the selector.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Substring of the page or request URL.")] = None,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    raw: Annotated[bool, typer.Option("--raw", help="Add each event's raw frame (4 KB preview).")] = False,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """List the replay's normalized events in time order, each with its evidence pointer.

    Kinds and categories are those of `replaydom schema`. Without --json/--jsonl a table shows
    offset, kind, label, selector or URL, and the pointer (seg/frame).
    """
    from ..query.events import EventQuery, parse_names
    from ..timefmt import check_range, parse_time
    from .io import open_cli_replay

    kinds = parse_names(kind, KINDS, "kind")
    categories = parse_names(category, CATEGORIES, "category")
    if kinds and categories:
        _check_intersection(kinds, categories)
    times = [parse_time(t) if t is not None else None for t in (from_, to)]  # usage errors first
    replay = open_cli_replay(target, no_cache=no_cache)
    start = replay.start_ms if any(times) else 0.0
    flags = _flags(
        kind=kind,
        category=category,
        from_=from_,
        to=to,
        contains=contains,
        selector=selector,
        url=url,
        json_out=json_out,
        jsonl_out=jsonl_out,
        raw=raw,
        redact=redact,
    )
    from_ms = times[0].to_offset(start) if times[0] else None
    to_ms = times[1].to_offset(start) if times[1] else None
    check_range(from_ms, to_ms, from_, to)
    spec = EventQuery(
        kinds=kinds,
        categories=categories,
        from_ms=from_ms,
        to_ms=to_ms,
        contains=contains,
        selector=selector,
        url=url,
        limit=limit,
        offset=offset,
        command=("replaydom", "events", replay.target_display, *flags),
    )
    if spec.kind_only and not raw and not redact and (json_out or jsonl_out):
        _fast(replay, spec, json_out=json_out and not jsonl_out)
    else:
        _full(replay, spec, json_out=json_out, jsonl_out=jsonl_out, raw=raw, redact=redact)


def _check_intersection(kinds: frozenset[str], categories: frozenset[str]) -> None:
    """--kind and --category that select nothing together are a usage error that says why."""
    from ..errors import UsageError
    from ..model import KIND_CATEGORY, Kind
    from ..query.window import intersect_message

    if not any(KIND_CATEGORY[Kind(k)].value in categories for k in kinds):
        raise UsageError(intersect_message(kinds, categories))


def _filter_text(spec: EventQuery) -> str:
    """The filter flags of a query, for "(none) with ..." (the command minus target and paging)."""
    parts = list(spec.command[3:])
    out: list[str] = []
    skip = False
    for i, p in enumerate(parts):
        if skip:
            skip = False
            continue
        if p in ("--json", "--jsonl", "--raw", "--redact"):
            continue
        if p.startswith("--") and i + 1 < len(parts) and not parts[i + 1].startswith("--"):
            out.append(f"{p} {parts[i + 1]}")
            skip = True
        else:
            out.append(p)
    return " ".join(out)


def _flags(**opts: Any) -> list[str]:
    names = {"from_": "--from", "json_out": "--json", "jsonl_out": "--jsonl"}
    out: list[str] = []
    for key, value in opts.items():
        flag = names.get(key, "--" + key)
        if value is True:
            out.append(flag)
        elif isinstance(value, str):
            out += [flag, value]
    return out


def _fast(replay: Replay, spec: EventQuery, *, json_out: bool) -> None:
    """Page the index's serialized lines directly (kind filters only)."""
    from ..index import kind_lines
    from ..query.events import page_lines

    lines = kind_lines(replay.bundle, set(spec.kinds) if spec.kinds is not None else None)
    page, shown, total, nxt = page_lines(lines, spec)
    if json_out:
        trunc = _truncated_json(shown, total, nxt) if nxt else b"null"
        _write(_json_doc(page, trunc))
    else:
        _write(page)
    if nxt:
        _notice(shown, total, nxt)


def _full(
    replay: Replay, spec: EventQuery, *, json_out: bool, jsonl_out: bool, raw: bool, redact: bool
) -> None:
    import orjson

    from ..query.events import attach_raw, filter_events
    from ..query.events import redact as redact_event

    events = replay.events(set(spec.kinds) if spec.kinds is not None else None)
    page, truncated = filter_events(events, spec)
    if raw:
        page = [dict(ev) for ev in page]
        attach_raw(page, replay.bundle.read_segment)
    if redact:
        page = [redact_event(ev) for ev in page]
    if jsonl_out or json_out:
        from ..jsonlenient import dumps as dumps_any

        lines = [dumps_any(ev) for ev in page]  # orjson; any depth for a hostile `--raw` frame
        if jsonl_out:
            _write(lines)
        else:
            trunc = orjson.dumps(truncated.model_dump()) if truncated else b"null"
            _write(_json_doc(lines, trunc))
    elif not page:
        filters = _filter_text(spec)
        _write([("(none)" + (f" with {filters}" if filters else "")).encode()])
    else:
        _write(line.encode() for line in _table(page))
    if truncated is not None:
        _notice(truncated.shown, truncated.total, truncated.next)


def _json_doc(lines: Sequence[bytes], truncated: bytes) -> Iterator[bytes]:
    """`{"items": [...], "truncated": ...}` laid out like the other commands' --json."""
    yield b'{"items": ['
    for i, line in enumerate(lines):
        yield b"  " + line + (b"," if i + 1 < len(lines) else b"")
    yield b'], "truncated": ' + truncated + b"}"


def _truncated_json(shown: int, total: int, nxt: str) -> bytes:
    import orjson

    return orjson.dumps({"shown": shown, "total": total, "next": nxt})


def _write(lines: Iterator[bytes] | Sequence[bytes]) -> None:
    out = sys.stdout.buffer
    tty = sys.stdout.isatty()
    try:
        if tty:
            for line in lines:
                out.write(line + b"\n")
                out.flush()
        else:
            # One write per ~1000 lines: stdout may be unbuffered (PYTHONUNBUFFERED), and a write
            # per line then costs a system call each.
            batch: list[bytes] = []
            for line in lines:
                batch.append(line)
                if len(batch) >= 1000:
                    out.write(b"\n".join(batch) + b"\n")
                    batch.clear()
            if batch:
                out.write(b"\n".join(batch) + b"\n")
        out.flush()
    except BrokenPipeError:
        # `| head` closed the pipe: stop quietly with status 0 (click's own EPIPE handling would
        # exit 1). Point stdout at devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


def _notice(shown: int, total: int, nxt: str | None) -> None:
    from .io import hint

    hint(f"Showing {shown} of {total}." + (f" Next page: {nxt}" if nxt else ""))


def _table(events: list[dict[str, Any]]) -> Iterator[str]:
    from ..analyze.evutil import shown_label
    from ..render.output import table
    from ..timefmt import format_offset

    rows = []
    for ev in events:
        data = ev.get("data") or {}
        where = ev.get("selector") or data.get("url") or ev.get("url") or ""
        related = ev.get("source") if ev.get("source") != "recording" else "errors"
        pointer = str(related) if ev.get("segmentId") is None else f"{ev['segmentId']}/{ev['frameIndex']}"
        rows.append((format_offset(ev["offsetMs"]), ev["kind"], shown_label(ev), where, pointer))
    return table(rows, ("offset", "kind", "label", "selector/url", "seg/frame"))
