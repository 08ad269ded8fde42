"""`idle-after-action`: a long pause right after a user action, before the user acts again.

Rule: a click, tap, input or keydown followed by no click, tap, input, keydown, scroll or
selection for at least `minIdleMs` (10000), after which the user does act again (a recording that
simply ends is not a pause), while something was pending: a request started by the action still
unanswered `pendingMs` (1000) into the pause or failed, an error or failure during the pause, or a
click the page did not react to (no DOM change, navigation or request within `pendingMs`; the
SDK's slow/dead judgement counts too). Idle time with nothing pending is someone reading or
thinking, not a struggle. Pointer moves do not end a pause: people move the mouse while they
wait. A typing burst counts from its last keystroke; when the normalizer did not record that, the
pause after it is not measured (it would include the typing). Severity low.
Strength 0.2 + 0.1 per further threshold's worth of idle (at most 0.5).
Evidence: the action and the next interaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from ..evutil import USER_ACTION_KINDS, Ev, data, end_offset, offset, seconds, target_name
from .clicks import JUDGED_KINDS
from .core import Context, Detector, Severity, Signal, Thresholds, signal

_ACTIVE_KINDS = (*USER_ACTION_KINDS, "scroll", "selection")
_REACTIONS = ("mutation", "navigation", "network", "dom-snapshot", "page")
_FAILURES = ("error", "console", "hydration-error")


def _pending(ctx: Context, action: Ev, done: int, until: int, wait: int) -> bool:
    t = offset(action)
    for req in ctx.between(("network",), t, done + wait):
        d = data(req)
        status, took = d.get("status"), d.get("durationMs")
        if d.get("failed") or not isinstance(status, int) or status >= 400:
            return True
        if isinstance(took, int | float) and offset(req) + took > done + wait:
            return True
    for ev in ctx.between(_FAILURES, t, until):
        if ev.get("kind") != "console" or str(data(ev).get("level") or "") in ("error", "assert"):
            return True
    unanswered = ctx.between(JUDGED_KINDS, t, t + wait) or not ctx.between(_REACTIONS, t, t + wait)
    return action.get("kind") in ("click", "tap") and bool(unanswered)


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    limit = th["minIdleMs"]
    active = ctx.of(*_ACTIVE_KINDS)
    for before, after in pairwise(active):
        done = end_offset(before)
        if before.get("kind") not in USER_ACTION_KINDS or done is None:
            continue
        idle = offset(after) - done
        if idle < limit or not _pending(ctx, before, done, offset(after), int(th["pendingMs"])):
            continue
        action = f"{before.get('kind')} on {target_name(before)}"
        strength = min(0.5, 0.2 + 0.1 * (idle / max(limit, 1) - 1))
        yield signal(
            "idle-after-action",
            Severity.LOW,
            strength,
            f"{seconds(idle)} idle after {action}",
            [before, after],
        )


DETECTOR = Detector(
    name="idle-after-action",
    summary="no click, input, key or scroll for at least 10 s right after a user action, "
    "while a request, error or unanswered click was pending",
    thresholds={"minIdleMs": 10000, "pendingMs": 1000},
    run=_run,
)
