"""Page loads and route changes -> `navigation`.

Source frames: Custom `performanceSpan` with op `navigation.navigate`, `navigation.reload`,
`navigation.back_forward` (page loads; `description` is the URL, `data` the navigation timing in ms
from timeOrigin) and `navigation.push` (SPA route change; `data.previous` is the old URL). The span's
`description` becomes the page URL of every later event (`normalize.finish`).
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int, as_str, clip
from .timeunits import span_ms

_VERB = {
    "navigation.navigate": "page load",
    "navigation.reload": "reload",
    "navigation.back_forward": "back/forward to",
    "navigation.push": "route change to",
}


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    op = str(payload.get("op"))
    d = as_dict(payload.get("data"))
    url = as_str(payload.get("description"))
    times = span_ms(payload)
    duration = as_int(d.get("duration"))
    if duration is None and times and op != "navigation.push":
        duration = round(times[1] - times[0])
    data = {
        "op": op,
        "fromUrl": as_str(d.get("previous")),
        "toUrl": url,
        "durationMs": duration,
        "breadcrumb": None,
        "domContentLoadedMs": as_int(d.get("domContentLoadedEventEnd")),
        "loadMs": as_int(d.get("loadEventEnd")),
        "transferSize": as_int(d.get("size")),
    }
    ctx.add(t, seg, idx, "navigation", clip(f"{_VERB.get(op, op)} {url or '?'}"), data, "Custom", op)
