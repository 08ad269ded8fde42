"""Where bundles live in the cache tree, and how they are found.

`<root>/replays/<identity>/<org>/<project>/<replayId>/` holds one bundle (see `bundle.py`);
`<root>/locks/` holds the per-replay lock files; `<root>/tmp/` stages imports so a half-written
bundle is never visible. Every path component is validated here, so a hostile id, org or project
can never escape the cache root.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import SLUG
from ..errors import UsageError

LOCAL_IDENTITY = "local"
MANIFEST = "manifest.json"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
_IDENTITY = re.compile(r"^(?:[0-9a-f]{12}|local)$")


def is_slug(value: str) -> bool:
    """True when `value` can be a cache path component (a Sentry slug)."""
    return bool(SLUG.match(value)) and value not in (".", "..")


def check_component(kind: str, value: str) -> str:
    """Return `value` if it is a safe slug for a path component, else raise `UsageError`."""
    if not SLUG.match(value) or value in (".", ".."):
        raise UsageError(f"bad {kind} {value[:80]!r} for the cache: expected a Sentry slug")
    return value


def check_replay_id(value: str) -> str:
    if not _HEX32.match(value):
        raise UsageError(f"bad replay id {value[:80]!r}: expected 32 lowercase hex characters")
    return value


def bundle_dir(root: Path, identity: str, org: str, project: str, replay_id: str) -> Path:
    """The bundle directory for these (validated) components."""
    if not _IDENTITY.match(identity):
        raise UsageError(f"bad cache identity {identity!r}")
    return (
        root
        / "replays"
        / identity
        / check_component("org", org)
        / check_component("project", project)
        / check_replay_id(replay_id)
    )


def lock_path(root: Path, identity: str, replay_id: str) -> Path:
    """The presence lock of one replay under one identity (`locks.py`): shared by readers and
    fetches, exclusive for removing the bundle."""
    return root / "locks" / f"{identity}-{check_replay_id(replay_id)}.lock"


def write_lock_path(root: Path, identity: str, replay_id: str) -> Path:
    """The lock that serialises fetches and imports of one replay under one identity."""
    return root / "locks" / f"{identity}-{check_replay_id(replay_id)}.write.lock"


def bundle_identity(path: Path) -> str:
    """The identity a bundle directory is stored under, from its path alone (no manifest read)."""
    return path.parents[2].name


def staging_root(root: Path) -> Path:
    return root / "tmp"


def _subdirs(path: Path) -> Iterator[Path]:
    try:
        with os.scandir(path) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    yield Path(entry.path)
    except (FileNotFoundError, NotADirectoryError):
        return


def iter_bundle_dirs(
    root: Path, identities: Iterable[str] | None = None, *, with_manifest: bool = True
) -> Iterator[Path]:
    """Every directory with a manifest, optionally only under the given identities (in order).

    `with_manifest=False` also yields replay directories whose manifest is missing (a fetch
    killed before writing it): `cache clear` must be able to remove those from the tree alone.
    """
    base = root / "replays"
    idents = [base / i for i in identities] if identities is not None else sorted(_subdirs(base))
    for ident in idents:
        if not _IDENTITY.match(ident.name):
            continue
        for org in sorted(_subdirs(ident)):
            for project in sorted(_subdirs(org)):
                for rid in sorted(_subdirs(project)):
                    if (rid / MANIFEST).is_file() or (not with_manifest and _HEX32.match(rid.name)):
                        yield rid


def find_bundle_dirs(
    root: Path, identities: Iterable[str], *, prefix: str, with_manifest: bool = True
) -> list[Path]:
    """Bundle dirs whose replay id starts with `prefix`, searched identity by identity."""
    found = iter_bundle_dirs(root, identities, with_manifest=with_manifest)
    return [p for p in found if p.name.startswith(prefix)]
