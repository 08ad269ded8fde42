"""A scale corpus derived from the real `slow-and-idle` recording (never hand-written event shapes).

    .venv/bin/python bench/scale_corpus.py OUT_DIR [--small] [--pathological]

`slow-and-idle` renders a 500-row sales table in one mutation (segment 3, frame 8: `table > tbody >
500 x tr > td > text`, the rows listed last sibling first as the recorder emits them). From it:

- `hour_long(rows=20_000, minutes=60, segment_ms=3_500)`: the recording's own first segments, then
  an hour of the recording's real user actions repeated: every ~160 s the real click on "Render
  sales report" with the table removed and rendered again with `rows` rows (the real rows cloned
  with fresh ids, in the recorder's order), and between renders, one per segment, the real click
  on "Subscribe to newsletter" (nothing happens: a dead click), real scrolling, and the real click
  on "Load recommendations" (its XHR, then the list rendered again with fresh ids); then the
  recording's last segments shifted to the end. About 1,027 segments and 240 MB of JSON by default;
  `small=True` (tests) makes a few minutes with 2,000-row renders.

  The Sentry frames are the SDK's for *these* frames, never copies of the source's verdicts:
  the click detector's `ui.slowClickDetected`/`ui.multiClick` and the `replay.mutations`
  breadcrumbs are derived from the derived rrweb frames by the SDK's rules (sdk_frames.py, which
  reproduces every real recording's breadcrumbs exactly); the XHR span, click breadcrumbs and
  rrweb frames of one action move together; every segment gets its `memory` span at its flush,
  like the SDK; rrweb Blurs name the element focused before; the tail's web vitals keep their
  instants (the page load's timeOrigin + value, or the measured interaction, both unmoved).
  The renders' 60,001 MutationObserver records are over the SDK's default `mutationLimit`
  (10,000, which would stop the recording): the derived replay is what an SDK configured with a
  higher limit records (`limit: false`); `provenance.json` says so and lists the derived counts,
  and `details.json` has Sentry's `count_dead_clicks`/`count_rage_clicks` for them.
- `pathological()`: the recording plus three extreme mutations built from the same rows:
  50,000 nodes in reverse sibling order (every row inserted before the previous one, the recorder's
  order at its worst for a list), a 2,000-level deep subtree (nested copies of the real `td`), and
  5,000 rows whose adds all wait on their table, which is listed last (the resolve queue at scale).
  Its Sentry frames are the recording's own; the three added mutations get no `replay.mutations`
  breadcrumb (shapes for the DOM engine: their MutationObserver record counts are not derivable).

Every output is a recording folder `replaydom import` reads (`segments.json`, `details.json` with
the real details' fields and the derived times), with a `provenance.json` saying how it was made.
Nothing here is committed as data: tests and benches generate what they need into a temporary dir.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sdk_frames

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "recordings" / "slow-and-idle"
RENDER_SEGMENT, RENDER_FRAME = 3, 8  # the 500-row table render
Event = dict[str, Any]
Segments = list[list[Event]]


def load_source() -> tuple[Segments, dict[str, Any]]:
    import gzip

    with gzip.open(SOURCE / "segments.json.gz", "rt") as fh:
        segments: Segments = json.load(fh)
    details = json.loads((SOURCE / "details.json").read_text())
    return segments, details


def _max_id(segments: Segments) -> int:
    top = 0
    stack: list[Any] = [segments]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if value.get("type") in (0, 1, 2, 3, 4, 5) and isinstance(value.get("id"), int):
                top = max(top, value["id"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return top


class Ids:
    """Fresh rrweb ids above every id of the source recording."""

    def __init__(self, start: int) -> None:
        self.next = start + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def _render(segments: Segments) -> Event:
    return segments[RENDER_SEGMENT][RENDER_FRAME]


def _split_render(adds: list[Event]) -> tuple[list[Event], list[Event], int, int]:
    """The render's header adds (table, tbody, h2 and its text), its row adds, the table id and
    the tbody id."""
    table = next(a for a in adds if a["node"].get("tagName") == "table")
    tbody = next(a for a in adds if a["node"].get("tagName") == "tbody")
    row_ids = {a["node"]["id"] for a in adds if a["parentId"] == tbody["node"]["id"]}
    in_rows = set(row_ids)
    for add in adds:  # descendants of rows follow their parents in the recorder's list
        if add["parentId"] in in_rows:
            in_rows.add(add["node"]["id"])
    rows = [a for a in adds if a["node"]["id"] in in_rows]
    header = [a for a in adds if a["node"]["id"] not in in_rows]
    return header, rows, table["node"]["id"], tbody["node"]["id"]


def _copies(adds: list[Event]) -> list[Event]:
    """Deep copies (a JSON round trip: many times faster than `copy.deepcopy` at this size)."""
    copied: list[Event] = orjson.loads(orjson.dumps(adds))
    return copied


def _remap_all(adds: list[Event], mapping: dict[int, int]) -> list[Event]:
    out = _copies(adds)
    for add in out:
        add["node"]["id"] = mapping[add["node"]["id"]]
        add["parentId"] = mapping.get(add["parentId"], add["parentId"])
        if add.get("nextId") is not None:
            add["nextId"] = mapping.get(add["nextId"], add["nextId"])
    return out


def clone_render(render_adds: list[Event], rows: int, ids: Ids) -> tuple[list[Event], int]:
    """The render's adds with fresh ids and `rows` rows (copies of the real rows, in the recorder's
    order: each copy's rows go before the rows already listed). Returns the adds and the table id."""
    header, row_adds, table_id, tbody_id = _split_render(render_adds)
    per_copy = sum(1 for a in row_adds if a["parentId"] == tbody_id)
    mapping = {a["node"]["id"]: ids.take() for a in header}
    out = _remap_all(header, mapping)
    first_sibling: int | None = None  # the row listed last so far (the first child of tbody)
    copies = -(-rows // per_copy)
    for index in range(copies):
        local = dict(mapping)
        local.update({a["node"]["id"]: ids.take() for a in row_adds})
        batch = _remap_all(row_adds, local)
        if index == copies - 1 and rows % per_copy:
            batch = _first_rows(batch, rows % per_copy, local[tbody_id])
        for add in batch:
            if add["parentId"] == local[tbody_id] and add.get("nextId") is None and first_sibling is not None:
                add["nextId"] = first_sibling  # chain this copy's last row before the earlier copies
        out.extend(batch)
        tops = [a["node"]["id"] for a in batch if a["parentId"] == local[tbody_id]]
        first_sibling = tops[-1] if tops else first_sibling
    return out, mapping[table_id]


def _first_rows(batch: list[Event], keep: int, tbody: int) -> list[Event]:
    """The rows of one copy listed last (the first rows on the page) and their descendants."""
    tops = [a["node"]["id"] for a in batch if a["parentId"] == tbody]
    kept = set(tops[-keep:])
    out = []
    for add in batch:
        if add["node"]["id"] in kept or add["parentId"] in kept:
            kept.add(add["node"]["id"])
            out.append(add)
    for add in out:  # the first kept row now ends the list
        if add["parentId"] == tbody and add.get("nextId") not in kept:
            add["nextId"] = None
    return out


def _shift(event: Event, delta_ms: float) -> Event:
    """A copy of a real frame moved by `delta_ms` (custom frames carry seconds inside)."""
    out = copy.deepcopy(event)
    ts = out.get("timestamp")
    if isinstance(ts, int | float):
        out["timestamp"] = ts + (delta_ms / 1000 if ts < 1e11 else delta_ms)
        if isinstance(ts, int):
            out["timestamp"] = round(out["timestamp"]) if ts >= 1e11 else out["timestamp"]
    payload = out.get("data", {}).get("payload") if out.get("type") == 5 else None
    if isinstance(payload, dict):
        for key in ("timestamp", "startTimestamp", "endTimestamp"):
            if isinstance(payload.get(key), int | float):
                payload[key] = payload[key] + delta_ms / 1000
    return out


def _stamp_ms(event: Event) -> float:
    ts = float(event["timestamp"])
    return ts * 1000 if ts < 1e11 else ts


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


def _mutation(ts: float, adds: list[Event], removes: list[Event]) -> Event:
    return {
        "type": 3,
        "data": {"source": 0, "texts": [], "attributes": [], "removes": removes, "adds": adds},
        "timestamp": round(ts),
    }


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
            (middle[where] if where < len(middle) else tail[0]).append(outcome.crumb)
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


def pathological(
    *, reverse_nodes: int = 50_000, depth: int = 2_000, waiting_rows: int = 5_000
) -> tuple[Segments, dict[str, Any], dict[str, Any]]:
    """The recording with three extreme mutations appended after its 500-row render."""
    source, details = load_source()
    ids = Ids(_max_id(source))
    render = _render(source)
    render_adds = render["data"]["adds"]
    _header, row_adds, _table, tbody = _split_render(render_adds)
    per_row = len(row_adds) // sum(1 for a in row_adds if a["parentId"] == tbody)
    segments = [list(seg) for seg in source]
    at = _stamp_ms(render)
    tail = segments[RENDER_SEGMENT]
    # 1. reverse sibling order: every row inserted before the previous one, under the real tbody
    adds, _ = clone_render(render_adds, max(1, reverse_nodes // per_row), ids)
    rows_only = _split_render(adds)[1]
    new_tbody = next(a for a in adds if a["node"].get("tagName") == "tbody")["node"]["id"]
    for add in rows_only:
        if add["parentId"] == new_tbody:
            add["parentId"] = tbody
            if add.get("nextId") is None:
                add["nextId"] = next(a["node"]["id"] for a in reversed(row_adds) if a["parentId"] == tbody)
    tail.append(_mutation(at + 100, rows_only, []))
    # 2. a deep subtree: nested copies of a real cell, each the only child of the one before
    cell = next(a for a in render_adds if a["node"].get("tagName") == "td")
    parent = next(a["node"]["id"] for a in render_adds if a["parentId"] == tbody)
    deep = []
    for _ in range(depth):
        add = copy.deepcopy(cell)
        add["node"]["id"], add["parentId"], add["nextId"] = ids.take(), parent, None
        add["node"]["tagName"] = "div"
        deep.append(add)
        parent = add["node"]["id"]
    text = next(a for a in render_adds if a["parentId"] == cell["node"]["id"])
    leaf = copy.deepcopy(text)
    leaf["node"]["id"], leaf["parentId"], leaf["nextId"] = ids.take(), parent, None
    tail.append(_mutation(at + 200, [*deep, leaf], []))
    # 3. every add waits on its table, which is listed last
    adds, _ = clone_render(render_adds, waiting_rows, ids)
    table = next(a for a in adds if a["node"].get("tagName") == "table")
    tail.append(_mutation(at + 300, [a for a in adds if a is not table] + [table], []))
    tail.sort(key=_stamp_ms)
    provenance = {
        "source": "fixtures/recordings/slow-and-idle",
        "shape": "pathological",
        "reverseNodes": len(rows_only),
        "depth": depth,
        "waitingAdds": len(adds),
        "how": "bench/scale_corpus.py pathological: mutations built from the real render's rows",
    }
    shape = f"pathological:{reverse_nodes}:{depth}:{waiting_rows}"
    return segments, _details(details, segments, shape), provenance


# What Sentry computes from the source recording's content: unknown for a derived one, so left
# out (the import derives what it can from the events and says so).
_CONTENT_COUNTS = ("count_dead_clicks", "count_rage_clicks", "count_errors", "count_warnings", "count_infos")


def _details(
    details: dict[str, Any], segments: Segments, shape: str, counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """The source's details for a derived replay: its own id (importing both must not make one
    replace the other), its own times and segment count, none of the source's content counts, and
    the `counts` Sentry would compute from the derived breadcrumbs when the generator knows them."""
    stamps = [_stamp_ms(e) for seg in segments for e in seg if isinstance(e.get("timestamp"), int | float)]
    out = {k: v for k, v in details.items() if k not in _CONTENT_COUNTS and k != "clicks"}
    out["id"] = hashlib.sha256(f"{details.get('id')}:{shape}".encode()).hexdigest()[:32]
    first, last = min(stamps), max(stamps)
    out["started_at"] = datetime.fromtimestamp(first / 1000, tz=UTC).isoformat()
    out["finished_at"] = datetime.fromtimestamp(last / 1000, tz=UTC).isoformat()
    out["duration"] = round((last - first) / 1000)
    out["count_segments"] = len(segments)
    out.update(counts or {})
    return out


def write(out: Path, segments: Segments, details: dict[str, Any], provenance: dict[str, Any]) -> int:
    """A recording folder `replaydom import` reads; returns the bytes of `segments.json`."""
    out.mkdir(parents=True, exist_ok=True)
    size = 0
    with (out / "segments.json").open("w") as fh:
        for chunk in _dump(segments):
            fh.write(chunk)
            size += len(chunk)
    (out / "details.json").write_text(json.dumps(details))
    (out / "provenance.json").write_text(json.dumps({**provenance, "segmentsBytes": size}, indent=1))
    return size


def _dump(segments: Segments) -> Iterator[str]:
    yield "["
    for i, seg in enumerate(segments):
        yield ("," if i else "") + orjson.dumps(seg).decode()
    yield "]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--small", action="store_true", help="a few minutes, 2,000-row renders")
    parser.add_argument("--pathological", action="store_true")
    args = parser.parse_args(argv)
    if args.pathological:
        made = pathological()
    elif args.small:
        made = hour_long(rows=2_000, minutes=3, segment_ms=3_500, renders=4)
    else:
        made = hour_long()
    size = write(args.out, *made)
    print(f"{args.out}: {len(made[0])} segments, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
