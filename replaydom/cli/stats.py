"""`replaydom stats`: deterministic orientation over one replay."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from ..analyze.defaults import DEFAULT_TOP
from .app import app
from .options import JsonOpt, NoCacheOpt, TargetArg

if TYPE_CHECKING:
    from ..analyze.bursts import RepeatedBurst
    from ..analyze.keyactions import KeyAction
    from ..analyze.pace import ActionRef
    from ..analyze.stats import RequestRow, Stats


@app.command("stats")
def stats_command(
    target: TargetArg,
    idle: Annotated[
        str, typer.Option("--idle", help="Idle rule: a gap without interaction this long.")
    ] = "5s",
    top: Annotated[int, typer.Option("--top", min=1, help="Rows in each top list.")] = DEFAULT_TOP,
    json_out: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Duration, routes, active vs idle time, top clicks, slow and failed requests, console counts,
    dead/rage clicks (equal to Sentry's counts), mutation bursts, web vitals, masking.

    What it counts it names: each dead, rage, slow and multi click (element, time, seg/frame, the
    `window --at` that shows it) and each console error or error event message (times, first
    pointer), up to --top rows with the command that lists the rest. Requests read one way
    (`GET /api/x`, `script /static/app.js`; host kept for another origin; the full URL in --json).

    Also where the time went inside a page: time per field (typing and focus time) and the longest
    pauses between actions under the idle threshold; and key actions: clicks/keys followed within
    5 s by a POST/PUT/PATCH/DELETE, a navigation or a form the page handled, even if clicked once.
    """
    from ..analyze.stats import compute_stats
    from ..render.output import resolve_mode
    from ..timefmt import parse_duration
    from .io import emit_object, open_cli_replay

    idle_ms = parse_duration(idle)
    replay = open_cli_replay(target, no_cache=no_cache)
    stats = compute_stats(
        replay.events(),
        replay.details,
        replay.start_ms,
        replay.end_ms,
        replay.bundle.segment_count(),
        idle_ms=idle_ms,
        top=top,
        masking=replay.index_meta.get("masked"),
        skipped=replay.index_meta.get("skipped"),
    )
    display = replay.target_display
    emit_object(stats, resolve_mode(json_out, False), table_lines=lambda st: _table(st, display))


ROUTE_ROWS = 12


def _table(s: Stats, target: str = "TARGET") -> Iterator[str]:
    from ..render.output import kv_lines
    from ..timefmt import format_offset

    a, c = s.activity, s.clicks
    sentry = "" if c.matchesSentry is None else f" (Sentry: {c.sentryDead} dead, {c.sentryRage} rage)"
    yield from kv_lines(
        [
            ("replay", s.replayId),
            ("time", f"{s.startedAt} .. {s.finishedAt}  ({format_offset(s.durationMs)})"),
            ("segments / events", f"{s.segmentCount} / {s.eventCount}"),
            ("active / idle", f"{format_offset(a.activeMs)} / {format_offset(a.idleMs)}"),
            ("idle rule", a.idleRule),
            (
                "clicks",
                f"{c.clicks} clicks, {c.dead} dead, {c.rage} rage, {c.slow} slow, {c.multi} multi{sentry}",
            ),
            ("console", f"{s.console.get('errors', 0)} errors, {s.console.get('warnings', 0)} warnings"),
            ("errors", f"{s.errors} error events, {s.hydrationErrors} hydration errors"),
        ]
    )
    yield from _click_findings(s)
    yield from _error_messages(s)
    yield from _section(
        "time per route (summed over visits)",
        ["time", "share", "visits", "route"],
        [
            (format_offset(r.durationMs), _share(r.durationMs, s.durationMs), r.visits, r.route)
            for r in s.timePerRoute
        ],
    )
    yield from _section(
        "longest idle gaps",
        ["from", "to", "idle", "after"],
        [
            (
                format_offset(g.fromOffsetMs),
                format_offset(g.toOffsetMs),
                format_offset(g.durationMs),
                _after(g.actionBefore),
            )
            for g in a.longestIdle
        ],
    )
    shown = s.routes[:ROUTE_ROWS]
    yield from _section(
        "route visits",
        ["enter", "leave", "time", "route"],
        [
            (
                format_offset(v.enterOffsetMs),
                format_offset(v.leaveOffsetMs),
                format_offset(v.durationMs),
                v.route,
            )
            for v in shown
        ],
    )
    if len(s.routes) > len(shown):
        yield f"  (first {len(shown)} of {len(s.routes)} visits; `replaydom stats {target} --json` lists all)"
    yield from _key_actions(s, target)
    yield from _pace(s, target)
    yield from _section(
        "most clicked",
        ["count", "element", "text"],
        [(x.count, x.name, x.text or ("(text masked)" if x.masked else "")) for x in s.topClickedSelectors],
    )
    yield from _section(
        "slowest requests",
        ["time", "ms", "status", "request"],
        [(format_offset(r.offsetMs), r.durationMs, r.status, r.request) for r in s.slowestRequests],
    )
    yield from _failed(s, target)
    yield from _section(
        "largest mutation bursts",
        ["time", "changes", "nodes", "events", "targets", "repeats"],
        [
            (
                format_offset(b.fromOffsetMs),
                b.changes,
                f"+{b.nodesAdded:,} -{b.nodesRemoved:,}",
                b.events,
                ", ".join(map(str, b.targets)),
                _repeats(b),
            )
            for b in s.mutationBursts
        ],
    )
    yield from _section(
        "web vitals",
        ["time", "name", "value", "rating", "element"],
        [
            (
                format_offset(v.offsetMs),
                v.name,
                _vital_value(v.name, v.value),
                (v.rating or "") + ("  POOR" if v.poor else ""),
                _element(v.selector),
            )
            for v in s.webVitals
        ],
    )
    yield from _section("capture", ["note"], [(n,) for n in s.capture.notes], max_width=400)


