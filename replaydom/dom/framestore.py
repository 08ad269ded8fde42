"""The on-disk DOM store of a bundle: frames in chunks, a checkpointed state at every chunk start.

Layout, `<bundle>/index/dom-<fingerprint>-v<FORMAT>/` (a directory per bundle fingerprint and
format, so a re-fetch or a new format is a new directory and a stale one is never read):

- `manifest.json`: frame count, skipped frames, segment errors, the frame indices of every Meta and
  FullSnapshot, the chunks (`[first frame, count]`) and which chunk starts carry a checkpoint;
- `stamps.bin`: every frame's timestamp (float64), for `bisect` without loading frames;
- `chunk-N.bin`: where the chunk's frames are: `(segment, frame index)` pairs (int64). Frames are
  read from the bundle's own segment files (a few segments cached), so the store never holds a
  second copy of the recording: its size is the checkpoints;
- `state-N.zz`: the checkpoint at the start of chunk N (`checkpoint.encode`): the state after the
  frames from the page's Meta up to that chunk, before the final flush;
- `ids-N.zz`: the rrweb ids attached to the document at that checkpoint and `touch-N.zz` the ids
  the chunk's frames name (adds, removes, texts, attributes, inputs, scrolls, snapshot nodes),
  both sorted and delta-encoded, which let `dom --history` skip chunks that cannot touch a node.

Spacing: reading a checkpoint of S nodes costs about what applying S adds does (measured on the
hour-long derived replay: 0.17 s to decode a 100k-node state, 0.13 s to apply the 100k adds that
built it, 0.10 s more to parse their segment; 0.24 s to encode it), so a checkpoint pays off only
where replaying up to it costs more than reading it. The nodes a chunk's frames added to the state
are paid for by any reader (it builds them either way, by decoding or by applying), so what counts
is the chunk's *excess*: its work (adds, removes, texts, attributes, plus the nodes the id map lost,
and the nodes a FullSnapshot built) minus the state's growth since the chunk started. A chunk
closes, and the next one starts with a checkpoint, once that excess reaches both `BUDGET` and the
state's size (`RATIO` times its id map); right after a single frame whose own excess is `HEAVY` or
more and at least the state it left (a removed 20,000-row table: the small state after it is
checkpointed at once, and `dom --history` jumps to it instead of re-applying the removal); or after
`MAX_FRAMES` frames.
With `SPACING` 3 (not the default), a frame that built most of the state (a render that added
`HEAVY` nodes or more, at least `RENDER_SHARE` of the state it left) also closes the chunk at the
first frame of the next segment. Measured on the hour-long derived replay, that is not worth it:
reading such a checkpoint back (0.17 s for a 100k-node table) saves only ~0.07 s against parsing
the render's segment and re-applying its 100k adds (0.10 s + 0.13 s), while writing it (0.24 s,
plus the attached-id walk) doubles the store build (1.9x the normalize time -> 4x).

Bounds: every checkpoint of S nodes was paid for by at least S operations of excess (or, with
`SPACING` 3, by a render of at least S/2 adds), so writing them costs at most about the applying;
`dom --at T` decodes one state and applies at most its growth plus `max(BUDGET, S)` operations
(about twice the work of building the answer, which it then serializes anyway). No checkpoint is
written where a Meta starts the next chunk (the state before a new page is never a starting point).

When: built lazily by the first `dom` command on a bundle (import and fetch stay as fast as before),
by `storebuild` (one pass over the segments, removed subtrees freed at once).
"""

from __future__ import annotations

import bisect
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, chain
from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import orjson

from ..errors import DataError
from . import checkpoint
from .state import DomState, Frame

if TYPE_CHECKING:
    from ..store.bundle import Bundle, OnError

FORMAT = 100 + checkpoint.VERSION
BUDGET = 25_000
HEAVY = 5_000
MAX_FRAMES = 5_000
RATIO = 1.0
RENDER_SHARE = 0.5
# 2: by excess work over the state's size (3: also right after a render: a store build about twice
# as long, `dom --at` after a render about 0.07 s faster; 1: by work alone)
SPACING = 2
POLICY = (BUDGET, HEAVY, MAX_FRAMES, RATIO, SPACING)  # a store cut with other spacing is rebuilt
_CACHED_CHUNKS = 3
_CACHED_SEGMENTS = 8


def pack_ids(ids: set[int] | list[int]) -> bytes:
    """Sorted ids as zlib-compressed deltas (consecutive fresh ids compress to almost nothing)."""
    ordered = sorted(ids)
    ordered = ordered[bisect.bisect_left(ordered, 0) : bisect.bisect_left(ordered, 2**62)]
    deltas = array("q", map(sub, ordered, chain((0,), ordered)))
    return zlib.compress(deltas.tobytes(), 6)


