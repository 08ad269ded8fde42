"""Deterministic friction analysis: ranked struggle windows with evidence (issue 4, `struggles`).

`DETECTORS` is the explicit registry: one module per signal, each exposing `DETECTOR` (see
`core.Detector`). Adding a signal = a module + a line here + a test. `find_struggles` runs every
detector over the normalized events, merges nearby signals into findings, scores and ranks them
(`merge.py` documents merging and scoring) after splitting merged groups that hold clicks on
different elements and grouping the occurrences of one pattern into one finding with a count
(`repeats.py`). Severity follows conventions.md, "Severity".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from ...dom.source import DomSource
from ...model import Truncated
from ..evutil import Ev
from . import (
    console_error,
    dead_click,
    dead_end_search,
    error_event,
    failed_request,
    form_abandonment,
    hydration_error,
    idle_after_action,
    input_struggle,
    mutation_burst,
    navigation_uturn,
    no_effect_click,
    rage_click,
    rejected_submit,
    repeated_click,
    repeats,
    slow_click,
    slow_request,
    web_vital,
)
from .config import Overrides, check
from .core import Context, Detector, Severity, Signal
from .domcost import PageSizes, checkpointed_cost
from .domprobe import DOM_DEFAULTS, DomProbe, dom_skipped, dom_use_note, dom_work
from .merge import MERGE_DEFAULTS, Finding, Window, cluster, rank, to_finding

DETECTORS: tuple[Detector, ...] = (
    dead_click.DETECTOR,
    rage_click.DETECTOR,
    slow_click.DETECTOR,
    repeated_click.DETECTOR,
    no_effect_click.DETECTOR,
    failed_request.DETECTOR,
    slow_request.DETECTOR,
    console_error.DETECTOR,
    error_event.DETECTOR,
    hydration_error.DETECTOR,
    web_vital.DETECTOR,
    mutation_burst.DETECTOR,
    idle_after_action.DETECTOR,
    input_struggle.DETECTOR,
    navigation_uturn.DETECTOR,
    rejected_submit.DETECTOR,
    dead_end_search.DETECTOR,
    form_abandonment.DETECTOR,
)

__all__ = [
    "DETECTORS",
    "Detector",
    "Finding",
    "Severity",
    "Signal",
    "StruggleConfig",
    "StrugglesReport",
    "Window",
    "detect",
    "find_struggles",
    "thresholds",
]


@dataclass(frozen=True)
class StruggleConfig:
    """Threshold overrides by dotted name (`{"repeated-click": {"minClicks": 4}}`), validated."""

    overrides: Overrides = field(default_factory=dict)

    def __post_init__(self) -> None:
        check(self.overrides, defaults())

    def for_name(self, name: str) -> dict[str, float]:
        return dict(self.overrides.get(name, {}))


class StrugglesReport(BaseModel):
    """`replaydom struggles --json`: the ranked findings plus every threshold in effect."""

    items: list[Finding]
    truncated: Truncated | None = None
    thresholds: dict[str, dict[str, float]] = Field(description="every threshold in effect, by detector")
    notes: list[str] = Field(default_factory=list, description="what limited the analysis, if anything")


def defaults() -> dict[str, dict[str, float]]:
    """Default thresholds of every detector, plus `merge`."""
    out = {d.name: dict(d.thresholds) for d in DETECTORS}
    out["merge"] = {k: float(v) for k, v in MERGE_DEFAULTS.items()}
    out["dom"] = {k: float(v) for k, v in DOM_DEFAULTS.items()}
    return out


def thresholds(config: StruggleConfig | None = None) -> dict[str, dict[str, float]]:
    """The thresholds in effect: defaults with the config's overrides applied."""
    cfg = config or StruggleConfig()
    return {name: {**values, **cfg.for_name(name)} for name, values in defaults().items()}


def detect(ctx: Context, config: StruggleConfig | None = None) -> list[Signal]:
    """Every signal of every registered detector, in registry order."""
    cfg = config or StruggleConfig()
    return [sig for d in DETECTORS for sig in d.detect(ctx, cfg.for_name(d.name))]


def dom_note(events: Iterable[Ev], config: StruggleConfig | None = None) -> str | None:
    """Why the DOM-reading checks used the events only on this replay (`dom.maxNodeOps`), or None
    (without a DOM store: `find_struggles(notes=...)` also says what a store changed)."""
    return dom_skipped(dom_work(events), thresholds(config)["dom"]["maxNodeOps"])


def find_struggles(
    events: Iterable[Ev],
    config: StruggleConfig | None = None,
    *,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    dom: Callable[[], DomSource | None] | DomSource | None = None,
    stored: Callable[[], DomSource | None] | None = None,
    notes: list[str] | None = None,
) -> list[Finding]:
    """Ranked findings for a normalized event stream.

    `target` is how `nextCommand` names the replay (default: the events' `replayId`). `dom` gives
    the detectors that judge what the user saw (error messages, empty results) the replay's DOM:
    a `DomSource`, or a function that loads it, called only when a detector needs it. Without it
    those detectors use the events alone.

    A replay whose DOM rebuild is over `dom.maxNodeOps` (`dom_work`) is not given `dom`; `stored`
    (a function returning the replay's DOM store as a source when it is already built and current,
    else None, never building it) then lets the detectors read checkpointed states, each instant
    charged what reading it costs (`domcost`), until the charges would pass `dom.maxReadOps`.
    `notes`, when given, receives what limited the DOM-reading checks (`domprobe.dom_use_note`).
    """
    ctx = Context.build(events, details, None)
    limit = thresholds(config)["dom"]["maxNodeOps"]
    work = dom_work(ctx.events)
    name = target or (str(ctx.events[0].get("replayId")) if ctx.events else "")
    probe = None
    if work <= limit:
        if dom is not None:
            probe = DomProbe(loader=dom) if callable(dom) else DomProbe.of(dom)
    elif stored is not None:
        source = stored()
        if source is not None:
            sizes = PageSizes(ctx.events)
            probe = DomProbe.of(source)
            probe.cost = lambda src: checkpointed_cost(src, sizes)
            probe.limit = thresholds(config)["dom"]["maxReadOps"]
    ctx.dom = probe
    merge = thresholds(config)["merge"]
    groups = cluster(detect(ctx, config), merge["gapMs"], merge["maxSpanMs"])
    parts = [part for g in groups for part in repeats.split(g)]
    found = rank(repeats.group((p, to_finding(p, name, int(merge["maxEvidence"]))) for p in parts))
    if notes is not None and work > limit:
        note = dom_use_note(probe, probe.limit, name) if probe is not None else None
        if probe is None:  # no store to read (`target` names the command that builds one)
            note = dom_skipped(work, limit, name if stored is not None else None)
        if note is not None:
            notes.append(note)
    return found
