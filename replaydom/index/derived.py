"""Derived views written next to `events.jsonl`, for the analysis commands.

Every file is a JSON object with `"version": 1`; every event in it is an event in the event schema
(`replaydom schema`), so one parser reads them all. Offsets are ms from replay start.

- `navigation.json`: `{version, pages: [{url, op, startOffsetMs, endOffsetMs, timestamp,
  segmentId, frameIndex}], items: [navigation events]}`. A page lasts from its navigation to the
  next one (the last to the replay end).
- `interactions.json`: `{version, counts: {kind: n} (every interaction/frustration kind), items:
  [click, dead-click, rage-click, slow-click, multi-click, tap, input, keydown, selection events]}`
  (pointer moves, focus/blur and scrolls are counted but not listed).
- `network.json`: `{version, summary: {count, failed, byStatus: {"2xx"|"3xx"|"4xx"|"5xx"|"none": n},
  slowest: [{offsetMs, durationMs, method, url, status, segmentId, frameIndex}] (10)}, items:
  [network events]}`.
- `problems.json`: `{version, counts: {problem: n}, items: [{problem, event}]}` in time order, where
  `problem` is one of `PROBLEMS` (errors, console errors/warnings, Sentry's dead/rage/slow/multi
  clicks, hydration errors, failed or slow (> 3 s) requests, poor / needs-improvement web vitals,
  replay-health signals, unknown frames). Severity is the analysis layer's business.
- `dom-summary.json`: `{version, snapshots: [{offsetMs, timestamp, segmentId, frameIndex, url, nodes,
  maskedTexts, blockedElements}], mutations: {events, adds, removes, texts, attributes, maskedTexts},
  largestMutations: [{offsetMs, segmentId, frameIndex, url, adds, removes, texts, attributes}] (10),
  viewports: [{offsetMs, width, height}], masked: {maskAllText, maskAllInputs, maskedTextNodes,
  maskedInputs, blockedElements}}`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..frames.normalize import NormalizeResult

VERSION = 1
SLOW_REQUEST_MS = 3000
TOP = 10
PROBLEMS = (
    "error",
    "console-error",
    "console-warning",
    "dead-click",
    "rage-click",
    "slow-click",
    "multi-click",
    "hydration-error",
    "network-failed",
    "network-slow",
    "web-vital-poor",
    "web-vital-needs-improvement",
    "replay-health",
    "unknown-frame",
)
_LISTED_INTERACTIONS = frozenset(
    {"click", "dead-click", "rage-click", "slow-click", "multi-click", "tap", "input", "keydown", "selection"}
)
_DIRECT_PROBLEMS = frozenset(
    {"error", "dead-click", "rage-click", "slow-click", "multi-click", "hydration-error", "replay-health"}
)
# Every kind `problem_of` can name a problem for.
_PROBLEM_KINDS = _DIRECT_PROBLEMS | {"console", "network", "web-vital", "unknown"}


def group_kinds(events: list[dict[str, Any]]) -> dict[str, array[int]]:
    """Stream positions of each kind's events, kinds in order of first appearance.

    Arrays rather than lists of ints: a long replay has 100k+ positions, and boxed ints would take
    several times the memory, at the moment the index writer's memory peaks.
    """
    groups: dict[str, array[int]] = {}
    # the kinds are gathered first in one C-level pass over the (scattered) event dicts
    for i, kind in enumerate(list(map(itemgetter("kind"), events))):
        try:
            groups[kind].append(i)
        except KeyError:
            groups[kind] = array("Q", (i,))
    return groups


def build_derived(
    result: NormalizeResult, groups: dict[str, array[int]] | None = None
) -> dict[str, dict[str, Any]]:
    """All derived views of one normalized replay, by file stem.

    Each view reads only the kinds it is about (`groups`: `group_kinds(result.events)`, which the
    index writer computes anyway), so most of a long replay (pointer moves, mutations, memory
    samples) is never looked at; views over several kinds merge positions back into stream order.
    """
    events = result.events
    if groups is None:
        groups = group_kinds(events)
    end_offset = round(result.end_ms - result.start_ms)
    return {
        "navigation": navigation(_of(events, groups, "navigation"), end_offset),
        "interactions": interactions(events, groups),
        "network": network(_of(events, groups, "network")),
        "problems": problems(events, groups),
        "dom-summary": dom_summary(events, groups, result.masked),
    }


def _of(events: list[dict[str, Any]], groups: dict[str, array[int]], kind: str) -> list[dict[str, Any]]:
    return [events[i] for i in groups.get(kind, ())]


def _merged(groups: dict[str, array[int]], kinds: Iterable[str]) -> list[int]:
    """Positions of the events of `kinds`, in stream order."""
    return sorted(i for kind in kinds for i in groups.get(kind, ()))


def _at(ev: dict[str, Any]) -> dict[str, Any]:
    return {"offsetMs": ev["offsetMs"], "segmentId": ev["segmentId"], "frameIndex": ev["frameIndex"]}


def navigation(items: list[dict[str, Any]], end_offset: int) -> dict[str, Any]:
    """The `navigation` view from the stream's navigation events."""
    pages = []
    for i, ev in enumerate(items):
        nxt = items[i + 1]["offsetMs"] if i + 1 < len(items) else max(end_offset, ev["offsetMs"])
        pages.append(
            {
                "url": ev["url"],
                "op": ev["data"].get("op"),
                "startOffsetMs": ev["offsetMs"],
                "endOffsetMs": nxt,
                "timestamp": ev["timestamp"],
                "segmentId": ev["segmentId"],
                "frameIndex": ev["frameIndex"],
            }
        )
    return {"version": VERSION, "pages": pages, "items": items}


