"""`slow-request`: a network request that took longer than 3 s.

Rule: a network event with `durationMs >= minDurationMs` (3000). Severity medium.
Strength 0.4 + 0.1 per further threshold's worth of waiting (at most 0.8).
Evidence: the request and the action that led to it (within 5 s before), if any.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..defaults import ACTION_PATH_MS
from ..evutil import data, request_name, seconds
from .core import Context, Detector, Severity, Signal, Thresholds, signal, user_action_before


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    limit = th["minDurationMs"]
    for ev in ctx.of("network"):
        took = data(ev).get("durationMs")
        if not isinstance(took, int | float) or took < limit:
            continue
        action = user_action_before(ctx, int(ev["offsetMs"]), ACTION_PATH_MS)
        strength = min(0.8, 0.4 + 0.1 * (took / max(limit, 1) - 1))
        evidence = [ev] if action is None else [ev, action]
        yield signal(
            "slow-request", Severity.MEDIUM, strength, f"{request_name(ev)} took {seconds(took)}", evidence
        )


DETECTOR = Detector(
    name="slow-request",
    summary="request that took at least 3 s",
    thresholds={"minDurationMs": 3000},
    run=_run,
)
