"""Errors linked to the replay -> `error` events with `source: "errors"`, with their evidence.

Source rows: the `replays-events-meta` API (`{id, title, timestamp (ISO), level, issue, issue.id,
error.type: [...], project.name}`). They are not in the recording, so their pointer is null
(`segmentId`/`frameIndex`), `source` is `"errors"` and `eventId` is the Sentry event id
(conventions.md "Segments and pointers"). A row titled "User Feedback" becomes a `breadcrumb` event
with category `feedback`, as the Sentry UI separates feedback from errors. Rows without a readable
time are skipped (counted). Console errors stay `console` events; nothing here is derived from them.

When the error's event details were fetched (`related/error-details.json`, Sentry's event
serializer shape), the event gains the outermost exception's type and value, the culprit, the stack
frames (in-app ones, innermost first; all frames when none is marked in-app), `topFrames` and the
error's own breadcrumbs (with `offsetMs` on the replay's clock). The label then names where it threw:
`TypeError at fn (cart.js:51:19): message`, so every table (`window`, `events`, `struggles`) shows
the top in-app frame. A 403 or 404 on the details leaves the events-meta fields plus
`details`/`detailsNote` saying why.
"""

from __future__ import annotations

from typing import Any

from ..timefmt import iso_ms, parse_iso_ms
from .context import Rec, as_dict, as_int, as_str, clip, new_event
from .related import RELATED_SEGMENT, Related
from .timeunits import epoch_ms

ERRORS_SEGMENT = RELATED_SEGMENT
MAX_FRAMES = 50
TOP_FRAMES = 3
MAX_CRUMBS = 100  # the SDK's default maxBreadcrumbs
CRUMB_MESSAGE_MAX = 500
CRUMB_DATA_MAX = 2000  # characters of repr; bigger `data` is dropped (the raw details keep it)


def records(related: Related, replay_id: str, skipped: dict[str, int]) -> list[Rec]:
    """The registry entry (`registry.RELATED["errors"]`)."""
    return error_records(related.errors, replay_id, skipped, related.error_details)


def error_records(
    rows: list[Any], replay_id: str, skipped: dict[str, int], details: dict[str, Any] | None = None
) -> list[Rec]:
    """Records for `normalize.finish` (same shape as `Ctx.records`)."""
    out: list[Rec] = []
    found = details if isinstance(details, dict) else {}
    for i, row in enumerate(rows if isinstance(rows, list) else ()):
        t = _time(row) if isinstance(row, dict) else None
        if t is None:
            skipped["error row without a readable timestamp"] = (
                skipped.get("error row without a readable timestamp", 0) + 1
            )
            continue
        ev = _event(row, replay_id)
        aux = None
        if ev["kind"] == "error":
            aux = _enrich(ev, found.get(str(ev["eventId"])))
        out.append((t, ERRORS_SEGMENT, i, ev, aux))
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
            "details": "missing",
            "detailsNote": "details not fetched (run `replaydom fetch --include errors`)",
            "exceptionType": None,
            "exceptionValue": None,
            "culprit": None,
            "handled": None,
            "mechanism": None,
            "frames": [],
            "topFrames": [],
            "frameCount": None,
            "breadcrumbs": [],
            "traceId": None,
            "release": None,
        }
    return new_event(replay_id, None, None, kind, clip(title), data, None, "events-meta", "errors", event_id)


