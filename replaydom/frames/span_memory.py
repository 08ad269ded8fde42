"""JS heap samples -> `memory`.

Source frames: Custom `performanceSpan` with op `memory` (`data.memory` = `{usedJSHeapSize,
totalJSHeapSize, jsHeapSizeLimit}` bytes; one per flush, Chrome only).
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    mem = as_dict(as_dict(as_dict(body).get("data")).get("memory"))
    used = as_int(mem.get("usedJSHeapSize"))
    data = {
        "usedJSHeapSize": used,
        "totalJSHeapSize": as_int(mem.get("totalJSHeapSize")),
        "jsHeapSizeLimit": as_int(mem.get("jsHeapSizeLimit")),
    }
    label = f"memory {used / 1e6:.1f} MB used" if used is not None else "memory"
    ctx.add(t, seg, idx, "memory", label, data, "Custom", "memory")
