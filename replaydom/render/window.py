"""The `window` table: the anchor, how it matched, the timeline, the next action.

Texts are shown whole up to `TEXT_MAX` characters; a longer one is cut with "…" and the table
says so (`--json` has every text whole).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..analyze.evutil import short_selector, shown_label
from ..model.page import node_counts
from ..query.timeline import Entry
from ..query.window import AnchorMatch, WindowResult
from ..timefmt import format_offset
from .output import kv_lines, table

TEXT_MAX = 100
_CUT_NOTE = "texts cut with … are whole in --json"


def masked_note(masked: dict[str, Any], target: str = "TARGET", clicks: int | None = None) -> str | None:
    """What to search instead when the page text is masked (None when it is not).

    `clicks` (the replay's click count, when known) becomes the `--limit` of the command that
    lists them: `events` pages at 200 by default."""
    if not masked.get("maskAllText") and not masked.get("maskedTextNodes"):
        return None
    limit = f" --limit {clicks}" if clicks else ""
    return (
        "this replay's page text is masked (maskAllText): visible text and labels cannot match. "
        "Search ids and selectors (`#btn-checkout`), URLs (`/api/checkout`) or console/error text "
        f"instead, or list the clicks: `replaydom events {target} --kind click{limit}`."
    )


def window_lines(result: WindowResult, filters: str = "") -> Iterator[str]:
    a = result.anchor
    pairs: list[tuple[str, Any]] = [("anchor", f"{_when(a)}  {a.get('kind')}  {shown_label(a)}  ({_ptr(a)})")]
    m = result.anchorMatch
    if m is not None:
        folded = f"; {m.folded} more events of this action folded" if m.folded else ""
        pairs.append(("matched", f'{m.field} "{_cut(m.text)[0]}" ({m.tier} tier; match #{m.nth}{folded})'))
        pairs.append(("matches", _matches(m)))
    pairs.append(("rule", result.anchorRule))
    pairs.append(
        (
            "window",
            f"{format_offset(result.fromOffsetMs)} .. {format_offset(result.toOffsetMs)}  "
            f"({result.total} events{', ' + filters if filters else ''})"
            + (f"  (clamped: {result.clamped})" if result.clamped else ""),
        )
    )
    pairs.append(("next action", _next(result)))
    if result.found:
        names = {
            "failedRequests": "failed requests",
            "consoleErrors": "console errors",
            "errors": "errors",
            "deadClicks": "dead clicks",
            "rageClicks": "rage clicks",
            "domChanges": "DOM changes",
        }
        pairs.append(("found", " · ".join(f"{names.get(k, k)} {v}" for k, v in result.found.items())))
        if result.nextAction is not None:
            until = format_offset(result.nextAction.get("offsetMs"))
            before = result.foundBeforeNext
            if before is None:  # the next action is past the window: all of it is before
                line = f"same as found (the next action at {until} is after the window's end)"
            elif before == result.found:
                line = f"same as found (nothing found from the next action at {until} to the window's end)"
            else:
                counts = " · ".join(f"{names.get(k, k)} {v}" for k, v in before.items())
                line = f"{counts}  (until the next action at {until})"
            pairs.append(("before next", line))
    yield from kv_lines(pairs)
    yield ""
    if not result.timeline:
        yield f"(none){' with ' + filters if filters else ''}"
        return
    rows: list[tuple[str, str, str, str]] = []
    cut = False
    for entry in result.timeline:
        for row, was_cut in _rows(entry):
            rows.append(row)
            cut = cut or was_cut
    yield from table(rows, ["time", "kind", "what", "seg/frame"], max_width=TEXT_MAX + 60)
    if cut:
        yield ""
        yield _CUT_NOTE


def _rows(entry: Entry) -> Iterator[tuple[tuple[str, str, str, str], bool]]:
    mark = "▶ " if entry.anchor else "  "
    when = mark + format_offset(entry.offsetMs)
    if entry.type == "folded" and entry.folded:
        n = sum(entry.folded.values())
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(entry.folded.items(), key=lambda kv: -kv[1]))
        yield (when, "…", f"{n} folded: {kinds} (--all lists them)", ""), False
        return
    if entry.type == "scrolls" and entry.scrolls is not None:
        yield (when, "scroll", scroll_line(entry), f"{_sptr(entry)}"), False
        return
    if entry.type == "dom" and entry.dom is not None:
        d = entry.dom
        span = "" if d.toOffsetMs == d.fromOffsetMs else f" over {d.toOffsetMs - d.fromOffsetMs} ms"
        counts = node_counts(d.nodesAdded, d.nodesRemoved, d.removes)
        events = f"{d.events} mutation{'s' if d.events != 1 else ''}"
        head = f"DOM {counts}, {d.texts:,} text, {d.attributes:,} attr ({events}{span})"
        yield (when, "dom", head, f"{d.segmentId}/{d.frameIndex}"), False
        for region in d.live:
            role = region.get("role") or f"aria-live={region.get('ariaLive')}"
            text, cut = _cut(region.get("text") or "")
            hidden = " (hidden)" if region.get("hidden") else ""
            where = short_selector(region.get("selector"))
            shown = text if text.startswith("<masked") else f'"{text}"'
            yield ("", "", f"  [{role}]{hidden} {shown}  {where}", ""), cut
        for label, texts in (("+ shown", d.addedTexts), ("- gone", d.removedTexts)):
            for t in texts:
                text, cut = _cut(t)
                shown = text if text.startswith("<masked") else f'"{text}"'
                yield ("", "", f"  {label} {shown}", ""), cut
        return
    ev = entry.event or {}
    what = shown_label(ev)
    yield (when, str(ev.get("kind")), what, _ptr(ev)), False
    for key, value in (entry.details or {}).items():
        text, cut = _cut(str(value))
        yield ("", "", f"  {key}: {text}", ""), cut
    value = value_line(ev) if ev.get("kind") == "input" else None
    if value is not None:
        text, cut = _cut(value)
        yield ("", "", f"  value: {text}", ""), cut
    frame = (ev.get("data") or {}).get("frame")
    if isinstance(frame, dict) and ev.get("kind") == "click":
        url = f" ({frame.get('url')})" if frame.get("url") else ""
        note = "not watched by Sentry's dead/rage click detection (no ui.click in iframes)"
        yield ("", "", f"  in {frame.get('selector')}{url}: {note}", ""), False


def value_line(ev: dict[str, Any]) -> str | None:
    """An input's value as recorded: `"Sam Rivera" (10 chars over 0.8 s)`, `masked (8 chars)`, the
    `--redact` marker; None for check boxes and radios (the label says it) or no recorded value.
    Line breaks show as ⏎."""
    d = ev.get("data") or {}
    if d.get("inputType") in ("checkbox", "radio"):
        return None
    length, text = d.get("textLength"), d.get("text")
    first, last = ev.get("offsetMs"), d.get("lastOffsetMs")
    took = ""
    if isinstance(first, int) and isinstance(last, int | float) and last > first:
        took = f" over {(last - first) / 1000:.1f} s"
    if d.get("masked"):
        return f"masked ({length} chars{took})"
    if not isinstance(text, str):
        return None
    if text.startswith("<redacted "):
        return text
    return f'"{text.replace(chr(10), "⏎")}" ({len(text)} chars{took})'


def scroll_line(entry: Entry) -> str:
    """`26 scrolls of window over 6.5 s to 00:35.757: y 250 -> 0 (furthest 8500); ...`."""
    run = entry.scrolls
    assert run is not None
    where = ", ".join(short_selector(t) or t for t in run.targets)
    span = f"over {(run.toOffsetMs - run.fromOffsetMs) / 1000:.1f} s to {format_offset(run.toOffsetMs)}"
    moved = ""
    if run.firstY is not None and run.lastY is not None:
        furthest = f" (furthest {_num(run.maxY)})" if run.maxY not in (run.firstY, run.lastY) else ""
        moved = f": y {_num(run.firstY)} -> {_num(run.lastY)}{furthest}"
    inside = ""
    if entry.folded:
        inside = "; " + ", ".join(f"{v} {k}" for k, v in sorted(entry.folded.items(), key=lambda kv: -kv[1]))
    return f"{run.count} scrolls of {where} {span}{moved}{inside} (--all lists them)"


def _num(value: float | None) -> str:
    return "-" if value is None else (str(int(value)) if float(value).is_integer() else f"{value:.1f}")


def _sptr(entry: Entry) -> str:
    run = entry.scrolls
    assert run is not None
    return f"{run.segmentId}/{run.frameIndex}..{run.lastSegmentId}/{run.lastFrameIndex}"


GROUPS_SHOWN = 6


def _matches(m: AnchorMatch) -> str:
    """`18 in all: 6 click on text (name tier, from #1), 6 network on networkUrl (message tier...`."""
    parts = [
        f"{g.count} {g.kind} on {g.field} ({g.tier} tier, from #{g.first})"
        for g in m.matchedBy[:GROUPS_SHOWN]
    ]
    more = len(m.matchedBy) - GROUPS_SHOWN
    if more > 0:
        parts.append(f"{more} more groups in --json")
    nxt = "; --nth N picks another" if m.matches > 1 else ""
    return f"{m.matches} in all: " + ", ".join(parts) + nxt


def _next(result: WindowResult) -> str:
    nxt = result.nextAction
    if not nxt:
        return "(none until the replay ends)"
    delta = int(nxt.get("offsetMs") or 0) - int(result.anchor.get("offsetMs") or 0)
    line = f"{_when(nxt)}  {nxt.get('kind')}  {shown_label(nxt)}  (+{delta / 1000:.1f} s; {_ptr(nxt)})"
    return f"{line}  [{result.nextActionWhy}]" if result.nextActionWhy else line


def _when(ev: dict[str, Any]) -> str:
    return format_offset(ev.get("offsetMs"))


def _ptr(ev: dict[str, Any]) -> str:
    if ev.get("segmentId") is None:  # related data (errors, logs): its id is the pointer
        kind = {"errors": "error", "logs": "log"}.get(str(ev.get("source")), str(ev.get("source")))
        return f"{kind} {ev.get('eventId')}"
    return f"{ev.get('segmentId')}/{ev.get('frameIndex')}"


def _cut(text: str) -> tuple[str, bool]:
    text = " ".join(text.split())
    if "*" in text and not text.replace("*", "").strip():
        return f"<masked: {len(text)} chars>", False
    return (text, False) if len(text) <= TEXT_MAX else (text[: TEXT_MAX - 1] + "…", True)
