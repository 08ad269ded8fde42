"""Reading a bundle's manifest and the file-level rules every bundle write follows.

A damaged manifest is a `DataError` with the command that repairs it (`repair_hint`), never a
traceback; a bundle removed while in use is `BundleGone`; a directory squatting a file's path (debris
of an earlier fault) is removed so the atomic rename can land (`clear_squatter`).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import orjson

from ..errors import DataError
from .manifest import manifest_problem


class BundleGone(DataError):
    """The bundle was removed while this command was using it (e.g. by `cache clear`)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"cached replay {path.name} was removed while in use (cache clear?)",
            hint=f"run the command again; it fetches the replay anew when Sentry is configured"
            f" (or `replaydom fetch {path.name}`)",
        )


def clear_squatter(path: Path) -> None:
    """Remove a directory found where a bundle file belongs, so the atomic rename can land."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)


def file_entry(path: Path) -> dict[str, Any]:
    """`{size, sha256}` of a file just written, recorded so damage is found on read."""
    data = path.read_bytes()
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def repair_hint(bundle_path: Path) -> str:
    """How to repair a damaged bundle: fetch again (Sentry) or clear and import again."""
    rid = bundle_path.name
    if len(bundle_path.parents) > 2 and bundle_path.parents[2].name == "local":
        return f"run `replaydom cache clear {rid}` and import the recording again"
    return f"run `replaydom fetch {rid}` to repair it (or `replaydom cache clear {rid}`)"


def read_manifest(path: Path) -> dict[str, Any]:
    """Decode and type-check a manifest; `DataError` (not a traceback) when it is damaged."""
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise DataError(f"no manifest in {path.parent}: not a replaydom bundle") from None
    except (OSError, orjson.JSONDecodeError) as exc:
        raise DataError(
            f"unreadable manifest {path} ({type(exc).__name__})", hint=repair_hint(path.parent)
        ) from None
    if not isinstance(data, dict):
        raise DataError(f"damaged manifest {path}: not an object", hint=repair_hint(path.parent))
    problem = manifest_problem(data)
    if problem is not None:
        raise DataError(f"damaged manifest {path}: {problem}", hint=repair_hint(path.parent))
    return data
