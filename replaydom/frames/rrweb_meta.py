"""Page lifecycle frames -> `page`, and FullSnapshot -> `dom-snapshot`.

Source frames: rrweb type 0 DomContentLoaded, 1 Load, 4 Meta (`{href, width, height}`; its `href`
sets the page URL of later events) -> `page`; type 2 FullSnapshot (`{node, initialOffset}`) ->
`dom-snapshot`, which also resets the node map (docs/rrweb-model.md §3.1).
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int, as_str, clip


def dom_content_loaded(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    data = {"event": "DomContentLoaded", "href": None, "width": None, "height": None}
    ctx.add(t, seg, idx, "page", "DOMContentLoaded", data, "DomContentLoaded")


def load(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    data = {"event": "Load", "href": None, "width": None, "height": None}
    ctx.add(t, seg, idx, "page", "load", data, "Load")


def meta(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    href = as_str(d.get("href"))
    width, height = as_int(d.get("width")), as_int(d.get("height"))
    data = {"event": "Meta", "href": href, "width": width, "height": height}
    size = f" ({width}x{height})" if width and height else ""
    ctx.burst = None
    ctx.editing = None
    ctx.add(t, seg, idx, "page", clip(f"page {href or '?'}{size}"), data, "Meta")


def full_snapshot(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    stats = ctx.nodes.load_snapshot(d.get("node"))
    ctx.has_snapshot = True
    ctx.burst = None
    ctx.editing = None
    ctx.blurred.clear()  # node ids are renumbered by a new snapshot
    ctx.masking.masked_text_nodes += stats.masked_texts
    ctx.masking.blocked_elements += stats.blocked
    ctx.masking.masked_attributes.update(stats.masked_attrs)
    offset = as_dict(d.get("initialOffset"))
    data = {
        "nodes": stats.nodes,
        "maskedTexts": stats.masked_texts,
        "blockedElements": stats.blocked,
        "scrollTop": as_int(offset.get("top")),
        "scrollLeft": as_int(offset.get("left")),
    }
    ctx.add(t, seg, idx, "dom-snapshot", f"full DOM snapshot ({stats.nodes} nodes)", data, "FullSnapshot")
