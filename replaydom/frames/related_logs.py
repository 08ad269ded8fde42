"""Sentry logs on the replay's traces (`--include logs`) -> `log` events with `source: "logs"`.

Source rows: the organization events endpoint with the logs dataset (`sentry.related.trace_logs`):
`{sentry.item_id, trace, span_id, severity, severity_number, message, timestamp (ISO),
timestamp_precise (ns), project, project.id, <attribute columns>}`. Logs are not in the recording:
their pointer is null, `source` is `"logs"` and `eventId` is the log's `sentry.item_id`.

Time: `timestamp_precise` (epoch nanoseconds) when present, else the ISO `timestamp`; then the
usual normalization (`offsetMs` from replay start, ISO `timestamp`). Rows with no readable time are
skipped (counted). Every other non-null column lands in `data.attributes`.
"""

from __future__ import annotations

from typing import Any

from ..timefmt import parse_iso_ms
from .context import Rec, as_int, as_str, clip, new_event
from .related import RELATED_SEGMENT, Related
from .timeunits import epoch_ms

LOGS_SEGMENT = RELATED_SEGMENT + 1
_CORE = frozenset(
    {
        "sentry.item_id",
        "id",
        "trace",
        "span_id",
        "severity",
        "severity_text",
        "severity_number",
        "message",
        "timestamp",
        "timestamp_precise",
        "project",
        "project.id",
    }
)
ATTRIBUTE_MAX = 2000  # characters per attribute value; longer strings are cut


def records(related: Related, replay_id: str, skipped: dict[str, int]) -> list[Rec]:
    """The registry entry (`registry.RELATED["logs"]`)."""
    out: list[Rec] = []
    for i, row in enumerate(related.logs):
        t = _time(row) if isinstance(row, dict) else None
        if t is None:
            skipped["log row without a readable timestamp"] = (
                skipped.get("log row without a readable timestamp", 0) + 1
            )
            continue
        out.append((t, LOGS_SEGMENT, i, _event(row, replay_id), None))
    return out


def _time(row: dict[str, Any]) -> float | None:
    ns = row.get("timestamp_precise")
    if isinstance(ns, str) and ns.isdigit():
        ns = int(ns)
    if type(ns) is int or type(ns) is float:
        # nanoseconds since the epoch (seconds or ms are taken as they are by epoch_ms)
        t = epoch_ms(ns / 1e6 if ns > 1e14 else ns)
        if t is not None:
            return t
    return epoch_ms(parse_iso_ms(as_str(row.get("timestamp"))))


def _event(row: dict[str, Any], replay_id: str) -> dict[str, Any]:
    level = (as_str(row.get("severity")) or as_str(row.get("severity_text")) or "").lower() or None
    message = as_str(row.get("message"))
    log_id = as_str(row.get("sentry.item_id")) or as_str(row.get("id"))
    project = row.get("project")
    data = {
        "level": level,
        "severityNumber": as_int(row.get("severity_number")),
        "message": message,
        "logId": log_id,
        "traceId": as_str(row.get("trace")),
        "spanId": as_str(row.get("span_id")),
        "project": str(project) if isinstance(project, (str, int)) else as_str(row.get("project.id")),
        "attributes": {k: _value(v) for k, v in row.items() if k not in _CORE and v not in (None, "")},
    }
    label = clip(f"{(level or 'log').upper()} {message or ''}".strip())
    return new_event(replay_id, None, None, "log", label, data, None, "logs", "logs", log_id)


def _value(v: Any) -> Any:
    if isinstance(v, str) and len(v) > ATTRIBUTE_MAX:
        return v[: ATTRIBUTE_MAX - 1] + "…"
    if isinstance(v, (dict, list)):
        text = repr(v)
        return v if len(text) <= ATTRIBUTE_MAX else text[: ATTRIBUTE_MAX - 1] + "…"
    return v
