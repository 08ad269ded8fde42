"""Build a bundle's index after a fetch or import, when the index module exists.

`replaydom.index.build_index(bundle)` belongs to the normaliser; the store only calls it. When the
module is not there (yet), indexing is skipped; when it fails, the failure is returned as a warning
and the stored segments stay untouched (commands rebuild a missing or stale index on demand).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

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