def unpack_ids(raw: bytes) -> array[int]:
    deltas = array("q")
    deltas.frombytes(zlib.decompress(raw))
    return array("q", accumulate(deltas))  # the running sum, in C (a Python loop: 10 ms per 100k)


def contains(ids: array[int], key: int) -> bool:
    pos = bisect.bisect_left(ids, key)
    return pos < len(ids) and ids[pos] == key


def packed_contains(raw: bytes, key: int, block: int = 4096) -> bool:
    """`contains(unpack_ids(raw), key)` without building the running sum of every delta: block
    sums (in C) find the one block that can hold `key`, only that block is summed up (a page's
    100k ids: 0.6 ms instead of 5)."""
    deltas = array("q")
    deltas.frombytes(zlib.decompress(raw))
    total = 0
    for begin in range(0, len(deltas), block):
        part = deltas[begin : begin + block]
        end = total + sum(part)
        if end >= key:
            return contains(array("q", accumulate(part, initial=total))[1:], key)
        total = end
    return False


class Store:
    """A built store: manifest, stamps, lazily loaded chunks and checkpoints."""

    def __init__(self, path: Path, manifest: dict[str, Any], bundle: Bundle) -> None:
        self.path = path
        self.segments = _Segments(bundle)
        self.manifest = manifest
        raw = (path / "stamps.bin").read_bytes()
        stamps = array("d")
        stamps.frombytes(raw)
        if len(stamps) != manifest["count"]:
            raise ValueError("stamps do not match the manifest")
        self.stamps = stamps
        self.chunks: list[tuple[int, int]] = [(int(a), int(b)) for a, b in manifest["chunks"]]
        self.firsts = [first for first, _ in self.chunks]
        self.checkpoints: dict[int, int] = {int(c): int(s) for c, s in manifest["checkpoints"]}
        self._cache: OrderedDict[int, list[Frame]] = OrderedDict()
        self._pairs: dict[int, array[int]] = {}

    def pointers(self, number: int) -> array[int]:
        """The chunk's `(segment, frame index)` pairs, flat."""
        cached = self._pairs.get(number)
        if cached is None:
            cached = array("q")
            cached.frombytes((self.path / f"chunk-{number}.bin").read_bytes())
            if len(cached) != 2 * self.chunks[number][1]:
                raise DataError(f"DOM store chunk {number} is damaged: `replaydom cache clear` this replay")
            self._pairs[number] = cached
        return cached

    def _frames_of(self, number: int, lo: int, hi: int) -> list[Frame]:
        """Frames `lo`..`hi` (relative) of one chunk, reading only the segments they are in."""
        pairs, first = self.pointers(number), self.chunks[number][0]
        stamps, read = self.stamps, self.segments.frame
        return [read(stamps[first + k], pairs[2 * k], pairs[2 * k + 1]) for k in range(lo, hi)]

    def chunk(self, number: int) -> list[Frame]:
        count = self.chunks[number][1]
        cached = self._cache.get(number)
        if cached is not None and len(cached) == count:
            self._cache.move_to_end(number)
            return cached
        return self._remember(number, self._frames_of(number, 0, count))

    def _remember(self, number: int, frames: list[Frame]) -> list[Frame]:
        """Keep the frames of a chunk read from its start (all of them, or the prefix up to an
        instant): a walk that ends at B and the `state_at(B)` read from the checkpoint at that
        chunk's start then parse its segments once (`dom --diff` reads both)."""
        self._cache[number] = frames
        self._cache.move_to_end(number)
        while len(self._cache) > _CACHED_CHUNKS:
            self._cache.popitem(last=False)
        return frames

    def chunk_of(self, index: int) -> int:
        return bisect.bisect_right(self.firsts, index) - 1

    def frames(self, start: int, stop: int) -> list[Frame]:
        out: list[Frame] = []
        if start >= stop:
            return out
        number = self.chunk_of(start)
        while number < len(self.chunks) and self.chunks[number][0] < stop:
            first, count = self.chunks[number]
            lo, hi = max(0, start - first), min(count, stop - first)
            cached = self._cache.get(number)
            if cached is not None and hi <= len(cached):
                self._cache.move_to_end(number)
                out.extend(cached[lo:hi])
            elif lo == 0:  # the chunk, or its frames from the checkpoint up to an instant
                frames = self._frames_of(number, 0, hi) if hi < count else self.chunk(number)
                out.extend(self._remember(number, frames) if hi < count else frames)
            else:  # the end of a chunk (a walk from A): only the segments its frames are in
                out.extend(self._frames_of(number, lo, hi))
            number += 1
        return out

    def best_checkpoint(self, start: int, end: int) -> int | None:
        """The last chunk whose checkpoint belongs to the page started at frame `start` and whose
        first frame is at or before `end`."""
        number = bisect.bisect_right(self.firsts, end) - 1
        while number > 0 and self.firsts[number] > start:
            if self.checkpoints.get(number) == start:
                return number
            number -= 1
        return None

    def state(self, number: int, target_ms: float) -> DomState | None:
        try:
            raw = (self.path / f"state-{number}.zz").read_bytes()
        except OSError:
            return None
        return checkpoint.decode(raw, target_ms)

    def attached_ids(self, number: int) -> array[int]:
        return unpack_ids((self.path / f"ids-{number}.zz").read_bytes())

    def touched_ids(self, number: int) -> array[int]:
        return unpack_ids((self.path / f"touch-{number}.zz").read_bytes())

    def is_attached(self, number: int, key: int) -> bool:
        """`key in attached_ids(number)`, without unpacking them all."""
        return packed_contains((self.path / f"ids-{number}.zz").read_bytes(), key)

    def is_touched(self, number: int, key: int) -> bool:
        return packed_contains((self.path / f"touch-{number}.zz").read_bytes(), key)


