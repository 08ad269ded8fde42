"""An import under an id the cache already holds: the same recording again, or another one.

`import` replaces an earlier import of its id when that holds the same segments (a re-import),
and refuses one holding another recording (the second would silently take the first one's place)
unless `--replace`. Same means the same segment checksums in the same order: the manifest's
`sha256` of each stored segment's compact JSON (`segfile.dumps_compact`), which the import writes
from the parsed segments, so a body re-serialized with other whitespace or escapes is the same.

With the id known before the body is read (`--id`, the details' id), the importer compares each
segment's checksum as soon as it is written (`differs_at`) and, at the first one that differs,
stops storing and normalizing: `refuse_early` then refuses as `importer._publish` would have once
everything was stored, with the same message, having read the rest of the body only to count it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError, UsageError
from . import layout
from .bundleio import read_manifest
from .fsutil import file_lock

if TYPE_CHECKING:
    from .bundle import Bundle


def differs_at(held: list[Any], entry: dict[str, Any]) -> bool:
    """Whether the segment of manifest entry `entry` is not the one `held` holds at its position."""
    position: int = entry["position"]
    return position >= len(held) or held[position] != entry.get("sha256")


class Differs(Exception):
    """The body being imported differs from an earlier import of its id: the checksums of its
    first segments (`known`) and its number of segments."""

    def __init__(self, known: list[Any], count: int) -> None:
        super().__init__(count)
        self.known = known
        self.count = count


def another_recording(rid: str, other: list[Any], count: int) -> UsageError:
    return UsageError(
        f"replay {rid} is already in the cache and holds another recording "
        f"({len(other)} segment(s), this one {count}): nothing was imported",
        hint="--id NEW imports it beside the other one; --replace replaces it",
    )


def held_imports(root: Path, rid: str) -> list[list[Any]]:
    """The segment checksums of each earlier import of `rid` whose manifest says them."""
    old = layout.find_bundle_dirs(root, [layout.LOCAL_IDENTITY], prefix=rid, with_manifest=False)
    return [h for h in map(held_segments, old) if h is not None]


def refuse_early(root: Path, rid: str, differs: Differs) -> None:
    """Refuse the import as `_publish` would have refused it once everything was stored; return
    when, under the import lock, that can no longer be told (an earlier import was replaced
    meanwhile): the caller then imports the whole body."""
    with file_lock(layout.write_lock_path(root, layout.LOCAL_IDENTITY, rid)):
        for held in held_imports(root, rid):  # in `_publish`'s order: the first that differs
            if len(held) != differs.count or held[: len(differs.known)] != differs.known:
                raise another_recording(rid, held, differs.count)
            if len(differs.known) < differs.count:
                return  # the same first segments: the rest decides


def held_segments(folder: Path) -> list[Any] | None:
    """The segment checksums an earlier import holds; None when its manifest cannot say (a
    damaged bundle is replaced)."""
    try:
        manifest = read_manifest(folder / layout.MANIFEST)
    except DataError:
        return None
    segments = manifest.get("segments")
    return checksums(segments) if isinstance(segments, list) else None


def checksums(entries: list[Any]) -> list[Any]:
    """The segments' checksums in order: what says two imports hold the same recording."""
    return [e.get("sha256") for e in entries if isinstance(e, dict)]


def replacement_note(rid: str, old: Path, new: Path, forced: bool) -> str:
    """What an import did to an earlier import of its id (`old`), said from both manifests: when
    that one was imported, that the bundle was rewritten with the new import time, and what in it
    differs (the segments, the details, the linked errors and other related files) or that
    nothing does."""
    try:
        was = read_manifest(old / layout.MANIFEST)
    except DataError:
        return f"replaced a damaged earlier import of replay {rid}"
    now = read_manifest(new / layout.MANIFEST)
    changed = []
    if checksums(was.get("segments") or []) != checksums(now.get("segments") or []):
        changed.append("another recording (--replace)" if forced else "the segments")
    if _digest(old / "metadata.json") != _digest(new / "metadata.json"):
        changed.append("the replay details")
    before, after = _related(was), _related(now)
    changed += [f"related {n}" for n in sorted({*before, *after}) if before.get(n) != after.get(n)]
    same = "the same recording: segments, details, related files"
    what = "differs in " + ", ".join(changed) if changed else same
    if changed[:1] == ["another recording (--replace)"]:
        what = changed[0]  # the rest of another recording differs too: not worth listing
    return (
        f"replaced the earlier import of replay {rid} (imported at {was.get('fetchedAt')}; {what}): "
        f"the bundle was rewritten, imported at {now.get('fetchedAt')}"
    )


def _related(manifest: dict[str, Any]) -> dict[str, Any]:
    related = manifest.get("related")
    if not isinstance(related, dict):
        return {}
    return {k: v.get("sha256") if isinstance(v, dict) else None for k, v in related.items()}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def keep_derived_stores(old: list[Path], stage: Bundle) -> None:
    """Carry over the stores derived from a bundle and keyed by its fingerprint (the DOM store,
    `index/dom-<fingerprint>-v<format>`) from an earlier import of the very same recording: the
    same fingerprint means the same segments, details and related files, so they stay valid, and
    re-importing an hour-long replay does not cost its next `dom` command a rebuild. Whoever reads
    one checks its fingerprint and format again; anything else is left behind with the old bundle."""
    if not stage.index_dir.is_dir():
        return  # no index was written: nothing derived can be valid beside it
    fingerprint = stage.fingerprint()
    for folder in old:
        for store in (folder / "index").glob(f"*-{fingerprint}-v*"):
            target = stage.index_dir / store.name
            if store.is_dir() and not store.is_symlink() and not target.exists():
                os.replace(store, target)
