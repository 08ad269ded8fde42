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

from pathlib import Path
from typing import Any

from ..errors import DataError, UsageError
from . import layout
from .bundleio import read_manifest
from .fsutil import file_lock


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
