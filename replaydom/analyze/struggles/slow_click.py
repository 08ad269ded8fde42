"""`slow-click`: the page reacted, but only after 3-7 s (kept apart from dead clicks).

Rule: an SDK slow-click judgement that is not a Sentry dead click and whose `timeAfterClickMs`
is in `[minMs, maxMs)` (3000, 7000). Severity medium.
Strength 0.4 + 0.4 * (wait - minMs) / (maxMs - minMs).
Evidence: the judgement and the raw click it is about.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import offset, seconds, target_name
from .clicks import clicks_on, is_sentry_dead
from .core import Context, Detector, Severity, Signal, Thresholds, signal


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    lo, hi = th["minMs"], th["maxMs"]
    for ev in ctx.of("slow-click", "dead-click"):
        waited = ev["data"].get("timeAfterClickMs")
        if is_sentry_dead(ev) or not isinstance(waited, int | float) or not lo <= waited < hi:
            continue
        t = offset(ev)
        title = f"Slow click on {target_name(ev)}: the page reacted after {seconds(waited)}"
        strength = 0.4 + 0.4 * (waited - lo) / max(hi - lo, 1)
        yield signal(
            "slow-click", Severity.MEDIUM, strength, title, [ev, *clicks_on(ctx, ev, t - 50, t + 50)]
        )


DETECTOR = Detector(
    name="slow-click",
    summary="SDK slow click that is not dead: the page reacted 3-7 s after the click",
    thresholds={"minMs": 3000, "maxMs": 7000},
    run=_run,
)
