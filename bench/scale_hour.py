"""The hour-long derived replay: the recording's real actions repeated for an hour (scale_corpus.py).

Between re-renders of the 20,000-row table, one real action per segment (a dead click, scrolling,
the slow "Load recommendations" click); the SDK's judging breadcrumbs are derived by sdk_frames.py.
"""

from __future__ import annotations

import bisect
import copy
from collections import Counter
from typing import Any

import sdk_frames
from scale_source import (
    RENDER_SEGMENT,
    Event,
    Ids,
    Segments,
    _details,
    _max_id,
    _mutation,
    _remap_all,
    _render,
    _shift,
    _split_render,
    _stamp_ms,
    clone_render,
    load_source,
)

# Real sequences of the source repeated in the middle of the hour (segment, first frame, end frame).
# Each is one user action with everything the page and the SDK recorded about it, except the
# click detector's breadcrumbs, which are derived (sdk_frames.py).
SLOW = (0, 7, 15)  # click "Load recommendations" (#btn-slow): XHR for 3.5 s, then the list renders
DEAD = (1, 0, 7)  # click "Subscribe to newsletter" (#btn-subscribe): nothing happens
REPORT = (3, 0, 8)  # click "Render sales report" (#btn-report) and the large-batch breadcrumb
SCROLLS = ((3, 9, 20), (4, 6, 15))  # scrolling the page
FILLER = ("dead", "scroll", "slow", "scroll")  # one per segment between renders: dead clicks get 7 s
MUTATION_LIMIT = 10_000  # the SDK's default mutationLimit (sentry-replay-model.md §4.3)
DERIVED = frozenset({"ui.slowClickDetected", "ui.multiClick"})


def _slice(segments: Segments, where: tuple[int, int, int]) -> list[Event]:
    seg, first, end = where
    return [e for e in segments[seg][first:end] if sdk_frames.category(e) not in DERIVED]


class Recommendations:
    """The "Load recommendations" render, repeated: the section's old list replaced by a copy with
    fresh ids (the app sets the section's content again), in one mutation like the real one."""

    def __init__(self, mutation: Event, ids: Ids) -> None:
        self.adds: list[Event] = mutation["data"]["adds"]
        self.parent = self.adds[0]["parentId"]
        self.first = [a["node"]["id"] for a in self.adds if a["parentId"] == self.parent]
        self.tops = list(self.first)  # the list's top nodes on the page now
        self.ids = ids

    def again(self, event: Event) -> Event:
        mapping = {a["node"]["id"]: self.ids.take() for a in self.adds}
        out = copy.deepcopy(event)
        out["data"]["removes"] = [{"parentId": self.parent, "id": i} for i in self.tops]
        out["data"]["adds"] = _remap_all(self.adds, mapping)
        self.tops = [mapping[i] for i in self.first]
        return out


def _episode(frames: list[Event], at_ms: float) -> list[Event]:
    """Real frames moved so that the first starts at `at_ms`."""
    delta = at_ms - min(_stamp_ms(e) for e in frames)
    return [_shift(e, delta) for e in frames]


def _refocus(events: list[Event], focused: int | None) -> set[int]:
    """rrweb's Blur names the element that had the focus: in a derived order that is not always the
    source's, so each Blur is made to name the element focused before it (in place); clicking the
    focused element again records neither (the browser moves no focus). Returns the `id()`s of the
    frames to drop."""
    drop: set[int] = set()
    for i, e in enumerate(events):
        if id(e) in drop or not _is_focus(e, 5, 6):
            continue
        if e["data"]["type"] == 5:
            focused = e["data"]["id"]
            continue
        nxt = next((x for x in events[i + 1 : i + 8] if _is_focus(x, 5)), None)  # the clicked element's
        if focused is None or (nxt is not None and nxt["data"]["id"] == focused):
            drop.add(id(e))
            if nxt is not None and nxt["data"]["id"] == focused:
                drop.add(id(nxt))
            continue
        e["data"]["id"] = focused
    return drop


