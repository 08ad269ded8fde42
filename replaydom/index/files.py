"""The index's line files: writing them in one pass, reading lines of some kinds without parsing.

- `events.jsonl`: every event serialized once (orjson, `Event` field order), one per line, in stream
  order.
- `kinds.bin`: for each kind, a run of little-endian uint64 pairs `(start, length)` locating that
  kind's lines in `events.jsonl`, in stream order; `meta.json` maps each kind to
  `[first pair, count]`. A query by kind slices those lines out of the file (memory-mapped) without
  parsing JSON, and several kinds merge back into stream order by their start offsets.
- the derived views (`derived.py`) are assembled from the same serialized lines rather than
  serialized a second time.
"""

from __future__ import annotations

import mmap
import shutil
import sys
from array import array
from itertools import accumulate
from pathlib import Path
from typing import Any

import orjson

from ..store.fsutil import atomic_open, write_bytes
from .derived import build_derived, group_kinds

_PAIR = 16  # bytes per (start, length) pair
_LINE_START = b'{"replayId":'


class CorruptIndex(Exception):
    """An index file does not match its meta (callers rebuild the index)."""


def write_index_files(index_dir: Path, result: Any) -> dict[str, list[int]]:
    """Write events.jsonl, kinds.bin and the derived views; return meta's `kinds` map."""
    events = result.events
    groups = group_kinds(events)
    views = build_derived(result, groups)
    wanted = {id(ev) for view in views.values() for ev in _view_events(view)}
    kept: dict[int, bytes] = {}
    lengths = array("Q")  # per event, the length of its line without the newline
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with atomic_open(index_dir / "events.jsonl", "wb") as fh:
        write = fh.write
        for ev in events:
            line = dumps(ev, option=newline)
            write(line)
            lengths.append(len(line) - 1)
            if id(ev) in wanted:
                kept[id(ev)] = line[:-1]
    kinds = _write_kinds(index_dir, groups, lengths)
    for name, view in views.items():
        write_bytes(index_dir / f"{name}.json", _render(view, kept))
    shutil.rmtree(index_dir / "kinds", ignore_errors=True)  # the per-kind files of format 1
    return kinds


def _write_kinds(index_dir: Path, groups: dict[str, list[int]], lengths: array[int]) -> dict[str, list[int]]:
    starts = array("Q", accumulate((n + 1 for n in lengths), initial=0))
    kinds: dict[str, list[int]] = {}
    first = 0
    with atomic_open(index_dir / "kinds.bin", "wb") as fh:
        for kind in sorted(groups):
            positions = groups[kind]
            pairs = array("Q", bytes(_PAIR * len(positions)))
            pairs[0::2] = array("Q", map(starts.__getitem__, positions))
            pairs[1::2] = array("Q", map(lengths.__getitem__, positions))
            if sys.byteorder != "little":
                pairs.byteswap()
            fh.write(pairs.tobytes())
            kinds[kind] = [first, len(pairs) // 2]
            first += len(pairs) // 2
    return kinds


def _view_events(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [item["event"] if "problem" in item else item for item in view.get("items", ())]


def _render(view: dict[str, Any], lines: dict[int, bytes]) -> bytes:
    """`orjson.dumps(view)`, reusing the events' serialized lines for `items`."""
    if "items" not in view:
        return orjson.dumps(view)
    head = orjson.dumps({k: v for k, v in view.items() if k != "items"})
    items = [
        b'{"problem":' + orjson.dumps(item["problem"]) + b',"event":' + lines[id(item["event"])] + b"}"
        if "problem" in item
        else lines[id(item)]
        for item in view["items"]
    ]
    sep = b"," if len(head) > 2 else b""
    return head[:-1] + sep + b'"items":[' + b",".join(items) + b"]}"


def read_lines(index_dir: Path, kinds_meta: dict[str, list[int]], kinds: set[str] | None) -> list[bytes]:
    """Lines (no newline) of all events, or of `kinds`, in stream order; `CorruptIndex` if unsound."""
    path = index_dir / "events.jsonl"
    if kinds is None:
        return path.read_bytes().splitlines()
    entries = [kinds_meta[k] for k in kinds if k in kinds_meta]
    if not entries:
        return []
    pairs = array("Q")
    with open(index_dir / "kinds.bin", "rb") as fh:
        for first, count in entries:
            fh.seek(first * _PAIR)
            pairs.frombytes(fh.read(count * _PAIR))
    if sys.byteorder != "little":
        pairs.byteswap()
    spans = list(zip(pairs[::2], pairs[1::2], strict=True))
    if len(entries) > 1:
        spans.sort()
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if spans and spans[-1][0] + spans[-1][1] > len(mm):
            raise CorruptIndex("kinds.bin points past the end of events.jsonl")
        lines = [mm[start : start + length] for start, length in spans]
    if any(not line.startswith(_LINE_START) or not line.endswith(b"}") for line in lines):
        raise CorruptIndex("kinds.bin does not match events.jsonl")
    return lines
