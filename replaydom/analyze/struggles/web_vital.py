"""`web-vital`: poor (or needs-improvement) LCP, CLS and INP.

Rule (the web-vitals library's own, sentry-replay-model.md §5.5): `value > <name>Poor` is poor,
`value > <name>Good` is needs-improvement; thresholds LCP 2500/4000 ms, CLS 0.1/0.25, INP
200/500 ms. Severity medium for poor, low for needs-improvement.
Strength 0.5 + 0.1 per poor threshold's worth above it (at most 0.8) for poor, 0.2 otherwise.
Evidence: the web-vital event.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..evutil import Ev, data
from .core import Context, Detector, Severity, Signal, Thresholds, signal

_NAMES = {
    "largest-contentful-paint": "lcp",
    "lcp": "lcp",
    "cumulative-layout-shift": "cls",
    "cls": "cls",
    "interaction-to-next-paint": "inp",
    "inp": "inp",
}


def vital_name(ev: Ev) -> str | None:
    """`lcp`, `cls` or `inp` for a web-vital event; None for other vitals (FID, FCP...)."""
    name = data(ev).get("name") or ev.get("label") or ""
    return _NAMES.get(str(name).strip().lower())


def _describe(name: str, value: float) -> str:
    return (
        f"{value:.3f}" if name == "cls" else f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"
    )


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("web-vital"):
        name, value = vital_name(ev), data(ev).get("value")
        if name is None or not isinstance(value, int | float):
            continue
        good, poor = th[f"{name}Good"], th[f"{name}Poor"]
        if value > poor:
            strength = min(0.8, 0.5 + 0.1 * (value / max(poor, 1e-9) - 1))
            title = f"Poor {name.upper()}: {_describe(name, value)}"
            yield signal("web-vital", Severity.MEDIUM, strength, title, [ev])
        elif value > good:
            title = f"{name.upper()} needs improvement: {_describe(name, value)}"
            yield signal("web-vital", Severity.LOW, 0.2, title, [ev])


DETECTOR = Detector(
    name="web-vital",
    summary="LCP, CLS or INP rated poor (medium) or needs-improvement (low)",
    thresholds={
        "lcpGood": 2500,
        "lcpPoor": 4000,
        "clsGood": 0.1,
        "clsPoor": 0.25,
        "inpGood": 200,
        "inpPoor": 500,
    },
    run=_run,
)
