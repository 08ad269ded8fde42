"""The bundle manifest: what is stored, and whether the replay can still change.

`manifest.json` (format 1) keys written by the store:
`format`, `replayId`, `identity`, `org`, `project`, `host`, `source` ("sentry" | "import"),
`createdAt`, `fetchedAt`, `startedAt`, `platform`, `expectedSegments` (count_segments, a hint),
`storedSegments`, `receivedEnd` (one past the highest position the server ever returned),
`complete` (every expected segment stored and no next page remains), `nextPending`, `live`,
`countHistory` (`[{at, count}]`, the last two full fetches), `segments`
(`[{position, file, size, sha256, events}]`, size and sha256 of the uncompressed JSON),
`segmentIds` (`{"<position>": segment_id}` when `replay_event` data covers every segment, e.g. an
imported folder's `replay_events.json`, else null), `related` (`{name: {file, count, fetchedAt}}`),
`derived` (metadata fields derived from the events, for imports), `warnings`. Other modules may add
their own keys; `Bundle.update_manifest` keeps keys it does not know.

A replay is *finished* (immutable; a fetch makes no segment requests without `--force`) when it
started more than 65 minutes before "now", or when the last two full fetches saw the same segment
count and the last one is more than 15 minutes old. Imports are always finished.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..timefmt import iso_ms, parse_iso_ms

FORMAT = 1
LIVE_WINDOW_MS = 65 * 60_000  # SDK cap of 60 min + slack
IDLE_MS = 15 * 60_000  # SDK session expiry after 15 min idle
SOURCE_SENTRY = "sentry"
SOURCE_IMPORT = "import"


def new_manifest(
    *, replay_id: str, identity: str, org: str, project: str, host: str | None, source: str, now_ms: float
) -> dict[str, Any]:
    """An empty manifest in the canonical key order."""
    now = iso_ms(now_ms)
    return {
        "format": FORMAT,
        "replayId": replay_id,
        "identity": identity,
        "org": org,
        "project": project,
        "host": host,
        "source": source,
        "createdAt": now,
        "fetchedAt": now,
        "startedAt": None,
        "platform": None,
        "expectedSegments": None,
        "storedSegments": 0,
        "receivedEnd": 0,
        "complete": False,
        "nextPending": True,
        "live": source == SOURCE_SENTRY,
        "countHistory": [],
        "segments": [],
        "segmentIds": None,
        "related": {},
        "derived": [],
        "warnings": [],
    }


def is_finished(manifest: Mapping[str, Any], now_ms: float) -> bool:
    """True when the replay can no longer change (see the module docstring)."""
    if manifest.get("source") == SOURCE_IMPORT:
        return True
    start = parse_iso_ms(manifest.get("startedAt"))
    if start is not None and now_ms - start > LIVE_WINDOW_MS:
        return True
    hist = [h for h in manifest.get("countHistory") or [] if isinstance(h, dict)]
    if len(hist) >= 2 and hist[-1].get("count") == hist[-2].get("count"):
        last = parse_iso_ms(hist[-1].get("at"))
        return last is not None and now_ms - last > IDLE_MS
    return False


def push_count(history: list[dict[str, Any]], count: int, now_ms: float) -> list[dict[str, Any]]:
    """The last two `{at, count}` observations after this one."""
    return [*history, {"at": iso_ms(now_ms), "count": count}][-2:]


def contiguous_end(positions: set[int]) -> int:
    """Length of the run 0, 1, 2, ... present in `positions`."""
    n = 0
    while n in positions:
        n += 1
    return n


def completeness(positions: set[int], expected: int | None, next_pending: bool) -> bool:
    """Every expected segment stored, no gap below the highest one, and no next page left."""
    end = max(expected or 0, max(positions, default=-1) + 1)
    return not next_pending and contiguous_end(positions) >= end
