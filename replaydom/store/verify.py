"""Checking a stored bundle against its manifest, so `fetch` can repair a finished one.

A finished, complete bundle is immutable: a plain `fetch` makes no segment requests. That must
not make damage permanent, so such a fetch first verifies every file the manifest records
(each segment decompresses and matches its sha256; metadata and related files match theirs or at
least decode) and re-fetches only what is missing or damaged.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..config import Config
from ..errors import DataError
from .bundle import Bundle, BundleGone
from .manifest import SOURCE_SENTRY, new_manifest

VERIFY_THREADS = 2


@dataclass
class Damage:
    """What is missing or damaged in a bundle."""

    segments: list[int] = field(default_factory=list)
    metadata: bool = False
    related: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.segments or self.metadata or self.related)

    def describe(self) -> str:
        parts = []
        if self.segments:
            first = ", ".join(map(str, self.segments[:5])) + (" ..." if len(self.segments) > 5 else "")
            parts.append(f"{len(self.segments)} segment(s) ({first})")
        if self.metadata:
            parts.append("metadata.json")
        parts += [f"related/{name}.json" for name in self.related]
        return ", ".join(parts)


def segment_ok(bundle: Bundle, position: int, sha: object) -> bool:
    """True when the stored segment file decompresses and matches its recorded sha256."""
    try:
        raw = gzip.decompress(bundle.segment_path(position).read_bytes())
    except FileNotFoundError:
        if not bundle.exists():
            raise BundleGone(bundle.path) from None
        return False
    except (OSError, EOFError, zlib.error):
        return False
    if isinstance(sha, str):
        return hashlib.sha256(raw).hexdigest() == sha
    try:
        return isinstance(orjson.loads(raw), list)
    except orjson.JSONDecodeError:
        return False


def verify_bundle(bundle: Bundle) -> Damage:
    """Every damaged or missing file the manifest records (see the module docstring)."""
    damage = Damage()
    items = sorted(bundle.entries().items())

    # zlib and sha256 release the GIL: two threads halve the time on a big bundle.
    def bad(part: list[tuple[int, dict[str, Any]]]) -> list[int]:
        return [p for p, entry in part if not segment_ok(bundle, p, entry.get("sha256"))]

    parts = [items[i::VERIFY_THREADS] for i in range(VERIFY_THREADS)]
    with ThreadPoolExecutor(max_workers=VERIFY_THREADS) as pool:
        damage.segments = sorted(p for found in pool.map(bad, parts) for p in found)
    try:
        if bundle.details() is None and bundle.manifest.get("source") != "import":
            damage.metadata = True  # a fetched bundle always has its details
    except BundleGone:
        raise
    except DataError:
        damage.metadata = True
    for name in sorted(bundle.manifest.get("related") or {}):
        try:
            if bundle.related(name) is None:
                damage.related.append(name)  # listed in the manifest, but the file is gone
        except BundleGone:
            raise
        except DataError:
            damage.related.append(name)
    return damage


def rebuild_damaged_manifest(bundle: Bundle, config: Config, now: float) -> list[str]:
    """Replace an unreadable or wrongly typed manifest by a fresh one; return the note to show.

    Nothing it recorded can be trusted, so every segment is fetched again (the files on disk are
    overwritten); org and project come from the bundle's place in the tree.
    """
    problem = bundle.manifest_damage()
    if problem is None:
        return []
    fresh = new_manifest(
        replay_id=bundle.path.name,
        identity=config.identity,
        org=bundle.path.parents[1].name,
        project=bundle.path.parent.name,
        host=config.host,
        source=SOURCE_SENTRY,
        now_ms=now,
    )
    bundle.update_manifest(fresh, replace=True)
    return [f"{problem}; rebuilt it and fetched every segment again"]


def forget_damage(bundle: Bundle) -> tuple[str, frozenset[str]] | None:
    """Verify a finished bundle; None when sound, else (note, related extras to fetch again).

    Damaged segments are dropped from the manifest, so the fetch that follows requests exactly
    their pages; the metadata is rewritten by every non-skipped fetch anyway.
    """
    damage = verify_bundle(bundle)
    if not damage:
        return None
    if damage.segments:
        bad = set(damage.segments)
        kept = [e for p, e in sorted(bundle.entries().items()) if p not in bad]
        bundle.update_manifest({"segments": kept, "storedSegments": len(kept), "complete": False})
    if damage.related:
        related = {k: v for k, v in (bundle.manifest.get("related") or {}).items() if k not in damage.related}
        bundle.update_manifest({"related": related})
    return f"repaired damaged or missing {damage.describe()} by fetching again", frozenset(damage.related)
