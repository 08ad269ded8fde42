"""A bundle's index: the normalized event stream and its derived views, on disk.

Layout of `<bundle>/index/` (every file 0600, written atomically; `meta.json` is written last and
is the commit marker):

    meta.json           {format, normalizerVersion, schemaVersion, replayId, fingerprint, startMs,
                         endMs, eventCount, counts (per kind), skipped, unknown, masked,
                         segmentCount, frameCount, segmentErrors}
    events.jsonl        every event, one JSON object per line, in stream order
    kinds/<kind>.jsonl  the same lines split by kind (queries by kind stream them without parsing)
    navigation.json, interactions.json, network.json, problems.json, dom-summary.json
                        derived views; shapes in `replaydom.index.derived`

The index is rebuilt when it is missing, when its `normalizerVersion` differs from the running
normalizer, or when the bundle's segment fingerprint changed (a re-fetch). Building streams the
bundle segment by segment: only one raw segment and the compact normalized events are in memory.

This module is import-light on purpose (no pydantic, no normalizer until a build is needed), so the
`events` command can answer from a fresh index quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import DataError
from ..frames.version import NORMALIZER_VERSION
from ..store.fsutil import atomic_open, file_lock, private_dir, write_bytes

if TYPE_CHECKING:
    from ..frames.normalize import NormalizeResult
    from ..store.bundle import Bundle

__all__ = [
    "DERIVED",
    "IndexInfo",
    "build_index",
    "ensure_index",
    "index_is_fresh",
    "kind_lines",
    "line_kind",
    "load_derived",
    "load_events",
    "load_meta",
]

INDEX_FORMAT = 1
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
    return meta if isinstance(meta, dict) else None


def _fingerprint(bundle: Bundle) -> str:
    fp = getattr(bundle, "fingerprint", None)
    return str(fp()) if callable(fp) else str(bundle.segment_count())


def index_is_fresh(bundle: Bundle, meta: dict[str, Any] | None = None) -> bool:
    """True when the index exists, was built by this normalizer and matches the stored segments."""
    meta = _read_meta(bundle) if meta is None else meta
    return bool(
        meta
        and meta.get("format") == INDEX_FORMAT
        and meta.get("normalizerVersion") == NORMALIZER_VERSION
        and meta.get("fingerprint") == _fingerprint(bundle)
        and (Path(bundle.index_dir) / "events.jsonl").exists()
    )


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
    readable segment at all (but some stored) raises `DataError`.
    """
    from ..frames.normalize import normalize

    index_dir = private_dir(Path(bundle.index_dir))
    with file_lock(index_dir / ".lock"):
        errors: list[tuple[int, str]] = []
        result = normalize(
            bundle.iter_segments(on_error=lambda pos, msg: errors.append((pos, msg))),
            replay_id=bundle.replay_id,
            details=bundle.details(),
            errors=bundle.errors(),
        )
        if errors and result.segment_count == 0:
            raise DataError(f"no readable segment in {bundle.path}: {errors[0][1]}")
        counts = _write_events(index_dir, result.events)
        _write_derived(index_dir, result)
        meta = _meta(bundle, result, counts, errors)
        write_bytes(index_dir / "meta.json", orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    return IndexInfo(
        path=index_dir,
        event_count=len(result.events),
        counts=counts,
        start_ms=result.start_ms,
        end_ms=result.end_ms,
        skipped=result.skipped,
        unknown=result.unknown,
        segment_errors=errors,
    )


def _meta(
    bundle: Bundle, result: NormalizeResult, counts: dict[str, int], errors: list[tuple[int, str]]
) -> dict[str, Any]:
    from ..model import SCHEMA_VERSION

    return {
        "format": INDEX_FORMAT,
        "normalizerVersion": NORMALIZER_VERSION,
        "schemaVersion": SCHEMA_VERSION,
        "replayId": bundle.replay_id,
        "fingerprint": _fingerprint(bundle),
        "startMs": result.start_ms,
        "endMs": result.end_ms,
        "eventCount": len(result.events),
        "counts": counts,
        "skipped": result.skipped,
        "unknown": result.unknown,
        "masked": result.masked,
        "segmentCount": result.segment_count,
        "frameCount": result.frame_count,
        "segmentErrors": [{"segmentId": pos, "error": msg} for pos, msg in errors],
    }


def _write_events(index_dir: Path, events: list[dict[str, Any]]) -> dict[str, int]:
    """Write events.jsonl and kinds/<kind>.jsonl; return the count per kind."""
    by_kind: dict[str, list[bytes]] = {}
    lines: list[bytes] = []
    dumps = orjson.dumps
    for ev in events:
        line = dumps(ev)
        lines.append(line)
        kind_lines_ = by_kind.get(ev["kind"])
        if kind_lines_ is None:
            by_kind[ev["kind"]] = [line]
        else:
            kind_lines_.append(line)
    _write_lines(index_dir / "events.jsonl", lines)
    kinds_dir = private_dir(index_dir / "kinds")
    for kind, kl in by_kind.items():
        _write_lines(kinds_dir / f"{kind}.jsonl", kl)
    for stale in kinds_dir.glob("*.jsonl"):
        if stale.stem not in by_kind:
            stale.unlink(missing_ok=True)
    return {kind: len(kl) for kind, kl in sorted(by_kind.items())}


def _write_lines(path: Path, lines: list[bytes]) -> None:
    with atomic_open(path, "wb") as fh:
        if lines:
            fh.write(b"\n".join(lines))
            fh.write(b"\n")


def _write_derived(index_dir: Path, result: NormalizeResult) -> None:
    from .derived import build_derived

    for name, obj in build_derived(result).items():
        write_bytes(index_dir / f"{name}.json", orjson.dumps(obj))


def kind_lines(bundle: Bundle, kinds: set[str] | None = None) -> list[bytes]:
    """Serialized event lines (no trailing newline), in stream order, optionally for some kinds.

    Reading per-kind files of several kinds merges them back into stream order by (offsetMs,
    position in events.jsonl) - which only the full file knows - so for more than one kind the
    full file is filtered instead.
    """
    meta = ensure_index(bundle)
    index_dir = Path(bundle.index_dir)
    if kinds is not None:
        present = [k for k in kinds if k in (meta.get("counts") or {})]
        if not present:
            return []
        if len(present) == 1:
            return _read_lines(index_dir / "kinds" / f"{present[0]}.jsonl")
        wanted = {k.encode() for k in present}
        return [ln for ln in _read_lines(index_dir / "events.jsonl") if line_kind(ln) in wanted]
    return _read_lines(index_dir / "events.jsonl")


def line_kind(line: bytes) -> bytes:
    """The top-level `kind` of a serialized event line, without parsing it.

    Lines are written by orjson in `Event` field order, so the first `,"kind":"` is the top-level
    key: only `replayId`, pointers, `offsetMs` and the ISO `timestamp` precede it.
    """
    start = line.find(b',"kind":"') + 9
    if start < 9:
        return b""
    return line[start : line.find(b'"', start)]


def _read_lines(path: Path) -> list[bytes]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"index file missing: {path} (it is rebuilt on the next run)") from None
    return data.splitlines()


def load_events(bundle: Bundle, kinds: set[str] | None = None) -> list[dict[str, Any]]:
    """The normalized events (all, or only `kinds`), building the index when missing or stale."""
    loads = orjson.loads
    try:
        return [loads(line) for line in kind_lines(bundle, kinds)]
    except orjson.JSONDecodeError:
        _invalidate(bundle)
        return [loads(line) for line in kind_lines(bundle, kinds)]


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
