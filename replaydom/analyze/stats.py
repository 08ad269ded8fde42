"""`replaydom stats`: a deterministic orientation over one replay (issue 4).

`compute_stats` reads only the normalized events plus the replay details and bounds, so equal
input gives equal output. Rules it applies, stated here and in its output:

- routes: a visit starts at a navigation event to a new route (URL path) and ends at the next
  one, or at replay end; before the first navigation the first event's page URL is in effect;
- idle: every gap of at least `idle_ms` (5 s) between consecutive user interactions (click, tap,
  input, keydown, scroll, pointer move, selection), including from replay start to the first one
  and from the last one to replay end; active = duration - idle (a typing burst is active from its
  first to its last keystroke when the normalizer records the latter, `data.lastOffsetMs`);
- dead/rage clicks: dead = `dead-click` + `rage-click` events (a rage click is a dead click too),
  rage = `rage-click` events; these equal Sentry's `count_dead_clicks` / `count_rage_clicks`;
- failed requests: status >= 400, or a fetch/xhr with no response (see struggles/failed_request).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from pydantic import BaseModel, Field

from ..timefmt import iso_ms
from .bursts import MutationBurst, mutation_bursts
from .defaults import DEFAULT_TOP
from .evutil import Ev, by_kind, data, end_offset, offset, route, short_selector, visible_text
from .struggles.failed_request import failure
from .struggles.web_vital import vital_name

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


class Activity(BaseModel):
    activeMs: int
    idleMs: int
    idleRule: str
    longestIdle: list[Span] = Field(description="the longest idle gaps, longest first")


class SelectorCount(BaseModel):
    selector: str
    name: str = Field(description="short name of the element (tag#id or tag.class)")
    text: str | None = Field(description="visible text, null when masked or absent")
    count: int


class RequestRow(BaseModel):
    offsetMs: int
    segmentId: int | None
    frameIndex: int | None
    method: str | None
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
    offsetMs: int
    segmentId: int | None
    frameIndex: int | None


class Capture(BaseModel):
    """What the recording says about masking and what it did not capture."""

    options: dict[str, Any] = Field(description="the SDK's privacy/network options, when recorded")
    masking: dict[str, Any] = Field(
        description="what the normalizer saw masked (text nodes, inputs, blocked)"
    )
    skippedFrames: dict[str, int] = Field(description="frames the normalizer skipped, by reason")
    maskedClickTexts: int
    maskedInputs: int
    maskedMutationTexts: int
    requestsWithoutDetails: int = Field(description="requests whose headers/bodies were not captured")
    notes: list[str]


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
    errors: int = Field(description="error events (recorded and linked)")
    hydrationErrors: int
    mutationBursts: list[MutationBurst] = Field(description="the largest bursts, largest first")
    webVitals: list[Vital]
    capture: Capture


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
    return Stats(
        replayId=str(events[0]["replayId"]) if events else (details or {}).get("id"),
        startedAt=iso_ms(start_ms),
        finishedAt=iso_ms(end_ms),
        durationMs=duration,
        segmentCount=segment_count,
        eventCount=len(events),
        eventsByKind=dict(sorted(Counter(str(ev.get("kind")) for ev in events).items())),
        routes=visits,
        timePerRoute=_time_per_route(visits),
        activity=activity(events, duration, idle_ms, top),
        topClickedSelectors=_top_selectors(kinds.get("click", []) + kinds.get("tap", []), top),
        slowestRequests=_slowest(network, top),
        failedRequests=[_request_row(ev) for ev in network if failure(ev) is not None],
        console=_console(kinds.get("console", [])),
        clicks=_clicks(kinds, details),
        errors=len(kinds.get("error", [])),
        hydrationErrors=len(kinds.get("hydration-error", [])),
        mutationBursts=sorted(mutation_bursts(events), key=lambda b: (-b.changes, b.fromOffsetMs))[:top],
        webVitals=[_vital(ev) for ev in kinds.get("web-vital", [])],
        capture=_capture(kinds, masking or {}, skipped or {}),
    )


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
    times = sorted(
        min(max(t, 0), duration)
        for ev in events
        if ev.get("kind") in _ACTIVE_KINDS
        for t in {offset(ev), end_offset(ev) or offset(ev)}
    )
    bounds = [0, *times, duration]
    gaps = [
        Span(fromOffsetMs=a, toOffsetMs=b, durationMs=b - a) for a, b in pairwise(bounds) if b - a >= idle_ms
    ]
    idle = sum(g.durationMs for g in gaps)
    rule = (
        f"idle = every gap of at least {idle_ms} ms between consecutive user interactions (click, tap, "
        "input, keydown, scroll, pointer move, selection), including from replay start to the first "
        "and from the last to replay end; active = duration - idle"
    )
    longest = sorted(gaps, key=lambda g: (-g.durationMs, g.fromOffsetMs))[:top]
    return Activity(activeMs=duration - idle, idleMs=idle, idleRule=rule, longestIdle=longest)


def _time_per_route(visits: Sequence[RouteVisit]) -> list[RouteTime]:
    totals: dict[str, list[int]] = {}
    for v in visits:
        entry = totals.setdefault(v.route, [0, 0])
        entry[0] += v.durationMs
        entry[1] += 1
    rows = [RouteTime(route=r, durationMs=d, visits=n) for r, (d, n) in totals.items()]
    return sorted(rows, key=lambda r: (-r.durationMs, r.route))


def _top_selectors(clicks: Sequence[Ev], top: int) -> list[SelectorCount]:
    counts = Counter(str(ev.get("selector")) for ev in clicks if ev.get("selector"))
    text: dict[str, str | None] = {}
    for ev in clicks:
        text.setdefault(str(ev.get("selector")), visible_text(ev))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [SelectorCount(selector=s, name=short_selector(s), text=text.get(s), count=n) for s, n in ranked]


def _request_row(ev: Ev) -> RequestRow:
    d = data(ev)
    status, took = d.get("status"), d.get("durationMs")
    return RequestRow(
        offsetMs=offset(ev),
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
        method=d.get("method"),
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
        offsetMs=offset(ev),
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
    )


_OPTION_KEYS = (
    "maskAllText",
    "maskAllInputs",
    "blockAllMedia",
    "networkDetailHasUrls",
    "networkCaptureBodies",
    "networkRequestHasHeaders",
    "networkResponseHasHeaders",
    "shouldRecordCanvas",
)


def _capture(kinds: dict[str, list[Ev]], masking: dict[str, Any], skipped: dict[str, int]) -> Capture:
    opts_events = kinds.get("options", [])
    opts = data(opts_events[-1]) if opts_events else {}
    options = {k: opts[k] for k in _OPTION_KEYS if k in opts}
    network = kinds.get("network", [])
    undetailed = sum(1 for ev in network if _network_like(ev) and not _captured(ev))
    notes = _notes(options, kinds, undetailed)
    if skipped:
        notes.append(
            f"{sum(skipped.values())} frames skipped by the normalizer: "
            + ", ".join(f"{reason} ({n})" for reason, n in sorted(skipped.items()))
        )
    return Capture(
        options=options,
        masking=masking,
        skippedFrames=dict(skipped),
        maskedClickTexts=sum(1 for ev in kinds.get("click", []) if data(ev).get("masked")),
        maskedInputs=sum(1 for ev in kinds.get("input", []) if data(ev).get("masked")),
        maskedMutationTexts=sum(
            _int_or_none(data(ev).get("maskedTexts")) or 0 for ev in kinds.get("mutation", [])
        ),
        requestsWithoutDetails=undetailed,
        notes=notes,
    )


def _notes(options: dict[str, Any], kinds: dict[str, list[Ev]], undetailed: int) -> list[str]:
    notes = []
    if options.get("maskAllText"):
        notes.append("all page text is masked (maskAllText): text is recorded as '*' of the same length")
    elif options.get("maskAllText") is False:
        notes.append("page text is recorded unmasked (maskAllText: false)")
    if options.get("maskAllInputs"):
        notes.append("input values are masked (maskAllInputs): only their length is known")
    elif options.get("maskAllInputs") is False:
        notes.append("input values are recorded unmasked (maskAllInputs: false), except passwords")
    if options.get("blockAllMedia"):
        notes.append("media (img, svg, video, canvas...) is blocked (blockAllMedia): placeholders only")
    if undetailed:
        notes.append(
            f"{undetailed} fetch/xhr requests without captured headers or bodies (URL not allow-listed)"
        )
    if not options:
        notes.append("no SDK options frame: masking settings unknown")
    for ev in kinds.get("replay-health", []):
        label = str(ev.get("label") or ev.get("rawSource") or "replay health event")
        notes.append(f"{label} at {offset(ev)} ms")
    unknown = len(kinds.get("unknown", []))
    if unknown:
        notes.append(f"{unknown} frames could not be interpreted (kind 'unknown')")
    return notes


def _network_like(ev: Ev) -> bool:
    return str(data(ev).get("initiator") or "").lower() in ("fetch", "xhr")


def _captured(ev: Ev) -> bool:
    d = data(ev)
    return any(isinstance(d.get(side), dict) and d[side].get("captured") for side in ("request", "response"))


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
