"""`replaydom import`: put a local recording into the cache under identity `local`.

Accepted inputs (plain or gzip, detected by content, not by name):
- a Sentry recording-segments body: a JSON array of segments, each an array of events;
- a flat rrweb events array, as rrweb's own recorder produces: one segment (position 0);
- a recording folder laid out like `shared/recordings/<scenario>/`: `segments.json[.gz]`, optional
  `details.json` (the replay-details `data` object), `events_meta.json` (events-meta rows) and
  `errors.json` (the SDK's error events: stored as each linked error's details, `sdk_errors.py`).

The replay id is `--id`, else the details' `id`, else a stable hash of the segments' content (the
same for the `.json` and `.json.gz` of one body). Missing details are derived from the events and
listed in the manifest's `derived`. The body is read one element at a time and each segment is
normalized as it is read (`indexing.IndexFeed`), so the index is written into the staged bundle
without reading the segment files back; meanwhile a child process reading the same file stores the
segment files (`segworker.py`; a body that is not a regular file: a thread, `stagewriter.py`).
All of it happens inside a staging directory that is renamed into place only when everything was
read: a truncated gzip or broken JSON raises `DataError` and leaves nothing behind. An id the
cache holds another recording under is refused (`importguard.py`), as soon as a segment differs
when the id is known before the body is read.
Lone UTF-16 surrogates and NaN/Infinity are read as U+FFFD and null (`jsonlenient`), counted in
the warnings and on each segment's manifest entry (`repairs`); a DOM of any depth is read. Events
without a usable timestamp are left out of the derived start and end, and counted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .. import jsonlenient
from ..config import Config, load_config, now_ms
from ..errors import DataError, UsageError
from ..jsonlenient import Repairs
from ..targets import normalize_id
from ..timefmt import iso_ms
from . import layout, locks, sdk_errors
from .bundle import Bundle
from .cleanup import staging_dir
from .derive import RecordingStats, derive_details
from .fsutil import file_lock, private_dir, sync_tree
from .heap import freed_memory_kept
from .importguard import (
    Differs,
    another_recording,
    checksums,
    differs_at,
    held_imports,
    held_segments,
    keep_derived_stores,
    refuse_early,
    replacement_note,
)
from .indexing import IndexFeed, build_index_safely
from .jsonstream import collector_paused, iter_array
from .manifest import SOURCE_IMPORT, new_manifest
from .segworker import SegmentWriter, segment_writer

SEGMENT_FILES = ("segments.json.gz", "segments.json")


def import_recording(
    path: Path | str,
    *,
    details_path: Path | str | None = None,
    errors_path: Path | str | None = None,
    replay_id: str | None = None,
    replace: bool = False,
    config: Config | None = None,
    clock: Callable[[], float] | None = None,
) -> Bundle:
    """Import a recording (see the module docstring); the bundle's `warnings` say what was odd.

    An earlier import of the same id is replaced when it holds the same segments (a re-import) or
    `replace` says so; one holding another recording is kept and the import refused (two
    recordings sharing an id: the second would silently take the first one's place)."""
    config = config or load_config()
    clock = clock or now_ms
    body, details_file, errors_file = _locate(Path(path), details_path, errors_path)
    details = _read_details(details_file) if details_file else None
    errors = _read_errors(errors_file) if errors_file else None
    sdk = sdk_errors.from_folder(Path(path), errors) if Path(path).is_dir() else None
    errors = sdk.rows if sdk is not None else errors
    source = _Source(body, Path(path), details, errors, sdk)
    rid = _explicit_id(replay_id, details)
    root = config.cache_root
    # The segments an earlier import of this id holds, compared as the body is read: another
    # recording is refused without normalizing and storing all of it first (`refuse_early`).
    held = held_imports(root, rid) if rid is not None and not replace else []
    while True:
        try:
            final, warnings, indexed, replaced = _stage_and_publish(source, rid, root, replace, clock, held)
            break
        except Differs as differs:
            assert rid is not None  # (only a known id has `held` segments)
            refuse_early(root, rid, differs)
            held = []  # what differed is gone meanwhile: import as if nothing was held
    bundle = Bundle(final)
    bundle.warnings = warnings
    bundle.notes += replaced
    index_warning = None if indexed else build_index_safely(bundle)
    if index_warning:
        bundle.warnings.append(index_warning)
    return bundle


@dataclass
class _Source:
    """What an import reads: the segments body, the path given, and what was read beside it."""

    body: Path
    path: Path
    details: dict[str, Any] | None
    errors: list[dict[str, Any]] | None
    sdk: sdk_errors.FolderErrors | None


def _stage_and_publish(
    source: _Source,
    rid: str | None,
    root: Path,
    replace: bool,
    clock: Callable[[], float],
    held: list[list[Any]],
) -> tuple[Path, list[str], bool, list[str]]:
    """Read the body into a staged bundle and move it into place: its final path, its warnings,
    whether the index was written and what it did to earlier imports of the id. `Differs` as
    soon as a segment differs from one an earlier import in `held` holds at its position."""
    details = source.details
    with staging_dir(root) as staging:  # locked: a later run removes it only if we died
        stage = Bundle(staging / "bundle", staged=True)
        stage.ensure_dirs()
        with (
            collector_paused(),
            freed_memory_kept(),
            segment_writer(source.body, stage, bounded=bool(held)) as writer,
        ):
            # Each segment is normalized as it is read, and the index is written into the stage:
            # reading the stored files back and parsing them again cost as much as the parse.
            # (Made once the writer's child starts: it reads on while the normalizer is imported.)
            feed = IndexFeed()
            entries, stats, repairs = _split(source.body, writer, feed.add_segment, held)
            rid = rid or _content_id(entries)
            warnings = _write_metadata(stage, rid, details, source.errors, stats, entries, clock())
            if source.sdk is not None:  # before the index is written: it reads the related files
                warnings += sdk_errors.store(stage, source.sdk, iso_ms(clock()))
            warnings += decode_warnings(entries, repairs, stats)
            if warnings:
                stage.update_manifest({"warnings": warnings})
            segment_ids = _segment_ids(source.path, len(entries))
            if segment_ids is not None:
                stage.update_manifest({"segmentIds": segment_ids})
            indexed = feed.write_into(stage)  # the manifest is final: the index's meta records it
            del feed
        # everything durable before the rename makes it visible (the writer synced the segments)
        sync_tree(stage.path, synced=writer.synced)
        final, replaced = _publish(root, stage, rid, details, None if replace else checksums(entries))
    return final, warnings, indexed, replaced


def _locate(
    path: Path, details: Path | str | None, errors: Path | str | None
) -> tuple[Path, Path | None, Path | None]:
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    if path.is_dir():
        body = next((path / n for n in SEGMENT_FILES if (path / n).is_file()), None)
        if body is None:
            raise UsageError(f"{path} holds no segments.json or segments.json.gz")
        details = details or (path / "details.json" if (path / "details.json").is_file() else None)
        errors = errors or (path / "events_meta.json" if (path / "events_meta.json").is_file() else None)
        path = body
    return path, Path(details) if details else None, Path(errors) if errors else None


def _segment_ids(folder: Path, count: int) -> dict[str, int] | None:
    """Position -> Sentry segment_id from a folder's `replay_events.json`, when it covers every segment.

    The server orders segments by segment_id, so position i is the i-th smallest id; a mapping that
    does not account for every stored segment is not recorded (positions stay the only pointer).
    """
    path = folder / "replay_events.json"
    if not folder.is_dir() or not path.is_file():
        return None
    try:
        rows = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    ids = sorted(
        {r["segment_id"] for r in rows if isinstance(r, dict) and type(r.get("segment_id")) is int}
        if isinstance(rows, list)
        else set()
    )
    return {str(pos): sid for pos, sid in enumerate(ids)} if len(ids) == count else None


def _read_json(path: Path) -> Any:
    try:
        return jsonlenient.loads(path.read_bytes())  # lone surrogates and NaN read as U+FFFD and null
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except (OSError, ValueError) as exc:
        raise DataError(f"{path.name}: unreadable JSON ({type(exc).__name__})") from None


def _read_details(path: Path) -> dict[str, Any]:
    """The replay-details `data` object (a full `{"data": {...}}` body is unwrapped)."""
    obj = _read_json(path)
    if isinstance(obj, dict) and isinstance(obj.get("data"), dict):
        obj = obj["data"]
    if not isinstance(obj, dict):
        raise DataError(f"{path.name}: expected the replay-details object")
    return obj


def _read_errors(path: Path) -> list[dict[str, Any]]:
    """Events-meta rows (a `{"data": [...]}` body is unwrapped)."""
    obj = _read_json(path)
    if isinstance(obj, dict) and isinstance(obj.get("data"), list):
        obj = obj["data"]
    if not isinstance(obj, list) or not all(isinstance(r, dict) for r in obj):
        raise DataError(f"{path.name}: expected a list of events-meta rows")
    return list(obj)


def _explicit_id(replay_id: str | None, details: dict[str, Any] | None) -> str | None:
    if replay_id is not None:
        rid = normalize_id(replay_id)
        if rid is None:
            raise UsageError(f"bad --id {replay_id[:80]!r}: expected 32 hex characters or a UUID")
        return rid
    if details and details.get("id") is not None:
        rid = normalize_id(str(details["id"]))
        if rid is None:
            raise DataError(f"details id {str(details['id'])[:80]!r} is not a replay id; pass --id")
        return rid
    return None


def _split(
    body: Path,
    writer: SegmentWriter,
    stored: Callable[[int, list[Any]], None],
    held: list[list[Any]] | None = None,
) -> tuple[list[dict[str, Any]], RecordingStats, Repairs]:
    """Write each segment of the body as it is read (serialized here, stored by `writer`), then
    hand it to `stored(position, events)`; a flat rrweb array becomes segment 0.

    What the lenient decoder repaired is recorded on each segment's manifest entry (`repairs`).
    Once a segment's checksum differs from the one an earlier import in `held` holds at its
    position, the rest is only read (a malformed body is still reported as such) and counted, and
    `Differs` raised."""
    count = checked = 0
    differs = False
    stats = RecordingStats()
    flat: list[Any] = []
    shape: str | None = None
    repairs = Repairs()
    seen = Repairs()
    for element in iter_array(body, repairs):
        kind = "segments" if isinstance(element, list) else "flat" if isinstance(element, dict) else "bad"
        if kind == "bad" or (shape is not None and kind != shape):
            raise DataError(f"{body.name}: expected a list of segments (arrays) or of rrweb events (objects)")
        shape = kind
        if kind == "flat":
            flat.append(element)
            continue
        count += 1
        if differs:
            continue
        stats.add(element)
        # Stored as the compact JSON of the parsed segment, not as the body's bytes: those differ
        # from it in most real bodies (Sentry's escape non-ASCII text as `\u2014`; 59 of the 176
        # segments of the shared recordings), as may whitespace, number spellings (`1.50`, `1e5`)
        # or a repeated key, and the checksums, content id and refusal compare that form. Proving
        # a slice already is it costs as much as writing it (0.2-0.5 s on the hour-long replay).
        writer.submit(count - 1, element, _new_repairs(repairs, seen))
        stored(count - 1, element)
        if held:
            written = writer.written()
            differs = any(differs_at(h, e) for e in written[checked:] for h in held)
            checked = len(written)
            if differs:
                writer.cancel()  # nothing more is stored: the import is refused or done again
    if differs:
        raise Differs([e.get("sha256") for e in writer.written()], count)
    if shape == "flat":
        stats.add(flat)
        writer.submit(0, flat, _new_repairs(repairs, seen))
        stored(0, flat)
    entries = writer.entries()
    if not entries:
        raise DataError(f"{body.name}: the recording holds no segments")
    return entries, stats, repairs


def _new_repairs(total: Repairs, seen: Repairs) -> dict[str, Any] | None:
    """What was repaired since the previous segment, for its manifest entry (`repairs`)."""
    own = Repairs(total.surrogates - seen.surrogates, total.nonfinite - seen.nonfinite)
    seen.add(own)
    return {"repairs": own.as_dict()} if own else None


def decode_warnings(entries: list[dict[str, Any]], repairs: Repairs, stats: RecordingStats) -> list[str]:
    """What the import changed or left out while reading, one line each (also in the manifest)."""
    out = []
    if repairs:
        where = sum(1 for e in entries if e.get("repairs"))
        out += [f"{phrase}, in {where} segment(s)" for phrase in repairs.describe()]
    if stats.bad_times:
        out.append(
            f"{stats.bad_times} event(s) without a usable timestamp (missing, out of range or not a "
            "number) left out of the derived start and end; the normaliser skips and counts them too"
        )
    return out


def _content_id(entries: Iterable[dict[str, Any]]) -> str:
    h = hashlib.sha256(b"replaydom-import\n")
    for entry in entries:
        h.update(f"{entry['sha256']}\n".encode())
    return h.hexdigest()[:32]


def _write_metadata(
    stage: Bundle,
    rid: str,
    details: dict[str, Any] | None,
    errors: list[dict[str, Any]] | None,
    stats: RecordingStats,
    entries: list[dict[str, Any]],
    now: float,
) -> list[str]:
    warnings: list[str] = []
    if details and details.get("id") not in (None, rid):
        warnings.append(f"details id {details.get('id')} replaced by {rid}")
    full, derived = derive_details(details, stats, rid, errors)
    if isinstance(details, dict) and details.get("count_segments") not in (None, len(entries)):
        warnings.append(f"details say {details['count_segments']} segments, the body holds {len(entries)}")
    stage.write_details(full)
    manifest = new_manifest(
        replay_id=rid,
        identity=layout.LOCAL_IDENTITY,
        org="local",
        project=_project(details),
        host=None,
        source=SOURCE_IMPORT,
        now_ms=now,
    )
    related = {}
    if errors is not None:
        related["errors"] = stage.write_related("errors", errors, fetched_at=iso_ms(now))
    manifest.update(
        {
            "startedAt": full.get("started_at"),
            "platform": full.get("platform"),
            "expectedSegments": len(entries),
            "storedSegments": len(entries),
            "receivedEnd": len(entries),
            "complete": True,
            "nextPending": False,
            "live": False,
            "segments": entries,
            "related": related,
            "derived": derived,
            "warnings": warnings,
        }
    )
    stage.update_manifest(manifest)
    return warnings


def _project(details: dict[str, Any] | None) -> str:
    project = str((details or {}).get("project_id") or "local")
    return project if layout.is_slug(project) else "local"


def _publish(
    root: Path, stage: Bundle, rid: str, details: dict[str, Any] | None, wanted: list[Any] | None
) -> tuple[Path, list[str]]:
    """Move the staged bundle into place, replacing an earlier import of the same id (only one
    holding the segment checksums `wanted`, unless None): its path, and a note per replaced one
    (when it was imported, what differs: `replacement_note`)."""
    final = layout.bundle_dir(root, layout.LOCAL_IDENTITY, "local", _project(details), rid)
    # The write lock serialises imports; the exclusive presence lock waits for readers of the
    # bundle being replaced (`locks.py`).
    with (
        file_lock(layout.write_lock_path(root, layout.LOCAL_IDENTITY, rid)),
        locks.exclusive(layout.lock_path(root, layout.LOCAL_IDENTITY, rid)),
    ):
        old = layout.find_bundle_dirs(root, [layout.LOCAL_IDENTITY], prefix=rid, with_manifest=False)
        if wanted is not None:
            other = next((h for h in map(held_segments, old) if h not in (None, wanted)), None)
            if other is not None:
                raise another_recording(rid, other, len(wanted))
        notes = [replacement_note(rid, d, stage.path, forced=wanted is None) for d in old]
        keep_derived_stores(old, stage)
        trash = stage.path.parent / "old"
        for i, d in enumerate(old):
            os.replace(d, trash.with_name(f"old{i}"))
        private_dir(final.parent)
        os.replace(stage.path, final)
    return final, notes
