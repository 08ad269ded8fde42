"""The per-bundle DOM cache a `dom` command reads: a checkpointed frame store (`framestore`).

`load_timeline` opens (building it first when missing or stale) the bundle's store and returns a
`Timeline` over it, with the count of malformed frames skipped; `existing_store` opens it only
when it is already built and current (read-only: `struggles` on a replay too big to rebuild). A
temporary bundle (`--no-cache`) or one whose index directory cannot be written gets an in-memory
timeline instead: same answers, without checkpoints. Segment errors are reported through
`on_error` whether they come from the store's manifest or a fresh read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .state import Frame
from .timeline import Timeline, collect_frames

if TYPE_CHECKING:
    from ..store.bundle import Bundle, OnError
    from .framestore import Store
    from .source import DomSource


def load_timeline(
    bundle: Bundle,
    on_error: OnError | None = None,
    *,
    checkpoints: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Timeline, int]:
    """The bundle's timeline (checkpointed when the bundle is cached) and the skipped count.

    `checkpoints=False` reads the frames into memory without building the store: for a one-off
    look at many replays (`triage`), where writing a store per replay costs more than it saves.
    `progress(done, total)` follows the store build, segment by segment, when one runs.
    """
    if checkpoints and not bundle.temporary:
        from .framestore import open_store

        try:
            store = open_store(bundle, on_error, progress)
        except OSError:
            pass  # a cache that cannot be written is only slower
        else:
            return Timeline.from_store(store), int(store.manifest["skipped"])
    frames, skipped = collect_frames(bundle.iter_segments(on_error=on_error))
    return Timeline(frames), skipped


def existing_store(bundle: Bundle) -> Store | None:
    """The bundle's DOM store when it is built and current, else None: read-only, never builds
    (a stale or damaged store is left for the next `dom` command to rebuild)."""
    if bundle.temporary:
        return None
    from .framestore import current_store

    try:
        return current_store(bundle)
    except OSError:  # the bundle's files cannot be read for its fingerprint
        return None


def load_frames(bundle: Bundle, on_error: OnError | None = None) -> tuple[list[Frame], int]:
    """Every DOM frame in the Replayer's order (all in memory) and the skipped count."""
    timeline, skipped = load_timeline(bundle, on_error)
    return list(timeline.frames), skipped


def bundle_source(
    bundle: Bundle,
    start_ms: float,
    url_events: Iterable[dict[str, Any]],
    *,
    replay_id: str,
    target_display: str,
    checkpoints: bool = True,
    progress: Callable[[int, int], None] | None = None,
    end_ms: float | None = None,
    store: Store | None = None,
) -> DomSource:
    """What every `dom` view (and the DOM-reading struggle detectors) read for a cached replay.

    `url_events` are the replay's navigation/page events (the URL at each instant); `end_ms` is the
    replay's end (epoch ms, `Replay.end_ms`), which the views' end-of-replay notes give. `store`
    (from `existing_store`) is read instead of opening (and maybe building) one. Unreadable
    segments are not reported here: the caller opened the same bundle and reported them once.
    """
    from .source import source_from_timeline, url_changes

    if store is not None:
        timeline, malformed = Timeline.from_store(store), int(store.manifest["skipped"])
    else:
        timeline, malformed = load_timeline(bundle, checkpoints=checkpoints, progress=progress)
    return source_from_timeline(
        timeline,
        start_ms,
        skipped=malformed,
        replay_id=replay_id,
        target_display=target_display,
        url_changes=url_changes(url_events),
        end_ms=end_ms,
    )
