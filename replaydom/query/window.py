"""`replaydom window`: an evidence slice around a time or a match, read as "what happened next".

Anchors (`anchor.py`): `at`, the last event at or before T (T itself centres the window); or the
`nth` user action matching `contains` / `selector` / `kinds` / `categories`, ranked by what the
user saw first. What happened around it (`nextstep.py`): the next step, the `found` counts.

`kinds`/`categories` also filter the listed events (with `at` they only filter). The window is
`[centre - before, centre + after]`, both ends inclusive, clamped to the replay (its start, or
its first event if earlier, to its end; `clamped` says what was cut). The answer: `timeline` (see
`timeline.py`: DOM changes with the texts they showed and hid and the live regions they touched,
failed requests with their error fields, console, linked errors; noise folded unless `all_`), the
user's next step after the anchor (`next_step`, searched to the end of the replay: a click, tap,
input or keydown, or a navigation no user action caused: a reload, Back/Forward, a typed URL or
a page load whose click was lost with the page; `nextActionWhy` says which), and, as before, the
events by category (`groups`) with DOM mutations summarised as bursts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from ..analyze.bursts import MutationBurst, mutation_bursts
from ..analyze.evutil import CLICK_VARIANT_KINDS, Ev, offset
from ..model import Truncated
from ..timefmt import format_offset
from .anchor import (
    AnchorMatch,
    AnchorSpec,
    MatchGroup,
    anchor_action,
    find_anchor,
    intersect_message,
    selector_matches,
)
from .nextstep import before_next, found, next_step
from .timeline import Entry, build

__all__ = [
    "DEFAULT_AFTER_MS",
    "DEFAULT_BEFORE_MS",
    "AnchorMatch",
    "AnchorSpec",
    "MatchGroup",
    "WindowResult",
    "before_next",
    "find_anchor",
    "found",
    "intersect_message",
    "next_step",
    "selector_matches",
    "window",
]

DEFAULT_BEFORE_MS = 10_000
DEFAULT_AFTER_MS = 30_000


class WindowResult(BaseModel):
    """`replaydom window --json`."""

    anchor: dict[str, Any] = Field(description="the anchor event")
    anchorRule: str = Field(description="how the anchor was chosen")
    anchorMatch: AnchorMatch | None = Field(None, description="how a --contains/--selector anchor matched")
    fromOffsetMs: int
    toOffsetMs: int
    total: int = Field(description="events in the window (mutations included) after --kind/--category")
    timeline: list[Entry] = Field(
        [], description="this page of the window as entries: events, DOM changes, folded noise"
    )
    replayEndsMs: int | None = Field(
        None, description="the replay's end (offset): a window reaching past it ends there (`clamped`)"
    )
    clamped: str | None = Field(
        None,
        description="why the window is shorter than asked: the part past the replay's end (or before "
        "its start) is cut off; fromOffsetMs/toOffsetMs are what is shown; null when not clamped",
    )
    nextAction: dict[str, Any] | None = Field(
        None,
        description="the user's next step after the anchor's action (searched to the replay's end): "
        "the first click/tap/input/keydown (inputs the page set are skipped), or a navigation no user "
        "action caused (a reload, Back/Forward, a typed URL, or a page load whose click the SDK lost "
        "with the page) if that comes first; `nextActionWhy` says which",
    )
    nextActionWhy: str | None = Field(
        None,
        description="why nextAction is a navigation and not a click (null for a click, tap, input or "
        "keydown, and when there is no next step)",
    )
    groups: dict[str, list[dict[str, Any]]] = Field(
        description="the window's events (this page) by category; mutations are in mutationBursts"
    )
    mutationBursts: list[MutationBurst]
    found: dict[str, int] = Field(
        default_factory=dict,
        description="over the whole window (every page, whatever --kind/--category list): failedRequests "
        "(status >= 400 or no response), consoleErrors, errors, deadClicks (rage clicks included, as "
        "Sentry and `stats` count them), rageClicks, domChanges (the text typed into a "
        "contenteditable excluded: its input event holds it); "
        "zero means none was recorded there",
    )
    foundBeforeNext: dict[str, int] | None = Field(
        None,
        description="`found` over the window up to the next action (exclusive), when that action is "
        "inside the window: what cannot be the reaction to a later click (a dead/rage/slow-click finding "
        "counts at its own click's time, so the next action's finding, stamped a ms before it, is left "
        "out); null when there is none or it is past the window's end (then all of `found` is before it)",
    )
    truncated: Truncated | None = None
    # This page of the window's events, flat and in time order (mutations included): what
    # --jsonl prints. Private, so it is neither in --json (the grouped view) nor in the schema.
    _page: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    @property
    def page(self) -> list[dict[str, Any]]:
        return self._page

    def set_page(self, events: list[dict[str, Any]]) -> None:
        self._page = events


def window(
    events: Sequence[Ev],
    spec: AnchorSpec,
    before_ms: int = DEFAULT_BEFORE_MS,
    after_ms: int = DEFAULT_AFTER_MS,
    *,
    limit: int | None = None,
    skip: int = 0,
    end_ms: int | None = None,
) -> WindowResult:
    """The evidence window of a stream sorted by `offsetMs`.

    `limit`/`skip` page the window's events (mutations included, time order); mutation bursts
    always summarise the whole window. The caller sets `truncated` (it knows the next command).
    `end_ms` is the replay's end as an offset (default: the last event's): the window is clamped
    to the replay, and `clamped` says so.
    """
    anchor, action, match = anchor_action(events, spec)
    centre = spec.at_ms if spec.at_ms is not None else offset(anchor)
    lo, hi, clamped = _clamp(centre - before_ms, centre + after_ms, events, end_ms)
    window_events = [ev for ev in events if lo <= offset(ev) <= hi]
    inside = [ev for ev in window_events if spec.listed(ev)]
    page = inside[skip:] if limit is None else inside[skip : skip + limit]
    groups: dict[str, list[Ev]] = {}
    for ev in page:
        if ev.get("kind") != "mutation":
            groups.setdefault(str(ev.get("category")), []).append(ev)
    anchor_ids = {id(ev) for ev in action} if spec.at_ms is None else set()
    # the next action comes after the anchor's own events (a finding reported later is not one)
    own = [offset(ev) for ev in action if ev.get("kind") not in CLICK_VARIANT_KINDS]
    after = max([centre, *own]) if spec.at_ms is None else centre
    nxt, why = next_step(events, after, {id(ev) for ev in action})
    result = WindowResult(
        anchor=anchor,
        anchorRule=spec.describe(),
        anchorMatch=match,
        fromOffsetMs=lo,
        toOffsetMs=hi,
        replayEndsMs=_end(events, end_ms),
        clamped=clamped,
        total=len(inside),
        timeline=build(page, anchor_ids, all_=spec.all_events, keep=spec.kinds or frozenset()),
        nextAction=nxt,
        nextActionWhy=why,
        groups=groups,
        mutationBursts=mutation_bursts(inside),
        found=found(window_events),  # whatever the filters show: a zero means none was recorded
        foundBeforeNext=(
            found(before_next(window_events, nxt)) if nxt is not None and offset(nxt) <= hi else None
        ),
    )
    result.set_page(list(page))
    return result


def _end(events: Sequence[Ev], end_ms: int | None) -> int:
    last = offset(events[-1]) if events else 0
    return max(last, end_ms) if end_ms is not None else last


def _clamp(lo: int, hi: int, events: Sequence[Ev], end_ms: int | None) -> tuple[int, int, str | None]:
    """The asked window cut to the replay: from its start (0, or its first event if earlier: web
    vitals and linked errors can precede it) to its end."""
    start = min(0, offset(events[0])) if events else 0
    end = max(_end(events, end_ms), start)
    new_lo, new_hi = min(max(lo, start), end), max(min(hi, end), start)
    if (new_lo, new_hi) == (lo, hi):
        return lo, hi, None
    cuts = []
    if new_hi < hi:
        cuts.append(f"the replay ends at {format_offset(end)}")
    if new_lo > lo:
        cuts.append(f"it starts at {format_offset(start)}")
    outside = lo > end or hi < start
    whole = " (the whole window is outside the replay: nothing was recorded there)" if outside else ""
    return new_lo, new_hi, f"asked {format_offset(lo)} .. {format_offset(hi)}; {' and '.join(cuts)}{whole}"
