"""`rejected-submit`: the same submit tried again and again while the form says no.

Rule: submit-like activations of one form (a click on `type=submit`, on a button inside a `<form>`,
or on a button named "Next", "Continue", "Save", ...; Enter in a field of the form), on one route,
each within `windowMs` (60000) of the previous. Activations closer than `minGapMs` (1000) to the
previous one are one try (a burst of clicks is one attempt; rage-click reports the burst). Tries are
counted per control (Enter in a field counts for its form). A try is rejected when, `settleMs`
(1500) after it (or just before the next try, if sooner), the DOM shows an error-looking message in
its form or an alert (domlook.py lists what counts), or a request it started failed (4xx, 5xx, no
response). At least `minAttempts` (2) rejected tries with no route change between them make one
signal. It passed when a later try of the run was not rejected, or the route changed within
`successWindowMs` (10000) after the last rejected try. Without DOM access only failed requests mark
a try rejected.

The DOM is read once per try (a bounded number of `state_at` calls). Severity medium ("repeated
clicks or inputs without success"). Strength 0.5, +0.1 per further rejected try (at most 0.8).
Evidence: each try's activation, the values retyped before it, the DOM change or request that
rejected it. `details` lists every try with its values (when not masked), errors and requests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from ...timefmt import format_offset
from ..evutil import Ev, data, node_key, offset, pointer_key, request_name, target_name
from . import domlook
from .core import Context, Detector, Severity, Signal, Thresholds, signal
from .formutil import (
    ev_route,
    failed,
    field_name,
    form_key,
    is_enter,
    is_submit_like,
    requests_between,
    route_changed,
    scope_key,
    shown_value,
)


def _activations(ctx: Context) -> dict[tuple[str, str, str], list[Ev]]:
    """Activations per (form, route, control); Enter in a field activates the form itself."""
    out: dict[tuple[str, str, str], list[Ev]] = {}
    for ev in ctx.of("click", "tap", "keydown"):
        if is_submit_like(ev):
            out.setdefault((scope_key(ev), ev_route(ev), node_key(ev)), []).append(ev)
        elif is_enter(ev) and form_key(ev) is not None:
            out.setdefault((scope_key(ev), ev_route(ev), "enter"), []).append(ev)
    return out


def _runs(ctx: Context, acts: list[Ev], th: Thresholds) -> Iterator[list[list[Ev]]]:
    """Runs of tries (each try = its activations), split by long gaps and route changes."""
    run: list[list[Ev]] = []
    for ev in acts:
        if run:
            last = run[-1][-1]
            gap = offset(ev) - offset(last)
            if gap > th["windowMs"] or route_changed(ctx, offset(last), offset(ev), ev_route(last)):
                yield run
                run = []
            elif gap < th["minGapMs"]:
                run[-1].append(ev)
                continue
        run.append([ev])
    if run:
        yield run


def _values(ctx: Context, scope: str, lo: int, hi: int) -> tuple[dict[str, Any], list[Ev]]:
    values: dict[str, Any] = {}
    evs: list[Ev] = []
    for ev in ctx.between(("input",), lo, hi):
        if scope_key(ev) == scope:
            values[field_name(ev)] = shown_value(ev)
            evs.append(ev)
    return values, evs


def _judge(ctx: Context, attempt: Ev, until: int) -> tuple[list[str], list[Ev], Ev | None, bool]:
    """Errors shown at `until`, failed requests started since the try, the DOM change that showed
    the error, and whether the DOM could be read."""
    t = offset(attempt)
    bad = [r for r in requests_between(ctx, t, until) if failed(r)]
    doc = ctx.doc_at(until)
    if doc is None:
        return [], bad, None, False
    node = domlook.node_by_id(doc, attempt.get("nodeId"))
    errors = domlook.error_messages(doc, domlook.form_of(node))
    change = next(iter(ctx.between(("mutation",), t, until)), None) if errors else None
    return errors, bad, change, True


def _counted(names: Iterable[str]) -> list[str]:
    """Distinct request names in order, repeats counted (`POST /api/checkout 500 (x5)`)."""
    counts = Counter(names)
    return [name if n == 1 else f"{name} (x{n})" for name, n in counts.items()]


def _try(ctx: Context, tries: list[list[Ev]], i: int, scope: str, th: Thresholds) -> dict[str, Any]:
    first = tries[i][0]
    t = offset(first)
    nxt = offset(tries[i + 1][0]) - 1 if i + 1 < len(tries) else None
    until = t + int(th["settleMs"]) if nxt is None else min(t + int(th["settleMs"]), nxt)
    lo = offset(tries[i - 1][-1]) + 1 if i else t - int(th["windowMs"])
    values, inputs = _values(ctx, scope, lo, t)
    errors, bad, change, dom_read = _judge(ctx, first, until)
    return {
        "event": first,
        "inputs": inputs,
        "change": change,
        "bad": bad,
        "rejected": bool(errors or bad),
        "out": {
            "offsetMs": t,
            "segmentId": first.get("segmentId"),
            "frameIndex": first.get("frameIndex"),
            "activations": len(tries[i]),
            "values": values,
            "errors": errors,
            "failedRequests": _counted(
                request_name(r) + f" {data(r).get('status') or 'no response'}" for r in bad
            ),
            "rejected": bool(errors or bad),
            "domChecked": dom_read,
        },
    }


def _signal(ctx: Context, tries: list[dict[str, Any]], th: Thresholds) -> Signal | None:
    rejected = [k for k, x in enumerate(tries) if x["rejected"]]
    if len(rejected) < th["minAttempts"]:
        return None
    last = rejected[-1]
    passed_at: int | None = None
    passed = next((x for x in tries[last + 1 :] if not x["rejected"]), None)
    first_ev = tries[0]["event"]
    if passed is not None:
        passed_at = offset(passed["event"])
    else:
        t = offset(tries[last]["event"])
        nav = route_changed(ctx, t, t + int(th["successWindowMs"]), ev_route(first_ev))
        passed_at = offset(nav) if nav is not None else None
    kept = tries[rejected[0] : last + 1] + ([passed] if passed is not None else [])
    evidence: list[Ev] = [x["event"] for x in kept]
    for k, x in enumerate(kept):
        # Values retyped between tries are evidence; the first fill stays in `details` only, so
        # the window starts at the first rejected try.
        evidence += [e for e in (x["change"], *x["bad"][:1], *(x["inputs"] if k else ())) if e is not None]
    errors = list(dict.fromkeys(e for x in kept for e in x["out"]["errors"]))
    shown = (
        f' ("{errors[0]}"' + (f" +{len(errors) - 1} more" if len(errors) > 1 else "") + ")" if errors else ""
    )
    outcome = f"; passed at {format_offset(passed_at)}" if passed_at is not None else "; never passed"
    title = f"{len(rejected)} rejected submits of {target_name(first_ev)}{shown}{outcome}"
    strength = min(0.8, 0.5 + 0.1 * (len(rejected) - th["minAttempts"]))
    details = {
        "control": target_name(first_ev),
        "form": form_key(first_ev),
        "route": ev_route(first_ev),
        "attempts": [x["out"] for x in kept],
        "rejectedAttempts": len(rejected),
        "passedAtMs": passed_at,
    }
    unique = list({pointer_key(e): e for e in evidence}.values())
    anchor = offset(kept[0]["event"])  # the first rejected try, not the typing before it
    return signal("rejected-submit", Severity.MEDIUM, strength, title, unique, details=details, at_ms=anchor)


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for (scope, _route, _control), acts in _activations(ctx).items():
        for run in _runs(ctx, acts, th):
            if len(run) < th["minAttempts"]:
                continue
            tries = [_try(ctx, run, i, scope, th) for i in range(len(run))]
            sig = _signal(ctx, tries, th)
            if sig is not None:
                yield sig


DETECTOR = Detector(
    name="rejected-submit",
    summary="the same form submitted 2+ times, each answered by an error message or failed request, "
    "without the step advancing",
    thresholds={
        "minAttempts": 2,
        "windowMs": 60000,
        "minGapMs": 1000,
        "settleMs": 1500,
        "successWindowMs": 10000,
    },
    run=_run,
)
