"""DOM mutation bursts: runs of `mutation` events close together in time, summarised as counts.

A burst is a maximal run of mutation events where each starts at most `gap_ms` after the previous
one. Its size is `changes` = adds + removes + texts + attributes over the run (list entries; the
nodes those attached and detached, subtrees included, are `nodesAdded`/`nodesRemoved`). `targets` are the
parent node ids with the most changes, taken from the largest events first (the normalizer already
orders each event's targets largest first). `largest` is the biggest single mutation event of the
run, kept whole as the burst's evidence pointer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from .evutil import Ev, data, offset

DEFAULT_GAP_MS = 1000
MAX_TARGETS = 5
_COUNTS = ("adds", "removes", "texts", "attributes")


class MutationBurst(BaseModel):
    """One burst of DOM mutations."""

    fromOffsetMs: int
    toOffsetMs: int
    events: int = Field(description="mutation events in the burst")
    changes: int = Field(
        description="adds + removes + texts + attributes: list entries (a removed 20,000-row table is "
        "1 entry; nodesRemoved has its nodes)"
    )
    adds: int
    removes: int
    texts: int
    attributes: int
    nodesAdded: int = Field(0, description="nodes attached, subtrees included")
    nodesRemoved: int = Field(0, description="nodes detached, subtrees included")
    targets: list[int] = Field(description="parent node ids with the most changes, largest first")
    largest: dict[str, Any] = Field(description="the largest mutation event of the burst")


def changes(ev: Ev) -> int:
    """Number of DOM changes one mutation event carries."""
    d = data(ev)
    return sum(_int(d.get(k)) for k in _COUNTS)


def mutation_bursts(events: Iterable[Ev], gap_ms: int = DEFAULT_GAP_MS) -> list[MutationBurst]:
    """Group the mutation events of a stream (in time order) into bursts, in time order."""
    runs: list[list[Ev]] = []
    last = None
    for ev in events:
        if ev.get("kind") != "mutation":
            continue
        t = offset(ev)
        if last is None or t - last > gap_ms:
            runs.append([])
        runs[-1].append(ev)
        last = t
    return [_summarise(run) for run in runs]


def _summarise(run: list[Ev]) -> MutationBurst:
    totals = {k: sum(_int(data(ev).get(k)) for ev in run) for k in _COUNTS}
    ranked = sorted(run, key=lambda ev: (-changes(ev), offset(ev)))
    targets: dict[int, None] = {}  # ordered set: a 20,000-node burst must not go quadratic
    for ev in ranked:
        nodes = data(ev).get("targets")
        for node in nodes if isinstance(nodes, list) else ():
            if isinstance(node, int):
                targets[node] = None
        if len(targets) >= MAX_TARGETS:
            break
    nodes = {k: sum(_int(data(ev).get(k)) for ev in run) for k in ("nodesAdded", "nodesRemoved")}
    return MutationBurst(
        **nodes,
        fromOffsetMs=offset(run[0]),
        toOffsetMs=offset(run[-1]),
        events=len(run),
        changes=sum(totals.values()),
        targets=list(targets)[:MAX_TARGETS],
        largest=ranked[0],
        **totals,
    )


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


class RepeatedBurst(MutationBurst):
    """A burst with the bursts that repeat it (`stats`' largest bursts): the first one's fields."""

    repeats: int = Field(
        1,
        description="bursts whose largest mutation event is the same change (same adds, removes, "
        "texts, attributes and the same texts shown/hidden): a page re-rendering the same view. "
        "1 when it happened once; the fields above are the first one's",
    )
    lastOffsetMs: int = Field(description="when the last repeat started (= fromOffsetMs when 1)")
    maxChanges: int = Field(description="the most changes of one repeat (bursts can gather a few more)")
    maxChangesOffsetMs: int = Field(
        description="the largest mutation event of the repeat with `maxChanges` (its burst also "
        "gathered the small mutations less than the burst gap apart)"
    )


def largest_bursts(events: Iterable[Ev], top: int, gap_ms: int = DEFAULT_GAP_MS) -> list[RepeatedBurst]:
    """The `top` largest bursts, a repeated one once (its first time, with `repeats`), largest first.

    Why fold: a page that re-renders the same big view every few minutes makes near-equal bursts
    whose sizes differ only by the small changes that fell into the same second; ranked one by one
    they fill the list with copies and push out the first one (the one `struggles` shows)."""
    groups: dict[tuple[Any, ...], list[MutationBurst]] = {}
    for burst in mutation_bursts(events, gap_ms):
        groups.setdefault(_same_change(burst.largest), []).append(burst)
    rows = []
    for run in groups.values():
        most = max(run, key=lambda b: b.changes)  # the first of the largest
        rows.append(
            RepeatedBurst(
                **run[0].model_dump(),
                repeats=len(run),
                lastOffsetMs=run[-1].fromOffsetMs,
                maxChanges=most.changes,
                maxChangesOffsetMs=offset(most.largest),
            )
        )
    rows.sort(key=lambda r: (-r.maxChanges, r.fromOffsetMs))
    return rows[:top]


def _same_change(ev: Ev) -> tuple[Any, ...]:
    """What makes two mutation events the same change: their counts and the texts they showed and
    hid (node ids differ between re-renders: the recorder numbers new nodes afresh)."""
    d = data(ev)
    texts = tuple(tuple(t) if isinstance(t := d.get(k), list) else () for k in ("addedTexts", "removedTexts"))
    return (*(_int(d.get(k)) for k in _COUNTS), *texts)
