"""Mouse, touch and drag frames -> `click`, `focus`, `blur`, `pointer`.

Source frames: IncrementalSnapshot source 2 MouseInteraction: Click (2) and ContextMenu (3) ->
`click`; Focus (5) -> `focus`; Blur (6) -> `blur`; MouseUp/MouseDown/DblClick/TouchStart/TouchEnd/
TouchCancel -> `pointer`. Sources 1 MouseMove, 6 TouchMove, 12 Drag -> `pointer` (`positions` is the
count; `x`/`y`/`nodeId` are the last position; `firstTimeOffsetMs` is how long before the frame's
time the first position was taken).

Interactions are named from the node map as of that moment: `selector` is a CSS-like path and
`data.text` the element's visible text (`masked` when it is made of mask characters). A `ui.click`
breadcrumb for the same click is merged into the rrweb click later (`merge.py`).
"""

from __future__ import annotations

from typing import Any

from .consts import MOUSE_INTERACTION, POINTER_TYPE, name_of
from .context import Ctx, as_dict, as_int, as_num, clip
from .nodes import NodeInfo
from .unknown import add_unknown

_BLURRED_MAX = 10_000  # bounded: a hostile recording cannot grow it without end
_MOVE_ACTION = {1: "move", 6: "touchmove", 12: "drag"}
_LABEL = {
    "MouseUp": "mouse up",
    "MouseDown": "mouse down",
    "DblClick": "double click",
    "TouchStart": "touch start",
    "TouchEnd": "touch end",
    "TouchCancel": "touch cancel",
    "TouchMove_Departed": "touch move",
}


def short_name(info: NodeInfo | None, fallback: str = "element") -> str:
    """`#id` or the last selector step: how labels name an element."""
    if info is None:
        return fallback
    el_id = info.attributes.get("id")
    if el_id:
        return f"{info.tag}#{el_id}"
    return info.selector.rsplit(" > ", 1)[-1] or info.tag


def click_label(verb: str, text: str | None, info: NodeInfo | None) -> str:
    if text:
        return clip(f'{verb} "{clip(text, 40)}"')
    return clip(f"{verb} {short_name(info)}")


def move(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    source = d.get("source")
    positions = d.get("positions")
    if not isinstance(positions, list):
        positions = []
    last = as_dict(positions[-1]) if positions else {}
    first = as_dict(positions[0]) if positions else {}
    action = name_of(_MOVE_ACTION, source) or "move"
    data = {
        "action": action,
        "positions": len(positions),
        "x": as_num(last.get("x")),
        "y": as_num(last.get("y")),
        "firstTimeOffsetMs": as_int(first.get("timeOffset")),
        "pointerId": as_int(d.get("pointerId")),
        "pointerType": None,
    }
    name = {"move": "mouse move", "touchmove": "touch move", "drag": "drag"}[action]
    label = f"{name} ({len(positions)} positions)"
    raw_source = "TouchMove" if source == 6 else "Drag" if source == 12 else "MouseMove"
    ctx.add(
        t, seg, idx, "pointer", label, data, "IncrementalSnapshot", raw_source, node_id=as_int(last.get("id"))
    )


def interaction(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    name = name_of(MOUSE_INTERACTION, d.get("type"))
    if name is None:
        add_unknown(ctx, frame, t, seg, idx, f"unknown MouseInteraction type {d.get('type')!r}")
        return
    ctx.burst = None  # a click or focus change ends a typing burst
    nid = as_int(d.get("id"))
    info = ctx.nodes.describe(nid) if nid is not None and nid >= 0 else None
    selector = info.selector if info else None
    pointer_type = name_of(POINTER_TYPE, d.get("pointerType"))
    if name in ("Click", "ContextMenu"):
        data = click_data(info, as_num(d.get("x")), as_num(d.get("y")))
        data["interaction"] = name
        data["pointerType"] = pointer_type
        in_frame = ctx.frame_data(info)
        if in_frame is not None:
            data["frame"] = in_frame
        verb = "click" if name == "Click" else "right click"
        ctx.add(
            t,
            seg,
            idx,
            "click",
            click_label(verb, data["text"], info),
            data,
            "IncrementalSnapshot",
            "MouseInteraction",
            selector,
            nid,
            info.ancestors if info else (),
        )
    elif name in ("Focus", "Blur"):
        data = {"target": "element", "tag": info.tag if info else None}
        in_frame = ctx.frame_data(info)
        if in_frame is not None:
            data["frame"] = in_frame
        kind = name.lower()
        # What `input.py` needs to tell a user's typing from a value the page set.
        if nid is not None:
            if name == "Focus":
                ctx.blurred.discard(nid)
            elif len(ctx.blurred) < _BLURRED_MAX:
                ctx.blurred.add(nid)
        ctx.add(
            t,
            seg,
            idx,
            kind,
            clip(f"{kind} {short_name(info)}"),
            data,
            "IncrementalSnapshot",
            "MouseInteraction",
            selector,
            nid,
        )
    else:
        data = {
            "action": name,
            "positions": None,
            "x": as_num(d.get("x")),
            "y": as_num(d.get("y")),
            "firstTimeOffsetMs": None,
            "pointerId": as_int(d.get("pointerId")),
            "pointerType": pointer_type,
        }
        label = clip(f"{_LABEL.get(name, name)} {short_name(info)}")
        ctx.add(t, seg, idx, "pointer", label, data, "IncrementalSnapshot", "MouseInteraction", selector, nid)


def click_data(info: NodeInfo | None, x: float | None, y: float | None) -> dict[str, Any]:
    """The `data` of every click-like event, in `ClickData` field order."""
    return {
        "x": x,
        "y": y,
        "tag": info.tag if info else None,
        "text": info.text if info else None,
        "masked": info.masked if info else False,
        "clickCount": None,
        "timeAfterClickMs": None,
        "endReason": None,
        "clickOffsetMs": None,
        "breadcrumb": None,
        "qualifies": None,
        "interaction": None,
        "pointerType": None,
        "blocked": info.blocked if info else False,
        "attributes": info.attributes if info else {},
        "sentrySelector": None,
        "pageUrl": None,
        "route": None,
    }
