"""`replaydom search`: fuzzy, ranked search over one replay's events."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import typer

from ..query.defaults import DEFAULT_MIN_SCORE
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


@app.command("search")
def search_command(
    target: TargetArg,
    query: Annotated[str, typer.Argument(help="Text to look for (typos tolerated).", show_default=False)],
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Drop hits scoring below this (0-1).")
    ] = DEFAULT_MIN_SCORE,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Search selectors, visible text, URLs, console/breadcrumb messages, errors and spans.

    Each hit is the event (event schema) plus `match` {field, snippet, score}; best first.
    Masked text never matches. No hits is not an error (exit 0).
    """
    from ..model import Truncated
    from ..query.search import search
    from ..render.output import resolve_mode
    from .io import emit_list, open_cli_replay, output_flags

    replay = open_cli_replay(target, no_cache=no_cache)
    hits = search(replay.events(), query, min_score=min_score)
    page = hits[offset : offset + limit]
    truncated = None
    if offset + len(page) < len(hits):
        score = f" --min-score {min_score}" if min_score != DEFAULT_MIN_SCORE else ""
        nxt = (
            f"replaydom search {replay.target_display} {shlex.quote(query)}{score} "
            f"--limit {limit} --offset {offset + limit}{output_flags(json_out, jsonl_out, redact, no_cache)}"
        )
        truncated = Truncated(shown=len(page), total=len(hits), next=nxt)
    items = [h.item() for h in page]
    if redact:
        items = [_redact(item) for item in items]
    emit_list(items, resolve_mode(json_out, jsonl_out), truncated=truncated, table_lines=_table)


def _redact(item: dict[str, Any]) -> dict[str, Any]:
    from ..analyze.evutil import redacted

    match = dict(item["match"])
    if item.get("kind") == "input" and match["field"] == "text":
        match["snippet"] = f"<redacted {len(match['snippet'])} chars>"
    return {**redacted(item), "match": match}


def _where(item: dict[str, Any]) -> str:
    if item.get("source") in ("errors", "logs"):
        return f"{str(item.get('source'))[:-1]} {item.get('eventId')}"
    return f"{item.get('segmentId')}/{item.get('frameIndex')}"


def _table(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    from ..render.output import table
    from ..timefmt import format_offset

    rows = [
        (
            f"{it['match']['score']:.2f}",
            format_offset(it.get("offsetMs")),
            it.get("kind"),
            it["match"]["field"],
            it["match"]["snippet"],
            _where(it),
        )
        for it in items
    ]
    if not rows:
        yield "no hits"
        return
    yield from table(rows, ["score", "time", "kind", "field", "snippet", "seg/frame"], max_width=80)
