"""`form-abandonment`: a form filled in and never successfully submitted.

Rule: input into at least `minFields` (1) fields of one form (the `<form>` of the recorded selector
path; outside any form, at least 2 fields of one route, so a lone palette or chat box is not a
form; search fields are dead-end-search's; a field the app cleared is no input) and then no
success: no 2xx request that sends data (POST/PUT/PATCH/DELETE by fetch or XHR) after the first
input, no route change within `successWindowMs` (3000) after a submit-like click in that form (a
step advance), and no submit click (`type=submit` or named like one) that nothing rejected (no
failed request and, read from the DOM `settleMs` (1500) later, no error message in the form);
then the user leaves the route (any navigation to another route, or a full page load) or the
replay ends. Input after a success starts a new fill.

Severity: medium when the user left after a submit of that form failed (a 4xx/5xx or unanswered
request it sent), since that is giving up after a failure; low otherwise (a replay that simply
ends may only have stopped recording, and leaving an untouched-looking form is often a choice).
Strength 0.3 (left) or 0.2 (replay ended), +0.1 per failed submit (at most 0.6). Evidence: the
leaving navigation, failed submits and the first input into each field. `details` lists the
fields with their last values (when not masked), failed submits and where the user went.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...timefmt import format_offset
from ..evutil import Ev, data, offset, request_name, route
from . import domlook
from .core import Context, Detector, Severity, Signal, Thresholds, signal
from .formutil import (
    ev_route,
    failed,
    field_name,
    form_key,
    is_search_field,
    is_submit_button,
    is_submit_like,
    requests_between,
    scope_key,
    sent,
    shown_value,
)


def _leave(ctx: Context, t: int, here: str) -> Ev | None:
    """The first navigation after `t` that leaves the route or reloads the page."""
    for nav in ctx.between(("navigation",), t + 1, ctx.end_ms):
        to = route(data(nav).get("toUrl") or nav.get("url"))
        if to != here or str(data(nav).get("op") or "") == "navigation.navigate":
            return nav
    return None


def _accepted(ctx: Context, click: Ev, hi: int, th: Thresholds) -> bool:
    """A submit click that nothing rejected: no failed request it sent and, when the DOM can be
    read, no error message in its form `settleMs` later (a form that submits without a request,
    such as a chat box, still counts as submitted)."""
    t = offset(click)
    until = min(hi, t + int(th["settleMs"]))
    if any(sent(r) and failed(r) for r in requests_between(ctx, t, until)):
        return False
    doc = ctx.doc_at(until)
    if doc is None:
        return True
    node = domlook.node_by_id(doc, click.get("nodeId"))
    return not domlook.error_messages(doc, domlook.form_of(node))


def _success(ctx: Context, scope: str, here: str, lo: int, hi: int, th: Thresholds) -> int | None:
    """When a fill in [lo, hi] was submitted successfully (None if it never was)."""
    for req in requests_between(ctx, lo, hi):
        if sent(req) and not failed(req):
            return offset(req)
    for click in ctx.between(("click", "tap"), lo, hi):
        if not is_submit_like(click) or scope_key(click) != scope:
            continue
        t = offset(click)
        for nav in ctx.between(("navigation",), t, min(hi, t + int(th["successWindowMs"]))):
            if route(data(nav).get("toUrl") or nav.get("url")) != here:
                return t
        if is_submit_button(click) and _accepted(ctx, click, hi, th):
            return t
    return None


def _fills(ctx: Context, th: Thresholds) -> Iterator[tuple[str, str, list[Ev], Ev | None]]:
    """(scope, route, inputs, leaving navigation) for each fill that was never submitted."""
    groups: dict[tuple[str, str], list[Ev]] = {}
    for ev in ctx.of("input"):
        if not is_search_field(ev) and shown_value(ev) != "":  # a field cleared by the app is no fill
            groups.setdefault((scope_key(ev), ev_route(ev)), []).append(ev)
    for (scope, here), inputs in groups.items():
        fill: list[Ev] = []
        checked = 0  # successes before this offset were already looked for (keeps it linear)
        for k, ev in enumerate(inputs):
            if not fill:
                checked = offset(ev)
            fill.append(ev)
            nxt = offset(inputs[k + 1]) if k + 1 < len(inputs) else None
            leave = _leave(ctx, offset(ev), here)
            end = offset(leave) if leave is not None else ctx.end_ms
            if nxt is not None and nxt <= end:
                if _success(ctx, scope, here, checked, nxt, th) is not None:
                    fill = []  # submitted; later input is a new fill
                checked = nxt
                continue
            if _success(ctx, scope, here, checked, end, th) is None:
                yield scope, here, fill, leave
            fill = []


def _signal(
    ctx: Context, scope: str, here: str, fill: list[Ev], leave: Ev | None, th: Thresholds
) -> Signal | None:
    fields: dict[str, Any] = {}
    firsts: dict[str, Ev] = {}
    for ev in fill:
        fields[field_name(ev)] = shown_value(ev)
        firsts.setdefault(field_name(ev), ev)
    if len(fields) < max(th["minFields"], 1 if form_key(fill[0]) else 2):
        return None  # outside a <form>, one field (a palette, a chat box) is not a form
    end = offset(leave) if leave is not None else ctx.end_ms
    bad = [r for r in requests_between(ctx, offset(fill[0]), end) if sent(r) and failed(r)]
    form = scope.removeprefix("route:")
    what = f"Form {form}" if not scope.startswith("route:") else f"Fields on {form}"
    tried = f", {len(bad)} failed submit{'s' if len(bad) > 1 else ''}" if bad else ", never submitted"
    if leave is not None:
        to = route(data(leave).get("toUrl") or leave.get("url"))
        where = (
            f"left for {to} at {format_offset(end)}"
            if to != here
            else f"page reloaded at {format_offset(end)}"
        )
    else:
        where = "the replay ends"
    title = f"{what} abandoned: {len(fields)} field{'s' if len(fields) > 1 else ''} filled{tried}; {where}"
    severity = Severity.MEDIUM if bad and leave is not None else Severity.LOW
    strength = min(0.6, (0.3 if leave is not None else 0.2) + 0.1 * len(bad))
    evidence = ([leave] if leave is not None else []) + bad[:3] + list(firsts.values())
    details = {
        "form": None if scope.startswith("route:") else scope,
        "route": here,
        "fields": fields,
        "failedSubmits": [f"{request_name(r)} {data(r).get('status') or 'no response'}" for r in bad],
        "leftAtMs": offset(leave) if leave is not None else None,
        "leftFor": route(data(leave).get("toUrl") or leave.get("url")) if leave is not None else None,
    }
    anchor = end if leave is not None else offset(fill[-1])
    return signal("form-abandonment", severity, strength, title, evidence, details=details, at_ms=anchor)


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for scope, here, fill, leave in _fills(ctx, th):
        sig = _signal(ctx, scope, here, fill, leave, th)
        if sig is not None:
            yield sig


DETECTOR = Detector(
    name="form-abandonment",
    summary="input into a form, no successful submit, then the user leaves the route or the replay ends",
    thresholds={"minFields": 1, "successWindowMs": 3000, "settleMs": 1500},
    run=_run,
)