PACE_ROWS = 5


def _failed(s: Stats, target: str) -> Iterator[str]:
    """Failed requests, one row per request and failure (repeats counted, first and last time)."""
    from ..timefmt import format_offset

    groups: dict[tuple[str | None, str], list[RequestRow]] = {}
    for r in s.failedRequests:
        groups.setdefault((r.failure, r.request), []).append(r)
    rows = list(groups.items())
    yield from _section(
        "failed requests (identical ones counted)",
        ["first", "last", "times", "failure", "request", "seg/frame"],
        [
            (
                format_offset(g[0].offsetMs),
                format_offset(g[-1].offsetMs) if len(g) > 1 else "",
                len(g),
                failure,
                request,
                f"{g[0].segmentId}/{g[0].frameIndex}",
            )
            for (failure, request), g in rows[:ROUTE_ROWS]
        ],
    )
    if len(rows) > ROUTE_ROWS:
        shown = f"first {ROUTE_ROWS} of {len(rows)} requests"
        yield f"  ({shown}; `replaydom stats {target} --json` lists all {len(s.failedRequests)})"


def _error_messages(s: Stats) -> Iterator[str]:
    """The console errors and error events the header counts, by message."""
    from ..timefmt import format_offset

    e = s.errorMessages
    if not e.items:
        return
    yield from _section(
        "console errors and error events (by message)",
        ["first", "last", "times", "kind", "message", "seg/frame"],
        [
            (
                format_offset(m.firstOffsetMs),
                format_offset(m.lastOffsetMs) if m.count > 1 else "",
                m.count,
                m.kind,
                m.message,
                f"{m.segmentId}/{m.frameIndex}" if m.segmentId is not None else f"event {m.eventId}",
            )
            for m in e.items
        ],
        max_width=80,
    )
    if e.truncated is not None:
        yield f"  (first {e.truncated.shown} of {e.truncated.total} messages; all: `{e.truncated.next}`)"


def _click_findings(s: Stats) -> Iterator[str]:
    """The dead/rage/slow/multi clicks the `clicks` line counts, named (`--json` has the same rows)."""
    from ..timefmt import format_offset

    f = s.frustrationClicks
    if not f.items:
        return
    yield from _section(
        "dead, rage, slow and multi clicks (Sentry's findings; a rage click is counted dead too)",
        ["time", "kind", "clicks", "element", "text", "seg/frame"],
        [
            (
                format_offset(c.offsetMs),
                c.kind,
                "" if c.clickCount is None else c.clickCount,
                c.name,
                c.text or ("(text masked)" if c.masked else ""),
                f"{c.segmentId}/{c.frameIndex}",
            )
            for c in f.items
        ],
        max_width=60,
    )
    if f.truncated is not None:
        yield f"  (first {f.truncated.shown} of {f.truncated.total}; all: `{f.truncated.next}`)"
    yield f"  (what happened around one: `{f.items[0].show}`, with its time)"


