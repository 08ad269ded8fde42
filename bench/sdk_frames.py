"""The Sentry SDK's own frames for derived rrweb frames: what `replay-internal` would have emitted.

`scale_corpus.py` repeats real user actions and re-renders; the SDK frames that *judge* those
actions (slow, dead, rage and multi clicks; large-mutation-batch breadcrumbs) are not copied from
the source but derived here from the derived rrweb frames around them, by the SDK's rules
(/work/shared/docs/sentry-replay-model.md §4.3 and §5.1; sentry-javascript
`packages/replay-internal/src/coreHandlers/handleClick.ts` and `ReplayContainer._onMutationHandler`):

- a click candidate is a `ui.click` breadcrumb on `<button>` or `<a>` (the node the breadcrumb
  names); a second click on the same node within 1 s is not a new candidate, but every rrweb
  MouseInteraction Click on the node while it waits counts in its `clickCount`;
- "something happened" = a mutation-like rrweb frame (Mutation, MediaInteraction, StyleSheetRule,
  CanvasMutation, StyleDeclaration, Selection, AdoptedStyleSheet) at or after the click;
- after `slowClickTimeout` (7 s): a scroll within 300 ms or a mutation within 3 s means nothing is
  emitted (a `ui.multiClick` if clicked more than once); otherwise `ui.slowClickDetected` with
  `timeAfterClickMs = min(mutationAfter or 7, 7) * 1000`, `endReason` "mutation" below the timeout
  else "timeout", `clickCount = max(1, count)`, the click breadcrumb's message/timestamp/data plus
  `url` and `route`. The breadcrumb carries the click's timestamp but is emitted (flushed) up to a
  second after the timeout: `emitted_ms` says when, so it goes into the segment flushed then;
- a page load (a `navigation.navigate|reload|back_forward` span starting) before that breadcrumb is
  flushed (the timeout plus the 5 s flush debounce) loses the candidate: the page and its detector
  are gone. The real recordings show it (checkout-failure's "Recalculate totals", masked-default's
  diagnostics button: clicks followed by a page load 6.6 s and 8.6 s later have no breadcrumb);
- `replay.mutations {count, limit}` when one MutationObserver batch has more than 750 records.
  `count` is records, not rrweb adds: for a cloned render it scales with the rows like the real
  render's (`render_records`).

`click_outcomes` run over the real `slow-and-idle` recording gives exactly its real breadcrumbs
(tests/test_scale_corpus.py checks it), which is what makes the derived ones trustworthy.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Event = dict[str, Any]

TIMEOUT_S = 7.0  # slowClickTimeout
THRESHOLD_S = 3.0  # min(3 s, timeout)
SCROLL_S = 0.3  # scrollTimeout
SAME_CLICK_S = 1.0  # a click on the same node within 1 s is the same candidate
CHECK_S = 1.0  # candidates are checked every second: emitted at most this long after the timeout
FLUSH_S = 5.0  # flush debounce: a breadcrumb waits up to this long in the page before it is sent
PAGE_LOADS = frozenset({"navigation.navigate", "navigation.reload", "navigation.back_forward"})
MUTATION_SOURCES = frozenset({0, 7, 8, 9, 13, 14, 15})
CANDIDATE_TAGS = frozenset({"button", "a"})
BREADCRUMB_LIMIT = 750  # mutationBreadcrumbLimit


@dataclass(frozen=True)
class Outcome:
    """What the click detector made of one candidate click."""

    click: Event  # its `ui.click` breadcrumb frame
    crumb: Event | None  # the `ui.slowClickDetected` / `ui.multiClick` frame, or None
    emitted_ms: float  # when the detector emitted it (the click's timeout plus the check)

    @property
    def kind(self) -> str:
        """Sentry's counting rule (§5.1): dead, rage, slow, multi or none."""
        if self.crumb is None:
            return "none"
        payload = self.crumb["data"]["payload"]
        d = payload["data"]
        if payload["category"] == "ui.multiClick":
            return "multi"
        dead = d["endReason"] == "timeout" and d["timeAfterClickMs"] >= TIMEOUT_S * 1000
        if not dead:
            return "slow"
        return "rage" if d["clickCount"] >= 5 else "dead"


def payload(event: Event) -> dict[str, Any]:
    if event.get("type") != 5 or not isinstance(event.get("data"), dict):
        return {}
    p = event["data"].get("payload")
    return p if isinstance(p, dict) else {}


def category(event: Event) -> str | None:
    c = payload(event).get("category") if event.get("data", {}).get("tag") == "breadcrumb" else None
    return c if isinstance(c, str) else None


def _is(event: Event, source: int | frozenset[int]) -> bool:
    if event.get("type") != 3:
        return False
    s = event["data"].get("source")
    return s in source if isinstance(source, frozenset) else s == source


