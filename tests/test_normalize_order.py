"""Stream order: (time, segmentId, frameIndex), whatever order the segments arrive in."""

from __future__ import annotations

from typing import Any

from replaydom.frames.normalize import normalize

T = 1_795_470_016_402


def _load(ts: int) -> dict[str, Any]:
    return {"type": 1, "timestamp": ts, "data": {}}


def _pointers(segments: list[tuple[int, list[Any]]]) -> list[tuple[int, int]]:
    events = normalize(segments, replay_id="r" * 32).events
    return [(ev["segmentId"], ev["frameIndex"]) for ev in events]


def test_ties_in_time_follow_segment_then_frame() -> None:
    segments = [(0, [_load(T + 5), _load(T)]), (1, [_load(T), _load(T + 5)]), (2, [_load(T)])]
    expected = [(0, 1), (1, 0), (2, 0), (0, 0), (1, 1)]
    assert _pointers(segments) == expected
    # segments out of position order (a caller's choice): the same order comes out
    assert _pointers(list(reversed(segments))) == expected
    assert _pointers([segments[1], segments[0], segments[2]]) == expected