def _pace(s: Stats, target: str) -> Iterator[str]:
    """Time per field and the longest pauses: a few lines; `--json` has every field."""
    from ..timefmt import format_offset

    fields = s.timePerField[:PACE_ROWS]
    yield from _section(
        "time per field (typing: first to last keystroke per burst; focus: focus to blur)",
        ["typing", "focus", "inputs", "first", "field"],
        [
            (
                format_offset(f.typingMs),
                "-" if f.focusMs is None else format_offset(f.focusMs),
                f.inputs,
                format_offset(f.firstOffsetMs),
                f"{f.name} ({f.segmentId}/{f.frameIndex})",
            )
            for f in fields
        ],
    )
    if len(s.timePerField) > len(fields):
        more = f"{len(fields)} of {len(s.timePerField)} fields"
        yield f"  (first {more}; `replaydom stats {target} --json` lists all)"
    gaps = s.longestPauses[:PACE_ROWS]
    yield from _section(
        "longest pauses between actions (under the idle threshold)",
        ["pause", "from", "after", "then"],
        [
            (
                format_offset(p.durationMs),
                format_offset(p.fromOffsetMs),
                f"{p.before.label} ({p.before.segmentId}/{p.before.frameIndex})",
                f"{p.after.label} at {format_offset(p.after.offsetMs)} "
                f"({p.after.segmentId}/{p.after.frameIndex})",
            )
            for p in gaps
        ],
        max_width=70,
    )
    if len(s.longestPauses) > len(gaps):
        n = len(s.longestPauses)
        yield f"  (first {len(gaps)} of {n}; `replaydom stats {target} --json` lists {n}, --top N more)"


def _key_actions(s: Stats, target: str) -> Iterator[str]:
    """Clicks/keys that made something happen, even once (`--json` has every occurrence)."""
    from ..timefmt import format_offset

    rows = s.keyActions[:ROUTE_ROWS]
    yield from _section(
        "key actions (followed within 5 s by a POST/PUT/PATCH/DELETE, a navigation or a handled form)",
        ["first", "times", "element", "text", "then", "seg/frame"],
        [
            (
                format_offset(k.firstOffsetMs),
                k.count,
                k.name,
                k.text or ("(text masked)" if _masked(k) else ""),
                k.summary,
                f"{k.occurrences[0].segmentId}/{k.occurrences[0].frameIndex}",
            )
            for k in rows
        ],
        max_width=60,
    )
    if len(s.keyActions) > len(rows):
        yield f"  (first {len(rows)} of {len(s.keyActions)}; `replaydom stats {target} --json` lists all)"


def _masked(k: KeyAction) -> bool:
    """The element's text was masked (its label names it by selector, "(text masked)")."""
    return bool(k.occurrences) and "(text masked)" in k.occurrences[0].label


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole > 0 else ""


def _after(a: ActionRef | None) -> str:
    if a is None:
        return "(replay start)"
    from ..timefmt import format_offset

    return f"{a.label} at {format_offset(a.offsetMs)} ({a.segmentId}/{a.frameIndex})"


def _element(selector: str | None) -> str:
    """The element's short name, with its parent when the name alone is a bare tag (`p`)."""
    from ..analyze.evutil import short_selector

    steps = [c for c in (selector or "").split(" > ") if c.strip()]
    if not steps:
        return ""
    name = short_selector(steps[-1])
    if len(steps) > 1 and not any(c in name for c in "#."):
        name = f"{short_selector(steps[-2])} > {name}"
    return name


def _vital_value(name: str, value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:.3f}" if name == "CLS" else f"{value:.0f} ms"


def _section(
    title: str, headers: list[str], rows: list[tuple[object, ...]], max_width: int = 90
) -> Iterator[str]:
    from ..render.output import table

    yield ""
    yield f"[{title}]"
    if not rows:
        yield "  (none)"
        return
    yield from ("  " + line for line in table(rows, headers, max_width=max_width))


def _repeats(b: RepeatedBurst) -> str:
    """`x23 to 59:28.801 (the largest: 100016 changes at 12:04.801)`: a re-rendered view is one
    row, its first time; the repeat that gathered the most changes (with the small mutations that
    fell into its burst) is named by its time."""
    from ..timefmt import format_offset

    if b.repeats == 1:
        return ""
    most = (
        f" (the largest: {b.maxChanges} changes at {format_offset(b.maxChangesOffsetMs)})"
        if b.maxChanges != b.changes
        else ""
    )
    return f"x{b.repeats} to {format_offset(b.lastOffsetMs)}{most}"
