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


# -- validation -------------------------------------------------------------------------------------

MAX_POSITION = 10_000_000  # far above any replay (a 60-minute replay has a few thousand segments)
_HEX = b"0123456789abcdef"


def _is_int(value: Any, *, lo: int = 0, hi: int = MAX_POSITION) -> bool:
    return type(value) is int and lo <= value <= hi


def _opt(check: Any) -> Any:
    return lambda v: v is None or check(v)


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _ints_ok(values: list[Any], hi: int) -> bool:
    # set(map(type, ...)) runs in C: a generator per element costs ten times more
    return set(map(type, values)) <= {int} and (not values or (min(values) >= 0 and max(values) <= hi))


def _segments_ok(v: Any) -> bool:
    """Every entry `{position, sha256?, size?, events?}` well typed; column by column, because a
    fetch re-reads the manifest after every page (13k entries per-entry would cost ~100 ms)."""
    if not isinstance(v, list) or not set(map(type, v)) <= {dict}:
        return False
    if not _ints_ok([e.get("position") for e in v], MAX_POSITION):
        return False
    if not _ints_ok([e.get("size", 0) for e in v] + [e.get("events", 0) for e in v], 2**62):
        return False
    shas = [e.get("sha256") for e in v]
    present = [h for h in shas if h is not None]
    if not set(map(type, present)) <= {str}:
        return False
    # all hex: nothing left once the hex digits are deleted (one C-speed pass)
    return not "".join(present).encode("ascii", "replace").translate(None, _HEX)


def _history_ok(v: Any) -> bool:
    return isinstance(v, list) and all(
        isinstance(h, dict) and _str(h.get("at")) and _is_int(h.get("count"), hi=2**62) for h in v
    )


def _related_ok(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(r, dict) and _str(r.get("file", "")) for r in v.values())


# key -> check; a key that is absent is fine (older manifests, other modules' keys)
_CHECKS: dict[str, Any] = {
    "format": lambda v: type(v) is int,
    "replayId": _str,
    "identity": _str,
    "org": _str,
    "project": _str,
    "host": _opt(_str),
    "source": _str,
    "createdAt": _opt(_str),
    "fetchedAt": _opt(_str),
    "startedAt": _opt(_str),
    "platform": _opt(_str),
    "expectedSegments": _opt(lambda v: _is_int(v, hi=2**62)),
    "storedSegments": lambda v: _is_int(v, hi=2**62),
    "receivedEnd": _is_int,
    "complete": _bool,
    "nextPending": _bool,
    "live": _bool,
    "countHistory": _history_ok,
    "segments": _segments_ok,
    "segmentIds": _opt(lambda v: isinstance(v, dict) and all(type(i) is int for i in v.values())),
    "related": _related_ok,
    "derived": lambda v: isinstance(v, list) and all(map(_str, v)),
    "warnings": lambda v: isinstance(v, list) and all(map(_str, v)),
    "metadata": _opt(lambda v: isinstance(v, dict) and _opt(_str)(v.get("sha256"))),
}


def manifest_problem(manifest: Mapping[str, Any]) -> str | None:
    """The first field whose type is wrong (`"receivedEnd is not a valid integer"`), or None.

    Every reader trusts these types, so a manifest that breaks them is damaged as a whole
    (`DataError`, exit 6) rather than a traceback somewhere downstream.
    """
    for key, check in _CHECKS.items():
        if key in manifest and not check(manifest[key]):
            return f"field {key!r} has a wrong type or value"
    return None
