"""`dom --history` over a checkpointed store walks only the chunks that can touch the node, and
finds exactly what a walk over every frame finds (shared recordings cut into small chunks, and the
derived scale corpus with rows rendered, removed and rendered again)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path
from conftest import small_chunks as _small_chunks

from replaydom.dom.cache import load_timeline
from replaydom.dom.history import node_history
from replaydom.dom.history_jump import walks
from replaydom.dom.source import source_from_timeline
from replaydom.dom.timeline import Timeline
from replaydom.index import load_events
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _compare(folder: Path, keys: int, start_ms: float | None = None) -> int:
    bundle = import_recording(folder)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    start = start_ms if start_ms is not None else timeline.first_ms or 0
    fast = source_from_timeline(timeline, start)
    slow = source_from_timeline(Timeline(list(timeline.frames)), start)
    events = load_events(bundle)
    state = timeline.state_at((timeline.last_ms or 0) + 1)
    ids = sorted(state.mirror)
    picked = [*ids[:: max(1, len(ids) // keys)][:keys], ids[-1], 1]
    # Also nodes of the middle of the replay, gone by its end: absent from the first chunk (its
    # FullSnapshot is skipped for them) and removed later.
    middle = timeline.state_at(((timeline.first_ms or 0) + (timeline.last_ms or 0)) / 2)
    gone = sorted(set(middle.mirror) - set(state.mirror))
    picked += gone[:: max(1, len(gone) // keys)][:keys]
    skipped = 0
    for key in picked:
        mine: list[dict[str, Any]] = node_history(fast, key, events)
        theirs = node_history(slow, key, events)
        assert mine == theirs, key
        runs = walks(timeline, key, 0, len(timeline.stamps))
        skipped += len(timeline.stamps) - sum(b - a for a, b in runs)
    return skipped


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_history_from_the_store_equals_the_full_walk(scenario: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_chunks(monkeypatch)
    assert _compare(scenario_path(scenario), 8) > 0


@pytest.mark.slow
def test_history_skips_chunks_on_the_scale_corpus(tmp_path: Path) -> None:
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=2_000, minutes=3, renders=4))
    assert _compare(tmp_path / "hour", 5) > 0
