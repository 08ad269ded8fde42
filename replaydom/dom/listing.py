"""The list views of `replaydom dom`: `--from/--to`, `--diff A..B` and `--history NODE`, one call each.

Each returns a `Listing` for the CLI to page and render: the items, and what the paging needs to say
(a range's page is built alone, with the exact total of the range; a history walk may stop at its
work budget, at `resume`). `--redact` is applied here, so every renderer gets redacted items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError
from .source import DomSource

if TYPE_CHECKING:
    from .diffscope import CssPick


@dataclass
class Listing:
    items: list[dict[str, Any]]
    total: int | None = None
    """Set when `items` is already the page asked for: the number of items in the whole range."""
    resume: int | None = None
    """`--history` stopped at its budget: the offset (ms) its walk reached; items are those before."""
    note: str | None = None
    """Something the reader should know that is not an error (e.g. an empty continuation page)."""
    node: int | None = None
    """`--history SELECTOR`: the node the selector resolved to (continuations name it by id)."""


def range_page(
    source: DomSource,
    events: list[dict[str, Any]],
    lo: int | None,
    hi: int | None,
    kind: str | None,
    *,
    offset: int,
    limit: int,
    redact: bool = False,
    css: str | None = None,
) -> Listing:
    """The page of `--from/--to` items asked for (only it is built) and the range's total. A missing
    end is the first or last DOM frame of the replay."""
    from .inspect import parse_kinds
    from .rangepage import PageWork, dom_events_page

    first, last = source.timeline.first_ms, source.timeline.last_ms
    lo = lo if lo is not None else (source.offset(first) if first is not None else 0)
    hi = hi if hi is not None else (source.offset(last) if last is not None else 0)
    work = PageWork()
    items, total = dom_events_page(
        source, events, lo, hi, parse_kinds(kind), offset=offset, limit=limit, css=css, work=work
    )
    note = None
    if css is not None and work.matched is not None:  # the line `--diff --css` prints too
        note = scope_note(css, *work.matched, ("the start", "the end"))
    return Listing(redacted(items) if redact else items, total=total, note=note)


def scope_note(css: str, first: int, second: int, names: tuple[str, str]) -> str:
    """`--css 'x' matches 1 element(s) at A and 0 at B: changes inside them only`."""
    return (
        f"--css {css!r} matches {first} element(s) at {names[0]} and {second} at {names[1]}: changes "
        "inside them only"
    )


def diff_list(
    source: DomSource,
    a: int,
    b: int,
    *,
    redact: bool = False,
    full: bool = False,
    css: str | None = None,
) -> Listing:
    """`--diff A..B`: the net change and what came and went inside the range. When A is before the
    replay's first snapshot there is no DOM at A, so the whole page at B reads as added: said in a
    note with the A that compares pages. Unless `full`, the walk of the transient part stops at its
    work budget (`Listing.resume`; the net part is complete). `css` keeps the items inside the
    elements that match at A or at B (`diffscope.Scope`)."""
    from ..errors import UsageError
    from ..timefmt import format_offset
    from .diff import dom_diff
    from .diffscope import Scope
    from .walkbudget import DIFF_BUDGET, WalkBudget

    if b < a:
        raise UsageError(f"--diff A..B needs A <= B (got {a}ms..{b}ms)")
    budget = None if full else WalkBudget(DIFF_BUDGET)
    scope = Scope(css, a, b) if css is not None else None

    note = None
    snapshots = source.timeline.snapshot_stamps
    if snapshots and source.instant(a) <= snapshots[0] < source.instant(b):
        first = source.offset(snapshots[0]) + 1  # a snapshot is applied strictly after its stamp
        note = (
            f"no DOM at A ({format_offset(a)}): the first snapshot is at {format_offset(first - 1)}, so "
            f"the whole page at B shows as added; --diff {first}ms..{b}ms compares two pages"
        )
    items = dom_diff(source, a, b, redact=redact, budget=budget, scope=scope)
    if scope is not None:
        scoped = scope_note(scope.selector, scope.matched["a"], scope.matched["b"], ("A", "B"))
        note = f"{note}; {scoped}" if note else scoped
    return Listing(items, resume=budget.resume if budget is not None else None, note=note)


def history_list(
    source: DomSource,
    target: int | str,
    events: list[dict[str, Any]],
    lo: int | None,
    hi: int | None,
    *,
    full: bool = False,
    redact: bool = False,
) -> Listing:
    """`--history NODE`: everything that touched the node; unless `full`, the walk stops at its work
    budget (`Listing.resume`). `NotFoundError` when the node is never touched in the whole replay; a
    range with nothing in it (the end of a walk continued with `--from`) is no error, only a note.
    A `target` that is a CSS selector names the first element it matches (`css_node`)."""
    from .history import HISTORY_BUDGET, Budget, node_history

    pick_note = None
    if isinstance(target, str):
        pick = css_node(source, target, lo, hi)
        node, pick_note = pick.node_id, pick.note("the history")
    else:
        node = target
    budget = None if full else Budget(HISTORY_BUDGET)
    items = node_history(source, node, events, from_offset=lo, to_offset=hi, budget=budget)
    resume = budget.resume if budget is not None else None
    note = None
    if not items and resume is None:
        if lo is None and hi is None:
            raise NotFoundError(f"node {node} is never touched in this replay")
        note = f"nothing touched node {node} in that range"
    note = "; ".join(n for n in (pick_note, note) if n) or None
    listing = Listing(redacted(items) if redact else items, resume=resume, note=note)
    listing.node = node
    return listing


def css_node(source: DomSource, selector: str, lo: int | None, hi: int | None) -> CssPick:
    """The element a selector names for `--history`/`--from --css`: its first match in the DOM at
    the range's start (`lo`, else just after the first snapshot), else at its end (`hi`, else the
    last DOM frame). `NotFoundError` naming both instants when it matches at neither."""
    from .diffscope import first_match

    timeline = source.timeline
    snapshots = timeline.snapshot_stamps
    start = lo if lo is not None else (source.offset(snapshots[0]) + 1 if snapshots else 0)
    last = timeline.last_ms
    end = hi if hi is not None else (source.offset(last) + 1 if last is not None else start)
    instants = [start] if end == start else [start, end]
    return first_match(instants, lambda t: timeline.state_at(source.instant(t)), selector)


def redacted(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items with typed text replaced by its length (`--redact`)."""
    from .serialize import redaction

    out = []
    for item in items:
        data = dict(item.get("data") or {})
        dom = dict(data.get("dom") or {})
        if item.get("kind") == "input":
            for key in ("text",):
                if isinstance(data.get(key), str):
                    data[key] = redaction(data[key])
                if isinstance(dom.get(key), str):
                    dom[key] = redaction(dom[key])
        data["dom"] = dom
        out.append({**item, "data": data})
    return out
