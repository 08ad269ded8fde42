"""`unknown` events: frames we cannot classify or that are malformed. The frame is kept (its pointer
resolves to it) and `data.reason` says why; `NormalizeResult.unknown` counts them.

Frames without any usable time cannot be placed on the timeline; they are skipped with a counted
reason instead (`NormalizeResult.skipped`).
"""

from __future__ import annotations

from typing import Any

from .consts import EVENT_TYPE
from .context import Ctx, clip
from .timeunits import rrweb_ms


def add_unknown(ctx: Ctx, frame: Any, t: float | None, seg: int, idx: int, reason: str) -> None:
    """Record `frame` as an `unknown` event at `t` (or its top-level time), else count a skip."""
    if t is None and isinstance(frame, dict):
        t = rrweb_ms(frame)
    if t is None:
        ctx.skip("no usable timestamp")
        return
    ctx.unknown += 1
    raw_type = None
    tag = None
    if isinstance(frame, dict):
        typ = frame.get("type")
        raw_type = EVENT_TYPE.get(typ) if type(typ) is int else None
        data = frame.get("data")
        if isinstance(data, dict) and isinstance(data.get("tag"), str):
            tag = data["tag"]
    data_out = {"reason": reason, "type": frame.get("type") if isinstance(frame, dict) else None, "tag": tag}
    ctx.add(t, seg, idx, "unknown", clip(f"unknown frame: {reason}"), data_out, raw_type or "unknown", tag)
