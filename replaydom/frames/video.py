"""Mobile replay video clips -> `video`.

Source frames: Custom `video` (one per segment from mobile SDKs: `{segmentId, duration (ms), size,
width, height, frameCount, frameRate, encoding, container, left, top}`); the top-level `timestamp` is
ms. The clip itself is served by the videos endpoint, not the segment body.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int, as_num, as_str


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    p = as_dict(body)
    duration = as_int(p.get("duration"))
    data = {
        "segmentId": as_int(p.get("segmentId")),
        "durationMs": duration,
        "size": as_int(p.get("size")),
        "width": as_int(p.get("width")),
        "height": as_int(p.get("height")),
        "frameCount": as_int(p.get("frameCount")),
        "frameRate": as_num(p.get("frameRate")),
        "encoding": as_str(p.get("encoding")),
        "container": as_str(p.get("container")),
    }
    label = f"video clip {data['segmentId']} ({duration} ms)"
    ctx.add(t, seg, idx, "video", label, data, "Custom", "video")
