"""A scale corpus derived from the real `slow-and-idle` recording (never hand-written event shapes).

    .venv/bin/python bench/scale_corpus.py OUT_DIR [--small] [--pathological]

`slow-and-idle` renders a 500-row sales table in one mutation (segment 3, frame 8: `table > tbody >
500 x tr > td > text`, the rows listed last sibling first as the recorder emits them). From it:

- `hour_long(rows=20_000, minutes=60, segment_ms=3_500)`: the recording's own first segments, then
  a cycle repeated for an hour: the table removed and rendered again with `rows` rows (the real rows
  cloned with fresh ids, in the recorder's order), and between renders "filler" segments made of
  the recording's real mouse, click, scroll and breadcrumb frames shifted in time; then the
  recording's last segments shifted to the end. About 1,029 segments and 200+ MB of JSON by default;
  `small=True` (tests) makes a few minutes with 2,000-row renders.
- `pathological()`: the recording plus three extreme mutations built from the same rows:
  50,000 nodes in reverse sibling order (every row inserted before the previous one, the recorder's
  order at its worst for a list), a 2,000-level deep subtree (nested copies of the real `td`), and
  5,000 rows whose adds all wait on their table, which is listed last (the resolve queue at scale).

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
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

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


def _filler_pool(segments: Segments) -> list[Event]:
    """Real interaction frames that only point at nodes alive all along (the toolbar and page)."""
    pool = []
    for seg in segments[1 : RENDER_SEGMENT + 2]:
        for event in seg:
            kind = event.get("type")
            source = event.get("data", {}).get("source") if kind == 3 else None
            crumb = kind == 5 and event["data"].get("tag") == "breadcrumb"
            if (kind == 3 and source in (1, 2, 3)) or crumb:
                pool.append(event)
    return pool


def _filler_segment(pool: list[Event], start_ms: float, span_ms: float, index: int) -> list[Event]:
    picks = [pool[(index * 7 + k) % len(pool)] for k in range(6)]
    origin = min(_stamp_ms(e) for e in picks)
    out = []
    for k, event in enumerate(sorted(picks, key=_stamp_ms)):
        target = start_ms + span_ms * (k + 1) / 8
        out.append(_shift(event, target - origin - (_stamp_ms(event) - origin)))
    return out


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
    head = [list(seg) for seg in source[:RENDER_SEGMENT]]
    first_render = [e for e in source[RENDER_SEGMENT] if _stamp_ms(e) < _stamp_ms(render)]
    tail_source = [e for e in source[RENDER_SEGMENT] if _stamp_ms(e) > _stamp_ms(render)]
    pool = _filler_pool(source)
    start = _stamp_ms(render)
    end = _stamp_ms(source[0][0]) + minutes * 60_000
    middle_segments = max(1, int((end - start) / segment_ms))
    every = renders and max(1, middle_segments // renders)
    if not every:
        every = max(1, middle_segments // max(1, round(minutes * 60_000 / 160_000)))
    segments: Segments = head
    table: int | None = None
    count = 0
    for index in range(middle_segments):
        seg_start = start + index * segment_ms
        seg: list[Event] = first_render if index == 0 else []
        if index % every == 0:
            adds, new_table = clone_render(render_adds, rows, ids)
            removes = [{"parentId": parent, "id": table}] if table is not None else []
            if table is not None:  # the old table goes first, then the re-render arrives
                seg.append(_mutation(seg_start + 1, [], removes))
            seg.append(_mutation(seg_start + 2, adds, []))
            table = new_table
            count += 1
        seg.extend(_filler_segment(pool, seg_start + 2, segment_ms - 4, index))
        segments.append(seg)
    shift = start + middle_segments * segment_ms - _stamp_ms(tail_source[0]) if tail_source else 0
    segments.append([_shift(e, shift) for e in tail_source])
    segments.extend([_shift(e, shift) for e in seg] for seg in source[RENDER_SEGMENT + 1 :])
    provenance = {
        "source": "fixtures/recordings/slow-and-idle",
        "shape": "hour-long",
        "rows": rows,
        "renders": count,
        "segments": len(segments),
        "segmentMs": segment_ms,
        "how": "bench/scale_corpus.py hour_long: the real 500-row render cloned with fresh ids, "
        "removed and re-added; filler segments are real interaction frames shifted in time",
    }
    return (
        segments,
        _details(details, segments, f"hour-long:{rows}:{minutes}:{segment_ms}:{renders}"),
        provenance,
    )


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


def _details(details: dict[str, Any], segments: Segments, shape: str) -> dict[str, Any]:
    """The source's details for a derived replay: its own id (importing both must not make one
    replace the other), its own times and segment count, and none of the source's content counts."""
    stamps = [_stamp_ms(e) for seg in segments for e in seg if isinstance(e.get("timestamp"), int | float)]
    out = {k: v for k, v in details.items() if k not in _CONTENT_COUNTS and k != "clicks"}
    out["id"] = hashlib.sha256(f"{details.get('id')}:{shape}".encode()).hexdigest()[:32]
    first, last = min(stamps), max(stamps)
    out["started_at"] = datetime.fromtimestamp(first / 1000, tz=UTC).isoformat()
    out["finished_at"] = datetime.fromtimestamp(last / 1000, tz=UTC).isoformat()
    out["duration"] = round((last - first) / 1000)
    out["count_segments"] = len(segments)
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
