"""`replaydom stats`: a deterministic orientation over one replay (issue 4).

`compute_stats` reads only the normalized events plus the replay details and bounds, so equal
input gives equal output. Rules it applies, stated here and in its output:

- routes: a visit starts at a navigation event to a new route (URL path) and ends at the next
  one, or at replay end; before the first navigation the first event's page URL is in effect;
- idle: every gap of at least `idle_ms` (5 s) between consecutive user interactions (click, tap,
  input, keydown, scroll, pointer move, selection), including from replay start to the first one
  and from the last one to replay end; active = duration - idle (a typing burst is active from its
  first to its last keystroke, `data.lastOffsetMs`, so a gap after typing starts at the last
  keystroke; a value the page set itself, `data.setByPage`, is not an interaction); each gap
  names the last user action before it (`actionBefore`; mouse moves are not actions);
- dead/rage clicks: dead = `dead-click` + `rage-click` events (a rage click is a dead click too),
  rage = `rage-click` events; these equal Sentry's `count_dead_clicks` / `count_rage_clicks`;
- failed requests: status >= 400, or a fetch/xhr with no response (see struggles/failed_request);
- key actions (`keyactions.py`), time per field and pauses between actions (`pace.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from ..timefmt import iso_ms
from .activity import (
    DEFAULT_IDLE_MS,
    Activity,
    RouteTime,
    RouteVisit,
    Span,
    activity,
    route_visits,
    time_per_route,
)
from .bursts import RepeatedBurst, largest_bursts
from .capture import Capture, capture
from .clickfindings import FINDING_KINDS, ClickFindings, click_findings
from .defaults import DEFAULT_TOP
from .errormessages import ErrorMessages, error_messages
from .evutil import (
    Ev,
    by_kind,
    data,
    is_masked,
    offset,
    request_label,
    short_selector,
    visible_text,
)
from .keyactions import KeyAction, key_actions
from .pace import FieldTime, Pause, field_times, pauses
from .struggles.failed_request import failure
from .struggles.web_vital import vital_name

# The parts of `Stats` from `activity.py` stay importable from here.
__all__ = [
    "DEFAULT_IDLE_MS",
    "Activity",
    "ClickCounts",
    "RequestRow",
    "RouteTime",
    "RouteVisit",
    "SelectorCount",
    "Span",
    "Stats",
    "Vital",
    "activity",
    "compute_stats",
    "route_visits",
    "tell_apart",
]


class SelectorCount(BaseModel):
    selector: str
    name: str = Field(
        description="short name of the element (tag#id or tag.class); rows that would read the same "
        "get as many ancestors as tell them apart (`div#toast-a > button.close`)"
    )
    text: str | None = Field(description="visible text, null when masked or absent")
    masked: bool = Field(False, description="its text was recorded masked (so `text` is null)")
    count: int


class RequestRow(BaseModel):
    offsetMs: int
    segmentId: int | None
    frameIndex: int | None
    method: str | None
    request: str = Field(
        description="how tables name it: the method (fetch/xhr) or initiator (script, img, link...), "
        "then the URL's path and query for the page's own origin, host and path for another; "
        "`url` is the URL as recorded"
    )
    url: str | None
    status: int | None
    durationMs: int | None
    initiator: str | None
    failure: str | None = Field(None, description='"500", "404", "no response"; null if it did not fail')


class ClickCounts(BaseModel):
    clicks: int
    dead: int = Field(description="dead-click + rage-click events (Sentry's count_dead_clicks)")
    rage: int = Field(description="rage-click events (Sentry's count_rage_clicks)")
    slow: int
    multi: int
    sentryDead: int | None = Field(description="count_dead_clicks from the replay details")
    sentryRage: int | None = Field(description="count_rage_clicks from the replay details")
    matchesSentry: bool | None = Field(description="null when there are no replay details")


class Vital(BaseModel):
    name: str
    value: float | None
    rating: str | None
    poor: bool
    selector: str | None = Field(None, description="the element it names (its first resolved nodeId)")
    offsetMs: int
    segmentId: int | None
    frameIndex: int | None


class Stats(BaseModel):
    """`replaydom stats --json`."""

    replayId: str | None
    startedAt: str
    finishedAt: str
    durationMs: int
    segmentCount: int
    eventCount: int
    eventsByKind: dict[str, int]
    routes: list[RouteVisit]
    timePerRoute: list[RouteTime]
    activity: Activity
    topClickedSelectors: list[SelectorCount]
    slowestRequests: list[RequestRow]
    failedRequests: list[RequestRow]
    console: dict[str, int] = Field(description="console events by level, plus errors and warnings")
    clicks: ClickCounts
    frustrationClicks: ClickFindings = Field(
        default_factory=lambda: ClickFindings(items=[]),
        description="the dead, rage, slow and multi clicks counted in `clicks`, each named (element, "
        "time, pointer, the `window` command that shows it), in time order, at most --top; "
        "`truncated.next` lists them all",
    )
    errors: int = Field(description="error events (recorded and linked)")
    errorMessages: ErrorMessages = Field(
        default_factory=lambda: ErrorMessages(items=[]),
        description="the console errors and error events counted in `console.errors` and `errors`, "
        "one row per distinct message with its count, first/last time and first pointer, in order "
        "of first time, at most --top; `truncated.next` lists them all",
    )
    hydrationErrors: int
    mutationBursts: list[RepeatedBurst] = Field(
        description="the largest bursts, largest first (by `maxChanges`), at most --top; a burst the page "
        "repeats (the same change re-rendered) is one row, its first time, with `repeats`"
    )
    webVitals: list[Vital]
    capture: Capture
    keyActions: list[KeyAction] = Field(
        default_factory=list,
        description="clicks/keys followed within 5 s by a POST/PUT/PATCH/DELETE, a navigation or a "
        "form the page handled, by element, main actions first (analyze/keyactions.py)",
    )
    timePerField: list[FieldTime] = Field(
        default_factory=list,
        description="every field typed into or changed: typing and focus time (analyze/pace.py)",
    )
    longestPauses: list[Pause] = Field(
        default_factory=list,
        description="the longest gaps under the idle threshold between consecutive user actions, "
        "with the actions before and after (--top of them; analyze/pace.py)",
    )


def compute_stats(
    events: Sequence[Ev],
    details: dict[str, Any] | None,
    start_ms: float,
    end_ms: float,
    segment_count: int,
    *,
    idle_ms: int = DEFAULT_IDLE_MS,
    top: int = DEFAULT_TOP,
    masking: dict[str, Any] | None = None,
    skipped: dict[str, int] | None = None,
) -> Stats:
    """Stats of a normalized stream sorted by `offsetMs`; `end_ms - start_ms` is the duration.

    `masking` and `skipped` are what the normalizer reported (index meta `masked` / `skipped`).
    """
    duration = max(0, round(end_ms - start_ms))
    kinds = by_kind(events)
    network = kinds.get("network", [])
    visits = route_visits(events, duration)
    replay_id = str(events[0]["replayId"]) if events else (details or {}).get("id")
    return Stats(
        replayId=replay_id,
        startedAt=iso_ms(start_ms),
        finishedAt=iso_ms(end_ms),
        durationMs=duration,
        segmentCount=segment_count,
        eventCount=len(events),
        eventsByKind=dict(sorted(Counter(str(ev.get("kind")) for ev in events).items())),
        routes=visits,
        timePerRoute=time_per_route(visits),
        activity=activity(events, duration, idle_ms, top),
        topClickedSelectors=_top_selectors(kinds.get("click", []) + kinds.get("tap", []), top),
        slowestRequests=_slowest(network, top),
        failedRequests=[_request_row(ev) for ev in network if failure(ev) is not None],
        console=_console(kinds.get("console", [])),
        clicks=_clicks(kinds, details),
        frustrationClicks=click_findings(_findings(kinds), replay_id or "TARGET", top),
        errors=len(kinds.get("error", [])),
        errorMessages=error_messages(
            kinds.get("console", []), kinds.get("error", []), replay_id or "TARGET", top
        ),
        hydrationErrors=len(kinds.get("hydration-error", [])),
        mutationBursts=largest_bursts(events, top),
        webVitals=[_vital(ev) for ev in kinds.get("web-vital", [])],
        capture=capture(kinds, masking or {}, skipped or {}),
        keyActions=key_actions(events),
        timePerField=field_times(events),
        longestPauses=pauses(events, idle_ms, top),
    )


def _findings(kinds: dict[str, list[Ev]]) -> list[Ev]:
    found = [ev for kind in FINDING_KINDS for ev in kinds.get(kind, [])]
    return sorted(found, key=lambda ev: (offset(ev), ev.get("segmentId") or 0, ev.get("frameIndex") or 0))


def _top_selectors(clicks: Sequence[Ev], top: int) -> list[SelectorCount]:
    counts = Counter(str(ev.get("selector")) for ev in clicks if ev.get("selector"))
    text: dict[str, str | None] = {}
    masked: set[str] = set()
    for ev in clicks:
        sel = str(ev.get("selector"))
        text.setdefault(sel, visible_text(ev))
        if data(ev).get("masked") or is_masked(data(ev).get("text")):
            masked.add(sel)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    names = tell_apart([s for s, _ in ranked], [text.get(s) for s, _ in ranked])
    return [
        SelectorCount(
            selector=s, name=name, text=text.get(s), masked=not text.get(s) and s in masked, count=n
        )
        for (s, n), name in zip(ranked, names, strict=True)
    ]


def tell_apart(selectors: Sequence[str], texts: Sequence[str | None]) -> list[str]:
    """Short names for selector paths; rows that would read alike (same name and text, e.g. the
    close buttons of two toasts) get the fewest ancestors that tell them apart."""
    steps = [[c.strip() for c in s.split(" > ") if c.strip()] for s in selectors]
    names = [short_selector(s) for s in selectors]
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, key in enumerate(zip(names, texts, strict=True)):
        groups.setdefault(key, []).append(i)
    for rows in groups.values():
        if len(rows) < 2:
            continue
        depth = max(len(steps[i]) for i in rows)
        for k in range(2, depth + 1):
            # ancestors in full (their classes are what differs: div.toast.success / .error)
            cand = {i: " > ".join([*steps[i][-k:-1], names[i]]) for i in rows}
            if len(set(cand.values())) == len(rows) or k == depth:
                for i, name in cand.items():
                    names[i] = name
                break
    return names


def _request_row(ev: Ev) -> RequestRow:
    d = data(ev)
    status, took = d.get("status"), d.get("durationMs")
    return RequestRow(
        offsetMs=offset(ev),
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
        method=d.get("method"),
        request=request_label(ev),
        url=d.get("url") or ev.get("url"),
        status=status if isinstance(status, int) else None,
        durationMs=round(took) if isinstance(took, int | float) else None,
        initiator=d.get("initiator"),
        failure=failure(ev),
    )


def _slowest(network: Sequence[Ev], top: int) -> list[RequestRow]:
    timed = [ev for ev in network if isinstance(data(ev).get("durationMs"), int | float)]
    timed.sort(key=lambda ev: (-float(data(ev)["durationMs"]), offset(ev)))
    return [_request_row(ev) for ev in timed[:top]]


def _console(events: Sequence[Ev]) -> dict[str, int]:
    levels = Counter(str(data(ev).get("level") or "log").lower() for ev in events)
    out = dict(sorted(levels.items()))
    out["errors"] = levels["error"] + levels["assert"]
    out["warnings"] = levels["warn"] + levels["warning"]
    return out


def _clicks(kinds: dict[str, list[Ev]], details: dict[str, Any] | None) -> ClickCounts:
    rage = len(kinds.get("rage-click", []))
    dead = len(kinds.get("dead-click", [])) + rage
    sentry_dead = _int_or_none((details or {}).get("count_dead_clicks"))
    sentry_rage = _int_or_none((details or {}).get("count_rage_clicks"))
    matches = (
        None if sentry_dead is None or sentry_rage is None else (dead, rage) == (sentry_dead, sentry_rage)
    )
    return ClickCounts(
        clicks=len(kinds.get("click", [])) + len(kinds.get("tap", [])),
        dead=dead,
        rage=rage,
        slow=len(kinds.get("slow-click", [])),
        multi=len(kinds.get("multi-click", [])),
        sentryDead=sentry_dead,
        sentryRage=sentry_rage,
        matchesSentry=matches,
    )


def _vital(ev: Ev) -> Vital:
    d = data(ev)
    value = d.get("value")
    name = vital_name(ev)
    return Vital(
        name=name.upper() if name else str(d.get("name") or ev.get("label") or "?"),
        value=float(value) if isinstance(value, int | float) else None,
        rating=d.get("rating"),
        poor=bool(d.get("poor")) or d.get("rating") == "poor",
        selector=ev.get("selector"),
        offsetMs=offset(ev),
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
    )


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
