"""Which subtrees a person could not see, judged from the element's own attributes.

The recording carries no computed styles, so only what an element says about itself counts: the
`hidden` attribute (any value, `until-found` included), an inline `display: none` (with or without
`!important`) and `aria-hidden="true"`. Class-based hiding (`.d-none`) would need the cascade and is
not guessed. `dom --at` leaves these subtrees out of its default excerpt (hidden SPA routes were most
of the output) and counts them; `--all` shows everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .census import count_elements
from .tree import ELEMENT, Node

HIDDEN_ATTRIBUTE = "hidden"
DISPLAY_NONE = "display:none"
ARIA_HIDDEN = "aria-hidden"
REASONS = (HIDDEN_ATTRIBUTE, DISPLAY_NONE, ARIA_HIDDEN)
SHOW_ALL_FLAG = "--all"
# ARIA roles that make an element a live region (announced when it changes): toasts, alerts, status.
LIVE_ROLES = frozenset({"alert", "alertdialog", "status", "log", "marquee", "timer"})


def hidden_reason(node: Node) -> str | None:
    """Why an element hides its subtree (`hidden`, `display:none`, `aria-hidden`), or None."""
    if node.kind != ELEMENT:
        return None
    attrs = node.attrs
    if not attrs:  # asked of every row an excerpt leaves out; rows often have no attribute at all
        return None
    if "hidden" in attrs:
        return HIDDEN_ATTRIBUTE
    style = attrs.get("style")
    if style and "display" in style.lower() and _display_none(style):
        return DISPLAY_NONE
    # (most elements have no aria-hidden to normalise)
    aria = attrs.get("aria-hidden")
    if aria is not None and aria.strip().lower() == "true":
        return ARIA_HIDDEN
    return None


def _display_none(style: str) -> bool:
    """True when the last `display` declaration of an inline style is `none` (later ones win)."""
    value: str | None = None
    for declaration in style.split(";"):
        name, sep, raw = declaration.partition(":")
        if sep and name.strip().lower() == "display":
            value = raw.strip().lower().removesuffix("!important").strip()
    return value == "none"


def live_region(node: Node) -> str | None:
    """The live region a node is in (itself or the nearest ancestor, across shadow hosts and
    iframes): `role=alert`, `role=status`..., or `aria-live=polite|assertive`; None outside one."""
    current: Node | None = node
    while current is not None:
        if current.kind == ELEMENT:
            role = current.attrs.get("role", "").strip().lower().split(" ")[0]
            if role in LIVE_ROLES:
                return f"role={role}"
            live = current.attrs.get("aria-live", "").strip().lower()
            if live in ("polite", "assertive"):
                return f"aria-live={live}"
        current = current.parent if current.parent is not None else current.host
    return None


@dataclass
class HiddenCount:
    """Subtrees left out because they are hidden, and the elements inside them, by reason."""

    subtrees: int = 0
    elements: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, object]] = field(default_factory=list)

    def add(self, node: Node, reason: str, elements: int) -> None:
        self.subtrees += 1
        self.elements += elements
        self.by_reason[reason] += elements
        if len(self.examples) < 10:
            self.examples.append(
                {"nodeId": node.id, "tag": node.tag, "id": node.attrs.get("id"), "reason": reason}
            )

    def as_json(self) -> dict[str, object]:
        return {
            "subtrees": self.subtrees,
            "elements": self.elements,
            "byReason": {r: self.by_reason[r] for r in REASONS if self.by_reason[r]},
            "examples": self.examples,
            "showWith": SHOW_ALL_FLAG,
        }


def element_count(node: Node) -> int:
    """Elements in a composed subtree (shadow roots and iframe documents included)."""
    return count_elements(node)


def visible_walk(root: Node, count: HiddenCount | None = None) -> Iterator[Node]:
    """Pre-order like `tree.walk`, skipping (and counting) hidden subtrees below `root`; `root`
    itself is always yielded (it was asked for)."""
    stack = [root]
    while stack:
        current = stack.pop()
        if current is not root:
            reason = hidden_reason(current)
            if reason is not None:
                if count is not None:
                    count.add(current, reason, element_count(current))
                continue
        yield current
        stack.extend(reversed(current.children))
        if current.shadow is not None:
            stack.extend(reversed(current.shadow.children))
        if current.content_doc is not None:
            stack.append(current.content_doc)
