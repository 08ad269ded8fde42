"""`idle-after-action`: a long pause right after a user action, before the user acts again.

Rule: a click, tap, input or keydown followed by no click, tap, input, keydown, scroll or
selection for at least `minIdleMs` (10000), after which the user does act again (a recording that
simply ends is not a pause). Pointer moves do not end a pause: people move the mouse while they
wait. A typing burst counts from its last keystroke; when the normalizer did not record that, the
pause after it is not measured (it would include the typing). Severity low.
Strength 0.2 + 0.1 per further threshold's worth of idle (at most 0.5).
Evidence: the action and the next interaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from ..evutil import USER_ACTION_KINDS, end_offset, offset, seconds, target_name
from .core import Context, Detector, Severity, Signal, Thresholds, signal

_ACTIVE_KINDS = (*USER_ACTION_KINDS, "scroll", "selection")


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    limit = th["minIdleMs"]
    active = ctx.of(*_ACTIVE_KINDS)
    for before, after in pairwise(active):
        done = end_offset(before)
        if before.get("kind") not in USER_ACTION_KINDS or done is None:
            continue
        idle = offset(after) - done
        if idle < limit:
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
    summary="no click, input, key or scroll for at least 10 s right after a user action",
    thresholds={"minIdleMs": 10000},
    run=_run,
)
