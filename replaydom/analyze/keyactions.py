"""Key actions for `stats`: the clicks and keys that made something happen, however rarely clicked.

"Most clicked" ranks by count, so the one click that placed the order drops out behind a
checkbox toggled twice. A **key action** is a click, tap or keydown followed, within
`ACTION_WINDOW_MS` (5000, the "action path" window of conventions.md and `failed-request`), by:

- a request that changes something: POST, PUT, PATCH or DELETE (the method, not the status: a
  failed order is still the main action);
- a navigation (page load or route change), credited only to a link (`a`, `role=link`), a
  submit-like control (`struggles/formutil.is_submit_like`) or an Enter key: a page load the
  browser was sent to while the last click was on an ordinary button is not that button's doing;
- a form submit the page handled: the page set a field the user had typed into (a chat box
  emptied after Send, a form reset), `data.setByPage`.

Each effect is credited to the last click, tap or keydown at or before it (one effect, one
action). Rows group the actions by element and effect kinds: the first time, how many times, the
effects, and every occurrence's pointer (`--json`). Rows with a request or submit come first
(the main actions), then navigations; each group in time order.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from pydantic import BaseModel, Field

from .defaults import ACTION_PATH_MS
from .evutil import Ev, data, offset, request_name, route, short_selector, shown_label, visible_text
from .struggles.clicks import tag_of
from .struggles.formutil import attributes, is_enter, is_submit_like

ACTION_WINDOW_MS = ACTION_PATH_MS
ACTION_KINDS = frozenset({"click", "tap", "keydown"})
CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Effect(BaseModel):
    """What followed a key action."""

    kind: str = Field(description="request, navigation or submit")
    label: str = Field(description="`POST /api/gift-order 200`, `route to /about`, the page-set field")
    offsetMs: int
    delayMs: int = Field(description="ms after the action")
    segmentId: int | None
    frameIndex: int | None


class KeyOccurrence(BaseModel):
    """One key action: the click/key, its pointer and its effects."""

    kind: str
    label: str
    offsetMs: int
    segmentId: int | None
    frameIndex: int | None
    effects: list[Effect]


class KeyAction(BaseModel):
    """Key actions on one element with the same kinds of effect (see `analyze/keyactions.py`)."""

    selector: str | None
    name: str = Field(description="short element name (tag#id), or the key for keydowns")
    text: str | None = Field(description="visible text, null when masked or absent")
    effects: list[str] = Field(description="effect kinds seen: request, submit, navigation")
    summary: str = Field(description="the distinct effects, counted: `POST /api/gift-order 200`")
    count: int = Field(description="times this action had an effect")
    firstOffsetMs: int
    occurrences: list[KeyOccurrence] = Field(description="every occurrence, with its pointer and effects")


def key_actions(events: Sequence[Ev]) -> list[KeyAction]:
    """Key actions of a stream sorted by `offsetMs` (see the module docstring)."""
    actions = [ev for ev in events if ev.get("kind") in ACTION_KINDS]
    times = [offset(ev) for ev in actions]
    credited: dict[int, list[Effect]] = {}
    for ev in events:
        kind = _effect_kind(ev)
        if kind is None:
            continue
        t = offset(ev)
        i = bisect.bisect_right(times, t) - 1
        if i < 0 or t - times[i] > ACTION_WINDOW_MS:
            continue
        if kind == "navigation" and not _navigates(actions[i]):
            continue
        credited.setdefault(i, []).append(_effect(ev, kind, t - times[i]))
    rows: dict[tuple[str, tuple[str, ...]], list[KeyOccurrence]] = {}
    first: dict[tuple[str, tuple[str, ...]], Ev] = {}
    for i in sorted(credited):
        ev, effects = actions[i], credited[i]
        kinds = tuple(sorted({e.kind for e in effects}, key=_KIND_ORDER.index))
        key = (_element_key(ev), kinds)
        first.setdefault(key, ev)
        rows.setdefault(key, []).append(
            KeyOccurrence(
                kind=str(ev.get("kind")),
                label=shown_label(ev),
                offsetMs=offset(ev),
                segmentId=ev.get("segmentId"),
                frameIndex=ev.get("frameIndex"),
                effects=effects,
            )
        )
    out = [_row(first[key], key[1], occ) for key, occ in rows.items()]
    return sorted(out, key=lambda r: (_KIND_ORDER.index(r.effects[0]) > 1, r.firstOffsetMs))


_KIND_ORDER = ["request", "submit", "navigation"]


def _effect_kind(ev: Ev) -> str | None:
    kind = ev.get("kind")
    if kind == "network" and str(data(ev).get("method") or "").upper() in CHANGING_METHODS:
        return "request"
    if kind == "navigation":
        return "navigation"
    if kind == "input" and data(ev).get("setByPage"):
        return "submit"
    return None


def _navigates(ev: Ev) -> bool:
    """A link, a submit-like control or Enter: an action that can send the browser elsewhere."""
    if ev.get("kind") == "keydown":
        return is_enter(ev)
    role = str(attributes(ev).get("role") or "")
    return tag_of(ev) == "a" or role == "link" or is_submit_like(ev)


def _effect(ev: Ev, kind: str, delay: int) -> Effect:
    if kind == "request":
        status = data(ev).get("status")
        label = f"{request_name(ev)} {status if isinstance(status, int) and status else 'no response'}"
    elif kind == "navigation":
        verb = "page load" if str(ev.get("label") or "").startswith("page load") else "route"
        label = f"{verb} to {route(data(ev).get('toUrl') or ev.get('url'))}"
    else:
        label = shown_label(ev)
    return Effect(
        kind=kind,
        label=label,
        offsetMs=offset(ev),
        delayMs=delay,
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
    )


def _element_key(ev: Ev) -> str:
    if ev.get("kind") == "keydown":
        return f"key:{data(ev).get('key')}:{ev.get('selector') or ''}"
    return str(ev.get("selector") or ev.get("nodeId") or "")


def _row(ev: Ev, kinds: tuple[str, ...], occ: list[KeyOccurrence]) -> KeyAction:
    counts: dict[str, int] = {}
    for o in occ:
        for label in dict.fromkeys(e.label for e in o.effects):
            counts[label] = counts.get(label, 0) + 1
    summary = ", ".join(label if n == 1 else f"{label} (x{n})" for label, n in counts.items())
    if ev.get("kind") == "keydown":
        where = short_selector(ev.get("selector"))
        name = f"key {data(ev).get('key')}" + (f" in {where}" if where else "")
    else:
        name = short_selector(ev.get("selector")) or str(data(ev).get("tag") or "element")
    return KeyAction(
        selector=ev.get("selector"),
        name=name,
        text=visible_text(ev),
        effects=list(kinds),
        summary=summary,
        count=len(occ),
        firstOffsetMs=occ[0].offsetMs,
        occurrences=occ,
    )
