"""How `window` picks its anchor (and `search` its ranked matches): `AnchorSpec`, `find_anchor`.

- `at`: the anchor is the last event at or before T (T itself centres the window: the user asked
  for that instant, and the last event may be long before it after an idle stretch); when
  nothing precedes T, the first event is the anchor;
- `contains` / `selector` / `kinds` / `categories`: the `nth` (1-based) **user action** matching
  every given matcher, ranked by `rank` (what the user saw first: visible text, label, accessible
  name; then URLs and messages; selector substrings last; then time). The events of one action
  (focus, mouse down/up, click, the dead-click finding) count once and are represented by the
  action itself, so `--contains Pay` anchors on the click on the button labelled "Pay", not on the
  focus of an input whose selector contains "pay". Masked characters never match.

`selector_matches` reads a CSS-ish query against a breadcrumb's selector path.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from ..analyze.evutil import Ev, is_typing, offset, unmasked
from ..errors import NotFoundError, UsageError
from ..model import KIND_CATEGORY, Kind
from . import rank

_TRAILING = frozenset({"blur", "pointer"})


@dataclass(frozen=True)
class AnchorSpec:
    """How to pick the anchor: `at_ms`, or any of the matchers with `nth` (1-based).

    `kind` is one kind or a comma-separated list; `category` likewise. Both filter the listed
    events too; with `at_ms` they only filter.
    """

    at_ms: int | None = None
    contains: str | None = None
    selector: str | None = None
    kind: str | None = None
    nth: int = 1
    category: str | None = None
    all_events: bool = False

    def __post_init__(self) -> None:
        matchers = (self.contains, self.selector, self.kind, self.category)
        if self.at_ms is None and all(m is None for m in matchers):
            raise UsageError("give an anchor: --at T, or --contains TEXT / --selector S / --kind K")
        if self.at_ms is not None and (self.contains is not None or self.selector is not None):
            raise UsageError("--at cannot be combined with --contains or --selector")
        if self.nth < 1:
            raise UsageError("--nth is 1-based: use 1 for the first match")
        known = {k.value for k in Kind}
        for name in self.kinds or ():
            if name not in known:
                raise UsageError(f"unknown kind {name!r}; known: {', '.join(sorted(known))}")
        known_cats = {c.value for c in KIND_CATEGORY.values()}
        for name in self.categories or ():
            if name not in known_cats:
                raise UsageError(f"unknown category {name!r}; known: {', '.join(sorted(known_cats))}")
        kinds, cats = self.kinds, self.categories
        if kinds and cats and not any(KIND_CATEGORY[Kind(k)].value in cats for k in kinds):
            raise UsageError(intersect_message(kinds, cats))

    @property
    def kinds(self) -> frozenset[str] | None:
        return _names(self.kind)

    @property
    def categories(self) -> frozenset[str] | None:
        return _names(self.category)

    def listed(self, ev: Ev) -> bool:
        """Whether the --kind/--category filter keeps the event."""
        kinds, cats = self.kinds, self.categories
        return (kinds is None or ev.get("kind") in kinds) and (cats is None or ev.get("category") in cats)

    def describe(self) -> str:
        if self.at_ms is not None:
            return f"last event at or before {self.at_ms} ms"
        parts = [f"{name}={value!r}" for name, value in self._matchers() if value is not None]
        return (
            f"match #{self.nth} of "
            + ", ".join(parts)
            + " (ranked: seen text/label, then URLs/messages, then selectors; then time; "
            "an action's focus, pointer and finding events count once)"
        )

    def _matchers(self) -> list[tuple[str, str | None]]:
        return [
            ("contains", self.contains),
            ("selector", self.selector),
            ("kind", self.kind),
            ("category", self.category),
        ]


def intersect_message(kinds: frozenset[str], categories: frozenset[str]) -> str:
    """Why `--kind` and `--category` select nothing together (each kind's own category)."""
    own = ", ".join(
        f"{k} is {KIND_CATEGORY[Kind(k)].value}" for k in sorted(kinds) if k in Kind.__members__.values()
    )
    return (
        f"--kind {','.join(sorted(kinds))} and --category {','.join(sorted(categories))} select nothing "
        f"together ({own}); drop one of them"
    )


def _names(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    names = frozenset(p.strip() for p in text.split(",") if p.strip())
    return names or None


class MatchGroup(BaseModel):
    """Matches of one kind on one field: `6 network on networkUrl (message tier)`."""

    kind: str = Field(description="the kind of the event standing for the match (its action's face)")
    field: str = Field(description="the field that matched (its best one)")
    tier: str
    count: int
    first: int = Field(description="rank (1-based, the --nth) of the first match in this group")


class AnchorMatch(BaseModel):
    field: str = Field(description="the matched field (text, name, shown, networkUrl, selector...)")
    tier: str = Field(description="name (what the user saw), message (URLs, messages) or selector")
    text: str = Field(description="the matched field's text")
    folded: int = Field(0, description="other events of the anchor's action (focus, pointer, finding)")
    matches: int = Field(
        description="every match, ranked as --nth counts them: user actions (a click with its focus, "
        "pointer and finding events counts once) and lone events (requests, console messages, "
        "errors, DOM changes...) whose fields matched; `matchedBy` breaks them down"
    )
    nth: int = Field(1, description="the anchor's rank among `matches`")
    matchedBy: list[MatchGroup] = Field(
        default_factory=list, description="the matches by kind and field, in rank order of their first"
    )


def find_anchor(events: Sequence[Ev], spec: AnchorSpec) -> Ev:
    """The anchor event of a stream sorted by `offsetMs` (NotFoundError when nothing matches)."""
    return anchor_action(events, spec)[0]


def anchor_action(events: Sequence[Ev], spec: AnchorSpec) -> tuple[Ev, list[Ev], AnchorMatch | None]:
    if not events:
        raise NotFoundError("the replay has no events")
    if spec.at_ms is not None:
        i = bisect_right([offset(ev) for ev in events], spec.at_ms)
        anchor = events[i - 1] if i > 0 else events[0]
        return anchor, [anchor], None
    # a contenteditable's typed text matches as its input event, not as each change
    matched = [
        (ev, tier, (i,))
        for i, ev in enumerate(events)
        if (tier := _tier(ev, spec)) is not None and not is_typing(ev)
    ]
    acts = rank.actions(matched)
    # Leaving an element (blur) or moving over it is not an action of its own, unless asked for.
    asked = spec.kinds or frozenset()
    acts = [
        a for a in acts if any(e.get("kind") not in _TRAILING or e.get("kind") in asked for e in a.events)
    ]
    if len(acts) < spec.nth:
        found = f"only {len(acts)} match" + ("" if len(acts) == 1 else "es")
        raise NotFoundError(f"no {spec.describe()} ({found})")
    act = acts[spec.nth - 1]
    face = act.face
    best = act.best or face
    match = None
    if spec.contains is not None or spec.selector is not None:
        name, text = _field_of(best, spec)
        match = AnchorMatch(
            field=name,
            tier=rank.TIER_NAMES[act.tier] if spec.contains is not None else "selector",
            text=text,
            folded=len(act.events) - 1,
            matches=len(acts),
            nth=spec.nth,
            matchedBy=_groups(acts, spec),
        )
    return face, act.events, match


def _groups(acts: list[rank.Action], spec: AnchorSpec) -> list[MatchGroup]:
    """What matched, by the kind of each match's face and its best field (what the count is)."""
    groups: dict[tuple[str, str, int], MatchGroup] = {}
    for i, act in enumerate(acts, 1):
        best = act.best or act.face
        name = _field_of(best, spec)[0]
        tier = act.tier if spec.contains is not None else rank.SELECTOR
        key = (str(act.face.get("kind")), name, tier)
        group = groups.get(key)
        if group is None:
            groups[key] = MatchGroup(kind=key[0], field=name, tier=rank.TIER_NAMES[tier], count=1, first=i)
        else:
            group.count += 1
    return list(groups.values())


def _tier(ev: Ev, spec: AnchorSpec) -> int | None:
    """The best tier the event matches every matcher in, or None when it does not match."""
    if not spec.listed(ev):
        return None
    tier = rank.NAME
    if spec.selector is not None:
        if not selector_matches(spec.selector, ev.get("selector")):
            return None
        tier = rank.NAME if spec.contains is None else tier
    if spec.contains is not None:
        needle = spec.contains.casefold()
        tiers = [t for _, t, text in rank.fields(ev) if needle in unmasked(text).casefold()]
        if not tiers:
            return None
        tier = min(tiers)
    return tier


def _field_of(ev: Ev, spec: AnchorSpec) -> tuple[str, str]:
    if spec.contains is not None:
        needle = spec.contains.casefold()
        for name, _tier, text in rank.fields(ev):
            if needle in unmasked(text).casefold():
                return name, text
    return "selector", str(ev.get("selector") or "")


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
