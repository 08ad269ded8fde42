"""`mutation-burst`: a large burst of DOM mutations (see `replaydom.analyze.bursts`).

Rule: a burst (mutation events at most `gapMs` (1000) apart) with at least `minChanges` (1000)
adds + removes + texts + attributes. The SDK's own `replay.mutations` breadcrumb (one batch over
750 changes) near the burst is added to the evidence. Severity low.
Strength 0.3 + 0.1 per doubling above the threshold (at most 0.6).
Evidence: the largest mutation event of the burst (and the SDK breadcrumb, if any).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..bursts import mutation_bursts
from ..evutil import seconds
from .core import Context, Detector, Severity, Signal, Thresholds, signal


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for burst in mutation_bursts(ctx.of("mutation"), int(th["gapMs"])):
        if burst.changes < th["minChanges"]:
            continue
        sdk = [
            ev
            for ev in ctx.between(
                ("replay-health", "breadcrumb"), burst.fromOffsetMs - 1000, burst.toOffsetMs + 1000
            )
            if ev.get("rawSource") == "replay.mutations"
        ]
        span = burst.toOffsetMs - burst.fromOffsetMs
        when = "in one batch" if burst.events == 1 else f"in {burst.events} batches over {seconds(span)}"
        title = f"DOM mutation burst: {burst.changes} changes {when}"
        strength = min(0.6, 0.3 + 0.1 * math.log2(burst.changes / max(th["minChanges"], 1)))
        yield signal("mutation-burst", Severity.LOW, strength, title, [burst.largest, *sdk])


DETECTOR = Detector(
    name="mutation-burst",
    summary="at least 1000 DOM changes in one burst of mutations at most 1 s apart",
    thresholds={"minChanges": 1000, "gapMs": 1000},
    run=_run,
)
