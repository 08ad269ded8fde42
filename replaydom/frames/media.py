"""Audio/video playback -> `media`.

Source frames: IncrementalSnapshot source 7 MediaInteraction (`{type: 0 play, 1 pause, 2 seeked,
3 volumechange, 4 ratechange, id, currentTime?, volume?, muted?, loop?, playbackRate?}`).
"""

from __future__ import annotations

from typing import Any

from .consts import MEDIA_INTERACTION, name_of
from .context import Ctx, as_dict, as_int, as_num, clip
from .pointer import short_name


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    nid = as_int(d.get("id"))
    action = name_of(MEDIA_INTERACTION, d.get("type")) or "unknown"
    info = ctx.nodes.describe(nid) if nid is not None else None
    muted = d.get("muted")
    data = {
        "action": action,
        "currentTime": as_num(d.get("currentTime")),
        "volume": as_num(d.get("volume")),
        "muted": muted if type(muted) is bool else None,
        "playbackRate": as_num(d.get("playbackRate")),
    }
    ctx.add(
        t,
        seg,
        idx,
        "media",
        clip(f"media {action} {short_name(info)}"),
        data,
        "IncrementalSnapshot",
        "MediaInteraction",
        info.selector if info else None,
        nid,
    )
