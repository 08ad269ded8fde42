"""The DOM at the few instants a struggle detector needs, through `replaydom.dom`'s public API.

Detectors that judge what the user saw (an error message after a submit, an empty results list
after a search) ask `DomProbe.at(offset_ms)` for the rebuilt document at that instant
(`Timeline.state_at`, the Replayer's `pause(T)` semantics: frames strictly before the instant).
None of them reads raw frames. Each call replays from the last Meta before the instant, so the
probe keeps the cost bounded on long replays: states are memoized by instant, and at most
`budget` distinct instants are rebuilt per replay (`DEFAULT_BUDGET`); past that, `at` returns
None and the detectors fall back to what the events alone say (`exhausted` tells the caller).

The source is loaded lazily (`loader`), so a replay on which no detector needs the DOM never
reads its frames.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...dom.source import DomSource
from ...dom.tree import Node

DEFAULT_BUDGET = 48
"""Distinct instants rebuilt per replay (attempts and searches are few; this is a safety cap)."""


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
        return doc
