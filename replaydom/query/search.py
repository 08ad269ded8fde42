"""`replaydom search`: typo-tolerant, ranked text search over one replay's events (issue 4).

Searched fields (`searchable_fields`): selectors, visible element text, page URLs (navigation
events), network URLs, breadcrumb messages, console messages, error titles and messages, span
descriptions. Masked text is never matched against the query's letters: every mask character
(`*`) is blanked before matching, and fields the normalizer marks masked are skipped.

Selectors are matched on their last compound (the element itself, e.g. `button#pay.primary`), not
on the ancestor path, and pointer events (mouse moves, downs and ups) are not searched: the click,
focus and input events of the same element are the hits worth having.

Scoring (rapidfuzz): both sides are lower-cased with punctuation blanked; a field containing the
query scores 1.0; otherwise `partial_ratio` (best-aligned substring) when the field is at least
as long as the query, else plain `ratio`, divided by 100. Queries shorter than
`MIN_FUZZY_LEN` (4) characters must match exactly: a typo in two letters is not a typo. Each event
is one hit, on its best field; hits are ranked by score, then by field (text, title, message,
network URL, page URL, description, selector), then by field length (the more specific match
first), then by time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from ..analyze.evutil import Ev, data, last_compound, offset
from ..model import Event
from .defaults import DEFAULT_MIN_SCORE

MIN_FUZZY_LEN = 4
_UNSEARCHED_KINDS = frozenset({"pointer"})
_FIELD_RANK = {
    "text": 0,
    "title": 1,
    "message": 2,
    "networkUrl": 3,
    "pageUrl": 4,
    "description": 5,
    "selector": 6,
}
SNIPPET_CONTEXT = 30


class Match(BaseModel):
    field: str = Field(description="selector, text, pageUrl, networkUrl, message, title, description")
    snippet: str = Field(description="the matched part of the field with some context")
    score: float = Field(ge=0, le=1)


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
    kind, d = ev.get("kind"), data(ev)
    if kind in _UNSEARCHED_KINDS:
        return []
    pairs: list[tuple[str, Any]] = [("selector", last_compound(ev.get("selector")))]
    if not d.get("masked"):
        pairs.append(("text", d.get("text")))
    if kind in ("navigation", "page"):
        pairs += [("pageUrl", d.get("toUrl")), ("pageUrl", ev.get("url"))]
    if kind == "network":
        pairs.append(("networkUrl", d.get("url")))
    if kind in ("console", "log"):
        pairs.append(("message", d.get("message")))
    if kind in ("error", "hydration-error"):
        pairs += [("title", d.get("title")), ("message", d.get("message")), ("message", ev.get("label"))]
        pairs += [("message", d.get("exceptionValue")), ("message", d.get("culprit"))]
    if kind in ("breadcrumb", "replay-health", "mobile"):
        pairs += [("message", d.get("message")), ("message", ev.get("label"))]
    if kind in ("span", "web-vital", "memory"):
        pairs += [("description", d.get("description")), ("description", ev.get("label"))]
    seen: set[str] = set()
    out = []
    for name, text in pairs:
        if isinstance(text, str) and text.strip() and text not in seen:
            seen.add(text)
            out.append((name, text))
    return out


def search(
    events: Sequence[Ev], query: str, limit: int | None = None, *, min_score: float = DEFAULT_MIN_SCORE
) -> list[Hit]:
    """Ranked hits for `query` (best first, see the module docstring); at most `limit` when given."""
    needle = _fold(query).strip()
    if not needle:
        return []
    ranked = [best for ev in events if (best := _best(ev, needle, min_score)) is not None]
    ranked.sort(key=lambda pair: pair[0])
    hits = [hit for _, hit in ranked]
    return hits if limit is None else hits[:limit]


def _best(ev: Ev, needle: str, min_score: float) -> tuple[tuple[float, int, int, int], Hit] | None:
    best: tuple[tuple[float, int, int, int], str, str, float] | None = None
    for name, text in searchable_fields(ev):
        for score, snippet in _scores(needle, text):
            key = (-round(score, 3), _FIELD_RANK.get(name, 9), len(text), offset(ev))
            if score >= min_score and (best is None or key < best[0]):
                best = (key, name, snippet, score)
    if best is None:
        return None
    return best[0], Hit(event=ev, match=Match(field=best[1], snippet=best[2], score=round(best[3], 3)))


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
