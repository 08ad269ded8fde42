"""A per-bundle cache of the DOM frames, so a one-shot `dom --at` reads one file, not every segment.

`<bundle>/index/dom-frames.json` holds the DOM-relevant rrweb frames in the Replayer's order (what
`timeline.collect_frames` keeps), the skipped count and the segment errors met while reading, keyed
by the bundle's fingerprint and `FORMAT`: any re-fetch or format change makes it stale, and a stale
or unreadable cache is simply rebuilt. Written atomically (0600) like every cache file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from ..store.fsutil import private_dir, write_bytes
from .state import Frame
from .timeline import collect_frames

if TYPE_CHECKING:
    from ..store.bundle import Bundle, OnError

FORMAT = 1
NAME = "dom-frames.json"


def _read(bundle: Bundle, fingerprint: str) -> tuple[list[Frame], int, list[Any]] | None:
    try:
        blob = orjson.loads((bundle.index_dir / NAME).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(blob, dict) or blob.get("format") != FORMAT or blob.get("fingerprint") != fingerprint:
        return None
    try:
        frames = [
            Frame(float(ts), int(seg), int(idx), int(kind), data)
            for ts, seg, idx, kind, data in blob["frames"]
        ]
        return frames, int(blob["skipped"]), list(blob["segmentErrors"])
    except (KeyError, TypeError, ValueError):
        return None


def load_frames(bundle: Bundle, on_error: OnError | None = None) -> tuple[list[Frame], int]:
    """The bundle's DOM frames and how many malformed frames were skipped (segment errors are
    reported through `on_error` whether they come from the cache or a fresh read)."""
    fingerprint = bundle.fingerprint()
    cached = None if bundle.temporary else _read(bundle, fingerprint)
    if cached is not None:
        frames, skipped, stored = cached
        for position, message in stored:
            if on_error is not None:
                on_error(int(position), str(message))
        return frames, skipped
    errors: list[tuple[int, str]] = []

    def note(position: int, message: str) -> None:
        errors.append((position, message))
        if on_error is not None:
            on_error(position, message)

    frames, skipped = collect_frames(bundle.iter_segments(on_error=note))
    if not bundle.temporary:
        _write(bundle, fingerprint, frames, skipped, errors)
    return frames, skipped


def _write(
    bundle: Bundle, fingerprint: str, frames: list[Frame], skipped: int, errors: list[tuple[int, str]]
) -> None:
    blob = {
        "format": FORMAT,
        "fingerprint": fingerprint,
        "skipped": skipped,
        "segmentErrors": errors,
        "frames": [[f.ts, f.seg, f.idx, f.type, f.data] for f in frames],
    }
    try:
        private_dir(bundle.index_dir)
        write_bytes(bundle.index_dir / NAME, orjson.dumps(blob))
    except (OSError, TypeError, orjson.JSONEncodeError):
        pass  # a cache that cannot be written is only slower next time
