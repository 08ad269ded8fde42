"""`window`'s answer to "what happened next": the window's events as one readable timeline.

Rules (stated in `window --help` and the skill):

- every event is its own entry, except:
- **DOM changes**: consecutive `mutation` events at most `DOM_GAP_MS` apart, with no listed event
  between them, are one entry (`DomChange`) with the texts they added and removed and the live
  regions (toasts, alerts, status lines) they touched; changes further apart are separate entries;
- **noise** (`NOISE_KINDS`: mouse moves and buttons, focus/blur, memory samples, style and
  selection changes) between two listed entries is folded into one counted entry, unless `all_`;
- **scrolls**: a run of at least `MIN_SCROLL_RUN` scroll events with nothing listed between them
  (noise between them is counted in the run) is one entry (`ScrollRun`: count, first and last
  time, first/last/furthest position, the targets), unless `all_`; a lone scroll stays an event;
- **typing into a contenteditable element**: its text arrives as DOM changes, which its `input`
  event already counts (`data.frames`; each change's `data.typedInto`); those changes are folded
  as `typing (DOM)` noise, unless `all_` or `--kind mutation`;
- kinds in `keep` (those `--kind` asked for) are never folded;
- a failed request's entry carries `details`: the error fields of its response body
  (`{"error": ..., "message": ...}`), when the SDK captured it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from ..analyze.evutil import Ev, data, is_typing, offset

DOM_GAP_MS = 300
MIN_SCROLL_RUN = 2
NOISE_KINDS = frozenset({"pointer", "focus", "blur", "memory", "style", "selection"})
MAX_DOM_TEXTS = 12
ERROR_FIELDS = ("error", "message", "detail", "code", "reason", "title", "errors", "status")
_FIELD_MAX = 300


class DomChange(BaseModel):
    """Consecutive DOM mutations (see the module docstring)."""

    fromOffsetMs: int
    toOffsetMs: int
    events: int = Field(description="mutation events in the run")
    adds: int = Field(0, description="entries of the mutations' `adds` lists")
    removes: int = Field(0, description="entries of their `removes` lists: removed roots")
    texts: int = 0
    attributes: int = 0
    nodesAdded: int = Field(0, description="nodes attached, subtrees included (the table's `+N nodes`)")
    nodesRemoved: int = Field(
        0,
        description="nodes detached, subtrees included (the table's `-N nodes`): a removed 20,000-row "
        "table is 1 in `removes` and ~100,000 here",
    )
    addedTexts: list[str] = Field([], description="texts that appeared (full text, bounded count)")
    removedTexts: list[str] = Field([], description="texts that went away")
    live: list[dict[str, Any]] = Field(
        [], description="toasts/alerts/status regions touched (role alert|status, aria-live), text now"
    )
    segmentId: int | None = Field(None, description="the first mutation's pointer")
    frameIndex: int | None = None
    typed: int = Field(
        0, description="changes in it that carried text typed into a contenteditable (listed with --all)"
    )


class ScrollRun(BaseModel):
    """Consecutive scroll events folded into one entry (see the module docstring)."""

    count: int = Field(description="scroll events in the run")
    fromOffsetMs: int
    toOffsetMs: int
    targets: list[str] = Field(description="what scrolled: window, or the element's selector")
    firstY: float | None = Field(None, description="scroll position after the first scroll")
    lastY: float | None = Field(None, description="scroll position after the last scroll")
    maxY: float | None = Field(None, description="the furthest position reached")
    firstX: float | None = None
    lastX: float | None = None
    segmentId: int | None = Field(None, description="the first scroll's pointer")
    frameIndex: int | None = None
    lastSegmentId: int | None = Field(None, description="the last scroll's pointer")
    lastFrameIndex: int | None = None


class Entry(BaseModel):
    """One line of the timeline: an event, a DOM change, a scroll run or folded noise."""

    offsetMs: int
    type: str = Field(description="event, dom, scrolls or folded")
    anchor: bool = Field(False, description="the anchor's action")
    event: dict[str, Any] | None = Field(None, description="the event (event schema), type event")
    dom: DomChange | None = None
    folded: dict[str, int] | None = Field(
        None, description="noise events folded here, by kind (for scrolls: the noise between them)"
    )
    scrolls: ScrollRun | None = Field(None, description="type scrolls: the folded run (--all lists it)")
    details: dict[str, Any] | None = Field(
        None, description="network: error fields of the captured response body"
    )


def build(
    events: Sequence[Ev], anchor_ids: set[int], *, all_: bool = False, keep: frozenset[str] = frozenset()
) -> list[Entry]:
    """The timeline of time-ordered `events`; `anchor_ids` are id() of the anchor action's events.

    `keep`: kinds listed one by one (the kinds `--kind` asked for are never folded)."""
    out: list[Entry] = []
    noise: dict[str, int] = {}
    noise_at: int | None = None
    dom: list[Ev] = []
    scrolls: list[Ev] = []
    inside: dict[str, int] = {}  # noise between the run's scrolls
    fold_typing = not all_ and "mutation" not in keep

    def flush_dom() -> None:
        if dom:
            out.append(_dom_entry(dom))
            dom.clear()

    def flush_noise() -> None:
        nonlocal noise_at
        flush_scrolls()
        if noise and noise_at is not None:
            out.append(Entry(offsetMs=noise_at, type="folded", folded=dict(noise)))
        noise.clear()
        noise_at = None

    def flush_scrolls() -> None:
        if len(scrolls) >= MIN_SCROLL_RUN:
            out.append(_scroll_entry(scrolls, inside))
        elif scrolls:
            out.append(Entry(offsetMs=offset(scrolls[0]), type="event", event=scrolls[0]))
            # A lone scroll's trailing noise stays its own folded line, after it.
        scrolls.clear()
        inside.clear()

    for ev in events:
        kind = str(ev.get("kind"))
        # The anchor action's own focus and pointer events are folded like any others.
        is_anchor = id(ev) in anchor_ids and kind not in NOISE_KINDS
        listed = all_ or is_anchor or kind in keep
        if fold_typing and is_typing(ev):
            kind = TYPING_ECHO
        if kind == "mutation":
            if dom and offset(ev) - offset(dom[-1]) > DOM_GAP_MS:
                flush_dom()
            if not dom:
                flush_noise()
            dom.append(ev)
            continue
        if (kind in NOISE_KINDS and not listed) or kind == TYPING_ECHO:
            if noise_at is None:
                noise_at = offset(ev)
            noise[kind] = noise.get(kind, 0) + 1
            continue
        if kind == "scroll" and not listed:
            flush_dom()
            if scrolls:
                for k, n in noise.items():  # noise between two scrolls of the run
                    inside[k] = inside.get(k, 0) + n
                noise.clear()
                noise_at = None
            else:
                flush_noise()
            scrolls.append(ev)
            continue
        flush_dom()
        flush_noise()
        out.append(
            Entry(offsetMs=offset(ev), type="event", anchor=is_anchor, event=ev, details=error_fields(ev))
        )
    flush_dom()
    flush_noise()
    return out


TYPING_ECHO = "typing (DOM)"


def _scroll_entry(run: list[Ev], inside: dict[str, int]) -> Entry:
    ys = [y for ev in run if isinstance(y := data(ev).get("y"), int | float)]
    xs = [x for ev in run if isinstance(x := data(ev).get("x"), int | float)]
    targets = list(dict.fromkeys(_scroll_target(ev) for ev in run))
    first, last = run[0], run[-1]
    scroll = ScrollRun(
        count=len(run),
        fromOffsetMs=offset(first),
        toOffsetMs=offset(last),
        targets=targets,
        firstY=ys[0] if ys else None,
        lastY=ys[-1] if ys else None,
        maxY=max(ys) if ys else None,
        firstX=xs[0] if xs else None,
        lastX=xs[-1] if xs else None,
        segmentId=first.get("segmentId"),
        frameIndex=first.get("frameIndex"),
        lastSegmentId=last.get("segmentId"),
        lastFrameIndex=last.get("frameIndex"),
    )
    return Entry(offsetMs=offset(first), type="scrolls", scrolls=scroll, folded=dict(inside) or None)


def _scroll_target(ev: Ev) -> str:
    if data(ev).get("target") == "window" or not ev.get("selector"):
        return str(data(ev).get("target") or "window")
    return str(ev.get("selector"))


def _dom_entry(run: list[Ev]) -> Entry:
    totals = {k: sum(_int(data(ev).get(k)) for ev in run) for k in ("adds", "removes", "texts", "attributes")}
    # nodes, subtrees included; an event without the counts (a custom element) has none to add
    totals["nodesAdded"] = sum(_int(data(ev).get("nodesAdded")) for ev in run)
    totals["nodesRemoved"] = sum(_int(data(ev).get("nodesRemoved")) for ev in run)
    added = _texts(t for ev in run for t in data(ev).get("addedTexts") or ())
    removed = _texts(t for ev in run for t in data(ev).get("removedTexts") or ())
    # A text that came and went inside the run is shown on both sides: it was seen.
    live: dict[Any, dict[str, Any]] = {}
    for ev in run:
        for region in data(ev).get("live") or ():
            if isinstance(region, dict):
                live[region.get("nodeId")] = region  # the latest state of each region
    change = DomChange(
        fromOffsetMs=offset(run[0]),
        toOffsetMs=offset(run[-1]),
        events=len(run),
        addedTexts=added,
        removedTexts=removed,
        live=list(live.values()),
        segmentId=run[0].get("segmentId"),
        frameIndex=run[0].get("frameIndex"),
        typed=sum(1 for ev in run if is_typing(ev)),
        **totals,
    )
    return Entry(offsetMs=offset(run[0]), type="dom", dom=change)


def _texts(texts: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for t in texts:
        if isinstance(t, str) and t not in out:
            out.append(t)
            if len(out) >= MAX_DOM_TEXTS:
                break
    return out


def error_fields(ev: Ev) -> dict[str, Any] | None:
    """The error fields of a failed request's captured response body (None when none)."""
    if ev.get("kind") != "network" or not data(ev).get("failed"):
        return None
    response = data(ev).get("response")
    if not isinstance(response, dict):
        return None
    body = response.get("body")
    if isinstance(body, str) and body.lstrip().startswith("{"):
        try:
            body = json.loads(body)
        except ValueError:
            return None
    if not isinstance(body, dict):
        return None
    out = {}
    for key in ERROR_FIELDS:
        value = body.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str | int | float | bool):
            value = json.dumps(value, ensure_ascii=False, default=str)
        out[key] = value[:_FIELD_MAX] if isinstance(value, str) else value
    return out or None


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0
