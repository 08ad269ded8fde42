"""`replaydom dom`: the DOM at an instant (pure Python, no browser), its changes and its history.

Four views, one per flag: `--at T` (the page as the Replayer shows it at T: inert HTML + fidelity),
`--from/--to` (DOM events of a range), `--diff A..B` (nodes added, removed, changed) and
`--history NODE_ID|SELECTOR` (everything that touched one node); the list views are in
`dom_lists.py`. Heavy imports happen inside the command so
`replaydom dom --at` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import UsageError
from ..timefmt import TIME_HELP, TimeSpec, parse_time
from .app import app
from .options import DEFAULT_LIMIT, JsonlOpt, JsonOpt, LimitOpt, NoCacheOpt, OffsetOpt, RedactOpt, TargetArg

if TYPE_CHECKING:
    from ..dom.source import DomSource
    from ..replay import Replay


def _modes(at: str | None, from_: str | None, to: str | None, diff: str | None, history: str | None) -> str:
    chosen = [
        name
        for name, on in (
            ("--at", at is not None),
            ("--diff", diff is not None),
            ("--history", history is not None),
        )
        if on
    ]
    ranged = from_ is not None or to is not None
    if len(chosen) > 1 or (ranged and chosen and chosen != ["--history"]):
        raise UsageError(f"give one view: {' or '.join(chosen + (['--from/--to'] if ranged else []))}")
    if chosen:
        return chosen[0].lstrip("-")
    if ranged:
        return "range"
    raise UsageError("give --at T, --from T --to T, --diff A..B or --history NODE_ID|SELECTOR")


def _check_flags(view: str, options: Any, kind: str | None, jsonl_out: bool, full: bool) -> None:
    """Flags of one view given to another are usage errors, not silently ignored."""
    at_only = [
        flag
        for flag, on in (
            ("--node", options.node is not None),
            ("--depth", options.depth is not None),
            ("--max-nodes", options.max_nodes is not None),
            ("--lens", options.lens is not None),
            ("--html", options.whole),
            ("--all", options.show_all),
        )
        if on
    ]
    if view != "at" and at_only:
        raise UsageError(f"{', '.join(at_only)} only apply to --at")
    if full and view not in ("history", "diff"):
        raise UsageError("--full only applies to --history and --diff")
    if options.css is not None and view == "history":
        raise UsageError("--history takes the selector itself: --history 'SELECTOR' (its first match)")
    if kind is not None and view != "range":
        raise UsageError("--kind only applies to --from/--to")
    if view == "at" and jsonl_out:
        raise UsageError("--jsonl is for the list views (--from/--to, --diff, --history); use --json")


def _diff_times(text: str) -> tuple[TimeSpec, TimeSpec]:
    first, sep, second = text.partition("..")
    if not sep or not first.strip() or not second.strip():
        raise UsageError(f"bad --diff {text!r}: use A..B, e.g. 10s..25s ({TIME_HELP})")
    return parse_time(first), parse_time(second)


def load_source(replay: Replay) -> DomSource:
    """The replay's rrweb frames and start, ready for every view (the DOM store's first build
    reports its progress on stderr: `dom_at.StoreProgress`)."""
    from ..dom.cache import bundle_source
    from .dom_at import StoreProgress

    progress = StoreProgress()
    # Unreadable segments are reported once, by `open_cli_replay` (the same bundle, the same files).
    try:
        source = bundle_source(
            replay.bundle,
            replay.start_ms,
            replay.events(kinds={"navigation", "page"}),
            replay_id=replay.replay_id,
            target_display=replay.target_display,
            progress=progress,
            end_ms=replay.end_ms,
        )
    except BaseException:
        progress.close(built=False)
        raise
    progress.close()
    return source


def stored_source(replay: Replay) -> DomSource | None:
    """The replay's DOM store as a source when it is already built and current, else None: never
    builds it (`struggles` on a replay too big to rebuild reads checkpoints only if they exist)."""
    from ..dom.cache import bundle_source, existing_store

    store = existing_store(replay.bundle)
    if store is None:
        return None
    return bundle_source(
        replay.bundle,
        replay.start_ms,
        replay.events(kinds={"navigation", "page"}),
        replay_id=replay.replay_id,
        target_display=replay.target_display,
        end_ms=replay.end_ms,
        store=store,
    )


@app.command("dom")
def dom_command(
    target: TargetArg,
    at: Annotated[
        str | None, typer.Option("--at", metavar="T", help=f"Rebuild the DOM at T: {TIME_HELP}.")
    ] = None,
    from_: Annotated[str | None, typer.Option("--from", metavar="T", help="Range start (inclusive).")] = None,
    to: Annotated[str | None, typer.Option("--to", metavar="T", help="Range end (inclusive).")] = None,
    diff: Annotated[
        str | None,
        typer.Option(
            "--diff",
            metavar="A..B",
            help="Net change from A to B, and what came and went in between (with lifetimes).",
        ),
    ] = None,
    history: Annotated[
        str | None,
        typer.Option(
            "--history",
            metavar="NODE_ID|SELECTOR",
            help="Every event that touched this rrweb node id, or the first element a CSS selector "
            "matches at the range's start (else its end); a note says how many matched.",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="With --history or --diff: walk the whole range in one go, however long it takes (by "
            "default the walk stops at a fixed budget of replay work, about a second, the same on any "
            "machine, and prints the command that "
            "continues: --from for --history, --diff STOP..B for --diff's transient part).",
        ),
    ] = False,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", metavar="K1,K2", help="With --from/--to: mutation,input,scroll,viewport,dom-snapshot."
        ),
    ] = None,
    node: Annotated[
        int | None, typer.Option("--node", metavar="ID", help="Root the excerpt at this node.")
    ] = None,
    css: Annotated[
        str | None,
        typer.Option(
            "--css",
            metavar="SELECTOR",
            help="--at: root the excerpt at the first match at T (cssMatch: how many match, the next "
            "one). --diff: only changes inside the elements matching at A or at B. --from/--to: only "
            "the changes inside the elements matching at the start or the end (a frame's changes "
            "elsewhere are left out; --json: frameCounts). A stderr line says how many matched.",
        ),
    ] = None,
    depth: Annotated[
        int | None, typer.Option("--depth", metavar="N", min=0, help="Levels shown below the root.")
    ] = None,
    max_nodes: Annotated[
        int | None,
        typer.Option("--max-nodes", metavar="N", min=1, help="Elements shown (default 500; --html: all)."),
    ] = None,
    lens: Annotated[
        str | None,
        typer.Option(
            "--lens", metavar="interactive", help="Only controls, links and ARIA widgets, with labels."
        ),
    ] = None,
    whole: Annotated[
        bool,
        typer.Option(
            "--html",
            help="Print the whole document, or with --node/--css that element's whole subtree "
            "(no element limit, hidden subtrees included).",
        ),
    ] = False,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="With --at: keep subtrees hidden by `hidden`, inline display:none or aria-hidden=true "
            "(left out of the excerpt and counted by default).",
        ),
    ] = False,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Rebuild or inspect the DOM, from the recording alone (no browser).

    --at T prints an inert HTML excerpt (data-rr-id on every element; on* handlers and javascript:
    URLs neutralised; scripts never live) of the DOM as the rrweb Replayer shows it after pause(T),
    leaving out (and counting) subtrees hidden by `hidden`, inline display:none or aria-hidden=true
    unless --all; --json adds the fidelity report (snapshot used, mutations applied, adds dropped, masked and
    blocked content). A table gets one stderr line (written after the excerpt): the instant, the URL
    at T, elements in the page and shown, masked count; when T is exactly a click's offsetMs (from `events` or
    `window`), the clicked element is marked data-rr-clicked="<kind>" and the line names it
    (--json: `elements`, `clicked`). The first `dom` on a replay builds its DOM store (progress on
    stderr when it takes over a second). --from/--to lists DOM events with node ids, selectors and
    text changes, each mutation counted in nodes as --history and window count them (+N -M nodes,
    subtrees included; "(1 removed root)" when a removed subtree is bigger), mutations less than
    100 ms apart numbered as bursts ("burst 2 of 5: 3 frames"); rows past 10 per mutation are
    counted and one stderr line gives the --json command that lists them;
    --diff A..B lists the net change (nodes added, removed, changed from A to B, part "net") and
    what came and went inside the range (part "transient": nodes, text values and shown elements
    that appeared and went again, each with its text, lifetime and appeared/gone pointers;
    subtrees with their size, "(+N nodes)"); over a long range its transient walk stops at a fixed
    budget of replay work (about a second, the same on any machine), says where, and prints the
    `--diff STOP..B` that continues (the net part is always complete; `--full` walks it all).
    --history NODE_ID|SELECTOR lists what touched a node, each row with what its frame changed
    inside it (+N -M nodes, text and attribute edits, a short text sample); on a node touched
    all through a long replay (a section whose table re-renders) the walk stops the same way and
    prints the `--from` that continues. --css SELECTOR scopes --diff and --from/--to to the
    matching elements.
    Exit codes: 2 bad flags, time or CSS selector, 3 no DOM at T (before the page's snapshot),
    unknown node or replay, or a selector that matches nothing.
    """
    from ..dom.at import ViewOptions

    view = _modes(at, from_, to, diff, history)
    options = ViewOptions(
        node=node,
        css=css,
        depth=depth,
        max_nodes=max_nodes,
        lens=lens,
        whole=whole,
        redact=redact,
        show_all=show_all,
    )
    options.check()
    _check_flags(view, options, kind, jsonl_out, full)
    specs = {
        "at": [parse_time(at)] if at is not None else [],
        "diff": list(_diff_times(diff)) if diff is not None else [],
        "from": [parse_time(from_)] if from_ is not None else [],
        "to": [parse_time(to)] if to is not None else [],
    }
    from .io import open_cli_replay

    replay = open_cli_replay(target, no_cache=no_cache)
    source = load_source(replay)
    if view == "at":
        from .dom_at import show_at

        show_at(source, replay, specs["at"][0].to_offset(source.start_ms), options, json_out)
        return
    from .dom_lists import ListFlags, show_list

    flags = ListFlags(at, from_, to, diff, history, kind, css, json_out, jsonl_out, redact, no_cache)
    show_list(view, source, replay, specs, flags, full=full, limit=limit, offset=offset)
