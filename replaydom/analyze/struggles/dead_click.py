"""`dead-click`: Sentry-native dead clicks, exactly the server's rule (sentry-replay-model.md §5.1).

Rule: a slow-click judgement of the SDK with `endReason == "timeout"`, on an `a`, `button` or
`input`, with `timeAfterClickMs >= minTimeAfterClickMs` (7000). Rage clicks are dead clicks too
(Sentry's `count_dead_clicks` includes them) but they are reported by `rage-click` instead.
Severity high. Strength 0.8. Evidence: the judgement and the raw click(s) it is about.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import offset, seconds, target_name
from .clicks import SENTRY_DEAD_MS, clicks_on, is_sentry_dead
from .core import Context, Detector, Severity, Signal, Thresholds, signal


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("slow-click", "dead-click"):
        if not is_sentry_dead(ev, th["minTimeAfterClickMs"]):
            continue
        t = offset(ev)
        clicks = clicks_on(ctx, ev, t - 50, t + 50)
        waited = ev["data"].get("timeAfterClickMs") or th["minTimeAfterClickMs"]
        # "Page change" as Sentry means it (a DOM change or a scroll): requests may well have gone out.
        title = f"Dead click on {target_name(ev)}: no page change within {seconds(waited)}"
        yield signal("dead-click", Severity.HIGH, 0.8, title, [ev, *clicks])


DETECTOR = Detector(
    name="dead-click",
    summary="Sentry dead click: no DOM change or scroll within 7 s of a click on a/button/input",
    thresholds={"minTimeAfterClickMs": SENTRY_DEAD_MS},
    run=_run,
)
