"""The DOM at the few instants a struggle detector needs, through `replaydom.dom`'s public API.

Detectors that judge what the user saw (an error message after a submit, an empty results list
after a search) ask `DomProbe.at(offset_ms)` for the rebuilt document at that instant
(`Timeline.state_at`, the Replayer's `pause(T)` semantics: frames strictly before the instant).
None of them reads raw frames. Each call replays from the last Meta before the instant, so the
probe keeps the cost bounded on long replays: states are memoized by instant, and at most
`budget` distinct instants are rebuilt per replay (`DEFAULT_BUDGET`); past that, `at` returns
None and the detectors fall back to what the events alone say (`exhausted` tells the caller).

The source is loaded lazily (`loader`), so a replay on which no detector needs the DOM never
reads its frames. Rebuilt documents are kept for the last few instants only (`KEEP`): on a replay
whose page holds 100,000 nodes, keeping all of them would take gigabytes.

`dom_work(events)` is the DOM work a replay's reconstruction costs, read off its normalized events
(snapshot nodes plus every added, removed, text and attribute change). Above the `dom.maxNodeOps`
threshold `find_struggles` gives the detectors no DOM rebuilt from the frames (a dozen rebuilds of a
page with a 100,000-node table would take minutes). When the replay's DOM store is already built
(a `dom` command built it; `struggles` never does for such a replay), the probe reads checkpointed
states instead, charging each instant what reading it costs (`cost`, see `domcost`) and reading no
instant that would take the total past `dom.maxReadOps` (`refused`); `dom_use_note` says how many
were read and the budget that reads the rest. Without a store the detectors judge from the events
alone and `dom_skipped` says so, with the command that builds the store. Which instants are read
depends on the recording and the store only, so the same command gives the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ...dom.source import DomSource
from ...dom.tree import Node
from .domcost import event_work

DEFAULT_BUDGET = 48
"""Distinct instants rebuilt per replay (attempts and searches are few; this is a safety cap)."""
KEEP = 4
"""Rebuilt documents kept for instants asked again (detectors ask for an instant a few times)."""
DOM_DEFAULTS = {"maxNodeOps": 1_000_000, "maxReadOps": 150_000}
"""`dom.*` thresholds of `struggles`: `maxNodeOps`, the largest `dom_work` for which detectors read
the DOM rebuilt from the frames; `maxReadOps`, over it, the node operations the detectors may spend
reading the DOM store's checkpoints (`domcost`). 150,000 keeps `struggles` under a second on the
hour-long derived replay (measured: ~2.2 us of CPU per charged operation there, decoding the
checkpoints and reading the 100,000-node pages; one instant of that page is ~90,000), and reads
dozens of instants on a long replay of ordinary pages (a few thousand nodes each)."""


def dom_work(events: Iterable[dict[str, Any]]) -> int:
    """Snapshot nodes plus nodes added and removed, text and attribute changes, over the whole
    replay: each DOM event's `domcost.event_work`, the unit its checkpoint reads are charged in."""
    total = 0
    for ev in events:
        kind = ev.get("kind")
        d = ev.get("data")
        if kind in ("mutation", "dom-snapshot") and isinstance(d, dict):
            total += event_work(d, kind == "dom-snapshot")
    return total


def dom_skipped(work: int, limit: float, target: str | None = None) -> str | None:
    """The note `struggles` prints when the detectors judged without the DOM, or None. With
    `target`, the replay has no DOM store yet: the note gives the command that builds one."""
    if work <= limit:
        return None
    note = (
        f"{CHECKS} used the events only: rebuilding this replay's DOM is {work:,} node operations, "
        f"over dom.maxNodeOps={int(limit):,}"
    )
    if target is None:
        return note + " (raise it with --set dom.maxNodeOps=N)"
    return (
        f"{note}, and it has no DOM store yet: `replaydom dom {target} --from 0 --to 0` builds the store "
        "once (any `dom` command does; progress on stderr), after which `struggles` reads the DOM from "
        "its checkpoints, instant by instant, within dom.maxReadOps; or raise dom.maxNodeOps with "
        "--set dom.maxNodeOps=N (the first DOM read then builds the store)"
    )


