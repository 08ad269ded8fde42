"""Random mutations of real frames never crash the normalizer, and its output stays valid."""

from __future__ import annotations

import copy
import math
from functools import cache
from typing import Any

from conftest import SCENARIOS, load_segments
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replaydom.frames.normalize import normalize
from replaydom.model import Event

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from([0, -1, 1795470016402, 1795470016.402, "[Filtered]", "*****", "", 2, 3, 5]),
)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@cache
def real_frames() -> tuple[Any, ...]:
    # one frame of every distinct shape (type/source/tag/category/op) across the recordings
    seen: dict[tuple[Any, ...], Any] = {}
    for scenario in SCENARIOS:
        for seg in load_segments(scenario):
            for frame in seg:
                data = frame.get("data", {})
                payload = data.get("payload") if isinstance(data.get("payload"), dict) else {}
                key = (
                    frame.get("type"),
                    data.get("source"),
                    data.get("type"),
                    data.get("tag"),
                    payload.get("category"),
                    payload.get("op"),
                )
                seen.setdefault(key, frame)
    return tuple(seen.values())


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in list(obj.items())[:30]:
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:5]):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_frame(draw: st.DrawFn) -> Any:
    frame = copy.deepcopy(draw(st.sampled_from(real_frames())))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(frame)
        path = draw(st.sampled_from(paths))
        if not path:
            return draw(JSON)
        parent = frame
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(JSON)
    return frame


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(mutated_frame(), max_size=6), min_size=1, max_size=3),
    st.one_of(st.none(), st.dictionaries(st.sampled_from(["started_at", "finished_at"]), JSON)),
    st.lists(st.one_of(JSON, st.fixed_dictionaries({"id": JSON, "title": JSON, "timestamp": JSON}))),
)
def test_mutated_frames_never_crash_and_output_stays_valid(
    segments: list[list[Any]], details: Any, errors: list[Any]
) -> None:
    res = normalize(enumerate(segments), replay_id="r", details=details, errors=errors)  # type: ignore[arg-type]
    assert math.isfinite(res.start_ms) and math.isfinite(res.end_ms)
    frames = sum(len(s) for s in segments)
    assert len([e for e in res.events if e["source"] == "recording"]) <= frames
    for ev in res.events:
        Event.model_validate(ev)


@settings(max_examples=50, deadline=None)
@given(st.lists(JSON, max_size=5))
def test_segments_of_garbage_are_skipped(segments: list[Any]) -> None:
    res = normalize(enumerate(segments), replay_id="r", details=None, errors=[])
    assert res.segment_count == len(segments)
