"""`repeated-click`: several quick clicks on the same element (a derived heuristic, not Sentry's).

Rule (PostHog/Datadog consensus, anchors.md §5): at least `minClicks` (3) raw clicks on the same
element (rrweb node id, else selector) within `windowMs` (1000) of each other, all within
`maxDistancePx` (30) of the first click when positions are known. Clicks on `textarea` and
`select` are ignored: triple-click text selection is the known false positive. One signal per
run of such clicks. Severity medium. Strength 0.5, +0.05 per extra click (at most 0.8).
Evidence: the clicks of the run.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ..evutil import Ev, data, node_key, offset, seconds, target_name
from .clicks import tag_of
from .core import Context, Detector, Severity, Signal, Thresholds, signal

_IGNORED_TAGS = frozenset({"textarea", "select"})


def _distance(a: Ev, b: Ev) -> float:
    ax, ay, bx, by = (data(a).get("x"), data(a).get("y"), data(b).get("x"), data(b).get("y"))
    if not all(isinstance(v, int | float) for v in (ax, ay, bx, by)):
        return 0.0  # unknown positions: the same element is close enough
    return math.hypot(float(ax) - float(bx), float(ay) - float(by))  # type: ignore[arg-type]


def _runs(clicks: list[Ev], th: Thresholds) -> Iterator[list[Ev]]:
    run: list[Ev] = []
    for c in clicks:
        if (
            run
            and offset(c) - offset(run[-1]) <= th["windowMs"]
            and _distance(c, run[0]) <= th["maxDistancePx"]
        ):
            run.append(c)
            continue
        if run:
            yield run
        run = [c]
    if run:
        yield run


def _qualifies(run: list[Ev], th: Thresholds) -> bool:
    n = int(th["minClicks"])
    return len(run) >= n and any(
        offset(run[i + n - 1]) - offset(run[i]) <= th["windowMs"] for i in range(len(run) - n + 1)
    )


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    per_element: dict[str, list[Ev]] = {}
    for c in ctx.clicks:
        if tag_of(c) not in _IGNORED_TAGS:
            per_element.setdefault(node_key(c), []).append(c)
    for clicks in per_element.values():
        for run in _runs(clicks, th):
            if not _qualifies(run, th):
                continue
            span = offset(run[-1]) - offset(run[0])
            title = f"{len(run)} quick clicks on {target_name(run[0])} within {seconds(span)}"
            strength = min(0.8, 0.5 + 0.05 * (len(run) - th["minClicks"]))
            yield signal("repeated-click", Severity.MEDIUM, strength, title, run)


DETECTOR = Detector(
    name="repeated-click",
    summary="at least 3 clicks on the same element, each within 1 s of the last, within 30 px",
    thresholds={"minClicks": 3, "windowMs": 1000, "maxDistancePx": 30},
    run=_run,
)
