"""The records and items of `dom --diff`'s transient part (`transients.py` walks the frames):
an open record per node, text value or shown element that appeared inside the range, named while
its node is still attached, and the item it becomes when it goes before B."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fidelity import is_masked
from .nodes import describe, selector_for
from .state import Frame
from .tree import ELEMENT, KIND_NAMES, Node
from .visibility import hidden_reason, live_region

CAME_AND_WENT = "came-and-went"
TEXT_CAME_AND_WENT = "text-came-and-went"
SHOWN_AND_HIDDEN = "shown-and-hidden"


@dataclass(slots=True)
class Opened:
    """A node (or text value, or shown element) that appeared inside the range and is still there.
    Naming (selector, description, descendants) is filled in while the node is still attached, just
    before it goes, so records of nodes that stay cost nothing more than this object."""

    change: str
    node: Node
    frame: Frame
    text: str
    descendants: int = 0
    selector: str | None = None
    description: str = ""
    parent_id: int | None = None
    hidden_by: str | None = None
    region: str | None = None
    keep: bool = True  # inside the `--css` scope (listed when it goes)

    def name(self, node: Node) -> None:
        self.selector = selector_for(node)
        self.description = describe(node)
        self.parent_id = parent_id_of(node)
        # A shown-and-hidden element hides itself at that point: only its ancestors count.
        self.hidden_by = why_hidden(node, itself=self.change != SHOWN_AND_HIDDEN)
        self.region = live_region(node)


def transient_item(
    record: Opened,
    target: Node,
    text_then: str,
    how: str,
    appeared: dict[str, Any],
    gone: dict[str, Any],
    lifetime_ms: int,
) -> dict[str, Any]:
    """The transient item of a record that went (`how`) before B; `text_then` is the text read as it
    went, `appeared` and `gone` the pointers to the frames that did it."""
    if record.change != CAME_AND_WENT:  # the node is still attached: name it as it is now
        record.name(target)
    text = " ".join((record.text if record.text.strip() else text_then).split())
    item: dict[str, Any] = {
        "part": "transient",
        "change": record.change,
        "nodeId": target.id,
        "nodeType": KIND_NAMES.get(target.kind),
        "tag": target.tag if target.kind == ELEMENT else None,
        "selector": record.selector,
        "parentId": record.parent_id,
        "description": record.description,
        "text": text,
        "textWhenGone": when_gone(text, text_then),
        "masked": is_masked(text) or is_masked(text_then),
        "descendants": record.descendants,
        "nodes": record.descendants + 1 if record.change == CAME_AND_WENT else None,
        **appeared,
        "appeared": appeared,
        "gone": gone,
        "lifetimeMs": lifetime_ms,
        "goneBy": how,
        "hiddenBy": record.hidden_by,
        "region": record.region,
    }
    item["label"] = label(item)
    return item


def why_hidden(node: Node, *, itself: bool) -> str | None:
    """Why the node could not be seen when it went: the `hidden_reason` of itself or the nearest
    ancestor that hides (crossing shadow hosts and iframes), or None."""
    current: Node | None = node if itself else (node.parent or node.host)
    while current is not None:
        reason = hidden_reason(current)
        if reason is not None:
            return reason
        current = current.parent if current.parent is not None else current.host
    return None


def parent_id_of(node: Node) -> int | None:
    parent = node.parent
    if parent is None:
        return node.host.id if node.host is not None else None
    if parent.id is None and parent.host is not None:
        return parent.host.id  # a shadow root's child: its host
    return parent.id


def when_gone(text: str, then: str) -> str | None:
    squashed = " ".join(then.split())
    return squashed if squashed and squashed != " ".join(text.split()) else None


def quoted(text: str, limit: int = 60) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'


def same_place(parent_id: int | None, node: Node, text: str) -> tuple[Any, ...]:
    """What a re-render in place keeps: the parent, the kind of node and its text."""
    return (parent_id, node.kind, node.tag, " ".join(text.split()))


def label(item: dict[str, Any]) -> str:
    shown = quoted(item["text"]) if item["text"] else item["description"]
    count = item.get("valueCount") or 1
    values = f", {count} values" if count > 1 else ""
    return f"{item['change']} {shown} ({item['lifetimeMs'] / 1000:.1f} s{values})"
