"""Text selection -> `selection`.

Source frames: IncrementalSnapshot source 14 Selection (`{ranges: [{start, startOffset, end,
endOffset}]}`, node ids). `data` describes the first range; `ranges` is the count.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    ranges = as_dict(body).get("ranges")
    if not isinstance(ranges, list):
        ranges = []
    first = as_dict(ranges[0]) if ranges else {}
    data = {
        "ranges": len(ranges),
        "startNodeId": as_int(first.get("start")),
        "startOffset": as_int(first.get("startOffset")),
        "endNodeId": as_int(first.get("end")),
        "endOffset": as_int(first.get("endOffset")),
    }
    label = f"text selection ({len(ranges)} range{'s' if len(ranges) != 1 else ''})"
    ctx.add(
        t, seg, idx, "selection", label, data, "IncrementalSnapshot", "Selection", node_id=data["startNodeId"]
    )
