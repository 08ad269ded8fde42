"""Checkpointed DOM states give the same DOM as the from-snapshot path, at every sampled instant.

Stores are cut small (a chunk every few frames) so that the shared recordings get many checkpoints,
each one after different kinds of frames (mutation runs with inputs waiting for the flush, iframe
documents, shadow roots, selects); the derived scale corpus (bench/scale_corpus.py, small mode and
reduced pathological shapes) adds 10,000-node renders, removals, a 2,000-level deep subtree and a
queue-resolved table. Equality covers the whole state: tree, form state, id map, fidelity report,
URL, viewport and scroll positions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path, small_chunks

from replaydom.dom import checkpoint, framestore
from replaydom.dom.cache import load_timeline
from replaydom.dom.canonical import flat_canonical
from replaydom.dom.fidelity import fidelity
from replaydom.dom.state import DomState
from replaydom.dom.timeline import Timeline
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus

SAMPLE = 40


def _small_chunks(monkeypatch: pytest.MonkeyPatch, frames: int = 25, budget: int = 400) -> None:
    small_chunks(monkeypatch, frames, budget)  # this file's own defaults


def _summary(state: DomState) -> dict[str, Any]:
    return {
        "tree": flat_canonical(state.doc),
        "fidelity": fidelity(state, 0),
        "mirror": list(state.mirror),
        "href": state.href,
        "viewport": state.viewport,
        "scroll": state.scroll,
        "queue": state.doc_queue,
    }


def _instants(timeline: Timeline, sample: int) -> list[float]:
    stamps = sorted(set(timeline.stamps))
    step = max(1, len(stamps) // sample)
    picked = [*stamps[::step], stamps[-1]]
    return sorted({t + d for t in picked for d in (0, 1)})


def _check(timeline: Timeline, sample: int = SAMPLE) -> int:
    assert timeline.store is not None
    used = 0
    for at in _instants(timeline, sample):
        start, end = timeline.start_index(at), timeline.end_index(at)
        used += timeline.store.best_checkpoint(start, end) is not None
        assert _summary(timeline.state_at(at)) == _summary(timeline.state_at(at, checkpoints=False)), at
    return used


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_checkpointed_equals_from_snapshot_on_every_recording(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch)
    timeline, _ = load_timeline(import_recording(scenario_path(scenario)))
    assert timeline.store is not None and len(timeline.store.checkpoints) >= 2
    assert _check(timeline) > 0


@pytest.mark.slow
def test_checkpointed_equals_from_snapshot_on_the_scale_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default spacing: a checkpoint after each removed table (a small state), none after a
    render (re-applying it costs about what reading it back would). With render checkpoints
    (`SPACING` 3) one follows each render, at the start of the next segment (a checkpoint inside
    that segment would still parse it). Both give the from-snapshot trees."""
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=2_000, minutes=3, renders=4))
    bundle = import_recording(tmp_path / "hour")
    for spacing in (2, 3):
        monkeypatch.setattr(framestore, "SPACING", spacing)
        monkeypatch.setattr(framestore, "POLICY", (*framestore.POLICY[:4], spacing))
        timeline, _ = load_timeline(bundle)
        store = timeline.store
        assert store is not None
        small = big = 0
        for number in store.checkpoints:
            state = store.state(number, 0)
            assert state is not None
            if len(state.mirror) < 1_000:
                small += 1
                continue
            big += 1  # a rendered 10,000-node table: its chunk starts a segment
            previous = store.pointers(number - 1)
            assert store.pointers(number)[0] != previous[len(previous) - 2]
        assert small >= 3  # after each of the 3 removals (at least)
        assert big >= 3 if spacing == 3 else big == 0, (spacing, big)
        assert _check(timeline, 8) > 4
    # Every chunk start a checkpoint (after the renders too): the big states round-trip as well.
    _small_chunks(monkeypatch, frames=40, budget=5_000)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None and len(timeline.store.checkpoints) >= 6
    assert _check(timeline, 8) > 4


@pytest.mark.slow
def test_checkpointed_equals_from_snapshot_after_pathological_mutations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch, frames=10, budget=3_000)
    made = scale_corpus.pathological(reverse_nodes=5_000, depth=2_000, waiting_rows=1_000)
    scale_corpus.write(tmp_path / "path", *made)
    timeline, _ = load_timeline(import_recording(tmp_path / "path"))
    assert _check(timeline, 8) > 2
    last = timeline.state_at((timeline.last_ms or 0) + 1)
    assert max(_depth(n) for n in last.mirror.values()) > 2_000


def _depth(node: Any) -> int:
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth


def test_a_checkpoint_round_trips_every_part_of_the_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encode then decode, at every chunk start of the widgets recording (inputs pending in a
    mutation run, iframe documents, selects): the decoded state encodes to the same bytes."""
    _small_chunks(monkeypatch, frames=5)
    timeline, _ = load_timeline(import_recording(scenario_path("widgets")))
    assert timeline.store is not None
    pending = 0
    for number in timeline.store.checkpoints:
        raw = (timeline.store.path / f"state-{number}.zz").read_bytes()
        state = checkpoint.decode(raw)
        assert state is not None
        pending += bool(state.pending)
        assert checkpoint.encode(state) == raw
    other = (checkpoint.VERSION + 1).to_bytes(2, "big")
    assert checkpoint.decode(other + raw[2:]) is None  # another version is not read
