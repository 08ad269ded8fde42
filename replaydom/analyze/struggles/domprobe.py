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
threshold `find_struggles` gives the detectors no DOM (they judge from the events alone) and says so
(`dom_skipped`): a dozen rebuilds of a page with a 100,000-node table would take minutes. The rule
depends on the recording only, so the findings stay deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ...dom.source import DomSource
from ...dom.tree import Node

DEFAULT_BUDGET = 48
"""Distinct instants rebuilt per replay (attempts and searches are few; this is a safety cap)."""
KEEP = 4
"""Rebuilt documents kept for instants asked again (detectors ask for an instant a few times)."""
DOM_DEFAULTS = {"maxNodeOps": 1_000_000}
"""`dom.*` thresholds of `struggles`: the largest `dom_work` for which detectors read the DOM."""


def dom_work(events: Iterable[dict[str, Any]]) -> int:
    """Snapshot nodes plus added, removed, text and attribute changes, over the whole replay."""
    total = 0
    for ev in events:
        kind = ev.get("kind")
        if kind not in ("mutation", "dom-snapshot"):
            continue
        d = ev.get("data")
        if isinstance(d, dict):
            for key in ("nodes", "adds", "removes", "texts", "attributes"):
                value = d.get(key)
                if type(value) is int and value > 0:
                    total += value
    return total


def dom_skipped(work: int, limit: float) -> str | None:
    """The note `struggles` prints when the detectors judged without the DOM, or None."""
    if work <= limit:
        return None
    return (
        f"the DOM-reading checks (error messages after submits, empty search results, step advances) "
        f"used the events only: rebuilding this replay's DOM is {work:,} node operations, over "
        f"dom.maxNodeOps={int(limit):,} (raise it with --set dom.maxNodeOps=N)"
    )


@dataclass
class DomProbe:
    """Memoized, budgeted access to the rebuilt document at replay offsets."""

    loader: Callable[[], DomSource | None]
    budget: int = DEFAULT_BUDGET
    calls: int = 0
    exhausted: bool = False
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
        self.calls += 1
        doc = source.timeline.state_at(source.instant(key)).doc
        self._memo[key] = doc
        while len(self._memo) > KEEP:  # oldest first (dicts keep insertion order)
            del self._memo[next(iter(self._memo))]
        return doc
