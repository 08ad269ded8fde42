"""`console-error`: `console.error` / `console.assert` output.

Rule: a console event whose level is `error` or `assert`. Severity low on its own (conventions.md
lists it under "everything else"); next to a failure it merges into that finding. Strength 0.4.
Evidence: the console event.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import data
from .core import Context, Detector, Severity, Signal, Thresholds, signal

_LEVELS = frozenset({"error", "assert"})


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("console"):
        d = data(ev)
        if str(d.get("level") or "").lower() not in _LEVELS:
            continue
        message = " ".join(str(d.get("message") or ev.get("label") or "").split())
        message = message if len(message) <= 80 else message[:79] + "…"
        yield signal("console-error", Severity.LOW, 0.4, f"Console error: {message}", [ev])


DETECTOR = Detector(
    name="console-error",
    summary="console.error or console.assert output",
    thresholds={},
    run=_run,
)
