"""`replaydom window`: an evidence slice around a time or a match, read as "what happened next".

Anchors:
- `at`: the anchor is the last event at or before T (T itself centres the window: the user asked
  for that instant, and the last event may be long before it after an idle stretch); when
  nothing precedes T, the first event is the anchor;
- `contains` / `selector` / `kinds` / `categories`: the `nth` (1-based) **user action** matching
  every given matcher, ranked by `rank` (what the user saw first: visible text, label, accessible
  name; then URLs and messages; selector substrings last; then time). The events of one action
  (focus, mouse down/up, click, the dead-click finding) count once and are represented by the
  action itself, so `--contains Pay` anchors on the click on the button labelled "Pay", not on the
  focus of an input whose selector contains "pay". Masked characters never match.

`kinds`/`categories` also filter the listed events (with `at` they only filter). The window is
`[centre - before, centre + after]`, both ends inclusive, clamped to the replay (its start, or
its first event if earlier, to its end; `clamped` says what was cut). The answer: `timeline` (see
`timeline.py`: DOM changes with the texts they showed and hid and the live regions they touched,
failed requests with their error fields, console, linked errors; noise folded unless `all_`), the
user's next step after the anchor (`next_step`, searched to the end of the replay: a click, tap,
input or keydown, or a navigation no user action caused: a reload, Back/Forward, a typed URL or
a page load whose click was lost with the page; `nextActionWhy` says which), and, as before, the
events by category (`groups`) with DOM mutations summarised as bursts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from ..analyze.bursts import MutationBurst, mutation_bursts
from ..analyze.evutil import (
    CLICK_VARIANT_KINDS,
    Ev,
    data,
    is_typing,
    is_user_action,
    offset,
    unmasked,
)
from ..errors import NotFoundError, UsageError
from ..model import KIND_CATEGORY, Kind, Truncated
from ..timefmt import format_offset
from . import rank
from .timeline import Entry, build

_TRAILING = frozenset({"blur", "pointer"})
DEFAULT_BEFORE_MS = 10_000
DEFAULT_AFTER_MS = 30_000


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


class WindowResult(BaseModel):
    """`replaydom window --json`."""

    anchor: dict[str, Any] = Field(description="the anchor event")
    anchorRule: str = Field(description="how the anchor was chosen")
    anchorMatch: AnchorMatch | None = Field(None, description="how a --contains/--selector anchor matched")
    fromOffsetMs: int
    toOffsetMs: int
    total: int = Field(description="events in the window (mutations included) after --kind/--category")
    timeline: list[Entry] = Field(
        [], description="this page of the window as entries: events, DOM changes, folded noise"
    )
    replayEndsMs: int | None = Field(
        None, description="the replay's end (offset): a window reaching past it ends there (`clamped`)"
    )
    clamped: str | None = Field(
        None,
        description="why the window is shorter than asked: the part past the replay's end (or before "
        "its start) is cut off; fromOffsetMs/toOffsetMs are what is shown; null when not clamped",
    )
    nextAction: dict[str, Any] | None = Field(
        None,
        description="the user's next step after the anchor's action (searched to the replay's end): "
        "the first click/tap/input/keydown (inputs the page set are skipped), or a navigation no user "
        "action caused (a reload, Back/Forward, a typed URL, or a page load whose click the SDK lost "
        "with the page) if that comes first; `nextActionWhy` says which",
    )
    nextActionWhy: str | None = Field(
        None,
        description="why nextAction is a navigation and not a click (null for a click, tap, input or "
        "keydown, and when there is no next step)",
    )
    groups: dict[str, list[dict[str, Any]]] = Field(
        description="the window's events (this page) by category; mutations are in mutationBursts"
    )
    mutationBursts: list[MutationBurst]
    found: dict[str, int] = Field(
        default_factory=dict,
        description="over the whole window (every page, whatever --kind/--category list): failedRequests "
        "(status >= 400 or no response), consoleErrors, errors, deadClicks (rage clicks included, as "
        "Sentry and `stats` count them), rageClicks, domChanges (the text typed into a "
        "contenteditable excluded: its input event holds it); "
        "zero means none was recorded there",
    )
    foundBeforeNext: dict[str, int] | None = Field(
        None,
        description="`found` over the window up to the next action (exclusive), when that action is "
        "inside the window: what cannot be the reaction to a later click (a dead/rage/slow-click finding "
        "counts at its own click's time, so the next action's finding, stamped a ms before it, is left "
        "out); null when there is none or it is past the window's end (then all of `found` is before it)",
    )
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
    return _anchor(events, spec)[0]


def _anchor(events: Sequence[Ev], spec: AnchorSpec) -> tuple[Ev, list[Ev], AnchorMatch | None]:
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


def _counts(ev: Ev, asked: frozenset[str]) -> bool:
    return ev.get("kind") not in _TRAILING or ev.get("kind") in asked


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


def window(
    events: Sequence[Ev],
    spec: AnchorSpec,
    before_ms: int = DEFAULT_BEFORE_MS,
    after_ms: int = DEFAULT_AFTER_MS,
    *,
    limit: int | None = None,
    skip: int = 0,
    end_ms: int | None = None,
) -> WindowResult:
    """The evidence window of a stream sorted by `offsetMs`.

    `limit`/`skip` page the window's events (mutations included, time order); mutation bursts
    always summarise the whole window. The caller sets `truncated` (it knows the next command).
    `end_ms` is the replay's end as an offset (default: the last event's): the window is clamped
    to the replay, and `clamped` says so.
    """
    anchor, action, match = _anchor(events, spec)
    centre = spec.at_ms if spec.at_ms is not None else offset(anchor)
    lo, hi, clamped = _clamp(centre - before_ms, centre + after_ms, events, end_ms)
    window_events = [ev for ev in events if lo <= offset(ev) <= hi]
    inside = [ev for ev in window_events if spec.listed(ev)]
    page = inside[skip:] if limit is None else inside[skip : skip + limit]
    groups: dict[str, list[Ev]] = {}
    for ev in page:
        if ev.get("kind") != "mutation":
            groups.setdefault(str(ev.get("category")), []).append(ev)
    anchor_ids = {id(ev) for ev in action} if spec.at_ms is None else set()
    # the next action comes after the anchor's own events (a finding reported later is not one)
    own = [offset(ev) for ev in action if ev.get("kind") not in CLICK_VARIANT_KINDS]
    after = max([centre, *own]) if spec.at_ms is None else centre
    nxt, why = next_step(events, after, {id(ev) for ev in action})
    result = WindowResult(
        anchor=anchor,
        anchorRule=spec.describe(),
        anchorMatch=match,
        fromOffsetMs=lo,
        toOffsetMs=hi,
        replayEndsMs=_end(events, end_ms),
        clamped=clamped,
        total=len(inside),
        timeline=build(page, anchor_ids, all_=spec.all_events, keep=spec.kinds or frozenset()),
        nextAction=nxt,
        nextActionWhy=why,
        groups=groups,
        mutationBursts=mutation_bursts(inside),
        found=found(window_events),  # whatever the filters show: a zero means none was recorded
        foundBeforeNext=(
            found(before_next(window_events, nxt)) if nxt is not None and offset(nxt) <= hi else None
        ),
    )
    result.set_page(list(page))
    return result


# A click finding whose `data.qualifies` is unset is tied to a click on the same node this close
# (merge.QUALIFY_MS): the SDK stamps the breadcrumb with its click's time in float seconds, so it
# can land a ms or so before the rrweb click it is about.
MARKER_TOLERANCE_MS = 50


def before_next(events: Sequence[Ev], nxt: Ev) -> list[Ev]:
    """The events that happened before the next action `nxt`: what may be a reaction to the anchor.

    A dead/rage/slow/multi-click finding counts at its own click's time, not its breadcrumb's: the
    SDK stamps it with the click's float-second time, which can round to a ms before the rrweb
    click, so a dead click on the next action would otherwise be blamed on the anchor."""
    cut = offset(nxt)
    return [ev for ev in events if offset(ev) < cut and not _marker_of(ev, nxt, cut)]


def _marker_of(ev: Ev, nxt: Ev, cut: int) -> bool:
    """Whether `ev` is a click finding about a click at or after `cut` (the next action's own)."""
    if ev.get("kind") not in CLICK_VARIANT_KINDS:
        return False
    d = data(ev)
    q = d.get("qualifies")
    if isinstance(q, dict):
        if (q.get("segmentId"), q.get("frameIndex")) == (nxt.get("segmentId"), nxt.get("frameIndex")):
            return True
        click_at = d.get("clickOffsetMs")
        return isinstance(click_at, int) and click_at >= cut
    # no click was matched at import: the next action is its click if on its node and this close
    node = ev.get("nodeId")
    return (
        isinstance(node, int)
        and node == nxt.get("nodeId")
        and nxt.get("kind") in ("click", "tap")
        and cut - offset(ev) <= MARKER_TOLERANCE_MS
    )


def _end(events: Sequence[Ev], end_ms: int | None) -> int:
    last = offset(events[-1]) if events else 0
    return max(last, end_ms) if end_ms is not None else last


def _clamp(lo: int, hi: int, events: Sequence[Ev], end_ms: int | None) -> tuple[int, int, str | None]:
    """The asked window cut to the replay: from its start (0, or its first event if earlier: web
    vitals and linked errors can precede it) to its end."""
    start = min(0, offset(events[0])) if events else 0
    end = max(_end(events, end_ms), start)
    new_lo, new_hi = min(max(lo, start), end), max(min(hi, end), start)
    if (new_lo, new_hi) == (lo, hi):
        return lo, hi, None
    cuts = []
    if new_hi < hi:
        cuts.append(f"the replay ends at {format_offset(end)}")
    if new_lo > lo:
        cuts.append(f"it starts at {format_offset(start)}")
    outside = lo > end or hi < start
    whole = " (the whole window is outside the replay: nothing was recorded there)" if outside else ""
    return new_lo, new_hi, f"asked {format_offset(lo)} .. {format_offset(hi)}; {' and '.join(cuts)}{whole}"


# A navigation within this long after a click, tap or key is that action's (navigation-uturn's
# `meansWindowMs`): a page load's span starts when the navigation starts, right after its click.
CAUSE_MS = 1000
# A route change this soon after another with no user action between is the app redirecting.
REDIRECT_MS = 500
_CAUSES = frozenset({"click", "tap", "keydown"})


def next_step(events: Sequence[Ev], after_ms: int, skip: set[int]) -> tuple[Ev | None, str | None]:
    """The user's next step after `after_ms` (see `WindowResult.nextAction`) and, when it is a
    navigation, why it counts as one."""
    i = bisect_right([offset(ev) for ev in events], after_ms)
    last_cause: int | None = None  # the last click/tap/key seen, the anchor's own included
    last_nav: int | None = None
    for ev in events[:i]:
        if ev.get("kind") in _CAUSES:
            last_cause = offset(ev)
    for ev in events[i:]:
        if id(ev) in skip:
            if ev.get("kind") in _CAUSES:
                last_cause = offset(ev)
            continue
        if is_user_action(ev):
            return ev, None
        if ev.get("kind") != "navigation":
            continue
        t = offset(ev)
        caused = last_cause is not None and t - last_cause <= CAUSE_MS
        redirect = last_nav is not None and t - last_nav <= REDIRECT_MS
        last_nav = t
        if not caused and not redirect:
            return ev, _why(ev)
    return None, None


def _why(nav: Ev) -> str:
    op = str(data(nav).get("op") or nav.get("rawSource") or "")
    to = data(nav).get("toUrl") or nav.get("url")
    lead = f"no click, tap or key within {CAUSE_MS} ms before it"
    if op == "navigation.reload":
        return f"page reloaded ({lead})"
    if op == "navigation.back_forward":
        return f"Back/Forward to {to} ({lead})"
    if op == "navigation.navigate":
        return (
            f"page load of {to} ({lead}: a typed URL or bookmark, or a link or button whose click "
            "the SDK lost when the page unloaded)"
        )
    return f"route change to {to} ({lead}: the Back button, history.back() or the app's code)"


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


def found(events: Sequence[Ev]) -> dict[str, int]:
    """What the "around this action" question asks for, counted, so that none reads as none.

    DOM changes that carried text typed into a contenteditable (`is_typing`) are the user's
    typing, which its input event holds, not the page reacting: they are not counted."""
    from ..analyze.struggles.failed_request import failure

    out = dict.fromkeys(
        ("failedRequests", "consoleErrors", "errors", "deadClicks", "rageClicks", "domChanges"), 0
    )
    for ev in events:
        kind = ev.get("kind")
        if kind == "network" and failure(ev) is not None:
            out["failedRequests"] += 1
        elif kind == "console" and str(data(ev).get("level") or "").lower() in ("error", "assert"):
            out["consoleErrors"] += 1
        elif kind in ("error", "hydration-error"):
            out["errors"] += 1
        elif kind == "dead-click":
            out["deadClicks"] += 1
        elif kind == "rage-click":  # a rage click is a dead click too, as Sentry counts them
            out["deadClicks"] += 1
            out["rageClicks"] += 1
        elif kind == "mutation" and not is_typing(ev):
            out["domChanges"] += 1
    return out
