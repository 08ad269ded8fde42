"""Error details from the SDK's own error events (a recording folder's `errors.json`), for `import`.

A recording folder (`shared/recordings/<scenario>/`, the bundled demo) holds `errors.json`: the
error events the Sentry JavaScript SDK sent, as sent (`event_id`, `timestamp` in epoch seconds,
`platform`, `exception.values[]` with `stacktrace.frames[]` oldest first, each `filename` (the URL),
`function`, `lineno`, `colno`, `in_app`; `breadcrumbs` with epoch-second timestamps; `request`,
`contexts`, `release`, `transaction`, `tags`). It is neither the replay's errors list (events-meta
rows, `events_meta.json`) nor an API body: Sentry stores such an event and serves it from
`GET /projects/{org}/{project}/events/{event_id}/` (`EventSerializer`). `details_of(event)` gives the
parts of that body the index reads (`frames.related_errors`), from what the event holds:

- `entries`: `exception` (each value's `type`, `value`, `mechanism`, `module`, and its frames as
  `Frame.get_api_context` writes them: `filename` is the path of a URL `abs_path`, `absPath`,
  `function`, `module`, `lineNo`, `colNo`, `inApp`; order kept), `breadcrumbs` (ISO `timestamp`,
  `type` default `default`, `level` default `info`, `category`, `message`, `data`) and `request`;
- `culprit` as Sentry derives it when storing the event: the event's `transaction` when set,
  else `sentry/culprit.py` (`function(file)` of the innermost in-app frame of the last exception
  with frames for JavaScript, else the first other frame, else the request URL);
- `title`, `metadata` {type, value}, `eventID`, `dateCreated`, `platform`, `release`, `contexts`,
  `tags`.

Nothing is invented: a frame the SDK did not send is not there, and what Sentry adds on its side
(source maps, in-app rules, grouping) is not redone, so a minified stack stays minified. The
stored entry's status is `imported`. When the folder has no `events_meta.json`, each error event
also gives its events-meta row (`id`, `title`, `timestamp`, `level`, `error.type`) so the error
shows up at all; issue fields stay absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import jsonlenient
from ..timefmt import epoch_ms, iso_ms, parse_iso_ms
from .bundle import ERROR_DETAILS, Bundle

ERRORS_FILE = "errors.json"
IMPORTED = "imported"
MAX_CULPRIT = 200  # sentry.constants.MAX_CULPRIT_LENGTH


def sdk_error_events(obj: Any) -> list[dict[str, Any]]:
    """The error events of a decoded `errors.json` (a list of SDK events; others left out)."""
    items = obj if isinstance(obj, list) else []
    return [
        e
        for e in items
        if isinstance(e, dict) and _str(e.get("event_id")) and isinstance(e.get("exception"), dict)
    ]


@dataclass
class FolderErrors:
    """What a recording folder's `errors.json` gives an import."""

    rows: list[dict[str, Any]] | None  # the events-meta rows (derived when the folder had none)
    details: dict[str, Any] | None  # `related/error-details.json`, None without errors.json
    warnings: list[str] = field(default_factory=list)


def from_folder(path: Path, rows: list[dict[str, Any]] | None) -> FolderErrors:
    """Read `errors.json` beside the segments of a recording folder (`path`: the folder or a
    file in it). An unreadable one is a warning: the recording is what matters."""
    folder = path if path.is_dir() else path.parent
    file = folder / ERRORS_FILE
    if not file.is_file():
        return FolderErrors(rows, None)
    try:
        events = sdk_error_events(jsonlenient.loads(file.read_bytes()))
    except (OSError, ValueError) as exc:
        return FolderErrors(rows, None, [f"{ERRORS_FILE}: unreadable ({type(exc).__name__}), left out"])
    if rows is None and events:
        rows = meta_rows(events)
    return FolderErrors(rows, error_details(events, rows or []))


