"""One cached replay: raw segments, metadata, related data and the derived index.

Layout of a bundle directory (all directories 0700, all files 0600, every write atomic):

    manifest.json            see `manifest.py`
    metadata.json            the replay-details `data` object (derived for some imports)
    segments/00000.json.gz   one file per segment, named by its position in the server's list
    related/errors.json      events-meta rows (`--include errors`), traces.json, clicks.json
    related/error-details.json  each linked error's event details (`evidence.py`), logs.json
    index/                   written by `replaydom.index`

Files are replaced atomically, so reading never waits for a writer. The bundle's existence is
guarded by the per-replay presence lock (`locks.py`: shared for readers and fetches, exclusive for
removal); writers (fetch, import) also hold the write lock; `update_manifest` additionally takes a
short manifest lock so other modules can add keys safely at any time.

Writes never create the bundle directory (only `ensure_dirs` does): a write into a bundle that was
removed raises `BundleGone` instead of resurrecting it as an orphan. A read that finds the bundle
gone raises `BundleGone` too, never a silent skip.

This module is the `Bundle` facade; segment files (encoding, names, batches) are in `segfile.py` and
manifest reading and the file-level write rules in `bundleio.py`.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import shutil
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from ..errors import DataError
from .bundleio import BundleGone, clear_squatter, file_entry, read_manifest, repair_hint
from .fsutil import file_lock, private_dir, write_bytes, write_json, write_staged
from .manifest import contiguous_end
from .segfile import (
    SEGMENT_DIGITS,
    SEGMENT_GZIP_LEVEL,
    SegmentBatch,
    dumps_compact,
    encode_raw,
    encode_segment,
    parse_segment,
    segment_file,
)

# What other modules import from here: the facade and, re-exported, the file-level pieces it is
# built on (`bundleio`, `segfile`).
__all__ = [
    "ERROR_DETAILS",
    "INDEXED_RELATED",
    "SEGMENT_DIGITS",
    "SEGMENT_GZIP_LEVEL",
    "Bundle",
    "BundleGone",
    "OnError",
    "SegmentBatch",
    "clear_squatter",
    "dumps_compact",
    "encode_raw",
    "encode_segment",
    "file_entry",
    "parse_segment",
    "read_manifest",
    "repair_hint",
    "segment_file",
]

OnError = Callable[[int, str], None]
ERROR_DETAILS = "error-details"
# Related files the index is built from (besides the segments and metadata.json).
INDEXED_RELATED = ("errors", ERROR_DETAILS, "logs")
_STALE = object()  # `Bundle._entries_of` when the entry map must be rebuilt


class Bundle:
    """A bundle directory. Properties read lazily; `reload()` drops what was read.

    A `staged` bundle is being built in a private staging directory that is published by one rename
    (import): its segment files are written without a temp file or fsync, and the publisher calls
    `fsutil.sync_tree` before the rename.
    """

    def __init__(self, path: Path, *, temporary: bool = False, staged: bool = False) -> None:
        self.path = path
        self.temporary = temporary
        self.staged = staged
        self.segment_errors: list[tuple[int, str]] = []
        self.warnings: list[str] = []  # notes from the fetch or import that produced this object
        self.notes: list[str] = []  # what the import did that is no defect (a re-import replaced)
        self._manifest: dict[str, Any] | None = None
        # Segment entries by position, built once per manifest (`_entry_map`); `_entries_of` is the
        # manifest `segments` list they were built from.
        self._entries: dict[int, dict[str, Any]] = {}
        self._entries_of: object = _STALE

    def __repr__(self) -> str:
        return f"Bundle({str(self.path)!r})"

    # -- paths ------------------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    @property
    def metadata_path(self) -> Path:
        return self.path / "metadata.json"

    @property
    def segments_dir(self) -> Path:
        return self.path / "segments"

    @property
    def related_dir(self) -> Path:
        return self.path / "related"

    @property
    def index_dir(self) -> Path:
        return self.path / "index"

    def segment_path(self, position: int) -> Path:
        return self.path / segment_file(position)

    # -- manifest ---------------------------------------------------------------------------------

    @property
    def manifest(self) -> dict[str, Any]:
        if self._manifest is None:
            self._manifest = read_manifest(self.manifest_path)
        return self._manifest

    def reload(self) -> None:
        self._manifest = None
        self._entries_of = _STALE
        self.segment_errors = []

    @property
    def replay_id(self) -> str:
        return str(self.manifest.get("replayId") or self.path.name)

    @property
    def identity(self) -> str:
        return str(self.manifest.get("identity") or self.path.parents[2].name)

    @property
    def org(self) -> str:
        return str(self.manifest.get("org") or self.path.parents[1].name)

    @property
    def project(self) -> str:
        return str(self.manifest.get("project") or self.path.parent.name)

    @property
    def is_complete(self) -> bool:
        return bool(self.manifest.get("complete"))

    @property
    def is_live(self) -> bool:
        return bool(self.manifest.get("live"))

    def update_manifest(self, changes: Mapping[str, Any], *, replace: bool = False) -> dict[str, Any]:
        """Merge `changes` into the manifest on disk (keeping unknown keys) and return it.

        `replace=True` writes `changes` as the whole manifest (a fetch rebuilding a damaged one).
        """
        with self.guard(), file_lock(self.path / ".manifest.lock", make_dirs=False):
            if replace:
                clear_squatter(self.manifest_path)
            exists = self.manifest_path.exists()
            current = read_manifest(self.manifest_path) if exists and not replace else {}
            current.update(changes)
            write_json(self.manifest_path, current, make_dirs=False)
        self._manifest = current
        self._entries_of = _STALE
        return current

    def manifest_damage(self) -> str | None:
        """Why the manifest is unreadable or wrongly typed, or None when it is sound (or absent)."""
        if not self.manifest_path.exists():
            return None
        try:
            read_manifest(self.manifest_path)
        except DataError as exc:
            return exc.message
        return None

    def exists(self) -> bool:
        """True while the bundle directory holds a manifest (it was not removed)."""
        return self.manifest_path.is_file()

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn "file not found" inside a removed bundle into `BundleGone`."""
        try:
            yield
        except FileNotFoundError:
            if self.path.is_dir():
                raise
            raise BundleGone(self.path) from None

    # -- metadata and related data ----------------------------------------------------------------

    def details(self) -> dict[str, Any] | None:
        """The replay-details `data` object, or None when the bundle has none.

        `DataError` when the file is damaged: unreadable, or (when the manifest recorded its
        checksum) missing or altered.
        """
        data = self._read_json(self.metadata_path, self._recorded("metadata"))
        return data if isinstance(data, dict) else None

    def errors(self) -> list[dict[str, Any]]:
        """Events-meta rows linked to the replay; [] when none were fetched or imported."""
        rows = self.related("errors")
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []

    def error_details(self) -> dict[str, Any]:
        """Event details of linked errors by event id (`evidence.py`); {} when none were fetched."""
        found = self.related(ERROR_DETAILS)
        return found if isinstance(found, dict) else {}

    def logs(self) -> list[dict[str, Any]]:
        """Log rows on the replay's traces (`--include logs`); [] when none were fetched."""
        rows = self.related("logs")
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []

    def related(self, name: str) -> Any | None:
        """The decoded `related/<name>.json`, or None when absent (`DataError` when damaged)."""
        return self._read_json(self.related_dir / f"{name}.json", self._recorded("related", name))

    def _recorded(self, key: str, name: str | None = None) -> Mapping[str, Any] | None:
        """The manifest entry of a metadata or related file (its sha256), if the manifest has one."""
        if self._manifest is None and not self.manifest_path.exists():
            return None
        entry = self.manifest.get(key)
        if name is not None:
            entry = entry.get(name) if isinstance(entry, dict) else None
        return entry if isinstance(entry, dict) else None

    def _read_json(self, path: Path, recorded: Mapping[str, Any] | None = None) -> Any | None:
        """Decode a JSON file of the bundle; `recorded` is its manifest entry (sha256), if any."""
        sha = recorded.get("sha256") if recorded else None
        try:
            data = path.read_bytes()
            if isinstance(sha, str) and hashlib.sha256(data).hexdigest() != sha:
                raise ValueError("checksum mismatch")
            return orjson.loads(data)
        except FileNotFoundError:
            if not self.exists():
                raise BundleGone(self.path) from None
            if isinstance(sha, str):
                message = f"{path.name} is missing in {self.path}"
                raise DataError(message, hint=repair_hint(self.path)) from None
            return None
        except (OSError, ValueError) as exc:  # orjson.JSONDecodeError is a ValueError
            why = str(exc) if str(exc) == "checksum mismatch" else type(exc).__name__
            message = f"damaged {path.name} in {self.path}: {why}"
            raise DataError(message, hint=repair_hint(self.path)) from None

    # -- segments ---------------------------------------------------------------------------------

    def _entry_map(self) -> dict[int, dict[str, Any]]:
        """Segment entries by position, cached until the manifest changes (callers must not mutate).

        Reading a segment looks its entry up here: rebuilding the map per read made reading a
        bundle quadratic in its segment count.
        """
        segments = self.manifest.get("segments")
        if self._entries_of is not segments:
            out: dict[int, dict[str, Any]] = {}
            for entry in segments or []:
                if isinstance(entry, dict) and isinstance(entry.get("position"), int):
                    out[entry["position"]] = entry
            self._entries, self._entries_of = out, segments
        return self._entries

    def entries(self) -> dict[int, dict[str, Any]]:
        """Manifest segment entries by position (a new dict: the caller may change it)."""
        return dict(self._entry_map())

    def positions(self) -> list[int]:
        """Stored segment positions, ascending."""
        return sorted(self._entry_map())

    def segment_count(self) -> int:
        """How many segments are stored (positions may have gaps in an incomplete bundle)."""
        return len(self._entry_map())

    def contiguous_count(self) -> int:
        """Length of the gap-free run of stored positions from 0."""
        return contiguous_end(set(self._entry_map()))

    def read_segment(self, position: int) -> list[Any]:
        """The events of one stored segment; `DataError` when missing, corrupt or tampered."""
        entry = self._entry_map().get(position)
        if entry is None:
            raise DataError(f"segment {position} is not stored in {self.path}")
        try:
            raw = gzip.decompress(self.segment_path(position).read_bytes())
        except FileNotFoundError:
            if not self.exists():
                raise BundleGone(self.path) from None
            raise DataError(f"segment {position}: file missing (`replaydom fetch` repairs it)") from None
        except (OSError, EOFError, zlib.error) as exc:
            raise DataError(f"segment {position}: unreadable file ({type(exc).__name__})") from None
        return parse_segment(position, raw, entry.get("sha256"))

    def iter_segments(self, on_error: OnError | None = None) -> Iterator[tuple[int, list[Any]]]:
        """Yield `(position, events)` in position order, one segment in memory at a time.

        An unreadable segment is skipped: `on_error(position, message)` is called and the pair is
        appended to `self.segment_errors`, so a skip is never silent.
        """
        for position in self.positions():
            try:
                events = self.read_segment(position)
            except BundleGone:
                raise  # never a silent skip: the output would be truncated
            except DataError as exc:
                self.segment_errors.append((position, exc.message))
                if on_error is not None:
                    on_error(position, exc.message)
                continue
            yield position, events

    def fingerprint(self) -> str:
        """A short hash of what an index is built from: the stored segments (position + sha256),
        the details and the linked errors. It changes iff one of them changes."""
        h = hashlib.sha256()
        for pos, entry in sorted(self._entry_map().items()):
            h.update(f"{pos}:{entry.get('sha256')}\n".encode())
        related = [self.related_dir / f"{name}.json" for name in INDEXED_RELATED]
        for path in (self.metadata_path, *related):
            try:
                h.update(hashlib.sha256(path.read_bytes()).digest())
            except FileNotFoundError:
                h.update(b"-")
        return h.hexdigest()[:16]

    # -- writing (fetch and import hold the per-replay lock) ----------------------------------------

    def write_segment(self, position: int, events: list[Any]) -> dict[str, Any]:
        """Store one segment atomically; return its manifest entry (not yet in the manifest)."""
        return self.write_segment_bytes(position, dumps_compact(events), len(events))

    def write_segment_bytes(
        self, position: int, raw: bytes, events: int, *, sync: bool = False
    ) -> dict[str, Any]:
        """`write_segment` for a segment already serialized (`dumps_compact`) holding `events`
        events. Safe in a worker thread (the compression, hashing and file writes release the GIL).
        `sync` (staged bundles): fsync the file now, so `fsutil.sync_tree` can skip it."""
        data, entry = encode_raw(position, raw, events)
        if self.staged:
            write_staged(self.segment_path(position), data, sync=sync)
        else:
            with self.guard():
                clear_squatter(self.segment_path(position))
                write_bytes(self.segment_path(position), data, make_dirs=False)
        return entry

    def segment_batch(self) -> SegmentBatch:
        """A group of segments written atomically together (a fetched page, `SegmentBatch`)."""
        return SegmentBatch(self)

    def write_details(self, details: Mapping[str, Any]) -> dict[str, Any]:
        """Write `metadata.json`; return its manifest entry (`metadata`: size and sha256)."""
        with self.guard():
            clear_squatter(self.metadata_path)
            write_json(self.metadata_path, dict(details), make_dirs=False)
        return file_entry(self.metadata_path)

    def write_related(self, name: str, obj: Any, *, fetched_at: str) -> dict[str, Any]:
        """Write `related/<name>.json`; return its manifest entry."""
        path = self.related_dir / f"{name}.json"
        with self.guard():
            clear_squatter(path)
            write_json(path, obj, make_dirs=False)
        count = len(obj) if isinstance(obj, (list, dict)) else None
        return {"file": f"related/{name}.json", "count": count, "fetchedAt": fetched_at, **file_entry(path)}

    def ensure_dirs(self) -> None:
        for d in (self.path, self.segments_dir, self.related_dir):
            if d.is_symlink() or (d.exists() and not d.is_dir()):
                d.unlink()  # a file where a bundle directory belongs: debris of an earlier fault
            private_dir(d)

    def remove(self) -> None:
        """Delete the bundle directory."""
        shutil.rmtree(self.path, ignore_errors=True)
