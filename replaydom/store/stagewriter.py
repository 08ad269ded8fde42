"""Write a staged bundle's segment files from one worker thread while the importer reads on.

The import's fallback when no child process can read the body itself (`segworker.py`, the usual
writer: the body is not a regular file, or no process can be started).
The importer serializes each segment (`dumps_compact`, which needs the GIL) and hands the bytes
over; the worker gzips, hashes, writes and fsyncs the file, all of which release the GIL, so on a
machine with a spare core that work overlaps the parsing and normalizing of the next segments
instead of adding to them (the hour-long derived replay: ~1 s of compression and hashing and
1,000 fsyncs). Files are written in submission order; at most `AHEAD` serialized segments wait,
so memory stays bounded by a few segments. The first write error is raised to the caller when it
collects (`submit` or `entries`); leaving the `with` block always waits for the worker, so a
staging directory is never removed under a write in progress.

Not a `fsutil.AtomicBatch` (fetch's page writer), on purpose: a staging directory is published by
one rename, so its files need no temp file or rename of their own, and the point here is to overlap
each write with the parsing of the next segments rather than to put a finished group in place. The
file-level steps are shared (`fsutil.write_staged`, `sync_tree`).
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

from .bundle import Bundle, dumps_compact
from .segfile import segment_file

AHEAD = 4


class StagedSegmentWriter:
    """Segment files of a staged bundle (`Bundle(staged=True)`), written by a worker thread."""

    def __init__(self, stage: Bundle) -> None:
        self._stage = stage
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replaydom-stage")
        self._pending: deque[tuple[Future[dict[str, Any]], dict[str, Any] | None]] = deque()
        self._entries: list[dict[str, Any]] = []
        self.synced: set[str] = set()
        """The files written and fsynced, spelled as `os.walk(stage.path)` spells them
        (`fsutil.sync_tree(..., synced=...)` skips them)."""

    def __enter__(self) -> StagedSegmentWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, position: int, element: list[Any], extra: dict[str, Any] | None = None) -> None:
        """Queue segment `position` (`element`, serialized here: `dumps_compact` needs the GIL);
        `extra` keys are added to its manifest entry. Waits while `AHEAD` segments are queued."""
        raw, events = dumps_compact(element), len(element)
        while len(self._pending) >= AHEAD:
            self._collect()
        future = self._pool.submit(self._stage.write_segment_bytes, position, raw, events, sync=True)
        self._pending.append((future, extra))

    def cancel(self) -> None:
        """Nothing more is submitted (an earlier import differs); queued writes still finish."""

    def written(self) -> list[dict[str, Any]]:
        """The manifest entries of the segments written so far, in submission order (no waiting:
        at most `AHEAD` submitted ones are missing)."""
        return self._entries

    def entries(self) -> list[dict[str, Any]]:
        """The manifest entries of every submitted segment, in submission order (after waiting)."""
        while self._pending:
            self._collect()
        return self._entries

    def _collect(self) -> None:
        future, extra = self._pending.popleft()
        entry = future.result()
        if extra:
            entry.update(extra)
        self._entries.append(entry)
        self.synced.add(os.path.join(str(self._stage.path), segment_file(entry["position"])))