def error_details(events: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """`related/error-details.json`: the details of each row's error event, under the row's id."""
    by_id = {_key(e.get("event_id")): e for e in events}
    out: dict[str, Any] = {}
    for row in rows:
        rid = row.get("id")
        if not isinstance(rid, str):
            continue
        event = by_id.get(_key(rid))
        if event is not None:
            out[rid] = {"status": IMPORTED, "event": details_of(event)}
    return out


def meta_rows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events-meta rows for error events when the folder has none (see the module docstring)."""
    rows = []
    for event in events:
        ms = _ms(event.get("timestamp"))
        if ms is None:
            continue
        last = _last_exception(event)
        types = [_str(v.get("type")) for v in _values(event) if _str(v.get("type"))]
        rows.append(
            {
                "id": str(event.get("event_id")),
                "title": _title(last),
                "timestamp": iso_ms(ms),
                "level": _str(event.get("level")) or "error",
                "error.type": types,
            }
        )
    return rows


def details_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event-details body parts of one SDK error event (module docstring)."""
    values = [_value(v) for v in _values(event)]
    last = _last_exception(event)
    request = event.get("request") if isinstance(event.get("request"), dict) else {}
    entries: list[dict[str, Any]] = [
        {"type": "exception", "data": {"values": values}},
        {"type": "breadcrumbs", "data": {"values": _crumbs(event)}},
    ]
    if request:
        headers = request.get("headers")
        entries.append(
            {
                "type": "request",
                "data": {
                    "url": _str(request.get("url")),
                    "method": _str(request.get("method")),
                    "headers": [[k, v] for k, v in headers.items()] if isinstance(headers, dict) else [],
                },
            }
        )
    ms = _ms(event.get("timestamp"))
    tags = event.get("tags")
    sdk = _dict(event.get("sdk"))
    release = _str(event.get("release"))
    return {
        "id": _key(event.get("event_id")),
        "eventID": _key(event.get("event_id")),
        "title": _title(last),
        "culprit": culprit(event),
        "platform": _str(event.get("platform")),
        "type": "error",
        "metadata": {"type": _str(last.get("type")), "value": _str(last.get("value"))},
        "dateCreated": iso_ms(ms) if ms is not None else None,
        "entries": entries,
        "tags": [{"key": str(k), "value": str(v)} for k, v in sorted(tags.items())]
        if isinstance(tags, dict)
        else [],
        "contexts": event.get("contexts") if isinstance(event.get("contexts"), dict) else {},
        "sdk": {"name": _str(sdk.get("name")), "version": _str(sdk.get("version"))},
        "release": {"version": release, "shortVersion": release} if release else None,
    }


def culprit(event: dict[str, Any]) -> str:
    """Sentry's culprit of a stored event: its transaction, else `sentry/culprit.py`."""
    transaction = _str(event.get("transaction"))
    if transaction:
        return transaction[:MAX_CULPRIT]
    platform = _str(event.get("platform"))
    values = _values(event)
    if values and (_dict(values[-1].get("mechanism"))).get("synthetic"):
        return ""
    stacks = [_dict(v.get("stacktrace")) for v in values if _dict(v.get("stacktrace")).get("frames")]
    found = _stack_culprit(stacks[-1], platform) if stacks else None
    if not found:
        found = _str(_dict(event.get("request")).get("url"))
    return (found or "")[:MAX_CULPRIT]


def _stack_culprit(stack: dict[str, Any], platform: str | None) -> str | None:
    default = None
    for frame in reversed([f for f in stack.get("frames") or [] if isinstance(f, dict) and f]):
        api = _frame(frame)
        if frame.get("in_app"):
            text = _frame_culprit(api, _str(frame.get("platform")) or platform)
            if text:
                return text
        elif default is None:
            default = _frame_culprit(api, _str(frame.get("platform")) or platform)
    return default


def _frame_culprit(frame: dict[str, Any], platform: str | None) -> str:
    if platform in ("objc", "cocoa", "native"):
        return str(frame.get("function") or "?")
    where = frame.get("module") or frame.get("filename")
    if not where:
        return ""
    if platform in ("javascript", "node"):
        return f"{frame.get('function') or '?'}({where})"
    return f"{where} in {frame.get('function') or '?'}"


def _values(event: dict[str, Any]) -> list[dict[str, Any]]:
    values = _dict(event.get("exception")).get("values")
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []


def _last_exception(event: dict[str, Any]) -> dict[str, Any]:
    values = _values(event)
    return values[-1] if values else {}


def _title(exc: dict[str, Any]) -> str:
    """Sentry's title of an error event: `Type: first line of the value` (or either alone)."""
    kind = _str(exc.get("type")) or "Error"
    value = (_str(exc.get("value")) or "").strip().splitlines()
    return f"{kind}: {value[0]}" if value else kind


def _value(v: dict[str, Any]) -> dict[str, Any]:
    frames = _dict(v.get("stacktrace")).get("frames")
    api_frames = [_frame(f) for f in frames if isinstance(f, dict)] if isinstance(frames, list) else []
    return {
        "type": _str(v.get("type")),
        "value": _str(v.get("value")),
        "module": _str(v.get("module")),
        "mechanism": v.get("mechanism") if isinstance(v.get("mechanism"), dict) else None,
        "stacktrace": {"frames": api_frames} if api_frames else None,
    }


def _frame(f: dict[str, Any]) -> dict[str, Any]:
    abs_path = _str(f.get("abs_path")) or _str(f.get("filename"))
    filename = _str(f.get("filename"))
    if abs_path and "://" in abs_path:
        filename = urlsplit(abs_path).path or filename  # Sentry's JavaScript normalization
    return {
        "filename": filename,
        "absPath": abs_path,
        "function": _str(f.get("function")),
        "module": _str(f.get("module")),
        "lineNo": _int(f.get("lineno")),
        "colNo": _int(f.get("colno")),
        "inApp": f.get("in_app") is True,
    }


def _crumbs(event: dict[str, Any]) -> list[dict[str, Any]]:
    crumbs = event.get("breadcrumbs")
    if isinstance(crumbs, dict):  # the SDK may also send `{"values": [...]}`
        crumbs = crumbs.get("values")
    out = []
    for c in crumbs if isinstance(crumbs, list) else []:
        if not isinstance(c, dict):
            continue
        ms = _ms(c.get("timestamp"))
        out.append(
            {
                "type": _str(c.get("type")) or "default",
                "timestamp": iso_ms(ms) if ms is not None else None,
                "level": _str(c.get("level")) or "info",
                "message": _str(c.get("message")),
                "category": _str(c.get("category")),
                "data": c.get("data") if isinstance(c.get("data"), dict) and c.get("data") else None,
                "event_id": None,
            }
        )
    return out


def _ms(seconds: Any) -> float | None:
    """Epoch ms of an SDK timestamp (epoch seconds, or an ISO string)."""
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
        return epoch_ms(seconds)  # the one range check every recorded time goes through
    if isinstance(seconds, str):
        return parse_iso_ms(seconds)
    return None


def _key(value: Any) -> str:
    return str(value).replace("-", "").lower() if value is not None else ""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def store(stage: Bundle, found: FolderErrors, now_iso: str) -> list[str]:
    """Write `related/error-details.json` into a bundle being imported; return the warnings."""
    if found.details is not None:
        related = dict(stage.manifest.get("related") or {})
        related[ERROR_DETAILS] = stage.write_related(ERROR_DETAILS, found.details, fetched_at=now_iso)
        stage.update_manifest({"related": related})
    return list(found.warnings)
