"""`dead-end-search`: a search that came back empty ("No results", zero items).

Rule: text typed into a search field (`type=search`, `role=searchbox`, or an id/name/class like
search, q, query, find, filter) and submitted: Enter in the field, a submit-like click in its form,
or a request whose URL carries the query (debounced live search), within `submitWindowMs` (3000)
of the last keystroke; a `type=search` field with none of these is judged as a live filter at its
last keystroke. `settleMs` (1500) after the submission (or just before the next query, if
sooner) the DOM shows an empty state: a visible text such as "No results", "No articles match
...", "0 items", "Nothing found" that was not shown before the query (or the query fetched again),
or a results region (by id/class/label/list role) that showed items before and none after. When
the DOM cannot be read, a captured JSON response whose lists are all empty (or whose
total/count is 0) counts. Consecutive dead-end queries on one field within `windowMs` (60000) are
one signal; a later query with results is reported as where the user got through.

The DOM is read once per submitted query (after it settled), and before typing only when the
verdict depends on it; a cleared field is no query. Severity medium.
Strength 0.5, +0.1 per further dead-end query (at most 0.8). Evidence: each query's input, its
submission (key, click or request) and the DOM change that showed the empty state. `details`
lists the queries (text when not masked) with the empty state shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

from ...timefmt import format_offset
from ..evutil import Ev, data, end_offset, node_key, offset, pointer_key
from . import domlook
from .core import Context, Detector, Severity, Signal, Thresholds, signal
from .formutil import (
    field_name,
    input_type,
    is_enter,
    is_search_field,
    is_submit_like,
    requests_between,
    scope_key,
    shown_value,
)


def _submission(ctx: Context, ev: Ev, until: int, th: Thresholds) -> Ev | None:
    """The key, click or request that submitted this query (None when it was never submitted)."""
    t, key, scope = offset(ev), node_key(ev), scope_key(ev)
    done = end_offset(ev) or t
    hi = min(until, done + int(th["submitWindowMs"]))
    text = shown_value(ev)
    for cand in ctx.between(("keydown", "click", "tap"), t, hi):
        if (is_enter(cand) and node_key(cand) == key) or (is_submit_like(cand) and scope_key(cand) == scope):
            return cand
    if isinstance(text, str) and text.strip():
        forms = {text.lower(), quote(text).lower(), quote_plus(text).lower()}
        for req in requests_between(ctx, t, hi):
            url = str(data(req).get("url") or req.get("url") or "").lower()
            if any(f in url for f in forms) or text.lower() in unquote_plus(url):
                return req
    return None


def _empty_body(req: Ev | None) -> bool:
    response = data(req).get("response") if req is not None else None
    body = response.get("body") if isinstance(response, dict) else None
    if not isinstance(body, dict):
        return isinstance(body, list) and not body
    lists = [v for v in body.values() if isinstance(v, list)]
    counts = [
        body.get(k)
        for k in ("total", "count", "totalCount", "hits", "nbHits")
        if isinstance(body.get(k), int)
    ]
    return (bool(lists) and not any(lists)) or (bool(counts) and not any(counts))


def _judge(ctx: Context, ev: Ev, sub: Ev, until: int) -> dict[str, Any] | None:
    """What the results showed after this query, or None when they were not empty. The DOM before
    the query is read only when the verdict depends on it (usually one read per query)."""
    after = ctx.doc_at(until)
    if after is None:
        if sub.get("kind") == "network" and _empty_body(sub):
            return {"emptyState": "empty response", "domChecked": False}
        return None
    text = domlook.empty_state_text(after)
    if text and sub.get("kind") == "network":  # fetched again and still empty
        return {"emptyState": text, "domChecked": True}
    regions = domlook.results_regions(after)
    # A list emptied by this query had children removed since: its id is a mutation target then.
    changed = {n for m in ctx.between(("mutation",), offset(ev), until) for n in data(m).get("targets") or []}
    if not text and not any(count == 0 and key in changed for key, count in regions.items()):
        return None  # nothing says empty and no results list was emptied: no need to look before
    before = ctx.doc_at(offset(ev))
    if text and (before is None or domlook.empty_state_text(before) != text):
        return {"emptyState": text, "domChecked": True}
    if before is not None:
        emptied = domlook.emptied_regions(domlook.results_regions(before), regions)
        if emptied:
            return {"emptyState": "results list emptied", "emptiedNodeIds": emptied, "domChecked": True}
    return None


def _queries(ctx: Context, th: Thresholds) -> Iterator[tuple[Ev, Ev, int, dict[str, Any] | None]]:
    """Each submitted query: its input, submission, judging instant and verdict (None = results)."""
    fields: dict[str, list[Ev]] = {}
    for ev in ctx.of("input"):
        if is_search_field(ev):
            fields.setdefault(node_key(ev), []).append(ev)
    for inputs in fields.values():
        for k, ev in enumerate(inputs):
            value = shown_value(ev)
            if isinstance(value, str) and not value.strip():
                continue  # a cleared field is no search
            nxt = offset(inputs[k + 1]) - 1 if k + 1 < len(inputs) else ctx.end_ms
            sub = _submission(ctx, ev, nxt, th)
            if sub is None and input_type(ev) == "search":
                sub = ev  # a live filter: judged at its last keystroke
            if sub is None:
                continue
            start = (end_offset(ev) or offset(ev)) if sub is ev else offset(sub)
            until = min(start + int(th["settleMs"]), nxt)
            yield ev, sub, until, _judge(ctx, ev, sub, until)


def _signal(run: list[tuple[Ev, Ev, int, dict[str, Any]]], got_through: Ev | None) -> Signal:
    first = run[0][0]
    queries, evidence = [], []
    for ev, sub, _until, verdict in run:
        value = shown_value(ev)
        queries.append({"offsetMs": offset(ev), "query": value, "submittedBy": sub.get("kind"), **verdict})
        evidence += [ev] + ([sub] if sub is not ev else [])
    empty = run[-1][3]["emptyState"]
    # The queries stay out of the title (typed text is redactable only in `details`).
    count = f"{len(run)} quer{'ies' if len(run) > 1 else 'y'}"
    title = f'Dead-end search in {field_name(first)}: {count} -> "{empty}"'
    if got_through is not None:
        title += f"; results at {format_offset(offset(got_through))}"
    details = {
        "field": field_name(first),
        "queries": queries,
        "gotResultsAtMs": offset(got_through) if got_through is not None else None,
    }
    strength = min(0.8, 0.5 + 0.1 * (len(run) - 1))
    unique = list({pointer_key(e): e for e in evidence}.values())
    return signal("dead-end-search", Severity.MEDIUM, strength, title, unique, details=details)


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    run: list[tuple[Ev, Ev, int, dict[str, Any]]] = []
    for ev, sub, until, verdict in _queries(ctx, th):
        same = run and node_key(run[-1][0]) == node_key(ev) and offset(ev) - run[-1][2] <= th["windowMs"]
        if verdict is not None:
            if run and not same:
                yield _signal(run, None)
                run = []
            run.append((ev, sub, until, verdict))
        elif run:
            yield _signal(run, ev if same else None)
            run = []
    if run:
        yield _signal(run, None)


DETECTOR = Detector(
    name="dead-end-search",
    summary="a submitted search whose results then show an empty state (no results, zero items)",
    thresholds={"submitWindowMs": 3000, "settleMs": 1500, "windowMs": 60000},
    run=_run,
)