def click_outcomes(
    events: Iterable[Event], page: dict[str, Any], *, since_ms: float = float("-inf")
) -> list[Outcome]:
    """The detector's judgement of every candidate click at or after `since_ms`, in time order.

    `events` is every frame the detector could see (any order); `page` holds the `url` and
    `route` the SDK adds (the page the clicks happen on)."""
    frames = sorted((e for e in events if isinstance(e.get("timestamp"), int | float)), key=_ms)
    mutations = [_ms(e) for e in frames if _is(e, MUTATION_SOURCES)]
    scrolls = [_ms(e) for e in frames if _is(e, 3)]
    loads = sorted(
        float(payload(e)["startTimestamp"]) * 1000
        for e in frames
        if e.get("data", {}).get("tag") == "performanceSpan" and payload(e).get("op") in PAGE_LOADS
    )
    rrweb_clicks: dict[int, list[float]] = {}
    for e in frames:
        if _is(e, 2) and e["data"].get("type") == 2:
            rrweb_clicks.setdefault(e["data"].get("id"), []).append(_ms(e))
    out: list[Outcome] = []
    last_candidate: dict[int, float] = {}
    for e in frames:
        if category(e) != "ui.click":
            continue
        p = payload(e)
        node = p.get("data", {}).get("node") or {}
        node_id, click_s = node.get("id"), float(p["timestamp"])
        if str(node.get("tagName", "")).lower() not in CANDIDATE_TAGS or not isinstance(node_id, int):
            continue
        if click_s - last_candidate.get(node_id, float("-inf")) < SAME_CLICK_S:
            continue  # the same candidate, clicked again (counted below)
        last_candidate[node_id] = click_s
        if click_s * 1000 < since_ms:
            continue
        if _count(loads, click_s * 1000 + 0.001, (click_s + TIMEOUT_S + FLUSH_S) * 1000):
            continue  # the page unloaded before the detector's breadcrumb was sent
        count = _count(rrweb_clicks.get(node_id, []), click_s * 1000 - 1, (click_s + TIMEOUT_S) * 1000)
        mutation_after = _after(mutations, click_s)
        scroll_after = _after(scrolls, click_s)
        out.append(
            Outcome(
                e,
                _judge(e, page, count, mutation_after, scroll_after),
                (click_s + TIMEOUT_S + CHECK_S) * 1000,
            )
        )
    return out


def _ms(e: Event) -> float:
    ts = float(e["timestamp"])
    return ts * 1000 if ts < 1e11 else ts


def _count(times: list[float], lo: float, hi: float) -> int:
    return bisect.bisect_right(times, hi) - bisect.bisect_left(times, lo)


def _after(times: list[float], click_s: float) -> float | None:
    """Seconds from the click to the first such frame at or after it, if before the timeout (later
    ones arrive after the candidate was judged and dropped)."""
    i = bisect.bisect_left(times, click_s * 1000)
    if i == len(times):
        return None
    after = times[i] / 1000 - click_s
    return after if after <= TIMEOUT_S else None


def _judge(
    click: Event, page: dict[str, Any], count: int, mutation: float | None, scroll: float | None
) -> Event | None:
    p = payload(click)
    had_scroll = scroll is not None and scroll <= SCROLL_S
    had_mutation = mutation is not None and mutation <= THRESHOLD_S
    data = copy.deepcopy(p.get("data") or {})
    if not had_scroll and not had_mutation:
        after = min(mutation or TIMEOUT_S, TIMEOUT_S) * 1000
        after_ms: float | int = int(after) if after.is_integer() else after  # JSON's 7000, not 7000.0
        extra = {
            "timeAfterClickMs": after_ms,
            "endReason": "mutation" if after_ms < TIMEOUT_S * 1000 else "timeout",
            "clickCount": max(1, count),
        }
        return _crumb(p, "ui.slowClickDetected", {**data, **page, **extra})
    if count > 1:
        return _crumb(p, "ui.multiClick", {**data, **page, "clickCount": count, "metric": True})
    return None


def _crumb(click: dict[str, Any], category_: str, data: dict[str, Any]) -> Event:
    body = {
        "type": "default",
        "message": click.get("message"),
        "timestamp": click["timestamp"],
        "category": category_,
        "data": data,
    }
    return {
        "type": 5,
        "timestamp": round(float(click["timestamp"]) * 1000),
        "data": {"tag": "breadcrumb", "payload": body},
    }


def page_of(events: Iterable[Event]) -> dict[str, Any]:
    """`url` and `route` as the SDK put them on the source's own slow-click breadcrumbs."""
    for e in events:
        if category(e) == "ui.slowClickDetected":
            d = payload(e)["data"]
            return {k: d[k] for k in ("url", "route") if k in d}
    return {}


def render_records(source_count: int, source_rows: int, rows: int) -> int:
    """MutationObserver records of a render of `rows` rows, from the real render's count: the
    real one is `k` records per row plus a few for the table (1501 = 3 x 500 + 1)."""
    per_row = source_count // source_rows
    return per_row * rows + (source_count - per_row * source_rows)


def mutation_crumb(template: Event, at_s: float, count: int) -> Event | None:
    """The real `replay.mutations` breadcrumb with a derived count and time (None at or under the
    750-record limit, where the SDK emits nothing). Its top-level timestamp is seconds, like the
    real one (§4.6)."""
    if count <= BREADCRUMB_LIMIT:
        return None
    out = copy.deepcopy(template)
    body = out["data"]["payload"]
    body["timestamp"] = at_s
    body["data"]["count"] = count
    body["data"]["limit"] = False  # see scale_corpus: the derived SDK's mutationLimit is raised
    out["timestamp"] = at_s
    return out
