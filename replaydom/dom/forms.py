"""Form controls' live state: what `.value`, `.checked` and `option.selected` read in the Replayer.

An Input event sets properties (`el.checked = isChecked; el.value = text`), never the `value`
attribute, so the state lives here rather than in `Node.attrs` (rrweb-model.md §3.6, §4.8). The rules
are the HTML standard's as Chromium implements them, to the extent recordings exercise them:

- text-like inputs: the dirty value once set, else the `value` attribute, after the type's value
  sanitization (newlines stripped, numbers validated, colors lower-cased...);
- `hidden/submit/image/reset/button` and `checkbox/radio` store `.value` in the `value` *attribute*;
- checkbox/radio: the dirty checkedness once set, else the `checked` attribute; checking a radio
  unchecks the others of its group;
- textarea: the dirty value, else its child text; select: the first selected option's value;
- options: selectedness from the `selected` attribute until dirty; a single-select keeps exactly one
  selected option (the last inserted, or the first enabled one).
"""

from __future__ import annotations

import re
from typing import Any

from .tree import ELEMENT, TEXT, Node, light_descendants, walk

_VALUE_MODE = frozenset(
    {
        "text",
        "search",
        "tel",
        "url",
        "email",
        "password",
        "date",
        "month",
        "week",
        "time",
        "datetime-local",
        "number",
        "range",
        "color",
    }
)
_DEFAULT_MODE = frozenset({"hidden", "submit", "image", "reset", "button"})
_CHECKABLE = frozenset({"checkbox", "radio"})
_KNOWN = _VALUE_MODE | _DEFAULT_MODE | _CHECKABLE | {"file"}
_FLOAT = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$")
_FORMATS = {
    "date": re.compile(r"^\d{4,}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4,}-\d{2}$"),
    "week": re.compile(r"^\d{4,}-W\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$"),
    "datetime-local": re.compile(r"^\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$"),
}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_WS = " \t\n\f\r"


def input_type(node: Node) -> str:
    """The `type` IDL value: the lower-cased attribute when it is a known type, else `text`."""
    kind = node.attrs.get("type", "").lower()
    return kind if kind in _KNOWN else "text"


def is_html(node: Node, tag: str) -> bool:
    return node.kind == ELEMENT and not node.svg and node.tag == tag


def _strip_newlines(value: str) -> str:
    return value.replace("\n", "").replace("\r", "")


def _sanitize(kind: str, value: str, node: Node) -> str:
    if kind in ("text", "search", "tel", "password"):
        return _strip_newlines(value)
    if kind in ("url", "email"):
        value = _strip_newlines(value)
        if kind == "email" and "multiple" in node.attrs:
            return ",".join(part.strip(_WS) for part in value.split(","))
        return value.strip(_WS)
    if kind == "number":
        return value if _FLOAT.match(value) else ""
    if kind == "range":
        return _sanitize_range(value, node)
    if kind == "color":
        return value.lower() if _COLOR.match(value) else "#000000"
    pattern = _FORMATS.get(kind)
    if pattern is not None:
        return value if pattern.match(value) else ""
    return value


def _number_attr(node: Node, name: str, default: float) -> float:
    raw = node.attrs.get(name, "")
    return float(raw) if _FLOAT.match(raw) else default


def _sanitize_range(value: str, node: Node) -> str:
    low, high = _number_attr(node, "min", 0.0), _number_attr(node, "max", 100.0)
    if high < low:
        high = low
    number = float(value) if _FLOAT.match(value) else low + (high - low) / 2
    number = min(max(number, low), high)
    return str(int(number)) if number.is_integer() else repr(number)


def input_value(node: Node) -> str:
    """`input.value` as the Replayer's document reports it."""
    kind = input_type(node)
    if kind in _VALUE_MODE:
        raw = node.value if node.value is not None else node.attrs.get("value", "")
        return _sanitize(kind, raw, node)
    if kind in _CHECKABLE:
        return node.attrs.get("value", "on")
    if kind == "file":
        return ""
    return node.attrs.get("value", "")


def input_checked(node: Node) -> bool:
    return node.checked if node.checked is not None else "checked" in node.attrs


def textarea_value(node: Node) -> str:
    raw = node.value if node.value is not None else "".join(c.text for c in node.children if c.kind == TEXT)
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def options_of(select: Node) -> list[Node]:
    """The select's list of options: option children and options of optgroup children."""
    found: list[Node] = []
    for child in select.children:
        if is_html(child, "option"):
            found.append(child)
        elif is_html(child, "optgroup"):
            found.extend(c for c in child.children if is_html(c, "option"))
    return found


def option_value(node: Node) -> str:
    if "value" in node.attrs:
        return node.attrs["value"]
    text = "".join(n.text for n in light_descendants(node) if n.kind == TEXT and not _in_script(n, node))
    return " ".join(text.split())


def _in_script(text_node: Node, option: Node) -> bool:
    parent = text_node.parent
    while parent is not None and parent is not option:
        if parent.tag in ("script", "noscript") and parent.kind == ELEMENT:
            return True
        parent = parent.parent
    return False


