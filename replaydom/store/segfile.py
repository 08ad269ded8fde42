"""A segment file: gzip of the segment's compact JSON, named by its position, and its manifest entry.

The entry records the size and sha256 of the uncompressed JSON, so damage is found on read whatever
the compression; the file bytes are a pure function of the content (gzip mtime 0). `SegmentBatch`
writes the segments of one fetched page as a group (`fsutil.AtomicBatch`).
"""

from __future__ import annotations

import gzip
import hashlib
from typing import TYPE_CHECKING, Any

from .. import jsonlenient
from ..errors import DataError
from .bundleio import clear_squatter
from .fsutil import AtomicBatch

if TYPE_CHECKING:  # the bundle uses this module; a batch only needs its paths and guard
    from .bundle import Bundle

SEGMENT_DIGITS = 5
# gzip level of segment files. Level 1 deflates rrweb JSON 2-3x faster than the default 6 for files
# 13-19% larger (measured on the shared recordings and the hour-long derived replay: 22.9 MB
# instead of 19.3 MB for 241.5 MB of JSON, 0.6 s of CPU instead of 1.6 s); reading is as fast.
SEGMENT_GZIP_LEVEL = 1


def dumps_compact(obj: Any) -> bytes:
    """Compact UTF-8 JSON, the form whose size and sha256 the manifest records (any depth, any
    integer: `jsonlenient.dumps`)."""
    return jsonlenient.dumps(obj)


def segment_file(position: int) -> str:
    return f"segments/{position:0{SEGMENT_DIGITS}d}.json.gz"


def encode_segment(position: int, events: list[Any]) -> tuple[bytes, dict[str, Any]]:
    """A segment's file bytes (gzip of its compact JSON) and its manifest entry."""
    return encode_raw(position, dumps_compact(events), len(events))


def encode_raw(position: int, raw: bytes, events: int) -> tuple[bytes, dict[str, Any]]:
    """The file bytes and manifest entry of a segment already serialized (`dumps_compact`)."""
    # mtime=0 keeps the file bytes a pure function of the content.
    data = gzip.compress(raw, compresslevel=SEGMENT_GZIP_LEVEL, mtime=0)
    entry = {
        "position": position,
        "file": segment_file(position),
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "events": events,
    }
    return data, entry


def parse_segment(position: int, raw: bytes, sha256: Any) -> list[Any]:
    """The events of a segment's uncompressed bytes, checked against the sha256 its manifest entry
    recorded (when it recorded one); `DataError` when tampered or not a JSON list."""
    if sha256 and hashlib.sha256(raw).hexdigest() != sha256:
        raise DataError(f"segment {position}: checksum mismatch (`replaydom fetch` repairs it)")
    try:
        events = jsonlenient.loads(raw)  # orjson, or any depth when orjson's limit is passed
    except ValueError:
        raise DataError(f"segment {position}: not JSON") from None
    if not isinstance(events, list):
        raise DataError(f"segment {position}: not a list of events")
    return events


class SegmentBatch:
    """Segments of one bundle stored as a group (`fsutil.AtomicBatch`): one page of a fetch costs
    about one journal commit and one directory fsync instead of two fsyncs per segment.

    `add` encodes a segment and writes its temp file; `commit` puts every added segment in place,
    durable, and returns their manifest entries (to be recorded only then). A bundle removed
    meanwhile raises `BundleGone`; nothing is recreated.
    """

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self._files = AtomicBatch()
        self._pending: dict[int, dict[str, Any]] = {}

    def add(self, position: int, events: list[Any]) -> dict[str, Any]:
        """Encode and stage one segment; return its entry (in place only after `commit`)."""
        data, entry = encode_segment(position, events)
        path = self.bundle.segment_path(position)
        with self.bundle.guard():
            clear_squatter(path)
            self._files.add(path, data)
        self._pending[position] = entry
        return entry

    def commit(self) -> dict[int, dict[str, Any]]:
        """Put every added segment in place (durable); their entries by position."""
        pending, self._pending = self._pending, {}
        with self.bundle.guard():
            self._files.commit()
        return pending

    def discard(self) -> None:
        self._pending = {}
        self._files.discard()
