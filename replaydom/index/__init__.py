"""A bundle's index: the normalized event stream and its derived views, on disk.

Layout of `<bundle>/index/` (every file 0600, written atomically; `meta.json` is written last and
is the commit marker):

    meta.json           {format, normalizerVersion, schemaVersion, replayId, fingerprint,
                         manifestStat, startMs, endMs, eventCount, counts (per kind), kinds
                         (per kind: [first pair, count] in kinds.bin), skipped, unknown, masked,
                         segmentCount, frameCount, segmentErrors}
    events.jsonl        every event, one JSON object per line, in stream order
    kinds.bin           per kind, the (start, length) of its lines in events.jsonl (`files.py`):
                        queries by kind slice those lines out without parsing JSON
    navigation.json, interactions.json, network.json, problems.json, dom-summary.json
                        derived views; shapes in `replaydom.index.derived`

The index is rebuilt when it is missing, when its `normalizerVersion` differs from the running
normalizer, or when the bundle's segment fingerprint changed (a re-fetch). Building streams the
bundle segment by segment: only one raw segment and the compact normalized events are in memory.
An import builds it without reading the stored segments back: `StreamingBuild` normalizes each
segment as the importer stores it and writes the index into the staged bundle (the same files
`build_index` writes from the stored segments).

This module is import-light on purpose (no pydantic, no normalizer until a build is needed), so the
`events` command can answer from a fresh index quickly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import DataError
from ..frames.version import NORMALIZER_VERSION
from ..store.cleanup import clean_temp_files
from ..store.fsutil import file_lock, write_bytes
from ..store.jsonstream import collector_paused
from .files import CorruptIndex, meta_is_sound, prepare_index_dir, read_lines, write_index_files

if TYPE_CHECKING:
    from ..frames.normalize import NormalizeResult
    from ..store.bundle import Bundle

__all__ = [
    "DERIVED",
    "IndexInfo",
    "StreamingBuild",
    "build_index",
    "ensure_index",
    "index_is_fresh",
    "kind_lines",
    "line_kind",
    "load_derived",
    "load_events",
    "load_events_at",
    "load_meta",
    "write_index_files",
]

INDEX_FORMAT = 2
DERIVED = ("navigation", "interactions", "network", "problems", "dom-summary")


@dataclass(frozen=True)
class IndexInfo:
    """What `build_index` wrote."""

    path: Path
    event_count: int
    counts: dict[str, int]
    start_ms: float
    end_ms: float
    skipped: dict[str, int]
    unknown: int
    segment_errors: list[tuple[int, str]]


def _meta_path(bundle: Bundle) -> Path:
    return Path(bundle.index_dir) / "meta.json"


def _read_meta(bundle: Bundle) -> dict[str, Any] | None:
    try:
        meta = orjson.loads(_meta_path(bundle).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return meta if meta_is_sound(meta) else None  # a wrong-typed meta means: rebuild


def _fingerprint(bundle: Bundle) -> str:
    fp = getattr(bundle, "fingerprint", None)
    return str(fp()) if callable(fp) else str(bundle.segment_count())


def _manifest_stat(bundle: Bundle) -> list[int] | None:
    path = getattr(bundle, "manifest_path", None)
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size] if st else None


def index_is_fresh(bundle: Bundle, meta: dict[str, Any] | None = None) -> bool:
    """True when the index exists, was built by this normalizer and matches the stored segments.

    The segment fingerprint is only recomputed when the manifest file changed since the build
    (its mtime and size are recorded): hashing thousands of segment entries on every query would
    cost more than the query.
    """
    meta = _read_meta(bundle) if meta is None else meta
    if not (
        meta
        and meta.get("format") == INDEX_FORMAT
        and meta.get("normalizerVersion") == NORMALIZER_VERSION
        and (Path(bundle.index_dir) / "events.jsonl").exists()
    ):
        return False
    stat = _manifest_stat(bundle)
    if stat is not None and meta.get("manifestStat") == stat:
        return True
    return bool(meta.get("fingerprint") == _fingerprint(bundle))


def ensure_index(bundle: Bundle) -> dict[str, Any]:
    """The index meta, building the index first when it is missing or stale."""
    meta = _read_meta(bundle)
    if meta is not None and index_is_fresh(bundle, meta):
        return meta
    build_index(bundle)
    meta = _read_meta(bundle)
    if meta is None:
        raise DataError(f"could not read the index just built in {bundle.index_dir}")
    return meta


def load_meta(bundle: Bundle) -> dict[str, Any]:
    """The index meta (see module docstring), building the index when needed."""
    return ensure_index(bundle)


def build_index(bundle: Bundle) -> IndexInfo:
    """Normalize the bundle (streaming its segments) and write the whole index atomically.

    A segment that cannot be read is skipped and listed in `meta.segmentErrors`; a bundle with no
    readable segment at all (but some stored) raises `DataError`; a bundle removed meanwhile
    raises `BundleGone` (the index is never written into a recreated directory).
    """
    try:
        return _build(bundle)
    except FileNotFoundError:
        if (Path(bundle.path) / "manifest.json").is_file():
            raise
        from ..store.bundle import BundleGone

        raise BundleGone(Path(bundle.path)) from None


def _build(bundle: Bundle) -> IndexInfo:
    from ..frames.normalize import normalize

    index_dir = prepare_index_dir(Path(bundle.path), Path(bundle.index_dir))
    with file_lock(index_dir / ".lock", make_dirs=False):
        clean_temp_files(index_dir)  # of a build that was killed: we hold the index lock
        stat = _manifest_stat(bundle)  # before reading: a change during the build must show
        errors: list[tuple[int, str]] = []
        with collector_paused():
            result = normalize(
                bundle.iter_segments(on_error=lambda pos, msg: errors.append((pos, msg))),
                replay_id=bundle.replay_id,
                details=bundle.details(),
                errors=bundle.errors(),
                error_details=_related(bundle, "error_details"),
                logs=_related(bundle, "logs"),
            )
        if errors and result.segment_count == 0:
            raise DataError(f"no readable segment in {bundle.path}: {errors[0][1]}")
        return _write(bundle, index_dir, result, errors, stat)


def _write(
    bundle: Bundle,
    index_dir: Path,
    result: NormalizeResult,
    errors: list[tuple[int, str]],
    stat: list[int] | None,
) -> IndexInfo:
    """Write the index files of a finished pass, meta.json last (the caller holds the index lock)."""
    kinds = write_index_files(index_dir, result)
    meta = _meta(bundle, result, kinds, errors, stat)
    write_bytes(index_dir / "meta.json", orjson.dumps(meta, option=orjson.OPT_INDENT_2), make_dirs=False)
    return IndexInfo(
        path=index_dir,
        event_count=len(result.events),
        counts=meta["counts"],
        start_ms=result.start_ms,
        end_ms=result.end_ms,
        skipped=result.skipped,
        unknown=result.unknown,
        segment_errors=errors,
    )


class StreamingBuild:
    """An index built from segments as a writer stores them (`import`), not read back from disk.

    The writer passes each segment's frames to `add_segment` right after storing them, in position
    order, then calls `write(bundle)` once the bundle's manifest, metadata and related files are
    final: the related data and the replay id are read from the bundle then, as `build_index`
    reads them, so the index is the one `build_index` would write for that bundle (same events,
    same meta). Until `write` commits meta.json there is no index: a reader (or a crash) finds
    none and builds it from the stored segments, which stay the source of truth.

    The caller pauses the cyclic collector while feeding and writing (`collector_paused`).
    """

    def __init__(self) -> None:
        from ..frames.normalize import Normalizer

        self._pass = Normalizer()

    def add_segment(self, position: int, frames: list[Any]) -> None:
        self._pass.add_segment(position, frames)

    def write(self, bundle: Bundle) -> IndexInfo:
        """Finish the pass and write the index of `bundle` (the bundle the segments went to)."""
        try:
            index_dir = prepare_index_dir(Path(bundle.path), Path(bundle.index_dir))
            with file_lock(index_dir / ".lock", make_dirs=False):
                clean_temp_files(index_dir)
                stat = _manifest_stat(bundle)
                result = self._pass.finish(
                    replay_id=bundle.replay_id,
                    details=bundle.details(),
                    errors=bundle.errors(),
                    error_details=_related(bundle, "error_details"),
                    logs=_related(bundle, "logs"),
                )
                return _write(bundle, index_dir, result, [], stat)
        except FileNotFoundError:
            if (Path(bundle.path) / "manifest.json").is_file():
                raise
            from ..store.bundle import BundleGone

            raise BundleGone(Path(bundle.path)) from None


def _related(bundle: Bundle, name: str) -> Any:
    """`bundle.error_details()` / `bundle.logs()`, or None for bundle-like objects without them."""
    reader = getattr(bundle, name, None)
    return reader() if callable(reader) else None


def _meta(
    bundle: Bundle,
    result: NormalizeResult,
    kinds: dict[str, list[int]],
    errors: list[tuple[int, str]],
    stat: list[int] | None,
) -> dict[str, Any]:
    from ..model import SCHEMA_VERSION

    return {
        "format": INDEX_FORMAT,
        "normalizerVersion": NORMALIZER_VERSION,
        "schemaVersion": SCHEMA_VERSION,
        "replayId": bundle.replay_id,
        "fingerprint": _fingerprint(bundle),
        "manifestStat": stat,
        "startMs": result.start_ms,
        "endMs": result.end_ms,
        "eventCount": len(result.events),
        "counts": {kind: count for kind, (_first, count) in kinds.items()},
        "kinds": kinds,
        "skipped": result.skipped,
        "unknown": result.unknown,
        "masked": result.masked,
        "segmentCount": result.segment_count,
        "frameCount": result.frame_count,
        "segmentErrors": [{"segmentId": pos, "error": msg} for pos, msg in errors],
    }


def kind_lines(bundle: Bundle, kinds: set[str] | None = None) -> list[bytes]:
    """Serialized event lines (no trailing newline) in stream order, optionally only of `kinds`.

    Nothing is parsed: the lines are sliced out of events.jsonl (see `files.py`). A damaged index
    is rebuilt once.
    """
    for attempt in (1, 2):
        meta = ensure_index(bundle)
        try:
            return read_lines(Path(bundle.index_dir), meta.get("kinds") or {}, kinds)
        except (OSError, ValueError, CorruptIndex) as exc:
            if attempt == 2:
                raise DataError(f"unreadable index in {bundle.index_dir} ({type(exc).__name__})") from None
            _invalidate(bundle)
    raise AssertionError("unreachable")


def line_kind(line: bytes) -> bytes:
    """The top-level `kind` of a serialized event line, without parsing it.

    Lines are written by orjson in `Event` field order, so the first `,"kind":"` is the top-level
    key: only `replayId`, pointers, `offsetMs` and the ISO `timestamp` precede it.
    """
    start = line.find(b',"kind":"') + 9
    if start < 9:
        return b""
    return line[start : line.find(b'"', start)]


def load_events(bundle: Bundle, kinds: set[str] | None = None) -> list[dict[str, Any]]:
    """The normalized events (all, or only `kinds`), building the index when missing or stale."""
    return _parsed(bundle, kinds, None)


def load_events_at(bundle: Bundle, offset_ms: int, kinds: set[str] | None = None) -> list[dict[str, Any]]:
    """The events (all, or only `kinds`) whose `offsetMs` is exactly `offset_ms`, in stream order.

    `dom --at <a click's offsetMs>` wants the clicks of one instant out of a thousand: a line is
    parsed only when its bytes hold `"offsetMs":<offset_ms>` (orjson writes the field with no
    space; a longer number or a nested field that also matches is dropped by the exact test after
    parsing), which spares parsing all the others."""
    events = _parsed(bundle, kinds, b'"offsetMs":%d' % offset_ms)
    return [e for e in events if e.get("offsetMs") == offset_ms]


def _parsed(bundle: Bundle, kinds: set[str] | None, needle: bytes | None) -> list[dict[str, Any]]:
    """The event lines (only those holding `needle`, when given) parsed; a line that does not parse
    means a damaged index, rebuilt once."""
    loads = orjson.loads

    def parse() -> list[dict[str, Any]]:
        lines = kind_lines(bundle, kinds)
        if needle is None:
            return [loads(line) for line in lines]
        return [loads(line) for line in lines if needle in line]

    try:
        return parse()
    except orjson.JSONDecodeError:
        _invalidate(bundle)
        return parse()


def _invalidate(bundle: Bundle) -> None:
    # A corrupt index is derived data: drop its commit marker so the next read rebuilds it.
    _meta_path(bundle).unlink(missing_ok=True)


def load_derived(bundle: Bundle, name: str) -> dict[str, Any]:
    """One derived view (`DERIVED`; shapes in `replaydom.index.derived`), building when needed."""
    if name not in DERIVED:
        raise ValueError(f"unknown derived index {name!r}; one of {', '.join(DERIVED)}")
    ensure_index(bundle)
    path = Path(bundle.index_dir) / f"{name}.json"
    try:
        obj = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        _invalidate(bundle)
        ensure_index(bundle)
        obj = orjson.loads(path.read_bytes())
    if not isinstance(obj, dict):
        raise DataError(f"unreadable derived index {path}")
    return obj
