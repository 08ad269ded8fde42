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
  selected option (the last inserted, or the first enabled one): `selects`, in O(1) per change;
- radio groups (same name, same form owner, same tree): `radios`, one walk per tree.
"""

from __future__ import annotations

import re
from typing import Any

from .radios import RadioGroups
from .selects import (
    after_attribute,
    after_insert,
    after_remove,
    forget_all,
    init_option,
    is_html,
    iter_options,
    option_value,
    options_of,
    owning_select,
    select_by_value,
    settle_select,
)
from .tree import ELEMENT, TEXT, Node, walk

__all__ = [
    "after_attribute",
    "after_insert",
    "after_remove",
    "apply_input",
    "forget_all",
    "init_option",
    "input_checked",
    "input_type",
    "input_value",
    "is_html",
    "iter_options",
    "live_state",
    "option_value",
    "options_of",
    "owning_select",
    "select_by_value",
    "settle_select",
    "settle_tree",
]

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


def option_selected(node: Node) -> bool:
    return bool(node.selected)


def select_value(node: Node) -> str:
    for option in iter_options(node):
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


def apply_input(node: Node, checked: Any, text: Any, groups: RadioGroups | None = None) -> None:
    """`el.checked = isChecked; el.value = text` as the Replayer's `applyInput` does it. `groups`
    is the state's radio index (`DomState.radios`); without one a checked radio walks its tree."""
    if node.kind != ELEMENT:
        return
    _set_checked(node, bool(checked), groups)
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
        select_by_value(node, value)


def _set_checked(node: Node, checked: bool, groups: RadioGroups | None) -> None:
    if not (is_html(node, "input")):
        node.checked = checked  # an expando on anything else; harmless
        return
    node.checked = checked
    if checked and input_type(node) == "radio":
        for other in (groups if groups is not None else RadioGroups()).others(node):
            other.checked = False


def settle_tree(root: Node) -> None:
    """After building a whole snapshot: every select's options settled in tree order."""
    for node in walk(root):
        if is_html(node, "select"):
            settle_select(node)
