"""Form input -> `input` (one event per typing burst).

Source frames: IncrementalSnapshot source 5 Input (`{id, text, isChecked}`). Keystrokes on one field
arrive as one Input frame each, carrying the whole value so far; consecutive frames on the same node
less than `BURST_MS` apart, with no click/focus change in between, are collapsed (text-like fields
only: every select/checkbox/radio change stays an event of its own) into the first
one's event: `data.frames` lists every covered frame and the text fields describe the final value.
When a radio button is checked, the recorder also emits `isChecked: false` frames for the other radios
of its group at the same instant; those are folded into the checking event (`data.unchecked`).

A change on a field that had lost the focus (rrweb recorded a Blur of it after its last Focus, since
the last snapshot) was made by the page's own script, not typed or chosen by the user (a password
field cleared after a save, a chat box emptied after Send): `data.setByPage` is true and the label
says "page set" (a matching `ui.input` breadcrumb, which only a keypress writes, overrides it). A
field that never had the focus is not claimed either way: automation and autofill change fields
without focusing them, and the recording cannot tell them from the page's script.
`data.lastOffsetMs` is the time of the last frame folded into the event (the last keystroke of a
typing burst; `normalize.finish` turns the epoch ms kept here into an offset).

Contenteditable elements: rrweb records no Input frame for them (its input observer watches
input, textarea and select only); the SDK's `ui.input` breadcrumb (`breadcrumb_ui.input_crumb`)
says the user typed there, with `text: null`, and the typed text arrives as DOM changes under the
element (text nodes added and rewritten, a `div` or `br` per new line). `start_editing` opens an
`EditBurst` on that breadcrumb's event when the node (or an ancestor) is contenteditable; every
later Mutation frame that touches the element or a node under it extends it (`extend_editing`):
`data.frames` gains the frame, `lastOffsetMs` its time, the change's `data.typedInto` points
back, and the text fields describe the element's text after it (lines kept, masked text stays
masked), with `inputType: "contenteditable"`. The burst ends when the element loses the focus,
the node leaves the map, or another `ui.input` breadcrumb starts one (the SDK writes one per
typing run: a pause of 1 s or more starts another).

Honesty: a value made of mask characters gives `masked: true`, `text: null` and only `textLength`;
`text` is set only when the value was captured unmasked (it is never shown in labels, so `--redact`
needs to touch `data.text` only). A `ui.input` breadcrumb for the field is merged later (`merge.py`).
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, EditBurst, InputBurst, as_dict, as_int, clip, pointer
from .nodes import TEXT, NodeInfo, is_masked
from .pointer import short_name

BURST_MS = 1000.0
TEXT_MAX = 1000
_SIBLING_MS = 2.0
# Each change of these is a choice of its own, never part of a typing burst.
_DISCRETE = frozenset({"select", "checkbox", "radio", "range", "color", "file", "date", "submit", "button"})


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    nid = as_int(d.get("id"))
    text = d.get("text")
    checked = d.get("isChecked")
    burst = ctx.burst
    if burst is not None and nid is not None:
        data = burst.event["data"]
        if burst.node_id == nid and t - burst.last_t <= BURST_MS and data["inputType"] not in _DISCRETE:
            data["frames"].append(pointer(seg, idx))
            _set_value(ctx, data, text, checked)
            burst.last_t = t
            data["lastOffsetMs"] = t
            return
        sibling = checked is False and data["isChecked"] is True and abs(t - burst.last_t) <= _SIBLING_MS
        if sibling and _is_radio(ctx, nid):
            data["frames"].append(pointer(seg, idx))
            data["unchecked"].append(nid)
            return
    info = ctx.nodes.describe(nid) if nid is not None and nid >= 0 else None
    data = {
        "textLength": None,
        "masked": False,
        "text": None,
        "isChecked": None,
        "tag": info.tag if info else None,
        "inputType": _input_type(info),
        "frames": [pointer(seg, idx)],
        "breadcrumb": None,
        "unchecked": [],
        "sentrySelector": None,
        "setByPage": nid is not None and nid in ctx.blurred,
        "lastOffsetMs": t,
    }
    _set_value(ctx, data, text, checked)
    in_frame = ctx.frame_data(info)
    if in_frame is not None:
        data["frame"] = in_frame
    event = ctx.add(
        t,
        seg,
        idx,
        "input",
        _label(data, info),
        data,
        "IncrementalSnapshot",
        "Input",
        info.selector if info else None,
        nid,
        info.ancestors if info else (),
    )
    if nid is not None:
        ctx.burst = InputBurst(nid, t, event)


def start_editing(ctx: Ctx, nid: int | None, event: dict[str, Any]) -> None:
    """Open a contenteditable typing burst on a `ui.input` event (see the module docstring)."""
    ctx.editing = None
    if nid is None or nid < 0 or _editable_root(ctx, nid) is None:
        return
    event["data"]["inputType"] = "contenteditable"
    event["label"] = clip(f"type into {short_name(ctx.nodes.describe(nid), 'field')}")
    ctx.editing = EditBurst(nid, event)


def extend_editing(ctx: Ctx, mutation: dict[str, Any], change: dict[str, Any], t: float) -> None:
    """Fold a Mutation frame (already applied to the node map; `change` is its event) into the
    open contenteditable burst when it changed the element or a node under it; the change's
    `data.typedInto` then points at the typing's input event."""
    ed = ctx.editing
    if ed is None:
        return
    nid = ed.node_id
    if nid in ctx.blurred or nid not in ctx.nodes.tag:
        ctx.editing = None
        return
    if not any(_under(ctx, node, nid) for node in _touched(mutation)):
        return
    data = ed.event["data"]
    data["frames"].append(pointer(change["segmentId"], change["frameIndex"]))
    data["lastOffsetMs"] = t
    _set_value(ctx, data, _editable_text(ctx, nid), None)
    change["data"]["typedInto"] = pointer(ed.event["segmentId"], ed.event["frameIndex"])


