"""One ranking for `window --contains` and `search`: what the user saw first, selectors last.

A query matches an event on one of its fields (`fields`), each in a tier:

- tier 0, **name**: what a person saw on the element acted on: its visible text, its accessible
  name (`aria-label`, `title`, `alt`, `placeholder`, a button-like input's `value`);
- tier 1, **message**: the texts a DOM change showed or hid (a toast, an alert), URLs (requests,
  pages) and messages (console, errors, breadcrumbs, spans);
- tier 2, **selector**: the element's selector (last compound) and its other identifying
  attributes (`id`, `class`, `name`, ...), which are words of the code, not of the screen.

Events of one user action share an instant and an element (within `ACTION_MS`, at most one
click, tap, input or keydown each: MouseDown, Focus, MouseUp, Click, the dead-click finding about
it; a finding also joins the click its `data.qualifies` points at, however far apart): they are
folded into one **action** (`actions`), represented by the
most telling kind (a click or an input before its click finding, before keydown, before focus/blur,
before pointer events and breadcrumbs). An action's tier is the best of its events.

Order: tier, then time (so `--nth 2` is the second action in the best tier, and so on across
tiers). `search` scores a hit `quality - 0.1 * tier - kind penalty` (see `score`), so hits of
different standing never show the same score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..analyze.evutil import Ev, data, last_compound, node_key, offset

NAME, MESSAGE, SELECTOR = 0, 1, 2
TIER_NAMES = ("name", "message", "selector")
_NAME_ATTRS = ("aria-label", "title", "alt", "placeholder")
# How telling a kind is as the face of an action (lower is better).
_KIND_PREF = {
    "click": 0,
    "tap": 0,
    "input": 0,
    "dead-click": 1,
    "rage-click": 1,
    "slow-click": 1,
    "multi-click": 1,
    "navigation": 1,
    "keydown": 2,
    "focus": 3,
    "blur": 3,
    "pointer": 4,
    "breadcrumb": 4,
}
ACTION_MS = 500
PRIMARY_KINDS = frozenset({"click", "tap", "input", "keydown"})
"""Each of these is an action of its own: five rage clicks are five actions, not one."""
"""Events on one element this close in time are one action (a click's focus, down, up, finding)."""
_UNSEARCHED_KINDS = frozenset({"pointer"})


def kind_pref(ev: Ev) -> int:
    return _KIND_PREF.get(str(ev.get("kind")), 2)


def fields(ev: Ev) -> list[tuple[str, int, str]]:
    """The (field, tier, text) an event can be matched on, best tier first, deduplicated."""
    kind, d = ev.get("kind"), data(ev)
    if kind in _UNSEARCHED_KINDS:
        return []
    pairs: list[tuple[str, int, Any]] = []
    if not d.get("masked"):
        pairs.append(("text", NAME, d.get("text")))
    attrs = d.get("attributes")
    if isinstance(attrs, dict):
        pairs += [("name", NAME, attrs.get(a)) for a in _NAME_ATTRS]
        if str(attrs.get("type") or "").lower() in ("submit", "button", "reset"):
            pairs.append(("name", NAME, attrs.get("value")))
    if kind == "mutation":
        pairs += [("shown", MESSAGE, t) for t in d.get("addedTexts") or ()]
        pairs += [("hidden", MESSAGE, t) for t in d.get("removedTexts") or ()]
    if kind in ("navigation", "page"):
        pairs += [("pageUrl", MESSAGE, d.get("toUrl")), ("pageUrl", MESSAGE, ev.get("url"))]
    if kind == "network":
        pairs.append(("networkUrl", MESSAGE, d.get("url")))
    if kind in ("console", "log"):
        pairs.append(("message", MESSAGE, d.get("message")))
    if kind in ("error", "hydration-error"):
        pairs += [("title", MESSAGE, d.get("title")), ("message", MESSAGE, d.get("message"))]
        pairs.append(("message", MESSAGE, ev.get("label")))
        pairs += [("message", MESSAGE, d.get("exceptionValue")), ("message", MESSAGE, d.get("culprit"))]
    if kind in ("breadcrumb", "replay-health", "mobile"):
        pairs += [("message", MESSAGE, d.get("message")), ("message", MESSAGE, ev.get("label"))]
    if kind in ("span", "web-vital", "memory"):
        pairs += [("description", MESSAGE, d.get("description")), ("description", MESSAGE, ev.get("label"))]
    pairs.append(("selector", SELECTOR, last_compound(ev.get("selector"))))
    seen: set[str] = set()
    out = []
    for name, tier, text in pairs:
        if isinstance(text, str) and text.strip() and not _all_masked(text) and text not in seen:
            seen.add(text)
            out.append((name, tier, text))
    return out


def _all_masked(text: str) -> bool:
    return "*" in text and not text.replace("*", "").strip()


def score(quality: float, tier: int, ev: Ev) -> float:
    """`search`'s score: match quality, less 0.1 per tier and 0.01 per step of kind preference."""
    penalty = _KIND_PREF.get(str(ev.get("kind")), 0)  # requests, messages, errors: none
    return round(max(0.0, quality - 0.1 * tier - 0.01 * penalty), 3)


@dataclass
class Action:
    """Matched events of one user action (or one lone event), and its best match."""

    events: list[Ev] = field(default_factory=list)
    tier: int = SELECTOR
    best: Ev | None = None
    best_key: tuple[Any, ...] = ()

    @property
    def face(self) -> Ev:
        """The event that stands for the action (see the module docstring)."""
        return min(self.events, key=lambda ev: (kind_pref(ev), offset(ev)))

    @property
    def offset_ms(self) -> int:
        return offset(self.face)


def actions(matched: Iterable[tuple[Ev, int, tuple[Any, ...]]]) -> list[Action]:
    """Fold time-ordered `(event, tier, key)` matches into actions, ranked (tier, then time).

    `key` orders matches within an action (lower is better): the action's `best` is its event
    with the lowest `(tier, *key)`.
    """
    out: list[Action] = []
    open_by_elem: dict[str, Action] = {}
    by_pointer: dict[tuple[Any, Any], Action] = {}  # clicks, for the findings that point at them
    for ev, tier, key in matched:
        elem = _element(ev)
        act = open_by_elem.get(elem) if elem else None
        primary = ev.get("kind") in PRIMARY_KINDS
        clicked = _qualifies(ev)
        if clicked is not None and clicked in by_pointer:
            act = by_pointer[clicked]  # a finding joins its click however far apart they are
        elif (
            act is None
            or offset(ev) - offset(act.events[-1]) > ACTION_MS
            or (primary and any(e.get("kind") in PRIMARY_KINDS for e in act.events))
        ):
            act = Action()
            out.append(act)
            if elem:
                open_by_elem[elem] = act
        act.events.append(ev)
        if ev.get("kind") in ("click", "tap"):
            by_pointer[(ev.get("segmentId"), ev.get("frameIndex"))] = act
        full = (tier, *key)
        if act.best is None or full < act.best_key:
            act.best, act.best_key, act.tier = ev, full, tier
    out.sort(key=lambda a: (a.tier, a.offset_ms))
    return out


def _qualifies(ev: Ev) -> tuple[Any, Any] | None:
    """The pointer of the click a dead/rage/slow/multi-click finding is about (`data.qualifies`)."""
    if ev.get("kind") not in _FINDINGS:
        return None
    q = data(ev).get("qualifies")
    return (q.get("segmentId"), q.get("frameIndex")) if isinstance(q, dict) else None


_FINDINGS = frozenset({"dead-click", "rage-click", "slow-click", "multi-click"})


def _element(ev: Ev) -> str | None:
    """The element an event acts on (None for events about no element: requests, console...)."""
    if not ev.get("selector") and not isinstance(ev.get("nodeId"), int):
        return None
    if ev.get("kind") in ("mutation", "network", "console", "error", "span"):
        return None
    return node_key(ev)
