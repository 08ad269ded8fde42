"""Malformed frames never crash the reconstruction: every view still answers, and says what it skipped.

The inputs are real frames with one part replaced by a wrong value (a property test picks the part
and the value), as a corrupted or hostile bundle could hold.
"""

from __future__ import annotations

import copy
from typing import Any

from conftest import load_segments
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replaydom.dom.at import ViewOptions, dom_at
from replaydom.dom.canonical import canonical
from replaydom.dom.diff import dom_diff
from replaydom.dom.fidelity import fidelity
from replaydom.dom.history import node_history
from replaydom.dom.inspect import KINDS, dom_events
from replaydom.dom.rangepage import dom_events_page
from replaydom.dom.source import source_from_segments
from replaydom.errors import NotFoundError, UsageError
from replaydom.frames.normalize import normalize

FIRST_PAGE = [seg for seg in load_segments("checkout-failure")[:2]]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 300) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:4]):
            out += _paths(item, (*prefix, index))
    return out


def _replace(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return root


def _everything(segments: list[list[Any]]) -> None:
    source = source_from_segments(enumerate(segments), 0.0, replay_id="fuzz")
    last = (source.timeline.last_ms or 0) + 1
    state = source.timeline.state_at(last)
    canonical(state.doc)
    fidelity(state, 0.0)
    try:
        dom_at(source, last, ViewOptions(whole=True))
        dom_at(source, last, ViewOptions(lens="interactive"))
    except NotFoundError:
        assert state.doc is None
    except UsageError:
        assert last >= 253_402_300_800_000  # an instant past year 9999 cannot be shown
    first = source.timeline.first_ms or 0
    dom_diff(source, first, last)
    dom_events(source, [], first, last, frozenset(KINDS))
    # One page equals the slice of the whole listing, with the normalized events of the same frames
    # (frame kinds, burst counts and typing runs read from them) or without any.
    events = normalize(enumerate(segments), replay_id="fuzz", details=None, errors=[]).events
    for known in (events, []):
        full = dom_events(source, known, first, last, frozenset(KINDS))
        middle = len(full) // 2
        page = dom_events_page(source, known, first, last, frozenset(KINDS), offset=middle, limit=4)
        assert page == (full[middle : middle + 4], len(full))
    node_history(source, 12, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), JSON)
def test_any_part_of_a_frame_may_be_wrong(data: st.DataObject, value: Any) -> None:
    segments = copy.deepcopy(FIRST_PAGE)
    frames = [
        (s, i) for s, seg in enumerate(segments) for i, f in enumerate(seg) if f.get("type") in (2, 3, 4)
    ]
    seg, idx = data.draw(st.sampled_from(frames))
    path = data.draw(st.sampled_from(_paths(segments[seg][idx])))
    segments[seg][idx] = _replace(segments[seg][idx], path, value)
    _everything(segments)


def test_known_bad_shapes_are_skipped_and_counted() -> None:
    segments = copy.deepcopy(FIRST_PAGE)
    mutation = next(f for seg in segments for f in seg if f.get("type") == 3 and f["data"]["source"] == 0)
    base = mutation["timestamp"]
    segments[1] += [
        {
            **copy.deepcopy(mutation),
            "timestamp": base + 1,
            "data": {"source": 0, "adds": "nope", "removes": [7, None], "texts": {}, "attributes": [[1]]},
        },
        {
            **copy.deepcopy(mutation),
            "timestamp": base + 2,
            "data": {
                "source": 0,
                "adds": [{"parentId": [1], "node": {"type": 2}}, {"parentId": 12}],
                "removes": [{"id": {"x": 1}}],
                "texts": [{"id": 1, "value": 5}],
                "attributes": [
                    {
                        "id": 11,
                        "attributes": {"style": {"color": ["red", "important"]}, "data-n": 3, "title": [1]},
                    }
                ],
            },
        },
        {**copy.deepcopy(mutation), "timestamp": base + 3, "data": {"source": 5, "id": "12", "text": None}},
        "not a frame",
    ]
    source = source_from_segments(enumerate(segments), 0.0)
    state = source.timeline.state_at(base + 10)
    report = fidelity(state, 0.0)
    assert source.skipped_frames == 1
    assert report["status"] == "partial" and report["droppedAdds"]["byReason"]["malformed add"] == 1
    body = state.mirror[11]
    assert body.attrs["style"] == "color: red !important;"
    assert "data-n" not in body.attrs and "title" not in body.attrs  # only strings are set
    _everything(segments)
