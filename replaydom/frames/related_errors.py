"""Errors linked to the replay (events-meta rows) -> `error` events with `source: "errors"`.

Source rows: the `replays-events-meta` API (`{id, title, timestamp (ISO), level, issue, issue.id,
error.type: [...], project.name}`). They are not in the recording, so their pointer is null
(`segmentId`/`frameIndex`), `source` is `"errors"` and `eventId` is the Sentry event id
(conventions.md "Segments and pointers"). A row titled "User Feedback" becomes a `breadcrumb` event
with category `feedback`, as the Sentry UI separates feedback from errors. Rows without a readable
time are skipped (counted). Console errors stay `console` events; nothing here is derived from them.
"""

from __future__ import annotations

from typing import Any

from ..timefmt import parse_iso_ms
from .context import CATEGORY, Rec, as_int, as_str, clip
from .timeunits import epoch_ms

# Sorts after every recording frame with the same time (positions are small ints).
ERRORS_SEGMENT = 1 << 40


def error_records(rows: list[Any], replay_id: str, skipped: dict[str, int]) -> list[Rec]:
    """Records for `normalize.finish` (same shape as `Ctx.records`)."""
    out: list[Rec] = []
    for i, row in enumerate(rows if isinstance(rows, list) else ()):
        t = _time(row) if isinstance(row, dict) else None
        if t is None:
            skipped["error row without a readable timestamp"] = (
                skipped.get("error row without a readable timestamp", 0) + 1
            )
            continue
        out.append((t, ERRORS_SEGMENT, i, _event(row, replay_id), None))
    return out


def _time(row: dict[str, Any]) -> float | None:
    """`timestamp_ms` (ms or ISO) when present, else the ISO `timestamp`; None when unusable."""
    ms = row.get("timestamp_ms")
    if isinstance(ms, str):
        ms = parse_iso_ms(ms)
    if ms is None:
        ms = parse_iso_ms(as_str(row.get("timestamp")))
    return epoch_ms(ms)


def _event(row: dict[str, Any], replay_id: str) -> dict[str, Any]:
    title = as_str(row.get("title")) or "error"
    types = row.get("error.type")
    event_id = as_str(row.get("id"))
    feedback = title == "User Feedback"
    if feedback:
        kind = "breadcrumb"
        data: dict[str, Any] = {
            "category": "feedback",
            "message": title,
            "level": as_str(row.get("level")),
            "type": "user",
            "details": {"eventId": event_id},
            "filtered": False,
        }
    else:
        kind = "error"
        data = {
            "eventId": event_id,
            "title": title,
            "level": as_str(row.get("level")),
            "issue": as_str(row.get("issue")),
            "issueId": as_int(row.get("issue.id")),
            "types": [str(x) for x in types] if isinstance(types, list) else [],
            "project": as_str(row.get("project.name")),
        }
    return {
        "replayId": replay_id,
        "segmentId": None,
        "frameIndex": None,
        "offsetMs": 0,
        "timestamp": "",
        "kind": kind,
        "category": CATEGORY[kind],
        "label": clip(title),
        "url": None,
        "route": None,
        "selector": None,
        "nodeId": None,
        "rawType": None,
        "rawSource": "events-meta",
        "source": "errors",
        "eventId": event_id,
        "data": data,
    }
