"""`navigation-uturn`: leaving a page and coming straight back, by any means, or going in circles.

Every route change counts, however it happened: the SDK records a link click, the browser's Back
button, `history.back()` in code and a client-side redirect alike as history navigations
(`navigation.push` spans and `navigation` breadcrumbs), and full page loads as
`navigation.navigate`. Routes are URL paths; repeated navigations to the same route (a span and a
breadcrumb for one change) count once.

Rules (anchors.md §5, extended): a u-turn is a navigation from route A to B (possibly through up
to `maxLoopRoutes - 1` (3) further routes) and back to A within `maxDwellMs` (5000) of leaving A,
with no typing (`input`) on the way (scrolling and the navigating click are allowed: people look
before they turn back). A loop is a cycle of 2 to `maxLoopRoutes` (4) routes repeated so that at
least `loopMinNavigations` (6) navigations follow the same cycle within `loopWindowMs` (90000)
with no typing between them (someone searching and filling forms on each round is working, not
lost);
u-turns inside a reported loop are left to the loop. The way back is named from the events: a
click or tap within `meansWindowMs` (1000) before it ("click on a#nav-shop"), a key, a redirect
(the page was left within `redirectMs` (500) with no user action) or else "history navigation
(Back button or history.back())". Severity medium. Strength 0.4 for a u-turn, 0.5 for a loop.
Evidence: the navigations and the action that caused the way back.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import Ev, data, offset, route, seconds, target_name
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


def _means(ctx: Context, steps: list[Ev], k: int, th: Thresholds) -> tuple[str, Ev | None]:
    """How navigation `steps[k]` happened, and the event that shows it."""
    nav = steps[k]
    t = offset(nav)
    cause = ctx.last_before(("click", "tap", "keydown"), t)
    since = offset(steps[k - 1]) if k else None  # an action before the previous navigation caused that one
    if (
        cause is not None
        and t - offset(cause) <= th["meansWindowMs"]
        and (since is None or offset(cause) >= since)
    ):
        verb = "key" if cause.get("kind") == "keydown" else str(cause.get("kind"))
        what = str(data(cause).get("key") or "") if verb == "key" else target_name(cause)
        return f"{verb} {what}".strip() if verb == "key" else f"{verb} on {what}", cause
    if k and t - offset(steps[k - 1]) <= th["redirectMs"]:
        acted = ctx.between(("click", "tap", "keydown", "input"), offset(steps[k - 1]), t)
        if not acted:
            return "redirect", None
    return "history navigation (Back button or history.back())", None


def _uturns(ctx: Context, steps: list[Ev], th: Thresholds, looped: set[int]) -> Iterator[Signal]:
    longest = max(2, int(th["maxLoopRoutes"]))
    for i in range(1, len(steps)):
        a, b = steps[i - 1], steps[i]
        for j in range(i + 1, min(len(steps), i + longest)):
            c = steps[j]
            dwell = offset(c) - offset(b)
            if dwell > th["maxDwellMs"]:
                break
            if _route(c) != _route(a):
                continue
            if {i, j} <= looped or ctx.between(("input",), offset(b), offset(c)):
                break
            via = [_route(s) for s in steps[i:j]]
            means, cause = _means(ctx, steps, j, th)
            path = " -> ".join(via)
            title = f"U-turn: {path} left for {_route(a)} after {seconds(dwell)} ({means})"
            evidence = [b, *steps[i + 1 : j], c] + ([cause] if cause is not None else [])
            details = {"routes": [_route(a), *via, _route(c)], "dwellMs": dwell, "means": means}
            yield signal("navigation-uturn", Severity.MEDIUM, 0.4, title, evidence, details=details)
            break


def _cycle_at(ctx: Context, steps: list[Ev], i: int, th: Thresholds) -> tuple[int, int]:
    """(period, end) of the longest route cycle starting at `i` (period 0 when none)."""
    best = (0, i)
    for period in range(2, max(2, int(th["maxLoopRoutes"])) + 1):
        if i + period >= len(steps):
            break
        cycle = [_route(s) for s in steps[i : i + period]]
        if len(set(cycle)) != period or _route(steps[i + period]) != cycle[0]:
            continue
        j = i + period
        while (
            j < len(steps)
            and _route(steps[j]) == _route(steps[j - period])
            and offset(steps[j]) - offset(steps[i]) <= th["loopWindowMs"]
            and not ctx.between(("input",), offset(steps[j - 1]), offset(steps[j]))
        ):
            j += 1
        if j - i > best[1] - i:
            best = (period, j)
    return best


def _loops(ctx: Context, steps: list[Ev], th: Thresholds, looped: set[int]) -> Iterator[Signal]:
    need, i = int(th["loopMinNavigations"]), 0
    while i < len(steps):
        period, end = _cycle_at(ctx, steps, i, th)
        if not period or end - i < need:
            i += 1
            continue
        run = steps[i:end]
        looped.update(range(i, end))
        names = [_route(s) for s in run[:period]]
        if period == 2:
            a, b = sorted(names)
            title = f"Alternating between {a} and {b} ({len(run)} navigations)"
        else:
            title = f"Going in circles: {' -> '.join([*names, names[0]])} ({len(run)} navigations)"
        details = {"routes": [_route(s) for s in run], "cycle": names, "navigations": len(run)}
        yield signal("navigation-uturn", Severity.MEDIUM, 0.5, title, run, details=details)
        i = end - 1


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    steps = _steps(ctx)
    looped: set[int] = set()
    yield from list(_loops(ctx, steps, th, looped))
    yield from _uturns(ctx, steps, th, looped)


DETECTOR = Detector(
    name="navigation-uturn",
    summary="back to the previous route within 5 s without typing (by click, Back, history.back() or "
    "redirect), or a cycle of 2-4 routes repeated over 6+ navigations in 90 s",
    thresholds={
        "maxDwellMs": 5000,
        "maxLoopRoutes": 4,
        "loopMinNavigations": 6,
        "loopWindowMs": 90000,
        "meansWindowMs": 1000,
        "redirectMs": 500,
    },
    run=_run,
)