def dom_use_note(probe: DomProbe, limit: float, target: str) -> str | None:
    """What limited the DOM-reading checks that read the DOM store (`cost`), or None when every
    instant they asked for was read."""
    from ...timefmt import format_offset

    if not probe.refused and not probe.exhausted:
        return None
    read = probe.calls
    skipped = len(probe.refused)
    parts = [
        f"{CHECKS} read the DOM from its store's checkpoints at {read:,} of {read + skipped:,} "
        f"instant{_s(read + skipped)} ({probe.spent:,} node operations)"
    ]
    if probe.refused:
        charge = probe._charge
        rest = sum(charge(t) for t in probe.refused) if charge is not None else 0
        # At most `probe.budget` instants are read per replay: the budget suggested reads up to
        # that many, and says so, rather than paying for instants the cap would refuse anyway.
        room = max(0, probe.budget - read)
        reachable = probe.refused[:room]
        needed = sum(charge(t) for t in reachable) if charge is not None else 0
        whom = (
            "them all"
            if len(reachable) == skipped
            else f"{len(reachable):,} more, the first {probe.budget} in all (the most read per replay)"
        )
        parts.append(
            f"; the other {skipped:,} (from {format_offset(probe.refused[0])}) used the events only: "
            f"reading them is {rest:,} more, over dom.maxReadOps={int(limit):,}; `replaydom struggles "
            f"{target} --set dom.maxReadOps={probe.spent + needed}` reads {whom}"
        )
    if probe.exhausted:
        parts.append(
            f"; at most {probe.budget} instants are read per replay, the later ones used the events only"
        )
    return "".join(parts)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


CHECKS = "the DOM-reading checks (error messages after submits, empty search results, step advances)"


@dataclass
class DomProbe:
    """Memoized, budgeted access to the rebuilt document at replay offsets."""

    loader: Callable[[], DomSource | None]
    budget: int = DEFAULT_BUDGET
    calls: int = 0
    exhausted: bool = False
    # With `cost` (`domcost.checkpointed_cost` of the loaded source), each instant is charged its
    # node operations and instants that would take `spent` past `limit` are not read (`refused`).
    cost: Callable[[DomSource], Callable[[int], int]] | None = None
    limit: float = float("inf")
    spent: int = 0
    refused: list[int] = field(default_factory=list)
    _charge: Callable[[int], int] | None = None
    _source: DomSource | None = None
    _loaded: bool = False
    _memo: dict[int, Node | None] = field(default_factory=dict)

    @classmethod
    def of(cls, source: DomSource | None, budget: int = DEFAULT_BUDGET) -> DomProbe:
        return cls(loader=lambda: source, budget=budget)

    def source(self) -> DomSource | None:
        if not self._loaded:
            self._source = self.loader()
            self._loaded = True
        return self._source

    def at(self, offset_ms: int) -> Node | None:
        """The document shown at `offset_ms` (None: no document then, no frames, or over budget)."""
        key = int(offset_ms)
        if key in self._memo:
            return self._memo[key]
        source = self.source()
        if source is None:
            return None
        if self.calls >= self.budget:
            self.exhausted = True
            return None
        if self.cost is not None:
            if self._charge is None:
                self._charge = self.cost(source)
            price = self._charge(key)
            if self.spent + price > self.limit:
                if key not in self.refused:
                    self.refused.append(key)
                return None
            self.spent += price
        self.calls += 1
        doc = source.timeline.state_at(source.instant(key)).doc
        self._memo[key] = doc
        while len(self._memo) > KEEP:  # oldest first (dicts keep insertion order)
            del self._memo[next(iter(self._memo))]
        return doc
