"""Merging nearby signals into findings, scoring and ranking them.

Merging: signals are sorted by their anchor (`at_ms`, the action or failure instant); a signal
joins the current finding when its anchor is at most `gapMs` (3000) after the previous signal's
anchor and at most `maxSpanMs` (30000) after the finding's first anchor; otherwise it starts a
new finding. Anchors, not spans, decide: a dead click's 7 s wait or a 20 s idle would otherwise
chain unrelated moments together.

Finding fields (issue 4): `severity` is the most severe signal's; `signals` are the distinct
signal names, most severe first; `window` spans every signal's evidence; `evidence` keeps at most
`maxEvidence` (12) events, taken round-robin over the signals (most severe first) so every signal
is represented, then put in time order; `details` lists the structured accounts some detectors
give (attempts, values, queries, routes); `finding` joins the titles of the two most severe
distinct signals (repeats counted as `(xN)`).

Score (orders findings within a severity): each detector gives its signal a strength in [0, 1]
(documented in its module); per signal name the strongest counts once, and the finding's score is
`1 - prod(1 - strength)` over those names, rounded to 3 decimals: independent evidence adds up,
repeats of one signal do not.

Ranking: severity (high, medium, low), then score (highest first), then time.

`nextCommand`: `replaydom window <target> --at <the finding's first evidence, to the ms; a dead, rage
or slow click's own click when that evidence is the finding, stamped just before it> --before 3s
--after <evidence span rounded up to seconds + 8>s`. The instant is exact: `window --at T` anchors on
the last event at or before T, so a rounded T lands on an earlier, unrelated event. The window is
short on purpose so that its `found` line counts this finding's evidence, not a neighbour's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from ...timefmt import format_offset
from ..evutil import Ev, offset, pointer_key
from .core import Severity, Signal

MERGE_DEFAULTS = {"gapMs": 3000, "maxSpanMs": 30000, "maxEvidence": 12}
# `nextCommand`'s window: 3 s before (window's default before a matched action) and 8 s after the
# last evidence (a dead click is judged over 7 s: the window shows those seconds and one more).
NEXT_BEFORE_S = 3
NEXT_AFTER_S = 8


class Window(BaseModel):
    fromOffsetMs: int
    toOffsetMs: int


class EvidenceRef(BaseModel):
    """One evidence item by its pointer (a raw frame, or a related error's event id)."""

    offsetMs: int
    kind: str
    segmentId: int | None = None
    frameIndex: int | None = None
    eventId: str | None = Field(None, description="related data (errors, logs) only: its event id")


class Occurrence(BaseModel):
    """One occurrence of a (possibly repeated) finding."""

    window: Window
    severity: Severity = Field(description="this occurrence's own severity")
    signals: list[str] = Field(description="the signals seen in this occurrence, most severe first")
    evidence: list[EvidenceRef] = Field(description="this occurrence's evidence, by pointer")
    nextCommand: str = Field(description="the `replaydom window` command that shows this occurrence")


class Finding(BaseModel):
    """One ranked struggle window with the events that prove it."""

    finding: str = Field(description="what happened, in one line")
    severity: Severity
    score: float = Field(ge=0, le=1, description="orders findings within a severity (see merge.py)")
    signals: list[str] = Field(description="signal (detector) names, most severe first")
    window: Window
    evidence: list[Ev] = Field(description="events in the event schema")
    nextCommand: str = Field(description="the `replaydom window` command that shows this moment")
    details: list[dict[str, Any]] = Field(
        default_factory=list,
        description="structured accounts of the signals that have one (each with `signal`): "
        "rejected-submit attempts with the values tried and errors shown, dead-end-search queries, "
        "navigation-uturn routes and means, form-abandonment fields",
    )
    count: int = Field(
        1,
        ge=1,
        description="occurrences of this pattern (repeats.py: the same lead subject, such as one "
        "element, request, message or form, whatever other signals coincided); window, evidence and "
        "details are the first occurrence's, severity and score the highest",
    )
    firstOffsetMs: int | None = Field(None, description="the first occurrence's start")
    lastOffsetMs: int | None = Field(None, description="the last occurrence's start")
    occurrences: list[Occurrence] = Field(
        default_factory=list,
        description="every occurrence, first included: window, severity, signals seen, evidence "
        "pointers (every signal's primary event among them), nextCommand",
    )


def cluster(signals: Iterable[Signal], gap_ms: float, max_span_ms: float) -> list[list[Signal]]:
    """Group signals by anchor proximity (see the module docstring)."""
    groups: list[list[Signal]] = []
    for sig in sorted(signals, key=lambda s: (s.at_ms, s.severity.rank, s.name)):
        if groups:
            last = groups[-1]
            if sig.at_ms - last[-1].at_ms <= gap_ms and sig.at_ms - last[0].at_ms <= max_span_ms:
                last.append(sig)
                continue
        groups.append([sig])
    return groups


def to_finding(group: Sequence[Signal], target: str, max_evidence: int) -> Finding:
    """One finding from one group of signals."""
    ordered = sorted(group, key=lambda s: (s.severity.rank, -s.strength, s.at_ms))
    start = min(s.from_ms for s in group)
    return Finding(
        finding=_title(ordered),
        severity=ordered[0].severity,
        score=score(group),
        signals=list(dict.fromkeys(s.name for s in ordered)),
        window=Window(fromOffsetMs=start, toOffsetMs=max(s.to_ms for s in group)),
        evidence=_evidence(ordered, max_evidence),
        nextCommand=next_command(target, _anchor(group, start), max(s.to_ms for s in group)),
        details=[dict(s.details) for s in ordered if s.details],
    )


def score(group: Iterable[Signal]) -> float:
    best: dict[str, float] = {}
    for s in group:
        best[s.name] = max(best.get(s.name, 0.0), s.strength)
    return round(1 - math.prod(1 - v for v in best.values()), 3)


def rank(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, -f.score, f.window.fromOffsetMs))


