"""What `window` says happened around its anchor: the user's next step (`next_step`), the events
before it (`before_next`) and the counts its `found` lines give (`found`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ..analyze.evutil import CLICK_VARIANT_KINDS, Ev, data, is_typing, is_user_action, offset

# A click finding whose `data.qualifies` is unset is tied to a click on the same node this close
# (merge.QUALIFY_MS): the SDK stamps the breadcrumb with its click's time in float seconds, so it
# can land a ms or so before the rrweb click it is about.
MARKER_TOLERANCE_MS = 50


def before_next(events: Sequence[Ev], nxt: Ev) -> list[Ev]:
    """The events that happened before the next action `nxt`: what may be a reaction to the anchor.

    A dead/rage/slow/multi-click finding counts at its own click's time, not its breadcrumb's: the
    SDK stamps it with the click's float-second time, which can round to a ms before the rrweb
    click, so a dead click on the next action would otherwise be blamed on the anchor."""
    cut = offset(nxt)
    return [ev for ev in events if offset(ev) < cut and not _marker_of(ev, nxt, cut)]


def _marker_of(ev: Ev, nxt: Ev, cut: int) -> bool:
    """Whether `ev` is a click finding about a click at or after `cut` (the next action's own)."""
    if ev.get("kind") not in CLICK_VARIANT_KINDS:
        return False
    d = data(ev)
    q = d.get("qualifies")
    if isinstance(q, dict):
        if (q.get("segmentId"), q.get("frameIndex")) == (nxt.get("segmentId"), nxt.get("frameIndex")):
            return True
        click_at = d.get("clickOffsetMs")
        return isinstance(click_at, int) and click_at >= cut
    # no click was matched at import: the next action is its click if on its node and this close
    node = ev.get("nodeId")
    return (
        isinstance(node, int)
        and node == nxt.get("nodeId")
        and nxt.get("kind") in ("click", "tap")
        and cut - offset(ev) <= MARKER_TOLERANCE_MS
    )


# A navigation within this long after a click, tap or key is that action's (navigation-uturn's
# `meansWindowMs`): a page load's span starts when the navigation starts, right after its click.
CAUSE_MS = 1000
# A route change this soon after another with no user action between is the app redirecting.
REDIRECT_MS = 500
_CAUSES = frozenset({"click", "tap", "keydown"})


def next_step(events: Sequence[Ev], after_ms: int, skip: set[int]) -> tuple[Ev | None, str | None]:
    """The user's next step after `after_ms` (see `WindowResult.nextAction`) and, when it is a
    navigation, why it counts as one."""
    i = bisect_right([offset(ev) for ev in events], after_ms)
    last_cause: int | None = None  # the last click/tap/key seen, the anchor's own included
    last_nav: int | None = None
    for ev in events[:i]:
        if ev.get("kind") in _CAUSES:
            last_cause = offset(ev)
    for ev in events[i:]:
        if id(ev) in skip:
            if ev.get("kind") in _CAUSES:
                last_cause = offset(ev)
            continue
        if is_user_action(ev):
            return ev, None
        if ev.get("kind") != "navigation":
            continue
        t = offset(ev)
        caused = last_cause is not None and t - last_cause <= CAUSE_MS
        redirect = last_nav is not None and t - last_nav <= REDIRECT_MS
        last_nav = t
        if not caused and not redirect:
            return ev, _why(ev)
    return None, None


def _why(nav: Ev) -> str:
    op = str(data(nav).get("op") or nav.get("rawSource") or "")
    to = data(nav).get("toUrl") or nav.get("url")
    lead = f"no click, tap or key within {CAUSE_MS} ms before it"
    if op == "navigation.reload":
        return f"page reloaded ({lead})"
    if op == "navigation.back_forward":
        return f"Back/Forward to {to} ({lead})"
    if op == "navigation.navigate":
        return (
            f"page load of {to} ({lead}: a typed URL or bookmark, or a link or button whose click "
            "the SDK lost when the page unloaded)"
        )
    return f"route change to {to} ({lead}: the Back button, history.back() or the app's code)"


def found(events: Sequence[Ev]) -> dict[str, int]:
    """What the "around this action" question asks for, counted, so that none reads as none.

    DOM changes that carried text typed into a contenteditable (`is_typing`) are the user's
    typing, which its input event holds, not the page reacting: they are not counted."""
    from ..analyze.struggles.failed_request import failure

    out = dict.fromkeys(
        ("failedRequests", "consoleErrors", "errors", "deadClicks", "rageClicks", "domChanges"), 0
    )
    for ev in events:
        kind = ev.get("kind")
        if kind == "network" and failure(ev) is not None:
            out["failedRequests"] += 1
        elif kind == "console" and str(data(ev).get("level") or "").lower() in ("error", "assert"):
            out["consoleErrors"] += 1
        elif kind in ("error", "hydration-error"):
            out["errors"] += 1
        elif kind == "dead-click":
            out["deadClicks"] += 1
        elif kind == "rage-click":  # a rage click is a dead click too, as Sentry counts them
            out["deadClicks"] += 1
            out["rageClicks"] += 1
        elif kind == "mutation" and not is_typing(ev):
            out["domChanges"] += 1
    return out
