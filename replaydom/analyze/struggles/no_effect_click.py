"""`no-effect-click`: a click followed by no navigation, network request or DOM change.

Rule: a raw click whose element the Sentry SDK does not judge (anything but `a`, `button`,
`input`: for those the SDK's own slow/dead judgement is authoritative) and that is not a form
control or label (clicking one only moves focus), followed within `windowMs` (3000) by none of:
mutation, DOM snapshot, style change, navigation, page event, network request, input, scroll,
focus/blur, selection or media event. Severity medium ("click followed by nothing").
Strength 0.5. Evidence: the click.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import SDK_CLICK_TAGS, offset, seconds, target_name
from .clicks import judged_near, tag_of
from .core import Context, Detector, Severity, Signal, Thresholds, signal

EFFECT_KINDS = (
    "mutation",
    "dom-snapshot",
    "style",
    "navigation",
    "page",
    "network",
    "input",
    "scroll",
    "focus",
    "blur",
    "selection",
    "media",
    "canvas",
    "viewport",
)
_FOCUS_TAGS = frozenset({"textarea", "select", "option", "label"})


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    window = int(th["windowMs"])
    for click in ctx.of("click"):
        tag = tag_of(click)
        if tag in SDK_CLICK_TAGS or tag in _FOCUS_TAGS or judged_near(ctx, click):
            continue
        t = offset(click)
        if t + window > ctx.end_ms or ctx.between(EFFECT_KINDS, t, t + window):
            continue  # the recording ends too soon to tell, or something happened
        title = f"Click on {target_name(click)} changed nothing within {seconds(window)}"
        yield signal("no-effect-click", Severity.MEDIUM, 0.5, title, [click])


DETECTOR = Detector(
    name="no-effect-click",
    summary="click (not on a/button/input) followed by no navigation, network or DOM change within 3 s",
    thresholds={"windowMs": 3000},
    run=_run,
)
