"""One event per user action: fold duplicate breadcrumbs into their rrweb events, and point click
qualifiers at their click. Runs on the time-sorted records, before URLs and offsets are set.

- `ui.click` breadcrumb -> the rrweb Click within `CLICK_MATCH_MS` whose node is the breadcrumb's
  node or a descendant of it (the SDK names the closest `button`/`a`, or the shadow host). The click
  gains `data.breadcrumb` (the breadcrumb's pointer), `data.sentrySelector`, and the breadcrumb's
  text/tag/selector where the node map had none. Unmatched breadcrumbs stay `click` events.
- `ui.input` breadcrumb -> the first input event on the same node starting within
  [-`INPUT_BEFORE_MS`, +`INPUT_AFTER_MS`] (the breadcrumb comes just before the first keystroke).
- `navigation` breadcrumb -> the `navigation.*` span event within 2 ms (Sentry's
  DUPLICATE_NAV_THRESHOLD_MS); the span event gains `data.breadcrumb`.
- slow/dead/rage/multi-click -> `data.qualifies` = pointer of the click (rrweb click, or a breadcrumb
  click that stayed) nearest to the qualifier's time within `QUALIFY_MS`, on the same node or a
  descendant of it; `data.clickOffsetMs` is set from that click's time by `normalize.finish`. A
  multi-click also gets `data.clicks`: the pointers of the clicks it counts (`_chain`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from .consts import DEAD_CLICK_MIN_MS, DUPLICATE_NAV_THRESHOLD_MS
from .context import MATCHED_KINDS, Rec, pointer

CLICK_MATCH_MS = 20.0
INPUT_BEFORE_MS = 20.0
INPUT_AFTER_MS = 1000.0
QUALIFY_MS = 50.0
# The SDK counts every click on the candidate's node into its clickCount until it judges the
# candidate, after `slowClickTimeout` (7 s by default): the clicks a multi-click counts lie there.
MULTI_CLICK_WINDOW_MS = float(DEAD_CLICK_MIN_MS)
VARIANTS = frozenset({"dead-click", "rage-click", "slow-click", "multi-click"})
assert VARIANTS | {"click", "input", "navigation"} <= MATCHED_KINDS


@dataclass
class MergeResult:
    dropped: set[int] = field(default_factory=set)
    """`id()` of events folded into another event (left out of the output)."""
    click_times: dict[int, float] = field(default_factory=dict)
    """`id()` of a click qualifier -> epoch ms of the click it qualifies."""


class _Timeline:
    """Records of one sort, with a time list for bisecting."""

    def __init__(self, records: list[Rec]) -> None:
        self.records = records
        self.times = [r[0] for r in records]

    def near(self, t: float, before: float, after: float) -> list[Rec]:
        i = bisect_left(self.times, t - before)
        out = []
        while i < len(self.times) and self.times[i] <= t + after:
            out.append(self.records[i])
            i += 1
        return out


def merge(records: list[Rec]) -> MergeResult:
    """Apply the rules in the module docstring to time-sorted `records`.

    Only records of `context.MATCHED_KINDS` take part: `records` may be the whole stream or just
    those (what `normalize.finish` passes), with the same result. Each event is read once, to sort
    it into the lists below; every later step works on those.
    """
    result = MergeResult()
    crumbs: list[Rec] = []  # ui.click / ui.input / navigation breadcrumbs, to fold
    rrweb_clicks: list[Rec] = []
    all_clicks: list[Rec] = []
    inputs: list[Rec] = []
    spans: list[Rec] = []
    variants: list[Rec] = []
    for rec in records:
        ev = rec[3]
        kind, source = ev["kind"], ev["rawSource"]
        if kind == "click":
            all_clicks.append(rec)
            (crumbs if source == "ui.click" else rrweb_clicks).append(rec)
        elif kind == "input":
            if source == "ui.input":
                crumbs.append(rec)
            elif source == "Input":
                inputs.append(rec)
        elif kind == "navigation":
            (crumbs if source == "navigation" else spans).append(rec)
        elif kind in VARIANTS:
            variants.append(rec)
    click_line, input_line, span_line = _Timeline(rrweb_clicks), _Timeline(inputs), _Timeline(spans)
    used: set[int] = set()
    for rec in crumbs:  # each kind only ever matches its own kind: one loop in stream order will do
        ev = rec[3]
        kind = ev["kind"]
        if kind == "click":
            target = _best(click_line.near(rec[0], CLICK_MATCH_MS, CLICK_MATCH_MS), rec, used)
            if target is not None:
                _enrich_click(target[3], rec)
                result.dropped.add(id(ev))
        elif kind == "input":
            target = _best(input_line.near(rec[0], INPUT_BEFORE_MS, INPUT_AFTER_MS), rec, used, first=True)
            if target is not None:
                _enrich_input(target[3], rec)
                result.dropped.add(id(ev))
        else:
            near = [
                r
                for r in span_line.near(rec[0], DUPLICATE_NAV_THRESHOLD_MS, DUPLICATE_NAV_THRESHOLD_MS)
                if r[3]["data"].get("breadcrumb") is None
            ]
            if near:
                near[0][3]["data"]["breadcrumb"] = pointer(rec[1], rec[2])
                result.dropped.add(id(ev))
    _qualify(variants, [r for r in all_clicks if id(r[3]) not in result.dropped], result)
    return result


def _related(candidate: Rec, node_id: Any) -> bool:
    """The candidate's node is `node_id` or a descendant of it (aux = ancestor ids)."""
    if node_id is None:
        return True
    ev = candidate[3]
    return bool(ev["nodeId"] == node_id or (isinstance(candidate[4], tuple) and node_id in candidate[4]))


