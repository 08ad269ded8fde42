"""Scrolling -> `scroll`.

Source frames: IncrementalSnapshot source 3 Scroll (`{id, x, y}`; the document's id means the
window, anything else an element's scrollLeft/scrollTop). The mobile `ui.scroll` breadcrumb is
handled in `breadcrumb_other.py`.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int, as_num, clip
from .pointer import short_name


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    nid = as_int(d.get("id"))
    x, y = as_num(d.get("x")), as_num(d.get("y"))
    tag = ctx.nodes.tag.get(nid) if nid is not None else None
    window = tag == "#document" or (tag is None and nid == 1)
    info = None if window or nid is None else ctx.nodes.describe(nid)
    data = {"target": "window" if window else "element", "x": x, "y": y, "details": None}
    where = "window" if window else short_name(info)
    ctx.add(
        t,
        seg,
        idx,
        "scroll",
        clip(f"scroll {where} to x={_n(x)} y={_n(y)}"),
        data,
        "IncrementalSnapshot",
        "Scroll",
        info.selector if info else None,
        nid,
    )


def _n(v: float | None) -> str:
    return "?" if v is None else f"{v:g}"
