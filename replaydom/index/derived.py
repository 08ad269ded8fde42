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


def build_derived(result: NormalizeResult) -> dict[str, dict[str, Any]]:
    """All derived views of one normalized replay, by file stem."""
    events = result.events
    end_offset = round(result.end_ms - result.start_ms)
    return {
        "navigation": navigation(events, end_offset),
        "interactions": interactions(events),
        "network": network(events),
        "problems": problems(events),
        "dom-summary": dom_summary(events, result.masked),
    }


def _at(ev: dict[str, Any]) -> dict[str, Any]:
    return {"offsetMs": ev["offsetMs"], "segmentId": ev["segmentId"], "frameIndex": ev["frameIndex"]}


def navigation(events: list[dict[str, Any]], end_offset: int) -> dict[str, Any]:
    items = [ev for ev in events if ev["kind"] == "navigation"]
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


def interactions(events: list[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    items = []
    for ev in events:
        if ev["category"] in ("interaction", "frustration"):
            counts[ev["kind"]] = counts.get(ev["kind"], 0) + 1
            if ev["kind"] in _LISTED_INTERACTIONS:
                items.append(ev)
    return {"version": VERSION, "counts": counts, "items": items}


def network(events: list[dict[str, Any]]) -> dict[str, Any]:
    items = [ev for ev in events if ev["kind"] == "network"]
    by_status: dict[str, int] = {}
    for ev in items:
        status = ev["data"].get("status")
        key = f"{status // 100}xx" if isinstance(status, int) else "none"
        by_status[key] = by_status.get(key, 0) + 1
    timed = [ev for ev in items if isinstance(ev["data"].get("durationMs"), int)]
    slowest = sorted(timed, key=lambda ev: -ev["data"]["durationMs"])[:TOP]
    summary = {
        "count": len(items),
        "failed": sum(1 for ev in items if ev["data"].get("failed")),
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


def problems(events: list[dict[str, Any]]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    items = []
    for ev in events:
        problem = problem_of(ev)
        if problem is not None:
            counts[problem] = counts.get(problem, 0) + 1
            items.append({"problem": problem, "event": ev})
    return {"version": VERSION, "counts": counts, "items": items}


def dom_summary(events: list[dict[str, Any]], masked: dict[str, Any]) -> dict[str, Any]:
    snapshots = []
    viewports = []
    mutations = []
    totals = {"events": 0, "adds": 0, "removes": 0, "texts": 0, "attributes": 0, "maskedTexts": 0}
    for ev in events:
        kind, data = ev["kind"], ev["data"]
        if kind == "dom-snapshot":
            snapshots.append(
                {
                    **_at(ev),
                    "timestamp": ev["timestamp"],
                    "url": ev["url"],
                    "nodes": data["nodes"],
                    "maskedTexts": data["maskedTexts"],
                    "blockedElements": data["blockedElements"],
                }
            )
        elif kind == "mutation":
            totals["events"] += 1
            for key in ("adds", "removes", "texts", "attributes", "maskedTexts"):
                totals[key] += data.get(key, 0)
            mutations.append(ev)
        elif kind == "viewport" or (kind == "page" and data.get("event") == "Meta"):
            viewports.append(
                {"offsetMs": ev["offsetMs"], "width": data.get("width"), "height": data.get("height")}
            )

    def size(ev: dict[str, Any]) -> int:
        d = ev["data"]
        return int(d["adds"] + d["removes"] + d["texts"] + d["attributes"])

    largest = [
        {
            **_at(ev),
            "url": ev["url"],
            **{k: ev["data"][k] for k in ("adds", "removes", "texts", "attributes")},
        }
        for ev in sorted(mutations, key=lambda e: -size(e))[:TOP]
    ]
    return {
        "version": VERSION,
        "snapshots": snapshots,
        "mutations": totals,
        "largestMutations": largest,
        "viewports": viewports,
        "masked": masked,
    }
