"""`rage-click`: Sentry-native rage clicks, exactly the server's rule (sentry-replay-model.md §5.1).

Rule: a Sentry dead click (see `dead-click`) whose `clickCount >= minClickCount` (5). A
`multi-click` judgement (the page did react) is not a rage click for Sentry's counters, so it is
not one here either (`repeated-click` sees those clicks). Severity high.
Strength 0.9, +0.02 per click above the threshold (at most 1.0).
Evidence: the judgement and the raw clicks on the element during the 7 s the SDK waited.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import offset, seconds, target_name
from .clicks import SENTRY_DEAD_MS, SENTRY_RAGE_CLICKS, click_count, clicks_on, is_sentry_dead
from .core import Context, Detector, Severity, Signal, Thresholds, signal


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("slow-click", "dead-click", "rage-click"):
        count = click_count(ev)
        if count < th["minClickCount"] or not is_sentry_dead(ev, th["minTimeAfterClickMs"]):
            continue
        t = offset(ev)
        clicks = clicks_on(ctx, ev, t - 50, t + int(th["minTimeAfterClickMs"]))
        waited = ev["data"].get("timeAfterClickMs") or th["minTimeAfterClickMs"]
        title = f"Rage click on {target_name(ev)}: {count} clicks, no page change within {seconds(waited)}"
        strength = 0.9 + 0.02 * (count - th["minClickCount"])
        yield signal("rage-click", Severity.HIGH, strength, title, [ev, *clicks])


DETECTOR = Detector(
    name="rage-click",
    summary="Sentry rage click: a dead click with at least 5 clicks on the element",
    thresholds={"minClickCount": SENTRY_RAGE_CLICKS, "minTimeAfterClickMs": SENTRY_DEAD_MS},
    run=_run,
)
