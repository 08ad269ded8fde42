"""The detector contract: `Detector`, the `Signal`s it yields, and the `Context` it reads.

A detector is one module with one module-level `DETECTOR = Detector(...)`: a `name` (the signal
name shown in findings), a one-line `summary`, default `thresholds` (printed in the output and
overridable with `--set name.key=value` or a config file) and a `run(ctx, thresholds)` generator.
Detectors never print and never rank: they yield `Signal`s; `merge.py` groups nearby signals into
findings and scores them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .. import evutil
from ..defaults import Severity as Severity  # re-exported: detectors import it from here
from ..evutil import Ev, offset

if TYPE_CHECKING:
    from ...dom.tree import Node
    from .domprobe import DomProbe

Thresholds = Mapping[str, float]


@dataclass(frozen=True)
class Signal:
    """One observation of friction, with the events that prove it.

    `at_ms` anchors the signal for merging (the user action or failure instant); `from_ms`/`to_ms`
    is the span the evidence covers; `strength` in [0, 1] feeds the finding score (merge.py).
    """

    name: str
    severity: Severity
    strength: float
    at_ms: int
    from_ms: int
    to_ms: int
    title: str
    evidence: tuple[Ev, ...]
    details: Mapping[str, Any] | None = None


def signal(
    name: str,
    severity: Severity,
    strength: float,
    title: str,
    evidence: Iterable[Ev],
    *,
    details: Mapping[str, Any] | None = None,
    at_ms: int | None = None,
) -> Signal:
    """Build a signal whose anchor and span come from its evidence events (at least one).

    List the primary event first (the request, the judgement, the error): when a finding has
    more evidence than it keeps, primaries are kept first. `at_ms` overrides the anchor (default:
    the earliest evidence) when the moment that matters is not the first event, such as the
    leaving of an abandoned form. `details` is the detector's structured account (attempts,
    values, queries), copied to the finding.
    """
    items = tuple(evidence)
    times = sorted(offset(ev) for ev in items)
    return Signal(
        name=name,
        severity=severity,
        strength=round(max(0.0, min(1.0, strength)), 3),
        at_ms=times[0] if at_ms is None else at_ms,
        from_ms=times[0],
        to_ms=times[-1],
        title=title,
        evidence=items,
        details={"signal": name, **details} if details else None,
    )


@dataclass(frozen=True)
class Detector:
    """One struggle signal: its name, what it means, its default thresholds and its rule."""

    name: str
    summary: str
    thresholds: Mapping[str, float]
    run: Callable[[Context, Thresholds], Iterator[Signal]]

    def detect(self, ctx: Context, overrides: Thresholds | None = None) -> Iterator[Signal]:
        """Yield this detector's signals, with `overrides` applied over the default thresholds."""
        return self.run(ctx, {**self.thresholds, **(overrides or {})})


@dataclass
class Context:
    """The stream a detector reads: events sorted by `offsetMs`, indexed by kind on demand."""

    events: list[Ev]
    end_ms: int = 0
    details: dict[str, Any] | None = None
    dom: DomProbe | None = None
    _kind_cache: dict[frozenset[str], tuple[list[Ev], list[int]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, events: Iterable[Ev], details: dict[str, Any] | None = None, dom: DomProbe | None = None
    ) -> Context:
        ordered = sorted(events, key=offset)
        end = offset(ordered[-1]) if ordered else 0
        return cls(events=ordered, end_ms=end, details=details, dom=dom)

    def doc_at(self, offset_ms: int) -> Node | None:
        """The rebuilt document at an offset (None without DOM access or over the probe's budget)."""
        return self.dom.at(offset_ms) if self.dom is not None else None

    def of(self, *kinds: str) -> list[Ev]:
        """Events of the given kinds, in time order."""
        return self._indexed(frozenset(kinds))[0]

    def between(self, kinds: Iterable[str], lo: int, hi: int) -> list[Ev]:
        """Events of the given kinds with `lo <= offsetMs <= hi`, in time order."""
        evs, times = self._indexed(frozenset(kinds))
        return evs[bisect.bisect_left(times, lo) : bisect.bisect_right(times, hi)]

    def first_after(self, kinds: Iterable[str], t: int, *, strict: bool = True) -> Ev | None:
        """The first event of the given kinds after `t` (at or after `t` when not strict)."""
        evs, times = self._indexed(frozenset(kinds))
        i = bisect.bisect_right(times, t) if strict else bisect.bisect_left(times, t)
        return evs[i] if i < len(evs) else None

    def last_before(self, kinds: Iterable[str], t: int) -> Ev | None:
        """The last event of the given kinds at or before `t`."""
        evs, times = self._indexed(frozenset(kinds))
        i = bisect.bisect_right(times, t)
        return evs[i - 1] if i else None

    @cached_property
    def clicks(self) -> list[Ev]:
        return self.of("click", "tap")

    def _indexed(self, kinds: frozenset[str]) -> tuple[list[Ev], list[int]]:
        hit = self._kind_cache.get(kinds)
        if hit is None:
            evs = [ev for ev in self.events if ev.get("kind") in kinds]
            hit = (evs, [offset(ev) for ev in evs])
            self._kind_cache[kinds] = hit
        return hit


def user_action_before(ctx: Context, t: int, window_ms: int) -> Ev | None:
    """The last click/tap/input/keydown within `window_ms` before `t` (an "action path")."""
    ev = ctx.last_before(evutil.USER_ACTION_KINDS, t)
    return ev if ev is not None and t - offset(ev) <= window_ms else None
