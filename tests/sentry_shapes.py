"""API bodies derived from the real recordings, in the shapes Sentry's serializers give them.

Provenance (also in fixtures/recordings/PROVENANCE.md, "Derived API bodies"):

- `event_details(sdk_event, meta_row, project_id)`: what `GET /projects/{org}/{project}/events/{id}/`
  answers for an error the SDK sent (`errors.json`). Sentry stores the SDK event and serializes it
  with `EventSerializer`: `eventID`, `id`, `groupID`, `projectID`, `title`, `culprit`, `message`,
  `platform`, `type: "error"`, `metadata {type, value}`, `dateCreated`, `dateReceived`, `tags:
  [{key, value}]`, `contexts`, `sdk`, `release`, and `entries`: a list of `{type, data}` where the
  exception entry is `{values: [{type, value, mechanism, module, threadId, stacktrace: {frames,
  framesOmitted, registers, hasSystemFrames}, rawStacktrace}], excOmitted, hasSystemFrames}`, each
  frame `Frame.get_api_context` (`filename` = the URL path of `abs_path`, `absPath`, `function`,
  `module`, `lineNo`, `colNo`, `inApp`, `context`, `vars`, ...), the breadcrumbs entry is
  `{values: [{type, timestamp (ISO), level, message, category, data, event_id}]}`
  (`Breadcrumbs.get_api_context`, type default "default", level default "info") and the request
  entry `{url, method, headers: [[k, v]], ...}`. The culprit is the event's `transaction` when it
  has one (Sentry stores it so), else for JavaScript `function(filename)` of the innermost in-app
  frame (`sentry/culprit.py`).
- `log_rows(segments, details, project)`: rows of the logs dataset
  (`GET /organizations/{org}/events/?dataset=logs`) as the JS SDK's console-logging integration
  would have sent them: one log per console breadcrumb of the recording (its level, message and
  arguments), on the replay's trace ids (the breadcrumbs' time order mapped onto `trace_ids` in
  order, since each page load starts a trace), with the row fields the Logs tab requests.
- `group(...)`: the serialized group of `GET /organizations/{org}/issues/{id}/`, and
  `shortid_body(...)` the `{organizationSlug, projectSlug, groupId, shortId, group}` of the shortids
  endpoint.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat().replace("+00:00", "Z")


def _frame(f: dict[str, Any]) -> dict[str, Any]:
    abs_path = f.get("filename") or f.get("abs_path")
    path = urlsplit(abs_path).path if isinstance(abs_path, str) and "://" in abs_path else abs_path
    return {
        "filename": path or abs_path,
        "absPath": abs_path,
        "module": f.get("module"),
        "package": None,
        "platform": None,
        "instructionAddr": None,
        "symbolAddr": None,
        "function": f.get("function"),
        "rawFunction": None,
        "symbol": None,
        "context": [],
        "lineNo": f.get("lineno"),
        "colNo": f.get("colno"),
        "inApp": bool(f.get("in_app")),
        "trust": None,
        "errors": None,
        "lock": None,
        "sourceLink": None,
        "vars": None,
    }


def _crumb(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": c.get("type") or "default",
        "timestamp": _iso(float(c["timestamp"])),
        "level": c.get("level") or "info",
        "message": c.get("message"),
        "category": c.get("category"),
        "data": c.get("data") or None,
        "event_id": None,
    }


def event_details(sdk: dict[str, Any], meta: dict[str, Any], project_id: str) -> dict[str, Any]:
    """The event-details body of one SDK error event (see the module docstring)."""
    values = []
    for exc in (sdk.get("exception") or {}).get("values") or []:
        frames = [_frame(f) for f in (exc.get("stacktrace") or {}).get("frames") or []]
        values.append(
            {
                "type": exc.get("type"),
                "value": exc.get("value"),
                "mechanism": exc.get("mechanism"),
                "threadId": None,
                "module": exc.get("module"),
                "stacktrace": {
                    "frames": frames,
                    "framesOmitted": None,
                    "registers": None,
                    "hasSystemFrames": any(f["inApp"] for f in frames),
                },
                "rawStacktrace": None,
            }
        )
    in_app = [f for v in values for f in v["stacktrace"]["frames"] if f["inApp"]]
    top = in_app[-1] if in_app else None
    # Sentry stores the transaction as the culprit when the event has one (sentry/culprit.py:
    # "When a transaction is set the culprit is overridden by the transaction value").
    culprit = sdk.get("transaction") or (f"{top['function'] or '?'}({top['filename']})" if top else None)
    request = sdk.get("request") or {}
    entries: list[dict[str, Any]] = [
        {
            "type": "exception",
            "data": {"values": values, "excOmitted": None, "hasSystemFrames": bool(in_app)},
        },
        {"type": "breadcrumbs", "data": {"values": [_crumb(c) for c in sdk.get("breadcrumbs") or []]}},
        {
            "type": "request",
            "data": {
                "url": request.get("url"),
                "method": None,
                "query": [],
                "fragment": None,
                "data": None,
                "headers": [[k, v] for k, v in (request.get("headers") or {}).items()],
                "cookies": [],
                "env": None,
                "inferredContentType": None,
            },
        },
    ]
    last = values[-1] if values else {}
    created = _iso(float(sdk["timestamp"]))
    return {
        "id": sdk["event_id"],
        "eventID": sdk["event_id"],
        "groupID": str(meta.get("issue.id")),
        "projectID": project_id,
        "title": meta.get("title"),
        "message": "",
        "culprit": culprit,
        "location": top["filename"] if top else None,
        "platform": sdk.get("platform"),
        "type": "error",
        "metadata": {"type": last.get("type"), "value": last.get("value"), "in_app_frame_mix": "in-app-only"},
        "dateCreated": created,
        "dateReceived": created,
        "size": 8960,
        "entries": entries,
        "tags": [{"key": k, "value": str(v)} for k, v in sorted((sdk.get("tags") or {}).items())]
        + [{"key": "level", "value": sdk.get("level")}, {"key": "release", "value": sdk.get("release")}],
        "contexts": sdk.get("contexts") or {},
        "sdk": {"name": (sdk.get("sdk") or {}).get("name"), "version": (sdk.get("sdk") or {}).get("version")},
        "release": {"version": sdk.get("release"), "shortVersion": sdk.get("release")},
        "user": None,
        "errors": [],
        "fingerprints": [hashlib.md5(str(meta.get("title")).encode()).hexdigest()],
        "groupingConfig": {"id": "newstyle:2023-01-11", "enhancements": ""},
        "occurrence": None,
        "dist": None,
        "packages": {},
        "context": sdk.get("extra") or {},
        "userReport": None,
        "crashFile": None,
        "_meta": {},
        "nextEventID": None,
        "previousEventID": None,
    }


_SEVERITY = {
    "debug": 5,
    "info": 9,
    "log": 9,
    "warning": 13,
    "warn": 13,
    "error": 17,
    "fatal": 21,
    "assert": 17,
}


def log_rows(segments: list[list[Any]], details: dict[str, Any], project: str) -> list[dict[str, Any]]:
    """Logs-dataset rows derived from the recording's console breadcrumbs (module docstring)."""
    crumbs = [
        e["data"]["payload"]
        for seg in segments
        for e in seg
        if isinstance(e, dict)
        and e.get("type") == 5
        and isinstance(e.get("data"), dict)
        and e["data"].get("tag") == "breadcrumb"
        and isinstance(e["data"].get("payload"), dict)
        and e["data"]["payload"].get("category") == "console"
    ]
    crumbs.sort(key=lambda c: float(c.get("timestamp") or 0))
    traces = [t for t in details.get("trace_ids") or []]
    rows = []
    for i, c in enumerate(crumbs):
        level = str(c.get("level") or "info")
        severity = {"warning": "warn", "log": "info", "assert": "error"}.get(level, level)
        seconds = float(c["timestamp"])
        trace = traces[min(len(traces) - 1, i * len(traces) // max(1, len(crumbs)))] if traces else None
        item = hashlib.sha256(f"{details['id']}-{i}".encode()).hexdigest()[:32]
        args = (c.get("data") or {}).get("arguments")
        rows.append(
            {
                "sentry.item_id": item,
                "project.id": int(details.get("project_id") or 0),
                "project": project,
                "trace": trace,
                "span_id": hashlib.sha256(f"span-{item}".encode()).hexdigest()[:16],
                "severity": severity,
                "severity_number": _SEVERITY.get(level, 9),
                "message": c.get("message"),
                "timestamp": datetime.fromtimestamp(seconds, tz=UTC).isoformat(),
                "timestamp_precise": round(seconds * 1e9),
                "logger.name": (c.get("data") or {}).get("logger"),
                "message.template": str(args[0]) if isinstance(args, list) and args else None,
                "code.file.path": None,
                "code.function.name": None,
                "release": (details.get("releases") or [None])[0],
                "environment": details.get("environment"),
                "sdk.name": (details.get("sdk") or {}).get("name"),
                "browser.name": (details.get("browser") or {}).get("name"),
                "server.address": None,
            }
        )
    return rows


def group(
    issue_id: int, short_id: str, title: str, project_slug: str, project_id: str, category: str = "error"
) -> dict[str, Any]:
    """A serialized group (issue) as the issue details endpoint gives it (the fields we read and more)."""
    return {
        "id": str(issue_id),
        "shortId": short_id,
        "title": title,
        "culprit": None,
        "permalink": f"https://acme.sentry.io/issues/{issue_id}/",
        "level": "error",
        "status": "unresolved",
        "substatus": "ongoing",
        "isPublic": False,
        "platform": "javascript",
        "project": {"id": project_id, "name": project_slug, "slug": project_slug, "platform": "javascript"},
        "type": "error" if category == "error" else "generic",
        "issueType": "error" if category == "error" else f"{category}_issue",
        "issueCategory": category,
        "metadata": {"title": title},
        "numComments": 0,
        "count": "1",
        "userCount": 1,
        "firstSeen": "2026-11-23T21:41:02.610000Z",
        "lastSeen": "2026-11-23T21:41:02.610000Z",
    }


def shortid_body(org: str, g: dict[str, Any]) -> dict[str, Any]:
    return {
        "organizationSlug": org,
        "projectSlug": g["project"]["slug"],
        "groupId": g["id"],
        "shortId": g["shortId"],
        "group": g,
    }