class LazyFrames(Sequence[Frame]):
    """The frames of a store as a sequence; slices load only the chunks they cover."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __len__(self) -> int:
        return len(self.store.stamps)

    @overload
    def __getitem__(self, index: int) -> Frame: ...

    @overload
    def __getitem__(self, index: slice) -> list[Frame]: ...

    def __getitem__(self, index: int | slice) -> Frame | list[Frame]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return self.store.frames(start, stop)
            return [self[i] for i in range(start, stop, step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("frame index out of range")
        number = self.store.chunk_of(index)
        return self.store.chunk(number)[index - self.store.chunks[number][0]]

    def __iter__(self) -> Iterator[Frame]:
        for number in range(len(self.store.chunks)):
            yield from self.store.chunk(number)


def store_dir(bundle: Bundle, fingerprint: str) -> Path:
    return bundle.index_dir / f"dom-{fingerprint}-v{FORMAT}"


def current_store(bundle: Bundle) -> Store | None:
    """The bundle's store when it is built and current (its fingerprint, format and spacing), else
    None: never builds one (`open_store` does)."""
    fingerprint = bundle.fingerprint()
    return _read(store_dir(bundle, fingerprint), fingerprint, bundle)


def open_store(
    bundle: Bundle, on_error: OnError | None = None, progress: Callable[[int, int], None] | None = None
) -> Store:
    """The bundle's store, built first when missing, stale or damaged (`progress(done, total)`
    after each segment the build reads)."""
    fingerprint = bundle.fingerprint()
    path = store_dir(bundle, fingerprint)
    store = _read(path, fingerprint, bundle)
    if store is None:
        from .storebuild import build

        path = build(bundle, fingerprint, path, on_error, progress)
        store = _read(path, fingerprint, bundle)
        if store is None:
            raise OSError(f"the DOM store in {path} cannot be read back")
    elif on_error is not None:
        for position, message in store.manifest["segmentErrors"]:
            on_error(int(position), str(message))
    return store


def _read(path: Path, fingerprint: str, bundle: Bundle) -> Store | None:
    try:
        manifest = orjson.loads((path / "manifest.json").read_bytes())
        if (
            manifest.get("format") != FORMAT
            or manifest.get("fingerprint") != fingerprint
            or manifest.get("policy") != list(POLICY)
        ):
            return None
        return Store(path, manifest, bundle)
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None


class _Segments:
    """Segments read again for pass 2, a few at a time (frames are nearly in segment order)."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.cache: OrderedDict[int, list[Any]] = OrderedDict()

    def frame(self, ts: float, seg: int, idx: int) -> Frame:
        events = self.cache.get(seg)
        if events is None:
            events = self.bundle.read_segment(seg)
            self.cache[seg] = events
            while len(self.cache) > _CACHED_SEGMENTS:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(seg)
        try:
            event = events[idx]
            return Frame(ts, seg, idx, int(event["type"]), event["data"])
        except (IndexError, KeyError, TypeError, ValueError):
            raise DataError(f"segment {seg} changed since the DOM store was built") from None
