"""Where the time went inside a page, for `stats` (a one-page app reads "/gift.html 100%" otherwise).

- **time per field**: for every element the user typed into, chose in or checked (`input` events
  the user made; values the page set are not typing): `typingMs` = the sum over its typing bursts
  of first to last keystroke (`data.lastOffsetMs`; a one-keystroke change, or a burst whose last
  keystroke was not recorded, counts 0), `inputs` =
  how many bursts, and `focusMs` = the time it held the focus, summed over focus -> blur of that
  element (a focus with no blur closes at the next focus elsewhere; one still open at the end of
  the recording is not counted); null when no focus on it was recorded. Ranked by
  `max(focusMs, typingMs)`, then time.
- **longest pauses**: gaps between consecutive user actions (click, tap, input, keydown; a typing
  burst ends at its last keystroke) shorter than the idle threshold (longer ones are idle gaps,
  listed apart), longest first, each with the action before and the action after.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from pydantic import BaseModel, Field

from .evutil import Ev, data, end_offset, is_user_action, node_key, offset, short_selector, shown_label


class ActionRef(BaseModel):
    """A user action, by its evidence pointer and how it reads (masked text: the selector)."""

    kind: str
    label: str
    offsetMs: int
    segmentId: int | None
    frameIndex: int | None


class FieldTime(BaseModel):
    """Time spent in one field (see `analyze/pace.py`)."""

    selector: str | None
    name: str
    typingMs: int = Field(description="sum of first-to-last keystroke over its typing bursts")
    focusMs: int | None = Field(description="time it held the focus (focus to blur); null if not recorded")
    inputs: int = Field(description="typing bursts / changes the user made in it")
    firstOffsetMs: int
    lastOffsetMs: int = Field(description="the last keystroke or change")
    segmentId: int | None = Field(description="the first input's pointer")
    frameIndex: int | None


class Pause(BaseModel):
    """A gap between two consecutive user actions, shorter than the idle threshold."""

    fromOffsetMs: int
    toOffsetMs: int
    durationMs: int
    before: ActionRef
    after: ActionRef


def field_times(events: Sequence[Ev]) -> list[FieldTime]:
    """Time per field of a stream sorted by `offsetMs` (see the module docstring)."""
    inputs: dict[str, list[Ev]] = {}
    for ev in events:
        if ev.get("kind") == "input" and is_user_action(ev):
            inputs.setdefault(node_key(ev), []).append(ev)
    focus = _focus_ms(events, set(inputs))
    rows = []
    for key, evs in inputs.items():
        typing = sum(max(0, (end_offset(ev) or offset(ev)) - offset(ev)) for ev in evs)
        first = evs[0]
        rows.append(
            FieldTime(
                selector=first.get("selector"),
                name=short_selector(first.get("selector")) or key,
                typingMs=typing,
                focusMs=focus.get(key),
                inputs=len(evs),
                firstOffsetMs=offset(first),
                lastOffsetMs=max(end_offset(ev) or offset(ev) for ev in evs),
                segmentId=first.get("segmentId"),
                frameIndex=first.get("frameIndex"),
            )
        )
    return sorted(rows, key=lambda r: (-max(r.focusMs or 0, r.typingMs), r.firstOffsetMs))


def _focus_ms(events: Sequence[Ev], fields: set[str]) -> dict[str, int]:
    totals: dict[str, int] = {}
    held: tuple[str, int] | None = None  # (element, since)
    for ev in events:
        kind = ev.get("kind")
        if kind not in ("focus", "blur") or data(ev).get("target") == "window":
            continue
        key, t = node_key(ev), offset(ev)
        if held is not None and (kind == "focus" or key == held[0]):
            if held[0] in fields:
                totals[held[0]] = totals.get(held[0], 0) + t - held[1]
            held = None
        if kind == "focus":
            held = (key, t)
    return totals


def pauses(events: Sequence[Ev], idle_ms: int, top: int) -> list[Pause]:
    """The longest gaps under `idle_ms` between consecutive user actions (see the module docstring)."""
    actions = [ev for ev in events if is_user_action(ev)]
    found = []
    for prev, nxt in itertools.pairwise(actions):
        start = end_offset(prev) or offset(prev)
        gap = offset(nxt) - start
        if 0 < gap < idle_ms:
            found.append(
                Pause(
                    fromOffsetMs=start,
                    toOffsetMs=offset(nxt),
                    durationMs=gap,
                    before=action_ref(prev),
                    after=action_ref(nxt),
                )
            )
    return sorted(found, key=lambda p: (-p.durationMs, p.fromOffsetMs))[:top]


def action_ref(ev: Ev) -> ActionRef:
    label = shown_label(ev)
    if data(ev).get("masked") and ev.get("kind") != "input" and label == ev.get("label"):
        label = f"{ev.get('kind')} {short_selector(ev.get('selector')) or 'element'} (text masked)"
    return ActionRef(
        kind=str(ev.get("kind")),
        label=label,
        offsetMs=offset(ev),
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
    )
