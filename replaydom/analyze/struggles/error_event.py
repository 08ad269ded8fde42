"""`error-event`: an error event (from the recording or from the errors linked to the replay).

Rule: any event of kind `error`. Items from related errors (events-meta) carry `source: "errors"`
and their `eventId` instead of a frame pointer. Severity high. Strength 0.9.
Evidence: the error and the user action just before it (within 5 s), if any.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..defaults import ACTION_PATH_MS
from ..evutil import data
from .core import Context, Detector, Severity, Signal, Thresholds, signal, user_action_before


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("error"):
        title = str(data(ev).get("title") or ev.get("label") or "error")
        action = user_action_before(ctx, int(ev["offsetMs"]), ACTION_PATH_MS)
        evidence = [ev] if action is None else [ev, action]
        yield signal("error-event", Severity.HIGH, 0.9, f"Error: {title}", evidence)


DETECTOR = Detector(
    name="error-event",
    summary="an error event (recorded, or linked to the replay by Sentry)",
    thresholds={},
    run=_run,
)