def _best(candidates: list[Rec], rec: Rec, used: set[int], first: bool = False) -> Rec | None:
    node_id = rec[3]["nodeId"]
    fits = [c for c in candidates if id(c[3]) not in used and _related(c, node_id)]
    if not fits:
        return None
    best = fits[0] if first else min(fits, key=lambda c: abs(c[0] - rec[0]))
    used.add(id(best[3]))
    return best


def _enrich_click(click: dict[str, Any], crumb: Rec) -> None:
    c_ev = crumb[3]
    data, c_data = click["data"], c_ev["data"]
    data["breadcrumb"] = pointer(crumb[1], crumb[2])
    data["sentrySelector"] = c_data["sentrySelector"]
    if data["tag"] is None:  # the node map did not know the node: the breadcrumb names it
        for key in ("tag", "text", "masked", "attributes"):
            data[key] = c_data[key]
        click["label"] = c_ev["label"]
    if click["selector"] is None:
        click["selector"] = c_ev["selector"]
    if click["nodeId"] is None:
        click["nodeId"] = c_ev["nodeId"]


def _enrich_input(event: dict[str, Any], crumb: Rec) -> None:
    data = event["data"]
    data["breadcrumb"] = pointer(crumb[1], crumb[2])
    if data.get("setByPage"):
        # The SDK writes ui.input for the DOM's input events, which only user input fires.
        data["setByPage"] = False
        event["label"] = crumb[3]["label"]
    data["sentrySelector"] = crumb[3]["data"]["sentrySelector"]
    if event["selector"] is None:
        event["selector"] = crumb[3]["selector"]


def _qualify(variants: list[Rec], clicks: list[Rec], result: MergeResult) -> None:
    """Point each click qualifier in `variants` at its click among the remaining `clicks`."""
    line = _Timeline(clicks)
    for rec in variants:
        ev = rec[3]
        node_id = ev["nodeId"]
        fits = [c for c in line.near(rec[0], QUALIFY_MS, QUALIFY_MS) if _related(c, node_id)]
        if fits:
            best = min(fits, key=lambda c: abs(c[0] - rec[0]))
            ev["data"]["qualifies"] = pointer(best[1], best[2])
            result.click_times[id(ev)] = best[0]
            if ev["kind"] == "multi-click":
                ev["data"]["clicks"] = _chain(line, best, node_id, ev["data"].get("clickCount"))


def _chain(line: _Timeline, first: Rec, node_id: Any, count: Any) -> list[dict[str, int]]:
    """The clicks a multi-click counts: its click, then the next clicks on the same node (or inside
    it) while the SDK's candidate was watched (`MULTI_CLICK_WINDOW_MS`), at most `clickCount`."""
    out = [pointer(first[1], first[2])]
    limit = count if isinstance(count, int) and count > 1 else 1
    for cand in line.near(first[0], 0.0, MULTI_CLICK_WINDOW_MS):
        if len(out) >= limit:
            break
        if cand is not first and cand[0] >= first[0] and _related(cand, node_id):
            out.append(pointer(cand[1], cand[2]))
    return out
