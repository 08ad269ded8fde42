"""Network and resource spans -> `network`.

Source frames: Custom `performanceSpan` with op `resource.fetch` / `resource.xhr` (`{method,
statusCode, request?, response?}` with captured headers/bodies for allow-listed URLs; SDK 7.44-7.45
sent flat `requestBodySize`/`responseBodySize`), mobile `resource.http`, and the PerformanceObserver
resources `resource.<initiator>` (`css`, `img`, `script`, `link`, `iframe`, `other`: `{size
(transfer), statusCode?, decodedBodySize, encodedBodySize}`). Times: `startTimestamp`/`endTimestamp`.

Honesty: `status` is null when there was no response (the SDK's 0); `failed` is true for status
>= 400, and for fetch/xhr without a response. A side whose headers/body were not recorded has
`captured: false` and keeps the SDK's `warnings` (e.g. `URL_SKIPPED`: the URL is not in
`networkDetailAllowUrls`). Bodies longer than `BODY_MAX` characters of JSON are cut
(`bodyTruncated`); `filtered` means the server scrubbed part of it (`[Filtered]`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import orjson

from .context import Ctx, as_dict, as_int, as_str, clip
from .timeunits import span_ms

BODY_MAX = 4096
_REQUEST_OPS = frozenset({"fetch", "xhr", "http"})


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    op = str(payload.get("op"))
    initiator = op.split(".", 1)[1] if "." in op else op
    d = as_dict(payload.get("data"))
    times = span_ms(payload)
    duration = round(times[1] - times[0]) if times else None
    url = as_str(payload.get("description"))
    status = as_int(d.get("statusCode"))
    if status is not None and status <= 0:
        status = None  # the SDK writes 0 when there was no response (aborted, network error)
    is_request = initiator in _REQUEST_OPS
    request = _side(d.get("request"))
    response = _side(d.get("response"))
    data = {
        "method": as_str(d.get("method")),
        "status": status,
        "durationMs": duration,
        "url": url,
        "initiator": initiator,
        "failed": (status is not None and status >= 400) or (is_request and status is None),
        "requestSize": _size(request, d.get("requestBodySize")),
        "responseSize": _size(response, d.get("responseBodySize"))
        if is_request
        else as_int(d.get("encodedBodySize")),
        "request": request,
        "response": response,
        "transferSize": None if is_request else as_int(d.get("size")),
        "decodedBodySize": as_int(d.get("decodedBodySize")),
    }
    if initiator == "iframe" and url and url not in ctx.iframe_urls:
        ctx.iframe_urls.append(url)
    ctx.add(t, seg, idx, "network", _label(data, url), data, "Custom", op)


def _size(side: dict[str, Any] | None, legacy: Any) -> int | None:
    if side is not None and side["size"] is not None:
        return side["size"]  # type: ignore[no-any-return]
    return as_int(legacy)


def _side(obj: Any) -> dict[str, Any] | None:
    if not isinstance(obj, dict):
        return None
    headers = {str(k): str(v) for k, v in as_dict(obj.get("headers")).items() if v is not None}
    meta = as_dict(obj.get("_meta"))
    warnings = (
        [str(w) for w in meta.get("warnings") or () if isinstance(w, str)]
        if isinstance(meta.get("warnings"), list)
        else []
    )
    body = obj.get("body")
    truncated = False
    filtered = False
    if body is not None:
        text = body if isinstance(body, str) else _dump(body)
        filtered = "[Filtered]" in text
        if len(text) > BODY_MAX:
            body, truncated = text[:BODY_MAX], True
    return {
        "size": as_int(obj.get("size")),
        "headers": headers or None,
        "body": body,
        "bodyTruncated": truncated,
        "captured": bool(headers) or body is not None,
        "warnings": warnings,
        "filtered": filtered or any("[Filtered]" in v for v in headers.values()),
    }


def _dump(value: Any) -> str:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return str(value)


def _label(data: dict[str, Any], url: str | None) -> str:
    method = data["method"] or data["initiator"]
    status = data["status"] if data["status"] is not None else "no response"
    dur = f" ({data['durationMs']} ms)" if data["durationMs"] is not None else ""
    return clip(f"{method} {_short_url(url)} {status}{dur}")


def _short_url(url: str | None) -> str:
    if not url:
        return "?"
    try:
        parts = urlsplit(url)
    except ValueError:
        return clip(url, 80)
    if parts.scheme in ("http", "https") and parts.path:
        return clip(parts.path + (f"?{parts.query}" if parts.query else ""), 80)
    return clip(url, 80)
