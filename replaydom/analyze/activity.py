"""Where the user was and when they were active, for `stats` (rules in `stats.py`'s docstring).

- routes: a visit starts at a navigation event to a new route (URL path) and ends at the next one,
  or at replay end; before the first navigation the first event's page URL is in effect;
- idle: every gap of at least `idle_ms` between consecutive user interactions, each gap naming the
  last user action before it; active = duration - idle.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from .defaults import DEFAULT_TOP
from .evutil import Ev, data, end_offset, offset, route
from .pace import ActionRef, action_ref

DEFAULT_IDLE_MS = 5000
_ACTIVE_KINDS = frozenset({"click", "tap", "input", "keydown", "scroll", "pointer", "selection"})


class RouteVisit(BaseModel):
    route: str
    url: str | None
    enterOffsetMs: int
    leaveOffsetMs: int
    durationMs: int


class RouteTime(BaseModel):
    route: str
    durationMs: int
    visits: int


class Span(BaseModel):
    fromOffsetMs: int
    toOffsetMs: int
    durationMs: int
    actionBefore: ActionRef | None = Field(
        None,
        description="the last user action (click, tap, input, keydown, scroll, selection) before "
        "the gap; null when none came before it",
    )


class Activity(BaseModel):
    activeMs: int
    idleMs: int
    idleRule: str
    longestIdle: list[Span] = Field(description="the longest idle gaps, longest first")


def route_visits(events: Sequence[Ev], duration: int) -> list[RouteVisit]:
    """Visits per route (see the module docstring), in time order."""
    changes: list[tuple[int, str | None]] = []
    first_url = next((ev.get("url") for ev in events if ev.get("url")), None)
    if first_url:
        changes.append((0, first_url))
    for ev in events:
        if ev.get("kind") != "navigation":
            continue
        url = data(ev).get("toUrl") or ev.get("url")
        if url and (not changes or route(url) != route(changes[-1][1])):
            changes.append((max(0, offset(ev)), url))
    visits = []
    for i, (start, url) in enumerate(changes):
        end = changes[i + 1][0] if i + 1 < len(changes) else max(duration, start)
        visits.append(
            RouteVisit(
                route=route(url), url=url, enterOffsetMs=start, leaveOffsetMs=end, durationMs=end - start
            )
        )
    # A navigation at offset 0 replaces the first URL's zero-length visit.
    return [v for v in visits if v.durationMs > 0 or v is visits[-1]]


def activity(events: Sequence[Ev], duration: int, idle_ms: int, top: int = DEFAULT_TOP) -> Activity:
    """Active vs idle time by the rule in the module docstring."""
    # Each interaction covers [its time, its end] (a typing burst: first to last keystroke).
    spans = sorted(
        (min(max(offset(ev), 0), duration), min(max(end_offset(ev) or offset(ev), 0), duration), i)
        for i, ev in enumerate(events)
        if ev.get("kind") in _ACTIVE_KINDS and not data(ev).get("setByPage")
    )
    gaps: list[Span] = []
    covered = 0  # end of the active time so far
    last_action = None  # the last click/tap/input/keydown/scroll so far (moves are not actions)
    for start, end, i in [*spans, (duration, duration, None)]:
        if start - covered >= idle_ms:
            before = action_ref(events[last_action]) if last_action is not None else None
            gaps.append(
                Span(fromOffsetMs=covered, toOffsetMs=start, durationMs=start - covered, actionBefore=before)
            )
        if i is not None:
            covered = max(covered, end)
            if events[i].get("kind") != "pointer":
                last_action = i
    idle = sum(g.durationMs for g in gaps)
    rule = (
        f"idle = every gap of at least {idle_ms} ms between consecutive user interactions (click, tap, "
        "input, keydown, scroll, pointer move, selection), including from replay start to the first "
        "and from the last to replay end; active = duration - idle"
    )
    longest = sorted(gaps, key=lambda g: (-g.durationMs, g.fromOffsetMs))[:top]
    return Activity(activeMs=duration - idle, idleMs=idle, idleRule=rule, longestIdle=longest)


def time_per_route(visits: Sequence[RouteVisit]) -> list[RouteTime]:
    totals: dict[str, list[int]] = {}
    for v in visits:
        entry = totals.setdefault(v.route, [0, 0])
        entry[0] += v.durationMs
        entry[1] += 1
    rows = [RouteTime(route=r, durationMs=d, visits=n) for r, (d, n) in totals.items()]
    return sorted(rows, key=lambda r: (-r.durationMs, r.route))
