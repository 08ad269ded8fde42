"""Raw segments in, one stable normalized event stream out.

`normalize(segments, *, replay_id, details, errors)` reads `(position, frames)` segments one at a
time (it never needs more than one raw segment in memory: callers may pass a generator), turns every
frame into at most one compact event dict (`registry.dispatch_segment`), then:

1. adds the related data of `registry.RELATED`: the linked errors (events-meta rows, enriched with
   their event details) as `error` events and the logs on the replay's traces as `log` events;
2. sorts stably by (time, segmentId, frameIndex) - frames inside a segment are not in time order
   (spans are appended at flush time);
3. folds duplicate breadcrumbs into their rrweb events and points click qualifiers at their click
   (`merge.py`);
4. sets `offsetMs` (signed, from the replay start of `start.py`), `timestamp` (ISO, ms, Z) and `url`
   (the page in effect: the latest `navigation` event's `toUrl` or Meta `href`).

Events are plain dicts in `Event` field order (tests validate them with `Event.model_validate`);
malformed frames become `unknown` events or counted skips and never abort the pass.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any
from urllib.parse import urljoin, urlsplit

from .context import Ctx, Rec
from .merge import VARIANTS, merge
from .registry import RELATED, dispatch_segment
from .related import RELATED_SEGMENT, Related, stamp
from .start import bounds
from .version import NORMALIZER_VERSION

__all__ = ["NORMALIZER_VERSION", "NormalizeResult", "Normalizer", "normalize"]

# Kinds whose stamping does more than time and URL: they set the URL, or point at their click.
_URL_OR_CLICK_KINDS = VARIANTS | {"navigation", "page", "input"}
# Page loads: their `from` is the previous document, which the recording does not know.
_PAGE_LOADS = frozenset({"navigation.navigate", "navigation.reload", "navigation.back_forward"})
# The tails of ISO timestamps, formatted once.
_SECONDS = [f"{s:02d}" for s in range(60)]
_MILLIS = [f".{ms:03d}Z" for ms in range(1000)]


@dataclass
class NormalizeResult:
    """The normalized stream of one replay and what the pass saw on the way."""

    events: list[dict[str, Any]]
    start_ms: float
    end_ms: float
    skipped: dict[str, int] = field(default_factory=dict)
    unknown: int = 0
    masked: dict[str, Any] = field(default_factory=dict)
    segment_count: int = 0
    frame_count: int = 0

    def counts(self) -> dict[str, int]:
        """Number of events per kind."""
        out: dict[str, int] = {}
        for ev in self.events:
            out[ev["kind"]] = out.get(ev["kind"], 0) + 1
        return out


def normalize(
    segments: Iterable[tuple[int, list[Any]]],
    *,
    replay_id: str,
    details: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    error_details: dict[str, Any] | None = None,
    logs: list[dict[str, Any]] | None = None,
) -> NormalizeResult:
    """Normalize `(position, frames)` segments (see the module docstring for the contract)."""
    with _gc_paused():
        pass_ = Normalizer(replay_id)
        for seg, frames in segments:
            pass_.add_segment(seg, frames)
            del frames  # release the raw segment before the next one is read
        return pass_.finish(details=details, errors=errors, error_details=error_details, logs=logs)


class Normalizer:
    """One normalization pass fed a segment at a time: what `normalize` does, for a caller that
    has the segments in hand as it reads them (`import` normalizes each segment it stores instead
    of reading the stored files back). The replay id may be given only at `finish` (an import
    derives it from the content); the events are then re-stamped with it.

    The caller pauses the cyclic collector around the pass (`normalize` does).
    """

    def __init__(self, replay_id: str = "") -> None:
        self.ctx = Ctx(replay_id=replay_id)
        self.segment_count = 0
        self._last_seg = -1
        self._in_order = True  # segments arrive by increasing position (the usual case: `finish`)

    def add_segment(self, seg: int, frames: Any) -> None:
        """Dispatch one segment's frames (never changed; the node map keeps their attribute dicts
        and texts)."""
        ctx = self.ctx
        self.segment_count += 1
        if type(seg) is not int or seg <= self._last_seg:
            self._in_order = False
        else:
            self._last_seg = seg
        if not isinstance(frames, list):
            ctx.skip("segment is not a list")
            return
        ctx.frames += len(frames)
        dispatch_segment(ctx, frames, seg)

    def finish(
        self,
        *,
        replay_id: str | None = None,
        details: dict[str, Any] | None = None,
        errors: list[dict[str, Any]] | None = None,
        error_details: dict[str, Any] | None = None,
        logs: list[dict[str, Any]] | None = None,
    ) -> NormalizeResult:
        """Add the related data, sort, merge and stamp (`finish`); the pass cannot be fed after."""
        ctx = self.ctx
        if replay_id is not None and replay_id != ctx.replay_id:
            ctx.replay_id = replay_id
            for rec in ctx.records:  # the key exists: its place in the dict (field order) stays
                rec[3]["replayId"] = replay_id
        in_order = self._in_order and self._last_seg < RELATED_SEGMENT  # related records are added last
        related = Related(errors or [], error_details or {}, logs or [])
        events, start, end = finish(ctx, details, related, in_order)
        return NormalizeResult(
            events=events,
            start_ms=start,
            end_ms=end,
            skipped=dict(ctx.skipped),
            unknown=ctx.unknown,
            masked=ctx.masking.as_dict(),
            segment_count=self.segment_count,
            frame_count=ctx.frames,
        )


def finish(
    ctx: Ctx, details: dict[str, Any] | None, related: Related | None = None, in_order: bool = False
) -> tuple[list[dict[str, Any]], float, float]:
    """Sort, merge and stamp the records of a finished pass; return (events, start_ms, end_ms).

    `in_order`: the records were added by increasing (segmentId, frameIndex), as when segments
    come by increasing position. The stable sort by time alone then gives the (time, segmentId,
    frameIndex) order, and comparing floats is much cheaper than building and comparing key tuples.
    """
    records: list[Rec] = ctx.records
    extra: list[Rec] = []
    for family in RELATED.values():
        extra.extend(family(related or Related(), ctx.replay_id, ctx.skipped))
    records.extend(extra)
    key = itemgetter(0) if in_order else itemgetter(0, 1, 2)
    records.sort(key=key)
    matched = ctx.matched
    matched.sort(key=key)
    merged = merge(matched)
    start, end = bounds(details, ctx.lo, ctx.hi)
    stamp(extra, start)
    dropped = merged.dropped
    click_times = merged.click_times
    url: str | None = None
    out: list[dict[str, Any]] = []
    append = out.append
    # `timestamp` is ISO with ms: the formatted second is reused while events stay in it, and the
    # formatted minute while they stay in that (strftime costs more than the rest of the loop).
    last_sec = last_minute = -1
    prefix = minute_prefix = ""
    last_url: str | None = None
    page_route: str | None = None
    for t, _seg, _idx, ev, _aux in records:
        if dropped and id(ev) in dropped:
            continue
        kind = ev["kind"]
        if kind in _URL_OR_CLICK_KINDS:
            if kind == "input":
                last = ev["data"].get("lastOffsetMs")  # epoch ms until now (see input.py)
                ev["data"]["lastOffsetMs"] = round(last - start) if isinstance(last, int | float) else None
            elif kind == "navigation":
                nav = ev["data"]
                if nav.get("fromUrl") is None and url and nav.get("op") not in _PAGE_LOADS:
                    nav["fromUrl"] = url  # the SDK leaves `previous` out on the first route change
                url = _next_url(url, nav.get("toUrl"))
            elif kind == "page":
                if ev["data"].get("event") == "Meta" and ev["data"].get("href"):
                    url = ev["data"]["href"]
            else:
                click_t = click_times.get(id(ev))
                ev["data"]["clickOffsetMs"] = round(click_t - start) if click_t is not None else None
        if url is not last_url:
            last_url, page_route = url, route_of(url)
        ev["url"] = url
        ev["route"] = page_route
        ev["offsetMs"] = round(t - start)
        sec, milli = divmod(round(t), 1000)
        if sec != last_sec:
            last_sec = sec
            minute, second = divmod(sec, 60)
            if minute != last_minute:
                last_minute = minute
                minute_prefix = datetime.fromtimestamp(minute * 60, tz=UTC).strftime("%Y-%m-%dT%H:%M:")
            prefix = minute_prefix + _SECONDS[second]
        ev["timestamp"] = prefix + _MILLIS[milli]
        append(ev)
    return out, start, end


def route_of(url: str | None) -> str | None:
    """The page route of a URL: its path (query and fragment dropped); null when the URL is."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return parts.path or "/"
    return url.split("?", 1)[0].split("#", 1)[0] or url


def _next_url(current: str | None, to: Any) -> str | None:
    if not isinstance(to, str) or not to:
        return current
    if current and to[0] in "/?#":
        # a breadcrumb's `to` is a path: resolve it against the page it left
        return urljoin(current, to)
    return to


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: the pass allocates millions of small acyclic objects, and collections
    would rescan the growing heap again and again for nothing (refcounting frees what we drop).

    What the pause leaves alive (the events) is long-lived, so it is then moved straight to the
    oldest generation (`freeze` + `unfreeze`): left young, it would be walked whole by the first
    collections after the pause (young then middle generation), a few hundred ms on a long replay.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
