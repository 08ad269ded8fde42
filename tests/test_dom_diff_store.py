"""`dom --diff A..B` over a checkpointed store, in one pass over [A, B) (the transient walk also
notes which frame last touched each node; chunk prefixes read for `state_at(B)` are kept for the
walk's end), gives exactly what the in-memory path without a store gives, and what the two-pass
reference (`touched_by` over [A, B), then the walk) points at: sampled spans on the shared
recordings cut into small chunks, and short, long and whole spans on the derived replay of tables
rendered, removed and rendered again."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path
from conftest import small_chunks as _small_chunks

from replaydom.dom.cache import load_timeline
from replaydom.dom.diff import dom_diff, touched_by
from replaydom.dom.source import DomSource, source_from_timeline
from replaydom.dom.timeline import Timeline
from replaydom.replay import open_replay
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _sources(folder: Path) -> tuple[DomSource, DomSource]:
    bundle = import_recording(folder)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    start = open_replay(bundle.replay_id).start_ms
    return source_from_timeline(timeline, start), source_from_timeline(Timeline(list(timeline.frames)), start)


def _spans(source: DomSource, count: int) -> list[tuple[int, int]]:
    first, last = source.timeline.first_ms or 0, source.timeline.last_ms or 0
    a0, b0 = source.offset(first), source.offset(last) + 1
    step = max(1, (b0 - a0) // count)
    lengths = (step // 3, 2 * step)
    spans = [(a0 + i * step, a0 + i * step + length) for i in range(count) for length in lengths]
    return [*spans, (a0, b0), (a0 - 5, a0 + 1), ((a0 + b0) // 2, (a0 + b0) // 2)]


def _check(fast: DomSource, slow: DomSource, spans: list[tuple[int, int]]) -> int:
    net = 0
    for a, b in spans:
        mine: list[dict[str, Any]] = dom_diff(fast, a, b)
        assert mine == dom_diff(slow, a, b), (a, b)
        touched = touched_by(slow, slow.instant(a), slow.instant(b))
        for item in (i for i in mine if i["part"] == "net" and i["description"][:5] != "page "):
            touch = touched.get(item["nodeId"])
            assert item["segmentId"] == (touch[0] if touch is not None else None), (a, b, item)
            assert item["frameIndex"] == (touch[1] if touch is not None else None), (a, b, item)
            net += 1
    return net


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_one_pass_diff_equals_the_in_memory_one(scenario: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_chunks(monkeypatch)
    fast, slow = _sources(scenario_path(scenario))
    assert _check(fast, slow, _spans(fast, 6)) > 0


@pytest.mark.slow
def test_one_pass_diff_on_the_scale_corpus(tmp_path: Path) -> None:
    """Spans inside one render cycle, across several, and the whole replay (each render applied
    once by the walk, its table a came-and-went item, its re-render `sameAs` the one removed)."""
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=2_000, minutes=3, renders=4))
    fast, slow = _sources(tmp_path / "hour")
    spans = _spans(fast, 4)
    assert _check(fast, slow, spans) > 0
    whole = dom_diff(fast, *spans[-3])
    assert sum(i["change"] == "came-and-went" and i.get("descendants", 0) > 1_000 for i in whole) >= 2
