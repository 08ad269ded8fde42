"""Building a bundle's DOM store (`framestore`): every frame applied once, chunks closed by the
spacing rules (`framestore.BUDGET`, `HEAVY`, `MAX_FRAMES`, `RATIO`: read at build time, so a store
cut with other spacing is a stale one), checkpoints written where they pay off.

In a private staging directory published by one rename, files 0600 and directories 0700. Building
reads every segment once and applies its frames as it goes, as long as the frames' timestamps never
decrease (every recording seen so far: then the recording order is the Replayer's stable sort);
a frame earlier than one already applied makes it start over in two passes (the frame order first,
then the frames again, a few segments at a time). Subtrees removed by a mutation are freed at once
(`release_removed`), so memory stays bounded by the largest state plus a few segments, not by the history.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from operator import is_
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from . import checkpoint
from . import framestore as fs
from .framestore import _read, _Segments, pack_ids
from .state import DomState, Frame
from .timeline import FULL_SNAPSHOT, META, MUTATION, apply_frame, iter_frames, touched_ids
from .tree import walk

if TYPE_CHECKING:
    from ..store.bundle import Bundle, OnError

_COLLECT_FLOOR = 1_000_000  # objects made before a collection is worth its walk


class _OutOfOrder(Exception):
    """A frame earlier than one already applied: the recording order is not the Replayer's."""


def _in_order(frames: Iterable[Frame]) -> Iterator[Frame]:
    """The frames as they come, as long as their timestamps never decrease: then the recording
    order is exactly the Replayer's stable sort and one pass over the segments is enough."""
    latest = float("-inf")
    for frame in frames:
        if frame.ts < latest:
            raise _OutOfOrder
        latest = frame.ts
        yield frame


def _keys(bundle: Bundle, note: OnError) -> tuple[list[Any], int]:
    """Pass 1 of the two-pass build: (ts, segment, index, type) of every DOM frame, sorted."""
    skipped = [0]
    frames = iter_frames(bundle.iter_segments(on_error=note), skipped)
    keys = [(f.ts, f.seg, f.idx, f.type) for f in frames]
    keys.sort(key=lambda k: k[0])  # stable, like `collect_frames`
    return keys, skipped[0]


def _work(frame: Frame, before: int, after: int) -> int:
    """What applying a frame cost, in node operations: its adds, removes, texts and attributes,
    plus the nodes the id map lost (a removed subtree, the old page under a FullSnapshot) and the
    nodes a FullSnapshot built. A mutation's adds each map at most one new node, so the id map
    lost what the adds do not explain (as `timeline.dropped_nodes` reads it)."""
    if frame.type == FULL_SNAPSHOT:
        return 1 + before + after
    if frame.source != MUTATION:
        return 1 + abs(after - before)
    data = frame.data
    adds = data.get("adds")
    added = len(adds) if isinstance(adds, list) else 0
    lists = (data.get(k) for k in ("removes", "texts", "attributes"))
    return 1 + added + sum(len(v) for v in lists if isinstance(v, list)) + max(0, before + added - after)


def _attached(state: DomState) -> set[int]:
    """The ids of the nodes connected to the document (`nodes.attached_index`'s keys)."""
    return {n.id for n in walk(state.doc) if n.id is not None} if state.doc is not None else set()


Progress = Callable[[int, int], None]


def _counted(
    segments: Iterator[tuple[int, list[Any]]], progress: Progress | None, total: int, done: int = 0
) -> Iterator[tuple[int, list[Any]]]:
    """The segments as they come, calling `progress(done, total)` after each one."""
    for pair in segments:
        yield pair
        done += 1
        if progress is not None:
            progress(min(done, total), total)


def build(
    bundle: Bundle, fingerprint: str, path: Path, on_error: OnError | None, progress: Progress | None = None
) -> Path:
    """Build the store into `path` (a staging directory renamed into place); returns it.
    `progress(done, total)` is called after each segment read (the two-pass fallback counts its
    second reading again from 0)."""
    from ..index.files import prepare_index_dir
    from ..store.fsutil import sync_tree, write_staged

    errors: list[tuple[int, str]] = []

    def note(position: int, message: str) -> None:
        if (position, message) in errors:
            return  # the same segment seen again by the two-pass fallback
        errors.append((position, message))
        if on_error is not None:
            on_error(position, message)

    # Never recreates a removed bundle (FileNotFoundError: the caller reads in memory instead).
    prepare_index_dir(Path(bundle.path), Path(bundle.index_dir))
    stage = Path(tempfile.mkdtemp(prefix=".dom-", dir=bundle.index_dir))
    try:
        with checkpoint.paused_gc():
            skipped = [0]
            try:  # one pass: frames applied as the segments are read (recordings are in order)
                total = len(bundle.positions())
                segments = _counted(bundle.iter_segments(on_error=note), progress, total)
                frames = _in_order(iter_frames(segments, skipped))
                built = _write_chunks(frames, stage, write_staged)
            except _OutOfOrder:  # two passes: the frame order first, then the frames again
                for leftover in stage.iterdir():
                    leftover.unlink()
                keys, skipped[0] = _keys(bundle, note)
                read = _Segments(bundle).frame
                built = _write_chunks((read(k[0], k[1], k[2]) for k in keys), stage, write_staged)
        stamps, kinds, chunks, checkpoints = built
        write_staged(stage / "stamps.bin", stamps.tobytes())
        manifest = {
            "format": fs.FORMAT,
            "fingerprint": fingerprint,
            "count": len(stamps),
            "skipped": skipped[0],
            "segmentErrors": errors,
            "metas": [i for i, k in enumerate(kinds) if k == META],
            "snapshots": [i for i, k in enumerate(kinds) if k == FULL_SNAPSHOT],
            "chunks": chunks,
            "checkpoints": checkpoints,
            "policy": list(fs.POLICY),
        }
        write_staged(stage / "manifest.json", orjson.dumps(manifest))
        sync_tree(stage)
        if path.exists() and _read(path, fingerprint, bundle) is None:
            shutil.rmtree(path, ignore_errors=True)  # stale or damaged: replaced as a whole
        try:
            os.replace(stage, path)
        except OSError:
            if _read(path, fingerprint, bundle) is None:  # another process published it: use theirs
                raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for old in bundle.index_dir.glob("dom-*-v*"):
        if old != path and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    (bundle.index_dir / "dom-frames.json").unlink(missing_ok=True)  # the format before chunks
    return path