def _is_focus(e: Event, *types: int) -> bool:
    """A MouseInteraction of the given types (5 Focus, 6 Blur)."""
    d = e.get("data", {})
    return e.get("type") == 3 and d.get("source") == 2 and d.get("type") in types


def _memory(spans: list[Event], index: int, at_ms: float) -> Event:
    """One `memory` span per flush, like the SDK (a real one, at this segment's flush)."""
    span = spans[index % len(spans)]
    return _shift(span, at_ms - float(span["data"]["payload"]["startTimestamp"]) * 1000)


def hour_long(
    *, rows: int = 20_000, minutes: float = 60, segment_ms: float = 3_500, renders: int | None = None
) -> tuple[Segments, dict[str, Any], dict[str, Any]]:
    """The hour-long replay (segments, details, provenance)."""
    source, details = load_source()
    ids = Ids(_max_id(source))
    render = _render(source)
    render_adds = render["data"]["adds"]
    parent = next(a for a in render_adds if a["node"].get("tagName") == "table")["parentId"]
    source_rows = sum(1 for a in render_adds if a["parentId"] == _split_render(render_adds)[3])
    head = [list(seg) for seg in source[:RENDER_SEGMENT]]
    report = _slice(source, REPORT)
    crumb = next(e for e in report if sdk_frames.category(e) == "replay.mutations")
    report = [e for e in report if e is not crumb]
    records = sdk_frames.render_records(crumb["data"]["payload"]["data"]["count"], source_rows, rows)
    slow, dead = _slice(source, SLOW), _slice(source, DEAD)
    recs = Recommendations(next(e for e in slow if e.get("type") == 3 and e["data"].get("source") == 0), ids)
    scrolls = [_slice(source, where) for where in SCROLLS]
    memory = [e for seg in source for e in seg if sdk_frames.payload(e).get("op") == "memory"]
    tail_source = [e for e in source[RENDER_SEGMENT] if _stamp_ms(e) > _stamp_ms(render)]
    start = min(_stamp_ms(e) for e in report) - 2  # the first render is the real click, in place
    render_after = _stamp_ms(render) - start  # from an episode's start to its render
    end = _stamp_ms(source[0][0]) + minutes * 60_000
    middle_segments = max(1, int((end - start) / segment_ms))
    every = renders and max(1, middle_segments // renders)
    if not every:
        every = max(1, middle_segments // max(1, round(minutes * 60_000 / 160_000)))
    timeline: list[Event] = []
    table: int | None = None
    count = slot = 0
    for index in range(middle_segments):
        seg_start = start + index * segment_ms
        if index % every == 0:
            timeline.extend(_episode(report, seg_start + 2))
            at = seg_start + 2 + render_after
            adds, new_table = clone_render(render_adds, rows, ids)
            health = sdk_frames.mutation_crumb(
                crumb, (at - (_stamp_ms(render) - _stamp_ms(crumb))) / 1000, records
            )
            timeline.extend([health] if health else [])
            if table is not None:  # the old table goes first, then the re-render arrives
                timeline.append(_mutation(at - 1, [], [{"parentId": parent, "id": table}]))
            timeline.append(_mutation(at, adds, []))
            table = new_table
            count += 1
            continue
        kind = FILLER[slot % len(FILLER)]
        if kind == "dead" and (index + 1) % every == 0:
            kind = "scroll"  # a render 3.5 s later would make it a slow click
        slot += 1
        if kind == "dead":
            timeline.extend(_episode(dead, seg_start + 2))
        elif kind == "slow":
            timeline.extend(
                recs.again(e) if e.get("type") == 3 and e["data"].get("source") == 0 else e
                for e in _episode(slow, seg_start + 2)
            )
        else:
            timeline.extend(_episode(scrolls[slot % len(scrolls)], seg_start + 2))
    shift = start + middle_segments * segment_ms - _stamp_ms(tail_source[0]) if tail_source else 0
    tail = [[_shift_tail(e, shift) for e in tail_source]]
    tail.extend([_shift_tail(e, shift) for e in seg] for seg in source[RENDER_SEGMENT + 1 :])
    middle = _segments(timeline, start, segment_ms, middle_segments)
    focused = _focused([e for seg in head for e in seg])
    drop = _refocus(sorted((e for seg in [*middle, *tail] for e in seg), key=_stamp_ms), focused)
    middle = [[e for e in seg if id(e) not in drop] for seg in middle]
    tail = [[e for e in seg if id(e) not in drop] for seg in tail]
    page = sdk_frames.page_of(e for seg in source for e in seg)
    everything = [e for seg in [*head, *middle, *tail] for e in seg]
    judged = sdk_frames.click_outcomes(everything, page)  # the head's are its real breadcrumbs
    for outcome in judged:
        if outcome.crumb is not None and _stamp_ms(outcome.click) >= start:
            where = int((outcome.emitted_ms - start) // segment_ms)
            seg = middle[where] if where < len(middle) else tail[0]
            # in the buffer's order: after what was recorded before the detector emitted it
            at = bisect.bisect_right([_stamp_ms(e) for e in seg], outcome.emitted_ms)
            seg.insert(at, outcome.crumb)
    for index, seg in enumerate(middle):
        if seg:
            seg.append(_memory(memory, index, start + (index + 1) * segment_ms - 1))
    segments: Segments = [*head, *[seg for seg in middle if seg], *tail]
    kinds = Counter(o.kind for o in judged)
    provenance = {
        "source": "fixtures/recordings/slow-and-idle",
        "shape": "hour-long",
        "rows": rows,
        "renders": count,
        "segments": len(segments),
        "segmentMs": segment_ms,
        "derivedSdkFrames": {
            "clicksJudged": len(judged),
            **{k: kinds.get(k, 0) for k in ("slow", "dead", "rage", "multi", "none")},
            "mutationBreadcrumbs": sum(
                sdk_frames.category(e) == "replay.mutations" for seg in segments for e in seg
            ),
            "mutationRecordsPerRender": records,
        },
        "sdkOptions": "as the source's"
        + (
            f", with mutationLimit raised above a render's {records} records (the default "
            f"{MUTATION_LIMIT:,} would have stopped the recording at the first render)"
            if records > MUTATION_LIMIT
            else ""
        ),
        "how": "bench/scale_corpus.py hour_long: the real click on 'Render sales report' with the real "
        "500-row render cloned with fresh ids, removed and re-added; between renders real click and "
        "scroll sequences shifted in time; the SDK's click-detector and large-batch breadcrumbs derived "
        "from the derived frames by the SDK's rules (bench/sdk_frames.py); one memory span per segment",
    }
    return (
        segments,
        _details(
            details,
            segments,
            f"hour-long:{rows}:{minutes}:{segment_ms}:{renders}",
            # Sentry's counters by its own rule (a rage click is dead too), from the derived breadcrumbs
            {"count_dead_clicks": kinds["dead"] + kinds["rage"], "count_rage_clicks": kinds["rage"]},
        ),
        provenance,
    )


def _segments(timeline: list[Event], start: float, segment_ms: float, count: int) -> Segments:
    """The middle's frames cut into segments of `segment_ms` (the last one takes any overflow)."""
    out: Segments = [[] for _ in range(count)]
    for e in sorted(timeline, key=_stamp_ms):
        out[min(count - 1, int((_stamp_ms(e) - start) // segment_ms))].append(e)
    return out


def _focused(events: list[Event]) -> int | None:
    focused = None
    for e in sorted(events, key=_stamp_ms):
        if _is_focus(e, 5):
            focused = e["data"]["id"]
    return focused


def _shift_tail(event: Event, delta_ms: float) -> Event:
    """A tail frame moved to the end of the hour, except web vitals: their instant is the page
    load's timeOrigin plus the value (LCP, CLS) or the measured interaction (INP), which the
    derived replay keeps at the source's times."""
    if sdk_frames.payload(event).get("op") == "web-vital":
        return event
    return _shift(event, delta_ms)
