"""`--lens interactive`: the controls a user could act on, each with its label and live state.

Kept: inputs (not hidden), selects, textareas, buttons, links with an href, summaries, elements
with an ARIA widget role, contenteditable elements and anything else focusable (`tabindex >= 0`).
Each control is one entry with its label (see `nodes.Labels`), value/checked/selected state, and
whether it is disabled, in document order; shadow roots and iframe documents are searched too.
Controls inside subtrees hidden by their own attributes are left out and counted unless `--all`.
"""

from __future__ import annotations

from typing import Any

from .forms import input_type, live_state, option_value, options_of
from .nodes import Labels, selector_for, squash, visible_text
from .serialize import redaction, shallow_html
from .tree import DOCUMENT, ELEMENT, SHADOW_ROOT, Node, root_of, walk
from .visibility import HiddenCount, visible_walk

WIDGET_ROLES = frozenset(
    {
        "button",
        "checkbox",
        "combobox",
        "link",
        "listbox",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "option",
        "radio",
        "scrollbar",
        "searchbox",
        "slider",
        "spinbutton",
        "switch",
        "tab",
        "textbox",
        "treeitem",
        "gridcell",
    }
)
_CONTROL_TAGS = frozenset({"select", "textarea", "button", "summary"})


def is_interactive(node: Node) -> bool:
    if node.kind != ELEMENT or (node.svg and node.tag != "a"):
        return False
    attrs = node.attrs
    tag = node.tag
    if tag == "input":
        return input_type(node) != "hidden"
    if tag in _CONTROL_TAGS or (tag == "a" and "href" in attrs):
        return True
    if attrs.get("role", "").split(" ")[0] in WIDGET_ROLES:
        return True
    if attrs.get("contenteditable", "false").lower() in ("", "true", "plaintext-only"):
        return True
    tabindex = attrs.get("tabindex", "").strip()
    return tabindex.lstrip("-").isdigit() and not tabindex.startswith("-")


def controls(root: Node, hidden: HiddenCount | None = None) -> list[Node]:
    """Interactive elements under `root`, in document order; with `hidden`, controls inside hidden
    subtrees (`visibility.hidden_reason`) are left out and their subtrees counted there."""
    nodes = walk(root) if hidden is None else visible_walk(root, hidden)
    return [n for n in nodes if is_interactive(n)]


def control_entry(
    node: Node,
    labels: dict[Node, Labels],
    *,
    redact: bool = False,
    marks: dict[int, str] | None = None,
) -> dict[str, Any]:
    """The JSON entry of one control (`html` is the element alone, with its label and text, and
    `data-rr-clicked` when `marks` names it: the element clicked at T)."""
    tree_root = root_of(node)
    lookup = labels.get(tree_root)
    if lookup is None:
        lookup = labels[tree_root] = Labels(tree_root)
    entry: dict[str, Any] = {
        "nodeId": node.id,
        "tag": node.tag,
        "type": input_type(node) if node.tag == "input" else None,
        "role": node.attrs.get("role"),
        "label": lookup.label(node),
        "selector": selector_for(node),
        "disabled": "disabled" in node.attrs or node.attrs.get("aria-disabled") == "true",
    }
    entry.update(live_state(node))
    if redact and isinstance(entry.get("value"), str) and node.tag in ("input", "textarea"):
        entry["value"] = redaction(entry["value"])
    if node.tag == "select":
        entry["options"] = [
            {"nodeId": o.id, "value": option_value(o), "selected": bool(o.selected)} for o in options_of(node)
        ]
    if node.tag == "a":
        entry["href"] = node.attrs.get("href")
    if tree_root.kind == SHADOW_ROOT and tree_root.host is not None:
        entry["shadowHost"] = tree_root.host.id
    elif tree_root.kind == DOCUMENT and tree_root.host is not None:
        entry["iframe"] = tree_root.host.id
    if node.tag == "select":
        text = squash(" / ".join(visible_text(o) for o in options_of(node) if o.selected)) or None
    else:
        text = squash(visible_text(node)) if node.tag not in ("input", "textarea") else None
    entry["html"] = shallow_html(node, label=entry["label"], text=text, redact=redact, marks=marks)
    return entry


def interactive(
    root: Node,
    *,
    redact: bool = False,
    hidden: HiddenCount | None = None,
    marks: dict[int, str] | None = None,
) -> list[dict[str, Any]]:
    """One entry per control under `root`, in document order (see `controls` for `hidden`); the
    node ids in `marks` (the element clicked at T) get `data-rr-clicked` in their `html`."""
    labels: dict[Node, Labels] = {}
    return [control_entry(node, labels, redact=redact, marks=marks) for node in controls(root, hidden)]
