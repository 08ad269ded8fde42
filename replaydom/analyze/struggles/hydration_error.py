"""`hydration-error`: React hydration failed (the SDK's `replay.hydrate-error` breadcrumb).

Rule: any event of kind `hydration-error`. Severity high. Strength 0.8. Evidence: the event.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import route
from .core import Context, Detector, Severity, Signal, Thresholds, signal


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("hydration-error"):
        yield signal(
            "hydration-error", Severity.HIGH, 0.8, f"Hydration error on {route(ev.get('url'))}", [ev]
        )


DETECTOR = Detector(
    name="hydration-error",
    summary="React hydration error reported by the SDK",
    thresholds={},
    run=_run,
)