def release_removed(state: DomState) -> None:
    """Free the subtrees the last frame removed, now, by cutting their children's parent links.

    Only in the store build, whose state nobody else holds: a removed subtree there is unreachable
    once nothing in the state names it (no id in the map, no input waiting for the flush, no shadow
    root or iframe document, which stay in the id map and point back to their host). Without the
    cut, parent and child (and siblings) reference each other and only a full collection frees
    them."""
    removed, state.removed = state.removed, []
    mirror, pending = state.mirror, state.pending
    for nodes, ids in removed or ():
        root = nodes[0]
        if root.parent is not None or root.host is not None:
            continue
        # Subtrees hosting a shadow root or an iframe document were left out (`forget`). The
        # checks as C loops (`map`): they see every removed node, 2.3M on the hour-long replay;
        # by the ids `forget` read and by identity, so no node is read again here (each read of
        # 100k scattered nodes is a cache miss apiece).
        if (pending and any(map(pending.__contains__, nodes))) or any(map(is_, map(mirror.get, ids), nodes)):
            continue
        for node in nodes:
            node.parent = node.prev = None  # `next`, `first`, `children`: down links only


class _Collector:
    """Cycles freed during the build although the collector is paused for speed.

    Nodes reference their parent and children, so a removed subtree (a re-rendered 20,000-row
    table) is a cycle that only a collection frees: with none, memory grows with the history
    (1.7 GB on the hour-long derived replay). A full collection costs the number of objects alive,
    so one runs only once the objects made since the last one outnumber those alive then (and a
    floor): the collections' total work stays linear in the objects made, and memory within about
    twice the largest state plus the segments in hand."""

    def __init__(self) -> None:
        self.floor = _COLLECT_FLOOR

    def tick(self) -> None:
        if gc.get_count()[0] >= self.floor:
            gc.collect()
            self.floor = max(_COLLECT_FLOOR, 2 * len(gc.get_objects()))


def _write_chunks(
    frames: Iterable[Frame], stage: Path, write: Callable[[Path, bytes], None]
) -> tuple[array[float], list[int], list[list[int]], list[list[int]]]:
    """Apply every frame once, closing chunks by work and writing checkpoints; returns every
    frame's timestamp and type, the chunks and the checkpoints."""
    state = DomState(removed=[])
    start = 0
    stamps: array[float] = array("d")
    kinds: list[int] = []
    chunks: list[list[int]] = []
    checkpoints: list[list[int]] = []
    rows: list[int] = []
    touched: set[int] = set()
    first = cost = origin = 0
    render = False
    last = 0.0
    collector = _Collector()

    def close(end: int) -> None:
        number = len(chunks)
        write(stage / f"chunk-{number}.bin", array("q", rows).tobytes())
        write(stage / f"touch-{number}.zz", pack_ids(touched))
        chunks.append([first, end - first])

    for j, frame in enumerate(frames):
        kind = frame.type
        size = fs.RATIO * len(state.mirror)  # what reading a checkpoint here would cost
        excess = cost - fs.RATIO * max(0, len(state.mirror) - origin)
        if rows and (
            excess >= max(fs.BUDGET, size)
            or (last >= fs.HEAVY and last >= size)
            or (render and frame.seg != rows[-2])
            or len(rows) >= 2 * fs.MAX_FRAMES
        ):
            close(j)
            rows, first, cost, origin, render = [], j, 0, len(state.mirror), False
            touched = set()
            if kind != META:
                number = len(chunks)
                write(stage / f"state-{number}.zz", checkpoint.encode(state))
                write(stage / f"ids-{number}.zz", pack_ids(_attached(state)))
                checkpoints.append([number, start])
        if kind == META:
            state, start, origin = DomState(removed=[]), j, 0
        before, aborted = len(state.mirror), len(state.report.aborted)
        state.named = touched  # the adds' ids, gathered while they are applied
        apply_frame(state, frame)
        # The rest of what the frame names; all of it when the mutation stopped before its adds.
        touched |= touched_ids(frame, adds=len(state.report.aborted) != aborted)
        if state.removed:
            release_removed(state)
        after = len(state.mirror)
        work = _work(frame, before, after)
        cost += work
        last = work - fs.RATIO * max(0, after - before)  # the frame's own excess
        if fs.SPACING >= 3 and after - before >= fs.HEAVY and after - before >= fs.RENDER_SHARE * after:
            render = True  # a checkpoint once its segment (parsed by any reader of it) is over
        collector.tick()
        rows += (frame.seg, frame.idx)
        stamps.append(frame.ts)
        kinds.append(kind)
    if rows or not chunks:
        close(len(stamps))
    return stamps, kinds, chunks, checkpoints
