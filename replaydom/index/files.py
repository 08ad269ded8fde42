"""The index's line files: writing them in one pass, reading lines of some kinds without parsing.

- `events.jsonl`: every event serialized (orjson, `Event` field order), one per line, in stream
  order.
- `kinds.bin`: for each kind, a run of little-endian uint64 pairs `(start, length)` locating that
  kind's lines in `events.jsonl`, in stream order; `meta.json` maps each kind to
  `[first pair, count]`. A query by kind slices those lines out of the file (memory-mapped) without
  parsing JSON, and several kinds merge back into stream order by their start offsets.
- the derived views (`derived.py`), each serialized whole.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import shutil
import sys
from array import array
from itertools import accumulate, count
from operator import add
from pathlib import Path
from typing import Any

import orjson

from .. import jsonlenient
from ..store.fsutil import atomic_open, write_bytes
from .derived import build_derived, group_kinds

_PAIR = 16  # bytes per (start, length) pair
_BATCH = 1024  # events serialized and written at a time
_LINE_START = b'{"replayId":'


class CorruptIndex(Exception):
    """An index file does not match its meta (callers rebuild the index)."""


def _dumps(obj: Any) -> bytes:
    """orjson, or (for data nested deeper than orjson writes, copied from a hostile frame) the
    value with its deepest levels left out and said so: every reader of the index can read it."""
    try:
        return orjson.dumps(obj)
    except (orjson.JSONEncodeError, TypeError):
        return jsonlenient.dumps(jsonlenient.capped(obj))


def _int(v: Any) -> bool:
    return type(v) is int and v >= 0


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _int_map(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(k, str) and _int(n) for k, n in v.items())


def _kinds(v: Any) -> bool:
    return isinstance(v, dict) and all(
        isinstance(pair, list) and len(pair) == 2 and _int(pair[0]) and _int(pair[1]) for pair in v.values()
    )


def _segment_errors(v: Any) -> bool:
    return isinstance(v, list) and all(
        isinstance(e, dict) and _int(e.get("segmentId")) and isinstance(e.get("error"), str) for e in v
    )


# meta.json key -> type check: every key the readers use (see `replaydom.index` for the layout)
_META_CHECKS: dict[str, Any] = {
    "format": _int,
    "fingerprint": lambda v: isinstance(v, str),
    "manifestStat": lambda v: v is None or (isinstance(v, list) and all(map(_int, v))),
    "startMs": _num,
    "endMs": _num,
    "eventCount": _int,
    "counts": _int_map,
    "kinds": _kinds,
    "skipped": _int_map,
    "unknown": _int,
    "masked": lambda v: isinstance(v, dict),
    "segmentCount": _int,
    "frameCount": _int,
    "segmentErrors": _segment_errors,
}


def meta_is_sound(meta: Any) -> bool:
    """True when a decoded meta.json has every key with the type readers expect.

    A meta with a wrong-typed field (`"skipped": "x"`) is treated like a missing one: the index
    is rebuilt, never a traceback in a command that trusted it.
    """
    checks = _META_CHECKS.items()
    return isinstance(meta, dict) and all(key in meta and check(meta[key]) for key, check in checks)


def prepare_index_dir(bundle_dir: Path, index_dir: Path) -> Path:
    """The bundle's index directory, made 0700 if missing; never the bundle itself.

    Anything else squatting the index path (a file, a symlink) is derived-data debris and is
    removed. A bundle removed meanwhile raises `FileNotFoundError` (the caller's `BundleGone`)
    instead of being recreated as an orphan.
    """
    if not (bundle_dir / "manifest.json").is_file():
        raise FileNotFoundError(f"bundle {bundle_dir} is gone")
    if index_dir.is_symlink() or (index_dir.exists() and not index_dir.is_dir()):
        index_dir.unlink()
    with contextlib.suppress(FileExistsError):
        index_dir.mkdir(mode=0o700)
    os.chmod(index_dir, 0o700)
    # A directory where an index file belongs (a lock, meta.json) is debris. The DOM stores
    # (`dom-*`, staged as `.dom-*`) are directories of their own and are left alone.
    with os.scandir(index_dir) as it:
        dirs = [e for e in it if e.is_dir(follow_symlinks=False)]
    squatters = [e.path for e in dirs if not e.name.lstrip(".").startswith("dom-")]
    for path in squatters:
        shutil.rmtree(path, ignore_errors=True)
    return index_dir


def write_index_files(index_dir: Path, result: Any) -> dict[str, list[int]]:
    """Write events.jsonl, kinds.bin and the derived views; return meta's `kinds` map."""
    events = result.events
    groups = group_kinds(events)
    lengths = array("Q")  # per event, the length of its line without the newline
    with atomic_open(index_dir / "events.jsonl", "wb", make_dirs=False) as fh:
        # In batches: one write (and one Python-level step) per batch rather than per line.
        for first in range(0, len(events), _BATCH):
            lines = list(map(_dumps, events[first : first + _BATCH]))
            fh.write(b"\n".join(lines))
            fh.write(b"\n")
            lengths.extend(map(len, lines))
    kinds = _write_kinds(index_dir, groups, lengths)
    # The views are serialized whole: cheaper than keeping their events' lines from above to
    # splice them in (orjson returns each line in a buffer of several KB: they would need copying).
    for name, view in build_derived(result, groups).items():
        write_bytes(index_dir / f"{name}.json", _dumps(view), make_dirs=False)
    shutil.rmtree(index_dir / "kinds", ignore_errors=True)  # the per-kind files of format 1
    return kinds


def _write_kinds(index_dir: Path, groups: dict[str, array[int]], lengths: array[int]) -> dict[str, list[int]]:
    # line i starts after the lines before it and their i newlines
    starts = array("Q", map(add, accumulate(lengths, initial=0), count()))
    kinds: dict[str, list[int]] = {}
    first = 0
    with atomic_open(index_dir / "kinds.bin", "wb", make_dirs=False) as fh:
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