def option_selected(node: Node) -> bool:
    return bool(node.selected)


def select_value(node: Node) -> str:
    for option in options_of(node):
        if option.selected:
            return option_value(option)
    return ""


def live_state(node: Node) -> dict[str, Any]:
    """The property state the differential test compares (see player/page.js `liveState`)."""
    if node.kind != ELEMENT or node.svg:
        return {}
    tag = node.tag
    if tag == "input":
        if input_type(node) in _CHECKABLE:
            return {"checked": input_checked(node)}
        return {"value": input_value(node)}
    if tag == "textarea":
        return {"value": textarea_value(node)}
    if tag == "select":
        return {"value": select_value(node)}
    if tag == "option":
        return {"selected": option_selected(node)}
    return {}


# ---- changes --------------------------------------------------------------------------------


def apply_input(node: Node, checked: Any, text: Any) -> None:
    """`el.checked = isChecked; el.value = text` as the Replayer's `applyInput` does it."""
    if node.kind != ELEMENT:
        return
    _set_checked(node, bool(checked))
    value = "" if text is None else text if isinstance(text, str) else str(text)
    tag = node.tag if not node.svg else ""
    if tag == "input":
        kind = input_type(node)
        if kind in _VALUE_MODE:
            node.value = value
        elif kind in _DEFAULT_MODE or kind in _CHECKABLE:
            node.attrs["value"] = value
    elif tag == "textarea":
        node.value = value
    elif tag == "select":
        _select_by_value(node, value)


def _set_checked(node: Node, checked: bool) -> None:
    if not (is_html(node, "input")):
        node.checked = checked  # an expando on anything else; harmless
        return
    node.checked = checked
    if checked and input_type(node) == "radio":
        for other in radio_group(node):
            if other is not node:
                other.checked = False


def radio_group(node: Node) -> list[Node]:
    """Radios with the same non-empty name in the same tree (document or shadow root)."""
    name = node.attrs.get("name", "")
    if not name:
        return [node]
    root = node
    while root.parent is not None:
        root = root.parent
    return [
        n
        for n in walk(root)
        if is_html(n, "input")
        and input_type(n) == "radio"
        and n.attrs.get("name", "") == name
        and _root_of(n) is root
    ]


def _root_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def _select_by_value(select: Node, value: str) -> None:
    options = options_of(select)
    for option in options:
        option.selected = False
    for option in options:
        if option_value(option) == value:
            option.selected = True
            option.sel_dirty = True
            break


def init_option(node: Node) -> None:
    """Give a freshly built option its initial selectedness."""
    if is_html(node, "option"):
        node.selected = "selected" in node.attrs
        node.sel_dirty = False


def owning_select(node: Node) -> Node | None:
    parent = node.parent
    if parent is not None and is_html(parent, "optgroup"):
        parent = parent.parent
    return parent if parent is not None and is_html(parent, "select") else None


def _single(select: Node) -> bool:
    return "multiple" not in select.attrs


def _display_size(select: Node) -> int:
    raw = select.attrs.get("size", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return 1 if _single(select) else 4


def settle_select(select: Node) -> None:
    """The selectedness setting algorithm: a single-select keeps exactly one selected option."""
    if not _single(select):
        return
    options = options_of(select)
    chosen = [o for o in options if o.selected]
    if not chosen:
        if _display_size(select) == 1:
            for option in options:
                if "disabled" not in option.attrs:
                    option.selected = True
                    break
        return
    for option in chosen[:-1]:
        option.selected = False


def after_insert(node: Node) -> None:
    """Insertion steps for options (and optgroups holding them) that joined a select."""
    targets = (
        [node]
        if is_html(node, "option")
        else ([c for c in node.children if is_html(c, "option")] if is_html(node, "optgroup") else [])
    )
    if not targets:
        return
    select = owning_select(targets[0])
    if select is None:
        return
    if _single(select) and any(t.selected for t in targets):
        keep = [t for t in targets if t.selected][-1]
        for option in options_of(select):
            if option is not keep:
                option.selected = False
    settle_select(select)


def after_remove(old_parent: Node, node: Node) -> None:
    if not (is_html(node, "option") or is_html(node, "optgroup")):
        return
    select = (
        old_parent
        if is_html(old_parent, "select")
        else (old_parent.parent if is_html(old_parent, "optgroup") and old_parent.parent else None)
    )
    if select is not None and is_html(select, "select"):
        settle_select(select)


def after_attribute(node: Node, name: str, present: bool) -> None:
    """`selected` attribute changes move a non-dirty option's selectedness."""
    if name != "selected" or not is_html(node, "option") or node.sel_dirty:
        return
    node.selected = present
    select = owning_select(node)
    if select is not None and present and _single(select):
        for option in options_of(select):
            if option is not node:
                option.selected = False
    if select is not None:
        settle_select(select)


def settle_tree(root: Node) -> None:
    """After building a whole snapshot: every select's options settled in tree order."""
    for node in walk(root):
        if is_html(node, "select"):
            settle_select(node)
