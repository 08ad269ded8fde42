"""`replaydom window`: what happened around a time or a user action, in one answer."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated, Any

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
    from ..query.timeline import Entry
    from ..query.window import WindowResult
    from ..render.output import Mode


@app.command("window")
def window_command(
    target: TargetArg,
    at: Annotated[str | None, typer.Option("--at", help=f"Anchor time: {TIME_HELP}.")] = None,
    contains: Annotated[
        str | None,
        typer.Option(
            "--contains",
            help="Anchor on the user action matching TEXT: its visible text or label first, then "
            "URLs/messages, selector substrings last.",
        ),
    ] = None,
    selector: Annotated[
        str | None, typer.Option("--selector", help="Anchor on an action on this element.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Only these kinds (comma-separated): the anchor and the list."),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", help="Only these categories (comma-separated): anchor and list."),
    ] = None,
    nth: Annotated[
        int, typer.Option("--nth", help="Which matching user action to anchor on (1-based, ranked).")
    ] = 1,
    before: Annotated[
        str | None,
        typer.Option(
            "--before", help="Window start before the anchor.  [default: 3s with a matcher, 10s with --at]"
        ),
    ] = None,
    after: Annotated[str, typer.Option("--after", help="Window end after the anchor.")] = "30s",
    all_events: Annotated[
        bool, typer.Option("--all", help="List pointer, focus/blur and other noise instead of folding it.")
    ] = False,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """What happened around a time (--at) or a user action (--contains/--selector/--kind).

    With a matcher the anchor is the nth match, ranked: what the user saw (visible text, label,
    accessible name, a toast's text) first, then URLs and messages, selector substrings last, then
    time; the focus, pointer and finding events of one click count once, and requests, console
    messages and errors whose URL or message matched count too: the `matches` line says how many
    of each kind matched on which field. With --at the anchor is the last event at or before T
    and the window is centred on T. A window reaching past the replay's end (or before its start)
    is cut there and the `window` line (--json `clamped`) says so.

    The table is a timeline: each DOM change with the texts it showed and hid (toasts, alerts and
    status regions called out), requests with status, duration and the error fields of a captured
    response body, console messages, linked errors, each input's value as recorded (masked stays
    masked; typing into a contenteditable too, its DOM changes folded as `typing (DOM)`), then
    the next user action: a click, tap, input or key, or a navigation no user action caused (a
    reload, Back/Forward, a typed URL, a page load whose click was lost), with why. Mouse moves,
    pointer and focus/blur are folded into one counted line, a run of scrolls into one line with
    its count, first/last time and positions (--all lists them; kinds named by --kind are
    always listed one by one). --kind and
    --category filter the listed events too. --json has the timeline, the grouped events and the
    mutation bursts; --jsonl prints one event per line.
    """
    from ..errors import NotFoundError
    from ..model import Truncated
    from ..query.window import AnchorSpec, window
    from ..render.output import resolve_mode
    from ..timefmt import parse_duration, parse_time
    from .io import open_cli_replay, output_flags

    if before is None:
        before = "10s" if at is not None else "3s"
    before_ms, after_ms = parse_duration(before), parse_duration(after)
    at_spec = parse_time(at) if at is not None else None
    # Validate the anchor flags before touching the cache or the network.
    AnchorSpec(
        at_ms=0 if at_spec else None,
        contains=contains,
        selector=selector,
        kind=kind,
        category=category,
        nth=nth,
    )
    replay = open_cli_replay(target, no_cache=no_cache)
    at_ms = at_spec.to_offset(replay.start_ms) if at_spec else None
    spec = AnchorSpec(
        at_ms=at_ms,
        contains=contains,
        selector=selector,
        kind=kind,
        category=category,
        nth=nth,
        all_events=all_events,
    )
    try:
        end = round(replay.end_ms - replay.start_ms)
        result = window(replay.events(), spec, before_ms, after_ms, limit=limit, skip=offset, end_ms=end)
    except NotFoundError:
        if contains is not None:
            _masked_hint(replay.index_meta, replay.target_display)
        raise
    if redact:
        result = _redact(result)
    if offset + len(result.page) < result.total:
        flags = _flags(at, contains, selector, kind, category, nth, before, after, all_events)
        more = output_flags(json_out, jsonl_out, redact, no_cache)
        page = f"--limit {limit} --offset {offset + limit}"
        nxt = f"replaydom window {replay.target_display} {flags} {page}{more}"
        result.truncated = Truncated(shown=len(result.page), total=result.total, next=nxt)
    _emit(result, resolve_mode(json_out, jsonl_out), _filter_text(kind, category))


def _masked_hint(meta: dict[str, Any], target: str) -> None:
    from ..render.window import masked_note
    from .io import hint

    note = masked_note(meta.get("masked") or {}, target, (meta.get("counts") or {}).get("click"))
    if note:
        hint(f"Hint: {note}")


def _filter_text(kind: str | None, category: str | None) -> str:
    parts = [f"--kind {kind}" if kind else "", f"--category {category}" if category else ""]
    return " ".join(p for p in parts if p)


def _emit(result: WindowResult, mode: Mode, filters: str) -> None:
    from ..render.output import Mode, jsonl
    from ..render.window import window_lines
    from .io import emit_object, hint_truncated, write_lines

    if mode is Mode.JSONL:
        write_lines(jsonl(result.page))
        if result.truncated:
            hint_truncated(result.truncated)
        return
    emit_object(result, mode, table_lines=lambda r: window_lines(r, filters))
    if mode is Mode.TABLE and result.truncated:
        hint_truncated(result.truncated)


def _typed_hidden(entry: Entry) -> Entry:
    """A DOM change entry holding typed text (contenteditable typing) with its texts as lengths."""
    from ..analyze.evutil import redacted_text

    d = entry.dom
    if d is None or not d.typed:
        return entry
    texts = {
        "addedTexts": [redacted_text(t) for t in d.addedTexts],
        "removedTexts": [redacted_text(t) for t in d.removedTexts],
    }
    return entry.model_copy(update={"dom": d.model_copy(update=texts)})


def _redact(result: WindowResult) -> WindowResult:
    from ..analyze.evutil import redacted

    groups = {k: [redacted(ev) for ev in v] for k, v in result.groups.items()}
    timeline = [
        e.model_copy(update={"event": redacted(e.event)}) if e.event is not None else _typed_hidden(e)
        for e in result.timeline
    ]
    nxt = redacted(result.nextAction) if result.nextAction else None
    copy = result.model_copy(
        update={
            "anchor": redacted(result.anchor),
            "groups": groups,
            "timeline": timeline,
            "nextAction": nxt,
        }
    )
    copy.set_page([redacted(ev) for ev in result.page])
    return copy


def _flags(
    at: str | None,
    contains: str | None,
    selector: str | None,
    kind: str | None,
    category: str | None,
    nth: int,
    before: str,
    after: str,
    all_events: bool,
) -> str:
    pairs = [
        ("--at", at),
        ("--contains", contains),
        ("--selector", selector),
        ("--kind", kind),
        ("--category", category),
    ]
    parts = [f"{flag} {shlex.quote(value)}" for flag, value in pairs if value is not None]
    if nth != 1:
        parts.append(f"--nth {nth}")
    if all_events:
        parts.append("--all")
    return " ".join([*parts, f"--before {before}", f"--after {after}"])
