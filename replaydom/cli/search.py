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
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only events of these kinds (comma-separated).")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Only events of these categories (comma-separated).")
    ] = None,
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
    """Search what the user saw, then URLs and messages, then selectors; one hit per user action.

    Ranked like `window --contains`: the visible text, label or accessible name of the element
    acted on first (tier name); then texts a DOM change showed or hid, URLs, console/breadcrumb
    messages, errors and spans (tier message); selectors last (tier selector). The focus, pointer
    and finding events of one click are one hit (its click). Score = quality - 0.1 x tier - 0.01
    x kind preference, so hits of different standing never tie. Each hit is the event (event
    schema) plus `match` {field, snippet, score, tier, quality, folded}; best first. Masked text
    never matches (when nothing matches in a masked replay, a hint says what to search instead).
    No hits is not an error (exit 0).
    """
    from ..errors import UsageError
    from ..model import Truncated
    from ..query.events import CATEGORIES, KINDS, parse_names
    from ..query.search import search
    from ..query.window import AnchorSpec
    from ..render.output import resolve_mode
    from .io import emit_list, hint, open_cli_replay, output_flags

    if not query.strip():
        raise UsageError("empty search text: give the words to look for, e.g. replaydom search ID 'Pay now'")
    kinds = parse_names(kind, KINDS, "kind")
    categories = parse_names(category, CATEGORIES, "category")
    if kinds and categories:
        AnchorSpec(kind=kind, category=category)  # says when they select nothing together
    replay = open_cli_replay(target, no_cache=no_cache)
    hits = search(replay.events(), query, min_score=min_score, kinds=kinds, categories=categories)
    filters = " ".join(
        f for f in (f"--kind {kind}" if kind else "", f"--category {category}" if category else "") if f
    )
    if not hits:
        from ..render.window import masked_note

        meta = replay.index_meta
        clicks = (meta.get("counts") or {}).get("click")
        note = masked_note(meta.get("masked") or {}, replay.target_display, clicks)
        if note:
            hint(f"Hint: {note}")
    page = hits[offset : offset + limit]
    truncated = None
    if offset + len(page) < len(hits):
        score = f" --min-score {min_score}" if min_score != DEFAULT_MIN_SCORE else ""
        pairs = (("--kind", kind), ("--category", category))
        score += "".join(f" {f} {shlex.quote(v)}" for f, v in pairs if v)
        nxt = (
            f"replaydom search {replay.target_display} {shlex.quote(query)}{score} "
            f"--limit {limit} --offset {offset + limit}{output_flags(json_out, jsonl_out, redact, no_cache)}"
        )
        truncated = Truncated(shown=len(page), total=len(hits), next=nxt)
    items = [h.item() for h in page]
    if redact:
        items = [_redact(item) for item in items]
    empty = f"(none): no hits for {query!r}" + (f" with {filters}" if filters else "")
    emit_list(
        items,
        resolve_mode(json_out, jsonl_out),
        truncated=truncated,
        table_lines=lambda rows: _table(rows, empty),
    )


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


def _table(items: Iterable[dict[str, Any]], empty: str) -> Iterator[str]:
    from ..render.output import table
    from ..timefmt import format_offset

    rows = [
        (
            f"{it['match']['score']:.3f}",
            format_offset(it.get("offsetMs")),
            it.get("kind"),
            f"{it['match']['field']} ({it['match'].get('tier', '')})",
            it["match"]["snippet"],
            _where(it),
        )
        for it in items
    ]
    if not rows:
        yield empty
        return
    yield from table(rows, ["score", "time", "kind", "field (tier)", "snippet", "seg/frame"], max_width=80)
