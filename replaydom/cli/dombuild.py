"""`fetch --dom` / `import --dom`: the DOM store built up front.

The store a `dom` command reads (`dom/framestore.py`) is built lazily by the first `dom` command on a
replay; on an hour-long one that takes seconds, which an agent or a script may prefer to pay at
fetch or import time, where it expects to wait, than in its first question.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.bundle import Bundle


def build_dom_store(bundle: Bundle) -> str:
    """Build (or find current) the bundle's DOM store; returns the line that says which."""
    from ..dom.cache import existing_store, load_timeline
    from ..errors import DataError
    from .dom_at import StoreProgress

    existed = existing_store(bundle) is not None
    progress = StoreProgress(why="--dom")
    started = time.monotonic()
    try:
        timeline, _ = load_timeline(bundle, progress=progress)
    except BaseException:
        progress.close(built=False)
        raise
    progress.close()
    store = timeline.store
    if store is None:
        raise DataError(f"the DOM store could not be written in {bundle.index_dir} (`dom` reads in memory)")
    took = time.monotonic() - started
    what = "ready" if existed else f"built in {took:.1f}s"
    return (
        f"DOM store {what}: {len(store.stamps):,} frames, {len(store.chunks)} chunk(s), "
        f"{len(store.checkpoints)} checkpoint(s)"
    )
