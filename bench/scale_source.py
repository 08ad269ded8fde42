"""The real recording the scale corpus is derived from, and the primitives every shape uses.

`slow-and-idle` renders a 500-row sales table in one mutation (segment 3, frame 8). This module
loads it, clones that render with fresh ids, moves real frames in time (custom frames carry
seconds inside) and writes a derived replay's details (see scale_corpus.py).
"""

from __future__ import annotations

import copy
import hashlib
import json
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


def _mutation(ts: float, adds: list[Event], removes: list[Event]) -> Event:
    return {
        "type": 3,
        "data": {"source": 0, "texts": [], "attributes": [], "removes": removes, "adds": adds},
        "timestamp": round(ts),
    }


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
