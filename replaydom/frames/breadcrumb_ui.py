"""DOM breadcrumbs -> `click`, `input`, `keydown`, `focus`, `blur`.

Source frames: Custom `breadcrumb` with category `ui.click` (`data.node` = `{id, tagName,
textContent, attributes}`, `message` = Sentry's selector path) -> `click`; `ui.input` -> `input`;
`ui.keyDown` (`{key, metaKey, shiftKey, ctrlKey, altKey, node?}`) -> `keydown`; `ui.focus` /
`ui.blur` (the window gained/lost focus; no data) -> `focus` / `blur`.

`ui.click` and `ui.input` record the same user action as an rrweb Click/Input frame. They produce
events here, and `merge.py` folds each into its rrweb event when one exists (one event per action);
a breadcrumb whose rrweb frame was lost stays an event of its own.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict, as_int, as_str, clip
from .input import start_editing
from .nodes import is_masked
from .pointer import click_label

_MODIFIERS = (("ctrlKey", "Ctrl"), ("altKey", "Alt"), ("shiftKey", "Shift"), ("metaKey", "Meta"))
_KEY_NAMES = {"Control": "Ctrl"}


def crumb_node(payload: dict[str, Any]) -> tuple[int | None, str | None, str | None, dict[str, str]]:
    """(nodeId, tag, text, attributes) from a DOM breadcrumb's `data.node` (attributes as strings)."""
    data = as_dict(payload.get("data"))
    node = as_dict(data.get("node"))
    nid = as_int(data.get("nodeId"))
    if nid is None:
        nid = as_int(node.get("id"))
    tag = as_str(node.get("tagName"))
    text = as_str(node.get("textContent"))
    attrs = {str(k): str(v)[:200] for k, v in as_dict(node.get("attributes")).items() if v is not None}
    return nid, tag.lower() if tag else None, " ".join(text.split())[:200] if text else None, attrs


def click(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    from .pointer import click_data

    payload = as_dict(body)
    nid, tag, text, attrs = crumb_node(payload)
    selector = as_str(payload.get("message"))
    data = click_data(None, None, None)
    data.update(tag=tag, text=text, masked=is_masked(text), attributes=attrs, sentrySelector=selector)
    label = click_label("click", text, None) if text else clip(f"click {tag or selector or '?'}")
    ctx.add(t, seg, idx, "click", label, data, "Custom", "ui.click", selector, nid)


def input_crumb(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    nid, tag, _text, attrs = crumb_node(payload)
    selector = as_str(payload.get("message"))
    el_type = attrs.get("type")
    data: dict[str, Any] = {
        "textLength": None,
        "masked": False,
        "text": None,
        "isChecked": None,
        "tag": tag,
        "inputType": (el_type or "text").lower() if tag == "input" else tag,
        "frames": [],
        "breadcrumb": None,
        "unchecked": [],
        "sentrySelector": selector,
        "setByPage": False,  # the SDK writes ui.input only for the DOM's (user) input events
        "lastOffsetMs": t,
    }
    name = f"#{attrs['id']}" if attrs.get("id") else (tag or "field")
    event = ctx.add(
        t, seg, idx, "input", clip(f"type into {name}"), data, "Custom", "ui.input", selector, nid
    )
    # rrweb records no Input for a contenteditable element: its text arrives as DOM changes
    start_editing(ctx, nid, event)


def keydown(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    d = as_dict(payload.get("data"))
    nid, tag, _text, _attrs = crumb_node(payload)
    key = as_str(d.get("key"))
    mods = [name for flag, name in _MODIFIERS if d.get(flag) is True]
    data = {
        "key": key,
        "ctrlKey": d.get("ctrlKey") is True,
        "altKey": d.get("altKey") is True,
        "shiftKey": d.get("shiftKey") is True,
        "metaKey": d.get("metaKey") is True,
        "tag": tag,
    }
    shown = _KEY_NAMES.get(key or "", key if key is None or len(key) != 1 else key.upper())
    combo = "+".join([*(m for m in mods if m != shown), shown or "?"])
    ctx.add(
        t,
        seg,
        idx,
        "keydown",
        clip(f"key {combo}"),
        data,
        "Custom",
        "ui.keyDown",
        as_str(payload.get("message")),
        nid,
    )


def focus(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    ctx.add(t, seg, idx, "focus", "window focus", {"target": "window", "tag": None}, "Custom", "ui.focus")


def blur(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    ctx.add(t, seg, idx, "blur", "window blur", {"target": "window", "tag": None}, "Custom", "ui.blur")