def interactions(events: list[dict[str, Any]], groups: dict[str, array[int]]) -> dict[str, Any]:
    # a kind's category is fixed (`model.KIND_CATEGORY`): its first event tells it
    counted = [
        kind for kind, pos in groups.items() if events[pos[0]]["category"] in ("interaction", "frustration")
    ]
    counts = {kind: len(groups[kind]) for kind in counted}  # groups are in order of first appearance
    listed = _merged(groups, (kind for kind in counted if kind in _LISTED_INTERACTIONS))
    return {"version": VERSION, "counts": counts, "items": [events[i] for i in listed]}


def network(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The `network` view from the stream's network events (read in one pass)."""
    by_status: dict[str, int] = {}
    failed = 0
    timed: list[dict[str, Any]] = []
    durations: list[int] = []
    for ev in items:
        data = ev["data"]
        status = data.get("status")
        key = f"{status // 100}xx" if isinstance(status, int) else "none"
        by_status[key] = by_status.get(key, 0) + 1
        if data.get("failed"):
            failed += 1
        duration = data.get("durationMs")
        if isinstance(duration, int):
            timed.append(ev)
            durations.append(duration)
    slowest = [timed[i] for i in _top(durations)]
    summary = {
        "count": len(items),
        "failed": failed,
        "byStatus": by_status,
        "slowest": [
            {
                **_at(ev),
                "durationMs": ev["data"]["durationMs"],
                "method": ev["data"].get("method"),
                "url": ev["data"].get("url"),
                "status": ev["data"].get("status"),
            }
            for ev in slowest
        ],
    }
    return {"version": VERSION, "summary": summary, "items": items}


def _top(values: list[int]) -> list[int]:
    """Positions of the `TOP` largest values, largest first, ties in order (the sort is stable)."""
    return sorted(range(len(values)), key=values.__getitem__, reverse=True)[:TOP]


def problem_of(ev: dict[str, Any]) -> str | None:
    """The `PROBLEMS` name of an event, or None when it is not a problem."""
    kind, data = ev["kind"], ev["data"]
    if kind in _DIRECT_PROBLEMS:
        return str(kind)
    if kind == "console":
        level = data.get("level")
        if level in ("error", "assert", "fatal"):
            return "console-error"
        return "console-warning" if level in ("warning", "warn") else None
    if kind == "network":
        if data.get("failed"):
            return "network-failed"
        duration = data.get("durationMs")
        return "network-slow" if isinstance(duration, int) and duration > SLOW_REQUEST_MS else None
    if kind == "web-vital":
        rating = data.get("rating")
        if rating == "poor":
            return "web-vital-poor"
        return "web-vital-needs-improvement" if rating == "needs-improvement" else None
    return "unknown-frame" if kind == "unknown" else None


def problems(events: list[dict[str, Any]], groups: dict[str, array[int]]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    items = []
    for i in _merged(groups, _PROBLEM_KINDS):
        ev = events[i]
        problem = problem_of(ev)
        if problem is not None:
            counts[problem] = counts.get(problem, 0) + 1
            items.append({"problem": problem, "event": ev})
    return {"version": VERSION, "counts": counts, "items": items}


def dom_summary(
    events: list[dict[str, Any]], groups: dict[str, array[int]], masked: dict[str, Any]
) -> dict[str, Any]:
    snapshots = [
        {
            **_at(ev),
            "timestamp": ev["timestamp"],
            "url": ev["url"],
            "nodes": ev["data"]["nodes"],
            "maskedTexts": ev["data"]["maskedTexts"],
            "blockedElements": ev["data"]["blockedElements"],
        }
        for ev in _of(events, groups, "dom-snapshot")
    ]
    mutations = _of(events, groups, "mutation")
    totals = {
        "events": len(mutations),
        "adds": 0,
        "removes": 0,
        "texts": 0,
        "attributes": 0,
        "maskedTexts": 0,
    }
    sizes: list[int] = []
    for ev in mutations:
        data = ev["data"]
        for key in ("adds", "removes", "texts", "attributes", "maskedTexts"):
            totals[key] += data.get(key, 0)
        sizes.append(int(data["adds"] + data["removes"] + data["texts"] + data["attributes"]))
    viewports = []
    for i in _merged(groups, ("viewport", "page")):
        ev = events[i]
        data = ev["data"]
        if ev["kind"] == "viewport" or data.get("event") == "Meta":
            viewports.append(
                {"offsetMs": ev["offsetMs"], "width": data.get("width"), "height": data.get("height")}
            )
    largest = [
        {
            **_at(ev),
            "url": ev["url"],
            **{k: ev["data"][k] for k in ("adds", "removes", "texts", "attributes")},
        }
        for ev in (mutations[i] for i in _top(sizes))
    ]
    return {
        "version": VERSION,
        "snapshots": snapshots,
        "mutations": totals,
        "largestMutations": largest,
        "viewports": viewports,
        "masked": masked,
    }
