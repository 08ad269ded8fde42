"""The per-bundle DOM cache a `dom` command reads: a checkpointed frame store (`framestore`).

`load_timeline` opens (building it first when missing or stale) the bundle's store and returns a
`Timeline` over it, with the count of malformed frames skipped. A temporary bundle (`--no-cache`) or
one whose index directory cannot be written gets an in-memory timeline instead: same answers,
without checkpoints. Segment errors are reported through `on_error` whether they come from the
store's manifest or a fresh read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .state import Frame
from .timeline import Timeline, collect_frames

if TYPE_CHECKING:
    from ..store.bundle import Bundle, OnError


def load_timeline(bundle: Bundle, on_error: OnError | None = None) -> tuple[Timeline, int]:
    """The bundle's timeline (checkpointed when the bundle is cached) and the skipped count."""
    if not bundle.temporary:
        from .framestore import open_store

        try:
            store = open_store(bundle, on_error)
        except OSError:
            pass  # a cache that cannot be written is only slower
        else:
            return Timeline.from_store(store), int(store.manifest["skipped"])
    frames, skipped = collect_frames(bundle.iter_segments(on_error=on_error))
    return Timeline(frames), skipped


def load_frames(bundle: Bundle, on_error: OnError | None = None) -> tuple[list[Frame], int]:
    """Every DOM frame in the Replayer's order (all in memory) and the skipped count."""
    timeline, skipped = load_timeline(bundle, on_error)
    return list(timeline.frames), skipped
