"""`replaydom snapshot`: the page as the real rrweb Replayer shows it at an instant (optional player).

A thin skin over `player.Player`: resolve the replay, hand its frames and replay start to one
headless Chromium, render each `--at`, write `snapshot-<offsetMs>.html` (and `.png` with `--render`)
into a private directory. The player is imported only here, lazily, so the core never needs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..timefmt import TIME_HELP
from .app import app
from .options import JsonOpt, TargetArg

if TYPE_CHECKING:
    from player import Player, RenderResult  # mypy reads the player under its source name

    from ..timefmt import TimeSpec

POINTER_FIELDS = ("segmentId", "frameIndex", "offsetMs", "timestamp", "kind", "label")


def last_event_at(events: Sequence[dict[str, Any]], offset_ms: int) -> dict[str, Any] | None:
    """Evidence pointer of the last event at or before `offset_ms` (ties: the later one listed)."""
    best: dict[str, Any] | None = None
    for event in events:
        at = event.get("offsetMs")
        if isinstance(at, int) and at <= offset_ms and (best is None or at >= best["offsetMs"]):
            best = event
    return {k: best.get(k) for k in POINTER_FIELDS} if best else None


def write_snapshot(result: RenderResult, out_dir: Path) -> tuple[Path | None, Path | None]:
    """Write the HTML (and PNG) of one render; files are 0600 and replaced atomically."""
    from ..store.fsutil import write_bytes

    html_path = png_path = None
    if result.html is not None:
        html_path = out_dir / f"snapshot-{result.offset_ms}.html"
        write_bytes(html_path, result.html.encode())
    if result.png is not None:
        png_path = out_dir / f"snapshot-{result.offset_ms}.png"
        write_bytes(png_path, result.png)
    return html_path, png_path


def snapshot_items(
    player: Player,
    offsets: Sequence[int],
    out_dir: Path,
    *,
    render: bool,
    css: str | None,
    events: Sequence[dict[str, Any]],
    replay_id: str,
    start_ms: float,
) -> Iterator[dict[str, Any]]:
    """Render each offset with a loaded `player`, write its files and yield one item per offset."""
    from ..timefmt import iso_ms

    for offset in offsets:
        result = player.render(offset, screenshot=render, css=css)
        html_path, png_path = write_snapshot(result, out_dir)
        yield {
            "replayId": replay_id,
            "offsetMs": offset,
            "timestamp": iso_ms(start_ms + offset),
            "hasDocument": result.has_document,
            "note": result.note,
            "html": str(html_path) if html_path else None,
            "png": str(png_path) if png_path else None,
            "viewport": asdict(result.viewport) if result.viewport else None,
            "css": css,
            "requestsBlocked": result.requests_blocked,
            "pointer": last_event_at(events, offset),
        }


def _table_lines(items: list[dict[str, Any]]) -> Iterator[str]:
    from ..render.output import table
    from ..timefmt import format_offset

    rows = []
    for item in items:
        size = item["viewport"]
        rows.append(
            (
                format_offset(item["offsetMs"]),
                f"{size['width']}x{size['height']}" if size else "-",
                item["html"] or f"(no document: {item['note']})",
                item["png"] or "",
            )
        )
    return table(rows, ("at", "viewport", "html", "png"), max_width=100)


def _parse_times(values: list[str]) -> list[TimeSpec]:
    from ..errors import UsageError
    from ..timefmt import parse_time

    if not values:
        raise UsageError(f"give at least one --at ({TIME_HELP})")
    return [parse_time(v) for v in values]


@app.command("snapshot")
def snapshot_command(
    target: TargetArg,
    at: Annotated[
        list[str] | None,
        typer.Option("--at", metavar="T", help=f"Instant to render, repeatable: {TIME_HELP}."),
    ] = None,
    findings: Annotated[
        bool,
        typer.Option(
            "--findings",
            help="Also render the first evidence event of each `struggles` finding.",
        ),
    ] = False,
    render: Annotated[
        bool, typer.Option("--render", help="Also write a PNG of the replay viewport.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help="Output directory (default ./replaydom-snapshots/<replayId>/)."
        ),
    ] = None,
    css: Annotated[
        str | None,
        typer.Option(
            "--css", metavar="SELECTOR", help="Limit HTML and PNG to the first element matching SELECTOR."
        ),
    ] = None,
    as_json: JsonOpt = False,
    chromium: Annotated[
        str | None,
        typer.Option("--chromium", metavar="PATH", help="Chromium executable (default $REPLAYDOM_CHROMIUM)."),
    ] = None,
) -> None:
    """Write the DOM (and with --render a PNG) at each --at, as the rrweb Replayer shows it.

    Runs the real Replayer in a headless Chromium cut off from the network; recorded scripts never
    run. HTML files are inert: on* handlers become data-rr-on*, javascript: URLs are neutralised,
    and every recorded element carries data-rr-id. Needs the optional player (exit 7 when missing).
    """
    if TYPE_CHECKING:  # mypy reads the player from the repository's player/ (its source name)
        from player import Player
    else:
        from replaydom.player import Player

    from ..render.output import Mode, json_list, resolve_mode
    from ..store.fsutil import private_dir
    from ..timefmt import format_offset
    from .io import hint, open_cli_replay, write_lines

    times = _parse_times(at or []) if at or not findings else []
    replay = open_cli_replay(target)
    # Streamed to the player (never held whole), and only as far as the last instant asked for.
    frames = (f for _, segment in replay.iter_segments() for f in segment)
    start_ms = replay.start_ms
    offsets = [t.to_offset(start_ms) for t in times]
    titles: dict[int, str] = {}
    if findings:
        titles = finding_offsets(replay)
        offsets += [o for o in titles if o not in offsets]
    # Absolute, so the printed paths work from wherever the caller reads them.
    out_dir = private_dir((out or Path("replaydom-snapshots") / replay.replay_id).absolute())
    with Player(chromium) as player:
        player.load(frames, start_ms, until_ms=start_ms + max(offsets) if offsets else None)
        items = list(
            snapshot_items(
                player,
                offsets,
                out_dir,
                render=render,
                css=css,
                events=replay.events(),
                replay_id=replay.replay_id,
                start_ms=start_ms,
            )
        )
    for item in items:
        if titles:
            item["finding"] = titles.get(item["offsetMs"])
        if not item["hasDocument"]:
            hint(f"at {format_offset(item['offsetMs'])}: {item['note']}")
    mode = resolve_mode(as_json, False)
    write_lines(json_list(items, None) if mode is Mode.JSON else _table_lines(items))


def finding_offsets(replay: Any) -> dict[int, str]:
    """Offset of the first evidence event of each `struggles` finding -> the finding's title."""
    from ..analyze.struggles import find_struggles
    from .dom import load_source, stored_source

    out: dict[int, str] = {}
    found = find_struggles(
        replay.events(),
        target=replay.target_display,
        details=replay.details,
        dom=lambda: load_source(replay),
        stored=lambda: stored_source(replay),
    )
    for finding in found:
        timed = [e for e in finding.evidence if isinstance(e.get("offsetMs"), int)]
        if timed:
            first = min(timed, key=lambda e: e["offsetMs"])
            out.setdefault(first["offsetMs"], finding.finding)
    return out