def _enrich(ev: dict[str, Any], found: Any) -> dict[str, Any] | None:
    """Add the event details to an error event; return the `aux` for `related.stamp`."""
    data = ev["data"]
    if not isinstance(found, dict):
        return None
    status = as_str(found.get("status")) or "failed"
    # `imported`: built from the SDK's own event by `import` (store/sdk_errors.py), same shape
    if status not in ("fetched", "imported") or not isinstance(found.get("event"), dict):
        data["details"] = status
        data["detailsNote"] = as_str(found.get("note")) or "details unavailable"
        return None
    body: dict[str, Any] = found["event"]
    entries = {
        e.get("type"): as_dict(e.get("data")) for e in body.get("entries") or [] if isinstance(e, dict)
    }
    data["details"] = status
    data["detailsNote"] = None
    exc = _outermost(entries.get("exception"))
    data["exceptionType"] = as_str(exc.get("type")) or as_str(as_dict(body.get("metadata")).get("type"))
    data["exceptionValue"] = as_str(exc.get("value")) or as_str(as_dict(body.get("metadata")).get("value"))
    mechanism = as_dict(exc.get("mechanism"))
    data["mechanism"] = as_str(mechanism.get("type"))
    handled = mechanism.get("handled")
    data["handled"] = handled if isinstance(handled, bool) else None
    data["culprit"] = as_str(body.get("culprit"))
    all_frames = [f for f in as_dict(exc.get("stacktrace")).get("frames") or [] if isinstance(f, dict)]
    in_app = [f for f in all_frames if f.get("inApp") is True] or all_frames
    frames = [_frame(f) for f in reversed(in_app)][:MAX_FRAMES]
    data["frames"] = frames
    data["frameCount"] = len(all_frames)
    data["topFrames"] = [_frame_text(f) for f in frames[:TOP_FRAMES]]
    crumbs, times = _crumbs(entries.get("breadcrumbs"))
    data["breadcrumbs"] = crumbs
    trace = as_dict(as_dict(body.get("contexts")).get("trace"))
    data["traceId"] = as_str(trace.get("trace_id"))
    release = body.get("release")
    data["release"] = (
        as_str(as_dict(release).get("version")) if isinstance(release, dict) else as_str(release)
    )
    if data["title"] in (None, "error") and as_str(body.get("title")):
        data["title"] = body["title"]
    ev["label"] = clip(_label(data))
    return {"crumbTimes": times}


def _outermost(entry: dict[str, Any] | None) -> dict[str, Any]:
    """The exception that was raised: the last of the chain (Sentry lists causes first)."""
    values = [v for v in as_dict(entry).get("values") or [] if isinstance(v, dict)]
    return values[-1] if values else {}


def _frame(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "function": as_str(f.get("function")) or as_str(f.get("rawFunction")),
        "file": as_str(f.get("filename")),
        "absPath": as_str(f.get("absPath")),
        "line": as_int(f.get("lineNo")),
        "column": as_int(f.get("colNo")),
        "inApp": f.get("inApp") is True,
        "module": as_str(f.get("module")),
    }


def _frame_text(f: dict[str, Any], *, short: bool = False) -> str:
    where = f.get("file") or f.get("absPath") or f.get("module") or "?"
    if short:
        where = where.rstrip("/").rsplit("/", 1)[-1] or where
    pos = "".join(f":{n}" for n in (f.get("line"), f.get("column")) if n is not None)
    return f"{f.get('function') or '?'} ({where}{pos})"


def _label(data: dict[str, Any]) -> str:
    kind = data.get("exceptionType") or data.get("title") or "error"
    value = data.get("exceptionValue")
    frames = data.get("frames") or []
    at = f" at {_frame_text(frames[0], short=True)}" if frames else ""
    return f"{kind}{at}: {value}" if value else f"{kind}{at}"


def _crumbs(entry: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[float | None]]:
    values = [v for v in as_dict(entry).get("values") or [] if isinstance(v, dict)][-MAX_CRUMBS:]
    crumbs: list[dict[str, Any]] = []
    times: list[float | None] = []
    for v in values:
        raw_t = v.get("timestamp")
        t = parse_iso_ms(raw_t) if isinstance(raw_t, str) else epoch_ms(raw_t)
        data = v.get("data")
        keep = isinstance(data, dict) and len(repr(data)) <= CRUMB_DATA_MAX
        message = as_str(v.get("message"))
        crumbs.append(
            {
                "timestamp": _iso(t),
                "offsetMs": None,
                "category": as_str(v.get("category")),
                "level": as_str(v.get("level")),
                "type": as_str(v.get("type")),
                "message": message[:CRUMB_MESSAGE_MAX] if message is not None else None,
                "data": data if keep else None,
            }
        )
        times.append(t)
    return crumbs, times


def _iso(t: float | None) -> str | None:
    return iso_ms(t) if t is not None else None