_EDIT_DEPTH = 64
_EDIT_VISITS = 5000
_LINE_TAGS = frozenset({"div", "p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})


def _editable_root(ctx: Ctx, nid: int) -> int | None:
    """The node, or its nearest ancestor, with a `contenteditable` other than "false"."""
    cur: int | None = nid
    for _ in range(_EDIT_DEPTH):
        if cur is None:
            return None
        value = (ctx.nodes.attrs.get(cur) or {}).get("contenteditable")
        if value is not None:
            return cur if str(value).strip().lower() != "false" else None
        cur = ctx.nodes.parent.get(cur)
    return None


def _touched(mutation: dict[str, Any]) -> list[int]:
    """Nodes a Mutation changed: text and attribute targets, parents of adds and removes."""
    out: list[int] = []
    for key, field in (("texts", "id"), ("attributes", "id"), ("adds", "parentId"), ("removes", "parentId")):
        items = mutation.get(key)
        if isinstance(items, list):
            out += [n for item in items if isinstance(item, dict) and type(n := item.get(field)) is int]
    return out


def _under(ctx: Ctx, node: int, root: int) -> bool:
    parent = ctx.nodes.parent
    cur: int | None = node
    for _ in range(_EDIT_DEPTH):
        if cur is None:
            return False
        if cur == root:
            return True
        cur = parent.get(cur)
    return False


def _editable_text(ctx: Ctx, root: int) -> str:
    """The element's text as typed: text nodes in document order, a new line for each `br` and
    before each line element (`div`, `p`...) that does not start the text (bounded walk)."""
    nodes = ctx.nodes
    out: list[str] = []
    stack = list(reversed(nodes.children.get(root, ())))
    visits = 0
    while stack and visits < _EDIT_VISITS:
        cur = stack.pop()
        visits += 1
        tag = nodes.tag.get(cur)
        if tag == TEXT:
            out.append(nodes.text.get(cur) or "")
        elif tag == "br":
            out.append("\n")
        elif tag is not None and not tag.startswith("#"):
            if tag in _LINE_TAGS and out and not out[-1].endswith("\n"):
                out.append("\n")
            stack.extend(reversed(nodes.children.get(cur, ())))
    # Trailing breaks are the browser's placeholder `br` of an empty last line, not text.
    return "".join(out).rstrip("\n")


def _set_value(ctx: Ctx, data: dict[str, Any], text: Any, checked: Any) -> None:
    if isinstance(text, str):
        masked = is_masked(text)
        if masked and not data["masked"]:
            ctx.masking.masked_inputs += 1
        data["textLength"] = len(text)
        data["masked"] = masked
        data["text"] = None if masked else text[:TEXT_MAX]
    if type(checked) is bool and data["inputType"] in ("checkbox", "radio"):
        data["isChecked"] = checked
    elif type(checked) is bool and checked:
        data["isChecked"] = True


def _input_type(info: NodeInfo | None) -> str | None:
    if info is None:
        return None
    if info.tag == "input":
        return str(info.attributes.get("type") or "text").lower()
    return info.tag


def _is_radio(ctx: Ctx, nid: int) -> bool:
    attrs = ctx.nodes.attrs.get(nid) or {}
    return str(attrs.get("type", "")).lower() == "radio"


def _label(data: dict[str, Any], info: NodeInfo | None) -> str:
    name = short_name(info, "field")
    kind = data["inputType"]
    if data["setByPage"]:
        cleared = " (emptied)" if data["textLength"] == 0 else " (masked)" if data["masked"] else ""
        return clip(f"page set {name}{cleared}")
    if kind == "checkbox":
        return clip(f"{'check' if data['isChecked'] else 'uncheck'} {name}")
    if kind == "radio":
        return clip(f"choose {name}" if data["isChecked"] else f"unchoose {name}")
    if kind == "select":
        return clip(f"select in {name}")
    return clip(f"type into {name}" + (" (masked)" if data["masked"] else ""))
