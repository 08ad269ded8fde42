"""The list views of `replaydom dom` (`--from/--to`, `--diff A..B`, `--history NODE_ID|SELECTOR`):
one core call (`dom.listing`), then the page printed with the truncation stated and the exact
command that continues (a further `--offset`, or past a walk's budget stop the `--from`/`--diff`
that goes on from where the walk stopped)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..timefmt import TimeSpec, check_range, format_offset
from .options import DEFAULT_LIMIT

if TYPE_CHECKING:
    from ..dom.listing import Listing
    from ..dom.source import DomSource
    from ..replay import Replay


def history_target(text: str) -> int | str:
    """`--history` names a node by its rrweb id, or by a CSS selector (its first match)."""
    value = text.strip()
    return int(value) if re.fullmatch(r"-?\d+", value) else value


@dataclass
class ListFlags:
    """The flags a list view was given, as typed: the continuation commands repeat them."""

    at: str | None
    from_: str | None
    to: str | None
    diff: str | None
    history: str | None
    kind: str | None
    css: str | None
    json_out: bool
    jsonl_out: bool
    redact: bool
    no_cache: bool

    def text(self, **changed: Any) -> str:
        values = {**self.__dict__, **changed}
        pairs = [
            ("--at", values["at"]),
            ("--from", values["from_"]),
            ("--to", values["to"]),
            ("--diff", values["diff"]),
            ("--history", values["history"]),
            ("--kind", values["kind"]),
            ("--css", values["css"]),
        ]
        parts = [f"{flag} {shlex.quote(str(value))}" for flag, value in pairs if value is not None]
        parts += [
            flag
            for flag, on in (
                ("--json", values["json_out"]),
                ("--jsonl", values["jsonl_out"]),
                ("--redact", values["redact"]),
                ("--no-cache", values["no_cache"]),
            )
            if on
        ]
        return " ".join(parts)


def show_list(
    view: str,
    source: DomSource,
    replay: Replay,
    specs: dict[str, list[TimeSpec]],
    flags: ListFlags,
    *,
    full: bool,
    limit: int,
    offset: int,
) -> None:
    from .io import hint

    listing = _listing(view, source, replay, specs, flags, full, limit, offset)
    if listing.note:
        hint(listing.note)
    here = flags.text()
    if listing.node is not None:  # `--history SELECTOR`: pages and continuations name the node
        here = flags.text(history=listing.node)
    if listing.resume is None:
        _emit_list(listing.items, view, source, limit, offset, here, flags, total=listing.total)
        return
    if view == "diff":
        assert flags.diff is not None
        b = flags.diff.partition("..")[2].strip()
        there = flags.text(diff=f"{listing.resume}ms..{b}")
    else:
        node = listing.node if listing.node is not None else flags.history
        there = flags.text(from_=f"{listing.resume}ms", history=node)
    _emit_stopped(listing.items, view, source, listing.resume, limit, offset, (here, there), flags)


def _listing(
    view: str,
    source: DomSource,
    replay: Replay,
    specs: dict[str, list[TimeSpec]],
    flags: ListFlags,
    full: bool,
    limit: int,
    offset: int,
) -> Listing:
    from ..dom import listing

    start = source.start_ms
    if view == "diff":
        a, b = (t.to_offset(start) for t in specs["diff"])
        return listing.diff_list(source, a, b, redact=flags.redact, full=full, css=flags.css)
    lo = specs["from"][0].to_offset(start) if specs["from"] else None
    hi = specs["to"][0].to_offset(start) if specs["to"] else None
    check_range(lo, hi, None, None)
    if view == "history":
        assert flags.history is not None
        target = history_target(flags.history)
        return listing.history_list(source, target, replay.events(), lo, hi, full=full, redact=flags.redact)
    return listing.range_page(
        source,
        replay.events(),
        lo,
        hi,
        flags.kind,
        offset=offset,
        limit=limit,
        redact=flags.redact,
        css=flags.css,
    )


def _emit_list(
    items: list[dict[str, Any]],
    view: str,
    source: DomSource,
    limit: int,
    offset: int,
    here: str,
    flags: ListFlags,
    *,
    total: int | None = None,
) -> None:
    """Print one page. `items` is the whole list, or with `total` the page alone (of `total`)."""
    from ..model import Truncated
    from ..render.output import resolve_mode
    from .dom_tables import diff_table, event_table
    from .io import emit_list

    page = items[offset : offset + limit] if total is None else items
    count = len(items) if total is None else total
    truncated = None
    if offset + len(page) < count:
        nxt = f"replaydom dom {source.target_display} {here} --limit {limit} --offset {offset + limit}"
        truncated = Truncated(shown=len(page), total=count, next=nxt)
    table = diff_table if view == "diff" else event_table
    mode = resolve_mode(flags.json_out, flags.jsonl_out)
    emit_list(page, mode, truncated=truncated, table_lines=table)
    _say_left_out(page, view, mode, source, limit, offset, flags)


def _say_left_out(
    page: list[dict[str, Any]],
    view: str,
    mode: Any,
    source: DomSource,
    limit: int,
    offset: int,
    flags: ListFlags,
) -> None:
    """Once per table, on stderr: the node rows it left out and the command whose JSON has them."""
    from ..render.output import Mode
    from .dom_tables import rows_left_out
    from .io import hint

    if view == "diff" or mode is not Mode.TABLE:
        return
    paging = f" --limit {limit}" if limit != DEFAULT_LIMIT else ""
    paging += f" --offset {offset}" if offset else ""
    command = f"replaydom dom {source.target_display} {flags.text(json_out=True)}{paging}"
    said = rows_left_out(page, command)
    if said:
        hint(said)


def _emit_stopped(
    items: list[dict[str, Any]],
    view: str,
    source: DomSource,
    resume: int,
    limit: int,
    offset: int,
    commands: tuple[str, str],
    flags: ListFlags,
) -> None:
    """A walk that stopped at its budget (`--history`, or `--diff`'s transient part): the items
    before `resume`, paged as usual, and the truncation stated with the command that continues.
    Within the walked part the next page is the usual `--offset`; after it, `--from resume`
    (`--history`) or `--diff resume..B` (the total is not known: counting what follows would cost
    the walk itself, so `total` is null)."""
    from ..model import WalkTruncated
    from ..render.output import json_list, resolve_mode
    from .dom_tables import diff_table, event_table
    from .io import emit_list, hint, write_lines

    page = items[offset : offset + limit]
    target = source.target_display
    here, there = commands
    if offset + len(page) < len(items):
        nxt = f"replaydom dom {target} {here} --limit {limit} --offset {offset + limit}"
    else:
        nxt = f"replaydom dom {target} {there}" + (f" --limit {limit}" if limit != DEFAULT_LIMIT else "")
    full = f"replaydom dom {target} {here} --full"
    until = format_offset(resume)
    if flags.json_out:
        truncated = WalkTruncated(shown=len(page), total=None, next=nxt, walkedUntil=until, full=full)
        write_lines(json_list(page, truncated))
        return
    table = diff_table if view == "diff" else event_table
    mode = resolve_mode(flags.json_out, flags.jsonl_out)
    emit_list(page, mode, truncated=None, table_lines=table)
    _say_left_out(page, view, mode, source, limit, offset, flags)
    end = source.ends_at()  # the replay's end, as `stats`, `view` and `dom --at` give it
    ends = f" of {format_offset(end)}" if end is not None else ""
    if view == "diff":
        hint(
            f"Showing {len(page)} item(s): the net change is complete; what came and went is listed up "
            f"to {until}{ends}, where the walk stopped at its fixed budget of replay work (about a "
            f"second; the same stop on any machine). What appeared before {until} and went after it "
            f"is in neither page: the next page's net part shows it removed. Next: {nxt} (or "
            f"everything: {full})"
        )
        return
    hint(
        f"Showing {len(page)} item(s) up to {until}{ends}: the walk stops at a fixed budget of "
        f"replay work (about a second; the same stop on any machine: this node's subtree is rebuilt "
        f"often). Next: {nxt} (or everything: {full})"
    )
