"""One finding per repeated pattern: what it is about decides, not which signals coincide.

A long session that hits the same broken request eight times gave eight identical findings; and a
button that does nothing gave one finding where the wait happened to be followed by a long idle
and another for the other 244 times, because findings were told apart by their whole set of
signals. Now a finding is identified by its **lead**: the signal that says what the problem is,
chosen by a fixed order of signal kinds (`LEAD_ORDER`: what the user did wrong or met first,
then failures, then slowness and page effects), and by the lead's **subject**:

- click signals (`dead-click`, `rage-click`, `slow-click`, `repeated-click`, `no-effect-click`) and
  `idle-after-action` (the action's element): `element <selector>`. Dead, rage and slow clicks on
  one element are one pattern (a button that does not answer, sometimes 5 times in a row);
- form signals (`form-abandonment`, `rejected-submit`): `form <form>` (or the route for fields
  outside a form); `dead-end-search`, `input-struggle`: `field <selector>`;
- requests (`failed-request`, `slow-request`): `request <method> <URL> <status>`;
- messages (`console-error`, `error-event`, `hydration-error`): `message <text>`;
- `navigation-uturn`: its routes; `web-vital`: the route (the page load measured);
  `mutation-burst`: the route and the oldest element the burst changed (the container a list
  re-renders into, whose id outlives the rows);
- any other signal: its title.

**Split before grouping.** Merging (merge.py) joins signals by time only, so one merged group
can hold two patterns that happened close together (a form abandoned while a table re-rendered,
a dead click next to a slow one on another button). The group is split into one part per subject
of its pattern signals (every signal but the explaining ones: requests, messages and
`idle-after-action`), where a click inside a form that has a form signal in the group is about
that form (a rage click on the submit button of a form whose submits are rejected is one
problem). Each explaining signal goes to the part of its own subject if there is one (the idle
after a click on that element), else to the part whose pattern signal came last before it (a
request after a click is that click's), else to the first part. A group of explaining signals
only (a failed request and the console error that reports it) stays whole.

**Grouping.** Parts with the same lead subject are one finding: the first occurrence's window,
evidence, details and `nextCommand`, plus `count`, `firstOffsetMs`/`lastOffsetMs` and
`occurrences` (every occurrence's window, severity, signals, evidence pointers and `nextCommand`,
the first included; the pointers are the shown evidence plus the primary event of every signal the
`maxEvidence` cap left out, so that no signal loses its pointer). `signals` lists every signal
seen in any occurrence (most severe first) and the title says which were not in every occurrence
(`with idle-after-action in 1 of 245`).
Severity and score are the highest of the occurrences' (repeats of one signal do not add up).

Sentry's own counts are untouched: a grouped dead or rage click keeps each occurrence's
`dead-click`/`rage-click` event (with Sentry's `clickCount`) among its occurrences' evidence, and
`stats` counts those events, not findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...timefmt import format_offset
from ..evutil import Ev, data, offset, pointer_key
from .core import Signal
from .formutil import form_key
from .merge import EvidenceRef, Finding, Occurrence

REQUEST_SIGNALS = frozenset({"failed-request", "slow-request"})
MESSAGE_SIGNALS = frozenset({"console-error", "error-event", "hydration-error"})
CLICK_SIGNALS = frozenset({"dead-click", "rage-click", "slow-click", "repeated-click", "no-effect-click"})
FORM_SIGNALS = frozenset({"form-abandonment", "rejected-submit"})
FIELD_SIGNALS = frozenset({"dead-end-search", "input-struggle"})
# Signals that explain a pattern rather than being one on their own when they coincide with one: a
# failing or slow request, an error or the idle after an action (alone, they are their own finding).
EXPLAINING = REQUEST_SIGNALS | MESSAGE_SIGNALS | {"idle-after-action"}
LEAD_ORDER = (
    "rage-click",
    "dead-click",
    "rejected-submit",
    "form-abandonment",
    "dead-end-search",
    "input-struggle",
    "repeated-click",
    "slow-click",
    "no-effect-click",
    "navigation-uturn",
    "error-event",
    "hydration-error",
    "failed-request",
    "console-error",
    "slow-request",
    "web-vital",
    "mutation-burst",
    "idle-after-action",
)
_RANK = {name: i for i, name in enumerate(LEAD_ORDER)}


def subject(sig: Signal) -> str:
    """What a signal is about (see the module docstring)."""
    name = sig.name
    details = dict(sig.details or {})
    if name in REQUEST_SIGNALS and (ev := _first(sig.evidence, ("network",))) is not None:
        d = data(ev)
        status = d.get("status") if isinstance(d.get("status"), int) and d.get("status") else "no response"
        return f"request {str(d.get('method') or '').upper()} {d.get('url') or ev.get('url')} {status}"
    if name in MESSAGE_SIGNALS and (ev := _first(sig.evidence, ("console", "error", "hydration-error"))):
        d = data(ev)
        return f"message {d.get('message') or d.get('title') or ev.get('label')}"
    if name in CLICK_SIGNALS or name == "idle-after-action":
        ev = _selected(sig.evidence, first_only=name == "idle-after-action")
        if ev is not None:
            return f"element {ev.get('selector')}"
    if name in FORM_SIGNALS:
        form = details.get("form") or details.get("route")
        if form:
            return f"form {form}"
    if name in FIELD_SIGNALS:
        field = details.get("field") or (ev.get("selector") if (ev := _selected(sig.evidence)) else None)
        if field:
            return f"field {field}"
    if name == "navigation-uturn" and details.get("routes"):
        return f"routes {' > '.join(str(r) for r in details['routes'])}"
    if name == "web-vital" and sig.evidence:
        return f"vitals {sig.evidence[0].get('route')}"
    if name == "mutation-burst" and sig.evidence:
        burst = sig.evidence[0]
        targets = [t for t in data(burst).get("targets") or [] if isinstance(t, int)]
        if targets:
            return f"dom {burst.get('route')} node {min(targets)}"
    return f"{name} {sig.title}"


def lead(part: Sequence[Signal]) -> Signal:
    """The signal that says what a part is about (`LEAD_ORDER`, then the earliest)."""
    return min(part, key=lambda s: (_RANK.get(s.name, len(_RANK)), s.at_ms))


def split(group: Sequence[Signal]) -> list[list[Signal]]:
    """One part per pattern of a merged group (see the module docstring)."""
    leads = [s for s in group if s.name not in EXPLAINING]
    if not leads:
        return [list(group)]
    root: dict[str, str] = {subject(s): subject(s) for s in leads}

    def find(x: str) -> str:
        while root[x] != x:
            x = root[x]
        return x

    for sig in leads:  # a click inside a form that has its own signal here is about that form
        form = _form_of(sig)
        if form in root:
            root[find(subject(sig))] = find(form)
    parts: dict[str, list[Signal]] = {}
    for sig in leads:
        parts.setdefault(find(subject(sig)), []).append(sig)
    for sig in group:
        if sig.name not in EXPLAINING:
            continue
        own = subject(sig)
        if own in root:
            parts[find(own)].append(sig)
            continue
        before = [s for s in leads if s.at_ms <= sig.at_ms]
        home = max(before, key=lambda s: s.at_ms) if before else min(leads, key=lambda s: s.at_ms)
        parts[find(subject(home))].append(sig)
    return list(parts.values())


def _form_of(sig: Signal) -> str | None:
    if sig.name not in CLICK_SIGNALS:
        return None
    ev = _selected(sig.evidence)
    form = form_key(ev) if ev is not None else None
    return f"form {form}" if form else None


def key(part: Sequence[Signal]) -> str:
    """Identity of a finding: its lead's subject."""
    return subject(lead(part))


