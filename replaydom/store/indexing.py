"""Build a bundle's index after a fetch or import, when the index module exists.

`replaydom.index.build_index(bundle)` belongs to the normaliser; the store only calls it. When the
module is not there (yet), indexing is skipped; when it fails, the failure is returned as a warning
and the stored segments stay untouched (commands rebuild a missing or stale index on demand).

`IndexFeed` is the same for a writer that has each segment's frames in hand as it stores them
(import): the frames are normalized then and there (`replaydom.index.StreamingBuild`) instead of
being read back and parsed again from the files just written. Any failure of that pass turns the
feed off; `finish` then falls back to `build_index_safely`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bundle import Bundle


def build_index_safely(bundle: Bundle) -> str | None:
    """Run the index builder; return a one-line warning if it failed, else None."""
    try:
        module = importlib.import_module("replaydom.index")
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name == "replaydom.index":
            return None  # not written yet: commands will index on demand
        return f"index module unavailable ({type(exc).__name__}: {str(exc)[:160]}); indexing skipped"
    build = getattr(module, "build_index", None)
    if build is None:
        return None
    try:
        build(bundle)
    except Exception as exc:  # the index is derived data: report, never lose the fetched bundle
        reason = f"{type(exc).__name__}: {str(exc)[:160]}"
        return f"indexing failed ({reason}); the data is kept and the index is rebuilt on demand"
    return None


class IndexFeed:
    """Normalize segments while they are stored; write the index once the bundle is final."""

    def __init__(self) -> None:
        self._build: Any = None
        try:
            module = importlib.import_module("replaydom.index")
            factory = getattr(module, "StreamingBuild", None)
            self._build = factory() if factory is not None else None
        except Exception:  # as `build_index_safely` will say when `finish` falls back to it
            self._build = None

    def add_segment(self, position: int, frames: list[Any]) -> None:
        """Normalize one stored segment (in position order; never changes `frames`)."""
        if self._build is None:
            return
        try:
            self._build.add_segment(position, frames)
        except Exception:  # the pass is off: `finish` builds the index from the stored files
            self._build = None

    def write_into(self, bundle: Bundle) -> bool:
        """Write the fed pass's index into `bundle` (its manifest and related files final); True
        when written. False when the feed is off or the write failed: the caller then runs
        `build_index_safely` on the published bundle (which also reports a failure)."""
        build, self._build = self._build, None
        if build is None:
            return False
        try:
            build.write(bundle)
        except Exception:  # derived data, rebuilt from the stored files by the fallback
            return False
        return True
