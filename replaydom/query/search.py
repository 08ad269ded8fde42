"""`replaydom search`: typo-tolerant, ranked text search over one replay's events (issues 4, 13).

Searched fields and their tiers are `rank.fields`: what the user saw (visible text, accessible
name, texts a DOM change showed or hid) first, then URLs and messages, then selectors. Masked text
is never matched against the query's letters: every mask character (`*`) is blanked before
matching, and fields the normalizer marks masked are skipped. Pointer events are not searched.

Quality (rapidfuzz): both sides are lower-cased with punctuation blanked; a field containing the
query has quality 1.0; otherwise `partial_ratio` (best-aligned substring) when the field is at least
as long as the query, else plain `ratio`, divided by 100. Queries shorter than `MIN_FUZZY_LEN` (4)
characters must match exactly: a typo in two letters is not a typo.

The events of one user action (a click's focus, mouse down/up, click and the dead-click finding
about it) are one hit, shown as its most telling event (`rank.actions`), with `match.folded` the
number of other events folded in. Score = quality - 0.1 x tier - 0.01 x kind preference
(`rank.score`), so a button's label outranks a selector that merely contains the word; hits below
`min_score` are dropped. Ranked by score, then tier, then the matched field's length (the more
specific match first), then time. The DOM changes that carried text typed into a contenteditable
element are not hits of their own: its `input` event is (its `data.frames` point at them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from ..analyze.evutil import Ev, is_typing, offset
from ..model import Event
from . import rank
from .defaults import DEFAULT_MIN_SCORE

MIN_FUZZY_LEN = 4
SNIPPET_CONTEXT = 30


class Match(BaseModel):
    field: str = Field(
        description="text, name (aria-label/title/alt/placeholder), shown/hidden (DOM change "
        "texts), pageUrl, networkUrl, message, title, description, selector"
    )
    snippet: str = Field(description="the matched part of the field with some context")
    score: float = Field(ge=0, le=1, description="quality - 0.1 x tier - 0.01 x kind preference")
    tier: str = Field("name", description="name (what the user saw), message (URLs, messages), selector")
    quality: float = Field(1.0, ge=0, le=1, description="how well the field matched (1 = contains it)")
    folded: int = Field(0, description="other events of the same user action folded into this hit")


class SearchItem(Event):
    """One `search` item: the event (event schema) plus its `match`."""

    match: Match


class Hit(BaseModel):
    """A matched event and how it matched; `item()` is the printed form (`SearchItem`)."""

    event: dict[str, Any]
    match: Match

    def item(self) -> dict[str, Any]:
        return {**self.event, "match": self.match.model_dump()}


def searchable_fields(ev: Ev) -> list[tuple[str, str]]:
    """The (field, text) pairs of an event that search and `window --contains` look at."""
    return [(name, text) for name, _tier, text in rank.fields(ev)]


def search(
    events: Sequence[Ev],
    query: str,
    limit: int | None = None,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    kinds: frozenset[str] | None = None,
    categories: frozenset[str] | None = None,
) -> list[Hit]:
    """Ranked hits for `query` (best first, see the module docstring); at most `limit` when given.

    `kinds`/`categories` restrict the events searched (None: all).
    """
    needle = _fold(query).strip()
    if not needle:
        return []
    matched = []
    for ev in events:
        if is_typing(ev):
            continue
        if kinds is not None and ev.get("kind") not in kinds:
            continue
        if categories is not None and ev.get("category") not in categories:
            continue
        best = _best(ev, needle, min_score)
        if best is not None:
            matched.append((ev, best[0], best[1:]))
    hits = []
    for act in rank.actions(matched):
        assert act.best is not None
        _tier, neg_score, length, name, snippet, quality = act.best_key
        face = act.face
        match = Match(
            field=name,
            snippet=snippet,
            score=-neg_score,
            tier=rank.TIER_NAMES[act.tier],
            quality=quality,
            folded=len(act.events) - 1,
        )
        hits.append(((neg_score, act.tier, length, offset(face)), Hit(event=face, match=match)))
    hits.sort(key=lambda pair: pair[0])
    out = [hit for _, hit in hits]
    return out if limit is None else out[:limit]


def _best(ev: Ev, needle: str, min_score: float) -> tuple[Any, ...] | None:
    """(tier, -score, field length, field, snippet, quality) of the event's best field, or None."""
    best: tuple[Any, ...] | None = None
    for name, tier, text in rank.fields(ev):
        for quality, snippet in _scores(needle, text):
            sc = rank.score(quality, tier, ev)
            key = (tier, -sc, len(text), name, snippet, round(quality, 3))
            if sc >= min_score and (best is None or (key[1], key[0], key[2]) < (best[1], best[0], best[2])):
                best = key
    return best


def _scores(needle: str, text: str) -> Iterator[tuple[float, str]]:
    hay = _fold(text)
    at = hay.find(needle)
    if at >= 0:
        yield 1.0, _snippet(text, at, at + len(needle))
        return
    if len(needle) < MIN_FUZZY_LEN:
        return
    if len(hay) >= len(needle):
        al = fuzz.partial_ratio_alignment(needle, hay)
        if al is not None:
            yield al.score / 100, _snippet(text, al.dest_start, al.dest_end)
    else:
        yield fuzz.ratio(needle, hay) / 100, _snippet(text, 0, len(text))


def _fold(text: str) -> str:
    """Lower-case, with punctuation and mask characters blanked; exactly as long as the input."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    if c == "*" or not c.isalnum():
        return " "
    low = c.lower()
    return low if len(low) == 1 else c


def _snippet(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    body = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
