"""`input-struggle`: coming back to the same field again and again without getting anywhere.

Rule: at least `minAttempts` (3) visits to the same field within `windowMs` (30000), with no
navigation and no click on a button, link or input between the first visit and `successWindowMs`
(10000) after the last one. A visit is an input or focus event on the field after an interaction
with some other element (so typing one word is one visit, not one per key). Severity medium
("repeated inputs without success"). Strength 0.5, +0.05 per extra visit (at most 0.7).
Evidence: the first event of each visit.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import Ev, node_key, offset, short_selector
from .clicks import tag_of
from .core import Context, Detector, Severity, Signal, Thresholds, signal

_SUBMIT_TAGS = frozenset({"button", "a", "input"})


def _visits(ctx: Context) -> dict[str, list[Ev]]:
    visits: dict[str, list[Ev]] = {}
    current = None
    for ev in ctx.of("input", "focus", "click", "tap", "keydown"):
        key = node_key(ev)
        if ev.get("kind") in ("input", "focus") and key != current:
            visits.setdefault(key, []).append(ev)
        current = key
    return visits


def _succeeded(ctx: Context, lo: int, hi: int) -> bool:
    if ctx.between(("navigation",), lo, hi):
        return True
    return any(
        tag_of(c) in _SUBMIT_TAGS for c in ctx.between(("click", "tap"), lo, hi) if c.get("kind") == "click"
    )


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    need, window = int(th["minAttempts"]), int(th["windowMs"])
    for visits in _visits(ctx).values():
        i = 0
        while i + need <= len(visits):
            run = [v for v in visits[i:] if offset(v) - offset(visits[i]) <= window]
            lo, hi = offset(run[0]), offset(run[-1]) + int(th["successWindowMs"])
            if len(run) >= need and not _succeeded(ctx, lo, hi):
                strength = min(0.7, 0.5 + 0.05 * (len(run) - need))
                # The field by selector only: an input event's text is what was typed (redactable).
                name = short_selector(run[0].get("selector")) or node_key(run[0])
                title = f"{len(run)} attempts at {name} without a submit or navigation"
                yield signal("input-struggle", Severity.MEDIUM, strength, title, run)
                i += len(run)
            else:
                i += 1


DETECTOR = Detector(
    name="input-struggle",
    summary="at least 3 visits to one field within 30 s with no submit or navigation after",
    thresholds={"minAttempts": 3, "windowMs": 30000, "successWindowMs": 10000},
    run=_run,
)