# Sentry stamps a dead, rage or slow click a ms or so before the click it judges (its
# `clickOffsetMs`); `window --at` that stamp would anchor on the finding and call its own click the
# next action. At most this far ahead, the click is the anchor instead.
_CLICK_LAG_MS = 1000
_CLICK_FINDINGS = ("dead-click", "rage-click", "slow-click", "multi-click")


def _anchor(group: Sequence[Signal], start: int) -> int:
    """The instant `nextCommand` anchors on: the finding's first evidence, or the click that
    evidence judges when it is a click finding stamped just before its click."""
    for sig in group:
        for ev in sig.evidence:
            if offset(ev) != start or ev.get("kind") not in _CLICK_FINDINGS:
                continue
            data = ev.get("data")
            click = data.get("clickOffsetMs") if isinstance(data, dict) else None
            if type(click) is int and start < click <= start + _CLICK_LAG_MS:
                return click
    return start


def next_command(target: str, from_ms: int, to_ms: int | None = None) -> str:
    """The `window` command that lands on a finding's evidence (see the module docstring)."""
    at = format_offset(from_ms)  # exact to the ms: a rounded instant anchors on another event
    span_s = -(-max(0, (to_ms if to_ms is not None else from_ms) - from_ms) // 1000)  # ceil
    flag = f"--at={at}" if from_ms < 0 else f"--at {at}"  # `--at -00:01.000` would read as a flag
    return f"replaydom window {target} {flag} --before {NEXT_BEFORE_S}s --after {span_s + NEXT_AFTER_S}s"


def _title(ordered: Sequence[Signal]) -> str:
    counts: dict[str, int] = {}
    for s in ordered:
        counts[s.title] = counts.get(s.title, 0) + 1
    parts = [t if n == 1 else f"{t} (x{n})" for t, n in list(counts.items())[:2]]
    more = len(counts) - len(parts)
    return "; ".join(parts) + (f"; +{more} more" if more else "")


def _evidence(ordered: Sequence[Signal], limit: int) -> list[Ev]:
    # Round-robin over signal names (most severe first); within a name, every signal's first
    # (primary) item comes before any signal's second one.
    per_name: dict[str, list[Signal]] = {}
    for s in ordered:
        per_name.setdefault(s.name, []).append(s)
    queues = [_interleave([list(s.evidence) for s in group]) for group in per_name.values()]
    chosen: dict[tuple[object, ...], Ev] = {}
    while len(chosen) < limit and any(queues):
        for queue in queues:
            while queue:
                ev = queue.pop(0)
                if pointer_key(ev) not in chosen:
                    chosen[pointer_key(ev)] = ev
                    break
            if len(chosen) >= limit:
                break
    return sorted(chosen.values(), key=_time_key)


def _time_key(ev: Ev) -> tuple[int, int, int]:
    return offset(ev), ev.get("segmentId") or 0, ev.get("frameIndex") or 0


def _interleave(lists: list[list[Ev]]) -> list[Ev]:
    longest = max((len(x) for x in lists), default=0)
    return [x[i] for i in range(longest) for x in lists if i < len(x)]


_TYPED = frozenset({"values", "fields", "query"})


def redacted_details(details: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`--redact` for `details`: typed values (attempt values, form fields, search queries) become
    `<redacted N chars>`, like input text in evidence; everything else is kept."""
    return [_redact(d) for d in details]


def _redact(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _redact(v, k if key not in _TYPED else key) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, key) for v in value]
    if key in _TYPED and isinstance(value, str) and not value.startswith("<masked"):
        return f"<redacted {len(value)} chars>"
    return value
