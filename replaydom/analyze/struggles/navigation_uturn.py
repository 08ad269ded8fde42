"""`navigation-uturn`: leaving a page and coming straight back, or alternating between two routes.

Rules (anchors.md §5): a u-turn is a navigation from route A to B and back to A within
`maxDwellMs` (5000) with no input, keydown or scroll on B (the click that navigates back is
allowed). A loop is the same two routes alternating over at least `loopMinNavigations` (6,
i.e. each route entered three times) within `loopWindowMs` (90000). Routes are URL paths;
repeated navigations to the same route (a span and a breadcrumb for one change) count once.
Severity medium.
Strength 0.4 for a u-turn, 0.5 for a loop. Evidence: the navigations.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import Ev, data, offset, route, seconds
from .core import Context, Detector, Severity, Signal, Thresholds, signal


def _route(ev: Ev) -> str:
    return route(data(ev).get("toUrl") or ev.get("url"))


def _steps(ctx: Context) -> list[Ev]:
    """Navigations that change the route, in time order."""
    steps: list[Ev] = []
    for ev in ctx.of("navigation"):
        if not steps or _route(ev) != _route(steps[-1]):
            steps.append(ev)
    return steps


def _uturns(ctx: Context, steps: list[Ev], th: Thresholds) -> Iterator[Signal]:
    for a, b, c in zip(steps, steps[1:], steps[2:], strict=False):
        dwell = offset(c) - offset(b)
        if _route(a) != _route(c) or dwell > th["maxDwellMs"]:
            continue
        if ctx.between(("input", "keydown", "scroll"), offset(b), offset(c)):
            continue
        title = f"U-turn: {_route(b)} left for {_route(a)} after {seconds(dwell)}"
        yield signal("navigation-uturn", Severity.MEDIUM, 0.4, title, [b, c])


def _loops(steps: list[Ev], th: Thresholds) -> Iterator[Signal]:
    need, i = int(th["loopMinNavigations"]), 0
    while i + need <= len(steps):
        pair = {_route(steps[i]), _route(steps[i + 1])} if i + 1 < len(steps) else set()
        j = i
        while (
            j + 1 < len(steps)
            and _route(steps[j + 1]) in pair
            and offset(steps[j + 1]) - offset(steps[i]) <= th["loopWindowMs"]
        ):
            j += 1
        run = steps[i : j + 1]
        if len(run) >= need:
            a, b = sorted(pair)
            yield signal(
                "navigation-uturn",
                Severity.MEDIUM,
                0.5,
                f"Alternating between {a} and {b} ({len(run)} navigations)",
                run,
            )
            i = j
        else:
            i += 1


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    steps = _steps(ctx)
    yield from _uturns(ctx, steps, th)
    yield from _loops(steps, th)


DETECTOR = Detector(
    name="navigation-uturn",
    summary="back to the previous route within 5 s without input, or 2 routes alternating 6+ times in 90 s",
    thresholds={"maxDwellMs": 5000, "loopMinNavigations": 6, "loopWindowMs": 90000},
    run=_run,
)
