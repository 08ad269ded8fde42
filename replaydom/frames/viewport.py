"""Viewport size changes -> `viewport`.

Source frames: IncrementalSnapshot source 4 ViewportResize (`{width, height}`).
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    width, height = as_int(d.get("width")), as_int(d.get("height"))
    data = {"width": width, "height": height}
    ctx.add(
        t, seg, idx, "viewport", f"viewport {width}x{height}", data, "IncrementalSnapshot", "ViewportResize"
    )