def occurrence(finding: Finding, part: Sequence[Signal] = ()) -> Occurrence:
    """One occurrence: the finding's evidence (at most `maxEvidence` events) plus the primary
    event of every signal of its part that the cap left out, so no signal loses its pointer."""
    chosen: dict[tuple[object, ...], Ev] = {pointer_key(ev): ev for ev in finding.evidence}
    for sig in part:
        chosen.setdefault(pointer_key(sig.evidence[0]), sig.evidence[0])
    ordered = sorted(
        chosen.values(), key=lambda ev: (offset(ev), ev.get("segmentId") or 0, ev.get("frameIndex") or 0)
    )
    return Occurrence(
        window=finding.window,
        severity=finding.severity,
        signals=finding.signals,
        evidence=[ref(ev) for ev in ordered],
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


def group(parts: Iterable[tuple[Sequence[Signal], Finding]]) -> list[Finding]:
    """One finding per identity (`key`), in order of first occurrence (see the module docstring).
    Each item is a part (`split`) and the finding made of it."""
    groups: dict[str, list[tuple[Sequence[Signal], Finding]]] = {}
    for part, finding in sorted(parts, key=lambda p: (p[1].window.fromOffsetMs, p[1].window.toOffsetMs)):
        groups.setdefault(key(part), []).append((part, finding))
    return [_one(found) for found in groups.values()]


def _one(items: list[tuple[Sequence[Signal], Finding]]) -> Finding:
    found = [f for _, f in items]
    first = found[0]
    occurrences = [occurrence(f, part) for part, f in items]
    if len(found) == 1:
        return first.model_copy(
            update={
                "firstOffsetMs": first.window.fromOffsetMs,
                "lastOffsetMs": first.window.fromOffsetMs,
                "occurrences": occurrences,
            }
        )
    worst = min(found, key=lambda f: f.severity.rank)
    seen: dict[str, int] = {}
    for f in sorted(found, key=lambda f: f.severity.rank):
        for name in f.signals:
            seen[name] = seen.get(name, 0) + 1
    start, last = first.window.fromOffsetMs, found[-1].window.fromOffsetMs
    partial = [f"{name} in {n} of {len(found)}" for name, n in seen.items() if n < len(found)]
    # the first occurrence's title when every occurrence saw the same signals, else its lead's
    # title and which signals only some occurrences had
    head = lead(items[0][0]).title if partial else first.finding
    title = f"{head}; repeated x{len(found)} from {format_offset(start)} to {format_offset(last)}"
    if partial:
        title += f"; with {', '.join(partial)}"
    return first.model_copy(
        update={
            "finding": title,
            "severity": worst.severity,
            "score": max(f.score for f in found),
            "signals": list(seen),
            "count": len(found),
            "firstOffsetMs": start,
            "lastOffsetMs": last,
            "occurrences": occurrences,
        }
    )


def _selected(evidence: Iterable[Ev], *, first_only: bool = False) -> Ev | None:
    items = list(evidence)[:1] if first_only else evidence
    return next((e for e in items if e.get("selector")), None)


def _first(evidence: Iterable[Ev], kinds: tuple[str, ...]) -> Ev | None:
    return next((ev for ev in evidence if ev.get("kind") in kinds), None)
