"""Click helpers shared by the click detectors: Sentry's dead-click rule and click lookups."""

from __future__ import annotations

from ..evutil import SDK_CLICK_TAGS, Ev, data, last_compound, node_key, offset
from .core import Context

SENTRY_DEAD_MS = 7000
SENTRY_RAGE_CLICKS = 5
JUDGED_KINDS = ("slow-click", "dead-click", "rage-click")


def tag_of(ev: Ev) -> str:
    """Lower-case tag of the clicked element (`data.tag`, else the selector's last compound)."""
    tag = data(ev).get("tag")
    if isinstance(tag, str) and tag:
        return tag.lower()
    comp = last_compound(ev.get("selector"))
    head = comp.split("#", 1)[0].split(".", 1)[0].split("[", 1)[0]
    return head.lower()


def is_sentry_dead(ev: Ev, min_ms: float = SENTRY_DEAD_MS) -> bool:
    """Sentry's server rule (event_parser.which): timeout, a/button/input, waited >= 7000 ms."""
    d = data(ev)
    waited = d.get("timeAfterClickMs")
    return (
        ev.get("kind") in JUDGED_KINDS
        and str(d.get("endReason") or "").lower() == "timeout"
        and tag_of(ev) in SDK_CLICK_TAGS
        and isinstance(waited, int | float)
        and waited >= min_ms
    )


def click_count(ev: Ev) -> int:
    count = data(ev).get("clickCount")
    return count if isinstance(count, int) and count > 0 else 1


def clicks_on(ctx: Context, ev: Ev, lo: int, hi: int) -> list[Ev]:
    """Raw clicks on the same element as `ev` with `lo <= offsetMs <= hi`."""
    key = node_key(ev)
    return [c for c in ctx.between(("click", "tap"), lo, hi) if node_key(c) == key]


def judged_near(ctx: Context, ev: Ev, slack_ms: int = 1000) -> bool:
    """Whether the SDK already judged a click on this element near this time (slow/dead/rage)."""
    t = offset(ev)
    key = node_key(ev)
    return any(node_key(j) == key for j in ctx.between(JUDGED_KINDS, t - slack_ms, t + slack_ms))
