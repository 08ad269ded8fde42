"""The short paths of the DOM build change nothing.

`mutate._append_node` takes a short path for the usual add (a new element or text node under a
known element, appended or before a known sibling) and `tree.append_child`/`insert_before` skip
their hierarchy checks for a node just built (`tree._take`). Every shared recording and the derived
pathological shapes (reverse sibling order, a 2,000-level deep subtree, adds waiting on a parent
added last) are replayed with and without them: the states are the same at every sampled instant,
and the short path was taken (so the comparison is not vacuous).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path

from replaydom.dom import mutate, tree
from replaydom.dom.cache import load_timeline
from replaydom.dom.timeline import Timeline, touched_ids
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus
from test_dom_checkpoint import _instants, _small_chunks, _summary


def _states(frames: list[Any], instants: list[float]) -> list[dict[str, Any]]:
    return [_summary(Timeline(list(frames)).state_at(at, checkpoints=False)) for at in instants]


def _compare(folder: Path, monkeypatch: pytest.MonkeyPatch, sample: int) -> int:
    timeline, _ = load_timeline(import_recording(folder))
    frames = list(timeline.frames)
    instants = _instants(timeline, sample)
    taken = [0]
    build_node, build_element = mutate.build_node, mutate.build_element

    def counted(*args: Any) -> Any:
        taken[0] += 1
        return build_node(*args)

    def counted_element(*args: Any) -> Any:
        taken[0] += 1
        return build_element(*args)

    # Only the short path calls them from `mutate` (its text nodes are built inline).
    monkeypatch.setattr(mutate, "build_node", counted)
    monkeypatch.setattr(mutate, "build_element", counted_element)
    short = _states(frames, instants)
    monkeypatch.setattr(mutate, "_USUAL_KINDS", ())

    def checked(parent: Any, child: Any) -> None:  # every check and detach, short path or not
        tree._check_insert(parent, child)
        tree.detach(child)

    monkeypatch.setattr(tree, "_take", checked)
    general = _states(frames, instants)
    for at, a, b in zip(instants, short, general, strict=True):
        assert a == b, at
    return taken[0]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_short_paths_give_the_general_paths_states(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _compare(scenario_path(scenario), monkeypatch, sample=12)
    assert taken > 0


@pytest.mark.slow
def test_the_short_paths_on_pathological_mutations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = scale_corpus.pathological(reverse_nodes=5_000, depth=2_000, waiting_rows=1_000)
    scale_corpus.write(tmp_path / "path", *made)
    assert _compare(tmp_path / "path", monkeypatch, sample=6) > 5_000


def _touch_lists_match(folder: Path) -> int:
    timeline, _ = load_timeline(import_recording(folder))
    store = timeline.store
    assert store is not None
    frames = list(timeline.frames)
    for number, (first, count) in enumerate(store.chunks):
        named: set[int] = set()
        for frame in frames[first : first + count]:
            named |= touched_ids(frame)
        assert list(store.touched_ids(number)) == sorted(i for i in named if 0 <= i < 2**62), number
    return len(store.chunks)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_touch_lists_gathered_while_applying_are_what_the_frames_name(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store gathers the adds' ids while applying them (`DomState.named`); its touch lists are
    exactly what `touched_ids` reads from each chunk's frames."""
    _small_chunks(monkeypatch)
    assert _touch_lists_match(scenario_path(scenario)) > 2


@pytest.mark.slow
def test_touch_lists_on_pathological_mutations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_chunks(monkeypatch, frames=10, budget=3_000)
    made = scale_corpus.pathological(reverse_nodes=5_000, depth=2_000, waiting_rows=1_000)
    scale_corpus.write(tmp_path / "path", *made)
    assert _touch_lists_match(tmp_path / "path") > 2


def test_touch_lists_of_a_mutation_stopped_before_its_adds(tmp_path: Path) -> None:
    """A removal the DOM refuses stops the real render's mutation before its adds (the Replayer's
    throw): they are never applied, yet the chunk still names them."""
    segments, details = scale_corpus.load_source()
    render = segments[scale_corpus.RENDER_SEGMENT][scale_corpus.RENDER_FRAME]
    parent = render["data"]["adds"][0]["parentId"]
    render["data"]["removes"] = [{"parentId": 1, "id": parent}]  # not the document's child
    scale_corpus.write(tmp_path / "stopped", segments, details, {"how": "render stopped by a removal"})
    timeline, _ = load_timeline(import_recording(tmp_path / "stopped"))
    state = timeline.state_at((timeline.last_ms or 0) + 1, checkpoints=False)
    assert state.report.aborted and render["data"]["adds"][-1]["node"]["id"] not in state.mirror
    assert _touch_lists_match(tmp_path / "stopped") >= 1
