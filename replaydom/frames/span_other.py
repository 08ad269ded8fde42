"""Other spans -> `span`.

Source frames: Custom `performanceSpan` with op `paint` (`first-paint`, `first-contentful-paint`)
and any op no other family claims (kept with its `description`, duration and small `data`).
"""

from __future__ import annotations

from typing import Any

import orjson

from .context import Ctx, as_dict, as_str, clip
from .timeunits import span_ms

DETAILS_MAX = 2000


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    op = as_str(payload.get("op")) or "?"
    description = as_str(payload.get("description"))
    times = span_ms(payload)
    details = payload.get("data")
    if isinstance(details, dict) and details:
        try:
            if len(orjson.dumps(details, option=orjson.OPT_NON_STR_KEYS)) > DETAILS_MAX:
                details = {"truncated": True}
        except (TypeError, orjson.JSONEncodeError):
            details = {"truncated": True}
    else:
        details = None
    data = {
        "op": op,
        "description": clip(description, 500) if description else None,
        "durationMs": round(times[1] - times[0]) if times else None,
        "details": details,
    }
    ctx.add(t, seg, idx, "span", clip(f"{op} {description or ''}".strip()), data, "Custom", op)
