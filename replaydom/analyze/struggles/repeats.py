"""Grouping identical findings: one finding with a count instead of N copies.

A long session that hits the same broken request eight times gave eight identical findings.
Findings are **identical** when they have the same severity and the same set of
(signal name, subject) pairs, where the subject is:

- requests (`failed-request`, `slow-request`): method, full URL and status (or "no response");
- messages (`console-error`, `error-event`, `hydration-error`): the message (error title);
- clicks (`dead-click`, `rage-click`, `slow-click`, `repeated-click`, `no-effect-click`): the
  target element's selector;
- every other signal: its title (titles that carry a time, a duration or a count keep their
  findings apart: only the requests, messages and clicks above are grouped across instants).

The group is one finding: the first occurrence's window, evidence, details and `nextCommand`,
plus `count`, `firstOffsetMs`/`lastOffsetMs` (first and last occurrence's start) and
`occurrences` (every occurrence's window, evidence pointers and `nextCommand`, the first one
included). Its title says `repeated xN from A to B`.

Severity and score: repeats change neither. Severity is part of what makes findings identical
(a 5xx on an action path is high, the same 5xx with no action before it is medium: two groups),
and the group keeps the highest score of its occurrences (merge.py: repeats of one signal do not
add up). The count is shown instead, so eight 404s rank as one medium finding marked x8.

Sentry's own counts are untouched: a grouped dead or rage click keeps each occurrence's
`dead-click`/`rage-click` event (with Sentry's `clickCount`) among its occurrences' evidence, and
`stats` counts those events, not findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...timefmt import format_offset
from ..evutil import Ev, data, offset
from .core import Signal
from .merge import EvidenceRef, Finding, Occurrence

REQUEST_SIGNALS = frozenset({"failed-request", "slow-request"})
MESSAGE_SIGNALS = frozenset({"console-error", "error-event", "hydration-error"})
CLICK_SIGNALS = frozenset({"dead-click", "rage-click", "slow-click", "repeated-click", "no-effect-click"})

Key = tuple[str, tuple[tuple[str, str], ...]]


def subject(sig: Signal) -> str:
    """What a signal is about, for grouping (see the module docstring)."""
    if sig.name in REQUEST_SIGNALS:
        ev = _first(sig.evidence, ("network",))
        if ev is not None:
            d = data(ev)
            status = (
                d.get("status") if isinstance(d.get("status"), int) and d.get("status") else "no response"
            )
            return f"{str(d.get('method') or '').upper()} {d.get('url') or ev.get('url')} {status}"
    elif sig.name in MESSAGE_SIGNALS:
        ev = _first(sig.evidence, ("console", "error", "hydration-error"))
        if ev is not None:
            d = data(ev)
            message = d.get("message") or d.get("title") or ev.get("label")
            return str(message)
    elif sig.name in CLICK_SIGNALS:
        ev = next((e for e in sig.evidence if e.get("selector")), None)
        if ev is not None:
            return str(ev.get("selector"))
    return sig.title


def key(group: Sequence[Signal], finding: Finding) -> Key:
    """Identity of a finding: its severity and its distinct (signal, subject) pairs."""
    pairs = sorted({(s.name, subject(s)) for s in group})
    return finding.severity.value, tuple(pairs)


def occurrence(finding: Finding) -> Occurrence:
    return Occurrence(
        window=finding.window,
        evidence=[ref(ev) for ev in finding.evidence],
        nextCommand=finding.nextCommand,
    )


def ref(ev: Ev) -> EvidenceRef:
    return EvidenceRef(
        offsetMs=offset(ev),
        kind=str(ev.get("kind")),
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
        eventId=ev.get("eventId") if ev.get("segmentId") is None else None,
    )


def group(pairs: Iterable[tuple[Key, Finding]]) -> list[Finding]:
    """One finding per identity, in order of first occurrence (see the module docstring)."""
    groups: dict[Key, list[Finding]] = {}
    for k, finding in sorted(pairs, key=lambda p: (p[1].window.fromOffsetMs, p[1].window.toOffsetMs)):
        groups.setdefault(k, []).append(finding)
    return [_one(found) for found in groups.values()]


def _one(found: list[Finding]) -> Finding:
    first = found[0]
    occurrences = [occurrence(f) for f in found]
    if len(found) == 1:
        return first.model_copy(
            update={
                "firstOffsetMs": first.window.fromOffsetMs,
                "lastOffsetMs": first.window.fromOffsetMs,
                "occurrences": occurrences,
            }
        )
    start, last = first.window.fromOffsetMs, found[-1].window.fromOffsetMs
    title = f"{first.finding}; repeated x{len(found)} from {format_offset(start)} to {format_offset(last)}"
    return first.model_copy(
        update={
            "finding": title,
            "score": max(f.score for f in found),
            "count": len(found),
            "firstOffsetMs": start,
            "lastOffsetMs": last,
            "occurrences": occurrences,
        }
    )


def _first(evidence: Iterable[Ev], kinds: tuple[str, ...]) -> Ev | None:
    return next((ev for ev in evidence if ev.get("kind") in kinds), None)
