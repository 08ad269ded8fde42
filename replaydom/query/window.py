"""`replaydom window`: an evidence slice around a time or a match (issue 4).

Anchors:
- `at`: the anchor is the last event at or before T (T itself centres the window: the user asked
  for that instant, and the last event may be long before it after an idle stretch); when
  nothing precedes T, the first event is the anchor;
- `contains` / `selector` / `kind`: the `nth` (1-based) event matching every given matcher, in
  time order; the window is centred on it. `contains` is a case-insensitive substring of the
  event's searchable text (masked characters never match); `selector` matches when the query's
  last compound names the event's element (see `selector_matches`).

The window is `[centre - before, centre + after]`, both ends inclusive. Its events are grouped by
the model's categories; DOM mutations are summarised as bursts (counts and largest targets)
instead of being listed one by one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from ..analyze.bursts import MutationBurst, mutation_bursts
from ..analyze.evutil import Ev, offset, unmasked
from ..errors import NotFoundError, UsageError
from ..model import Kind, Truncated
from .search import searchable_fields

DEFAULT_BEFORE_MS = 10_000
DEFAULT_AFTER_MS = 30_000


@dataclass(frozen=True)
class AnchorSpec:
    """How to pick the anchor: `at_ms` alone, or any of the matchers with `nth` (1-based)."""

    at_ms: int | None = None
    contains: str | None = None
    selector: str | None = None
    kind: str | None = None
    nth: int = 1

    def __post_init__(self) -> None:
        matchers = (self.contains, self.selector, self.kind)
        if self.at_ms is None and all(m is None for m in matchers):
            raise UsageError("give an anchor: --at T, or --contains TEXT / --selector S / --kind K")
        if self.at_ms is not None and any(m is not None for m in matchers):
            raise UsageError("--at cannot be combined with --contains, --selector or --kind")
        if self.nth < 1:
            raise UsageError("--nth is 1-based: use 1 for the first match")
        if self.kind is not None and self.kind not in {k.value for k in Kind}:
            raise UsageError(f"unknown kind {self.kind!r}; known: {', '.join(k.value for k in Kind)}")

    def describe(self) -> str:
        if self.at_ms is not None:
            return f"last event at or before {self.at_ms} ms"
        parts = [f"{name}={value!r}" for name, value in self._matchers() if value is not None]
        return f"match #{self.nth} of " + ", ".join(parts)

    def _matchers(self) -> list[tuple[str, str | None]]:
        return [("contains", self.contains), ("selector", self.selector), ("kind", self.kind)]


class WindowResult(BaseModel):
    """`replaydom window --json`."""

    anchor: dict[str, Any] = Field(description="the anchor event")
    anchorRule: str = Field(description="how the anchor was chosen")
    fromOffsetMs: int
    toOffsetMs: int
    total: int = Field(description="events in the window (mutations included)")
    groups: dict[str, list[dict[str, Any]]] = Field(
        description="the window's events (this page) by category; mutations are in mutationBursts"
    )
    mutationBursts: list[MutationBurst]
    truncated: Truncated | None = None
    # This page of the window's events, flat and in time order (mutations included): what
    # --jsonl prints. Private, so it is neither in --json (the grouped view) nor in the schema.
    _page: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    @property
    def page(self) -> list[dict[str, Any]]:
        return self._page

    def set_page(self, events: list[dict[str, Any]]) -> None:
        self._page = events


def find_anchor(events: Sequence[Ev], spec: AnchorSpec) -> Ev:
    """The anchor event of a stream sorted by `offsetMs` (NotFoundError when nothing matches)."""
    if not events:
        raise NotFoundError("the replay has no events")
    if spec.at_ms is not None:
        before = [ev for ev in events if offset(ev) <= spec.at_ms]
        return before[-1] if before else events[0]
    matches = [ev for ev in events if _matches(ev, spec)]
    if len(matches) < spec.nth:
        found = f"only {len(matches)} match" + ("" if len(matches) == 1 else "es")
        raise NotFoundError(f"no {spec.describe()} ({found})")
    return matches[spec.nth - 1]


def window(
    events: Sequence[Ev],
    spec: AnchorSpec,
    before_ms: int = DEFAULT_BEFORE_MS,
    after_ms: int = DEFAULT_AFTER_MS,
    *,
    limit: int | None = None,
    skip: int = 0,
) -> WindowResult:
    """The evidence window of a stream sorted by `offsetMs`.

    `limit`/`skip` page the window's events (mutations included, time order); mutation bursts
    always summarise the whole window. The caller sets `truncated` (it knows the next command).
    """
    anchor = find_anchor(events, spec)
    centre = spec.at_ms if spec.at_ms is not None else offset(anchor)
    lo, hi = centre - before_ms, centre + after_ms
    inside = [ev for ev in events if lo <= offset(ev) <= hi]
    page = inside[skip:] if limit is None else inside[skip : skip + limit]
    groups: dict[str, list[Ev]] = {}
    for ev in page:
        if ev.get("kind") != "mutation":
            groups.setdefault(str(ev.get("category")), []).append(ev)
    result = WindowResult(
        anchor=anchor,
        anchorRule=spec.describe(),
        fromOffsetMs=lo,
        toOffsetMs=hi,
        total=len(inside),
        groups=groups,
        mutationBursts=mutation_bursts(inside),
    )
    result.set_page(list(page))
    return result


def _matches(ev: Ev, spec: AnchorSpec) -> bool:
    if spec.kind is not None and ev.get("kind") != spec.kind:
        return False
    if spec.selector is not None and not selector_matches(spec.selector, ev.get("selector")):
        return False
    if spec.contains is not None:
        needle = spec.contains.casefold()
        return any(needle in unmasked(text).casefold() for _, text in searchable_fields(ev))
    return True


_PARTS = re.compile(r"#[\w-]+|\.[\w-]+|\[[^\]]*\]|^[A-Za-z][\w-]*|^\*")
_COMBINATOR = re.compile(r"\s*>\s*|\s+(?![^\[]*\])")


def selector_matches(query: str, selector: str | None) -> bool:
    """Whether a CSS-ish query names the element of a breadcrumb selector path.

    The query's last compound must match the element's own compound (every `tag`, `#id`,
    `.class` and `[attr]` part present); earlier compounds of the query must match ancestors,
    in order. `>` and descendant spaces are both read as "some ancestor" (the path is partial).
    """
    if not selector:
        return False
    wanted = [c for c in _COMBINATOR.split(query.strip()) if c]
    have = [c for c in _COMBINATOR.split(selector.strip()) if c]
    if not wanted or not have or not _compound_matches(wanted[-1], have[-1]):
        return False
    ancestors = iter(have[:-1])
    return all(any(_compound_matches(w, h) for h in ancestors) for w in wanted[:-1])


def _compound_matches(query: str, compound: str) -> bool:
    wanted = [p for p in _PARTS.findall(query) if p != "*"]
    have = set(_PARTS.findall(compound))
    return all(p in have or (p.startswith("[") and _attr_in(p, compound)) for p in wanted)


def _attr_in(attr: str, compound: str) -> bool:
    # `[type=button]` matches `[type="button"]`; a bare `[disabled]` matches any value.
    name, _, value = attr[1:-1].partition("=")
    if not value:
        return f"[{name}" in compound
    return f'[{name}="{value.strip(chr(34) + chr(39))}"]' in compound
