"""History breadcrumbs -> `navigation`.

Source frames: Custom `breadcrumb` with category `navigation` (`{from, to}`; web: paths; mobile:
screen names). On the web the `navigation.*` span is the navigation and a breadcrumb within 2 ms of
one is its duplicate: `merge.py` folds it into the span's event (`data.breadcrumb`). Mobile replays
have no navigation spans, so there the breadcrumbs are the navigations.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_str, clip


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    d = as_dict(payload.get("data"))
    to = as_str(d.get("to"))
    data = {
        "op": None,
        "fromUrl": as_str(d.get("from")),
        "toUrl": to,
        "durationMs": None,
        "breadcrumb": None,
    }
    ctx.add(t, seg, idx, "navigation", clip(f"navigate to {to or '?'}"), data, "Custom", "navigation")
