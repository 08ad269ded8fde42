"""`pause(T)` semantics of the reconstruction on real recordings (rrweb-model.md §4.2)."""

from __future__ import annotations

import copy

import pytest
from test_dom_golden import source

from replaydom.dom.at import ViewOptions, dom_at
from replaydom.dom.canonical import canonical
from replaydom.dom.fidelity import fidelity
from replaydom.dom.timeline import FULL_SNAPSHOT, META, MUTATION, Timeline, collect_frames
from replaydom.errors import NotFoundError


def _first_mutation_adding(scenario: str) -> tuple[float, int]:
    for frame in source(scenario).timeline.frames:
        adds = frame.data.get("adds") if frame.source == MUTATION else None
        if adds:
            return frame.ts, adds[0]["node"]["id"]
    raise AssertionError("no add")


def test_a_frame_applies_only_strictly_before_the_instant() -> None:
    ts, added = _first_mutation_adding("checkout-failure")
    timeline = source("checkout-failure").timeline
    assert added not in timeline.state_at(ts).mirror
    assert added in timeline.state_at(ts + 1).mirror
    assert added in timeline.state_at(ts + 0.001).mirror


def test_a_seek_starts_from_the_last_meta_and_its_snapshot() -> None:
    src = source("checkout-failure")
    metas = [f for f in src.timeline.frames if f.type == META]
    fulls = [f for f in src.timeline.frames if f.type == FULL_SNAPSHOT]
    assert len(metas) == len(fulls) == 3
    state = src.timeline.state_at(fulls[1].ts + 1)
    assert (state.meta, state.snapshot) == (metas[1], fulls[1])
    assert state.href is not None and state.href.endswith("/cart.html")
    report = fidelity(state, src.start_ms)
    assert report["startedFrom"]["snapshot"] == {
        "segmentId": fulls[1].seg,
        "frameIndex": fulls[1].idx,
        "offsetMs": src.offset(fulls[1].ts),
    }
    assert report["framesApplied"] == 2  # the Meta and the FullSnapshot, nothing of the first page


@pytest.mark.parametrize("which", [0, 1, 2])
def test_there_is_no_document_between_a_meta_and_its_snapshot(which: int) -> None:
    src = source("checkout-failure")
    meta = [f for f in src.timeline.frames if f.type == META][which]
    for instant in (meta.ts, meta.ts + 1):
        state = src.timeline.state_at(instant)
        assert state.doc is None
        assert fidelity(state, src.start_ms)["status"] == "no-document"
    with pytest.raises(NotFoundError, match="no DOM at"):
        dom_at(src, meta.ts + 1 - src.start_ms, ViewOptions())


def test_frames_are_in_the_replayers_stable_order() -> None:
    segments = [
        [{"type": 3, "timestamp": 20, "data": {"source": 3, "id": 1, "x": 0, "y": 0}}],
        [
            {"type": 3, "timestamp": 10, "data": {"source": 3, "id": 1, "x": 0, "y": 1}},
            {"type": 3, "timestamp": 20, "data": {"source": 3, "id": 1, "x": 0, "y": 2}},
        ],
    ]
    frames, skipped = collect_frames(enumerate(segments))
    assert [(f.seg, f.idx) for f in frames] == [(1, 0), (0, 0), (1, 1)]
    assert skipped == 0


def test_sentry_frames_and_malformed_frames_are_left_out() -> None:
    src = source("widgets")
    assert all(f.type in (2, 3, 4) for f in src.timeline.frames)
    assert src.skipped_frames == 0
    bad = [
        [
            {"type": 3, "timestamp": "soon", "data": {}},
            {"type": 3, "timestamp": 5, "data": None},
            7,
            {"type": 5, "timestamp": 1795474213.5, "data": {"tag": "breadcrumb"}},
        ]
    ]
    frames, skipped = collect_frames(enumerate(bad))
    assert frames == [] and skipped == 3


def test_each_instant_is_rebuilt_from_scratch() -> None:
    """Seeking is stateless: the same instant gives the same tree whatever was asked before."""
    timeline = source("widgets").timeline
    probe = timeline.frames[len(timeline.frames) // 2].ts + 1
    first = canonical(timeline.state_at(probe).doc)
    timeline.state_at(timeline.frames[-1].ts + 1)
    assert canonical(timeline.state_at(probe).doc) == first


def test_mutations_before_any_snapshot_are_counted_not_applied() -> None:
    src = source("checkout-failure")
    mutation = next(f for f in src.timeline.frames if f.source == MUTATION)
    early = copy.deepcopy(mutation.data)
    meta = src.timeline.frames[0]
    frames = [
        meta._replace(ts=meta.ts - 2),
        mutation._replace(ts=meta.ts - 1, data=early),
        *src.timeline.frames,
    ]
    state = Timeline(frames).state_at(meta.ts - 0.5)
    assert state.doc is None and state.report.missing["mutations before a snapshot"] == 1
