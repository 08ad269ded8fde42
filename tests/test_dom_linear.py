"""The DOM path stays linear: operations are counted, never timed.

Two counters over `Node`: every read of a node's `kind` (what any Python scan over siblings does)
and every element put into a `children` view when it is rebuilt (what a list `index`/`insert` on
a child list that changes would cost). A step that is linear does about 4x the operations on 4x
the nodes; a quadratic one does 16x. The shapes are derived from the real 500-row render of
`slow-and-idle` (bench/scale_corpus.py): rows inserted in reverse sibling order under the real
tbody, then every other one removed from the middle, then a selector for every row (what
`dom --diff` lists).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import scenario_path

from replaydom.dom import framestore, storebuild
from replaydom.dom.cache import load_timeline
from replaydom.dom.nodes import selector_for
from replaydom.dom.state import DomState, Frame
from replaydom.dom.timeline import Timeline, apply_frame
from replaydom.dom.tree import Node
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus
from test_dom_checkpoint import _check, _small_chunks


class _Counter:
    def __init__(self) -> None:
        self.ops = 0


def _count_operations(monkeypatch: pytest.MonkeyPatch) -> _Counter:
    counter = _Counter()
    slot = Node.__dict__["kind"]
    view = Node.__dict__["children"]

    class CountingKind:
        def __get__(self, obj: Node | None, owner: type | None = None) -> Any:
            if obj is None:
                return self
            counter.ops += 1
            return slot.__get__(obj, owner)

        def __set__(self, obj: Node, value: int) -> None:
            slot.__set__(obj, value)

    def children(self: Node) -> list[Node]:
        if self._kids is None:
            counter.ops += 1
            child = self.first
            while child is not None:
                counter.ops += 1
                child = child.next
        result: list[Node] = view.fget(self)
        return result

    monkeypatch.setattr(Node, "kind", CountingKind())
    monkeypatch.setattr(Node, "children", property(children, view.fset))
    return counter


def _reverse_insert(rows: int) -> tuple[DomState, Frame, int]:
    """The state before the reverse-order mutation, that mutation and its tbody id."""
    segments, _, _ = scale_corpus.pathological(reverse_nodes=rows * 6, depth=2, waiting_rows=1)
    timeline = Timeline.from_segments(enumerate(segments))
    frames = list(timeline.frames)
    index, frame = max(
        ((i, f) for i, f in enumerate(frames) if f.type == 3 and f.data.get("source") == 0),
        key=lambda pair: len(pair[1].data.get("adds", [])) if pair[1].ts > frames[0].ts else 0,
    )
    state = timeline.state_before(index)
    parents = [a["parentId"] for a in frame.data["adds"]]
    tbody = max(set(parents), key=parents.count)
    return state, frame, tbody


def _shape_operations(rows: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    state, frame, tbody = _reverse_insert(rows)
    ops: dict[str, int] = {}
    with monkeypatch.context() as patch:
        counter = _count_operations(patch)
        apply_frame(state, frame)
        ops["reverse inserts"] = counter.ops
        body = state.mirror[tbody]
        row_ids = [r.id for r in body.children if r.id is not None]
        assert len(row_ids) >= rows, "the rows were inserted"
        removes = [{"parentId": tbody, "id": key} for key in row_ids[1::2]]
        data = {"source": 0, "texts": [], "attributes": [], "removes": removes, "adds": []}
        counter.ops = 0
        apply_frame(state, frame._replace(data=data))
        ops["removals in the middle"] = counter.ops
        assert len(body.children) == len(row_ids) - len(removes)
        counter.ops = 0
        selectors = [selector_for(row) for row in body.children]
        ops["a selector per row"] = counter.ops
    assert selectors[-1] is not None and f"nth-of-type({len(selectors)})" in selectors[-1]
    return ops


def test_tree_operations_and_selectors_are_linear_in_the_number_of_siblings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = _shape_operations(600, monkeypatch)
    large = _shape_operations(2_400, monkeypatch)
    for shape, count in large.items():
        # 4x the rows: a linear step does at most ~4x the operations, a quadratic one ~16x.
        assert count <= 5 * max(small[shape], 1), (shape, small[shape], count)


def test_the_reverse_order_insert_touches_no_sibling_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inserting before the previous row rebuilds no child list and scans no siblings: a few
    operations per add, whatever the number of rows already under the parent."""
    state, frame, _ = _reverse_insert(2_000)
    with monkeypatch.context() as patch:
        counter = _count_operations(patch)
        apply_frame(state, frame)
    assert counter.ops <= 10 * len(frame.data["adds"])


def test_a_store_of_a_recording_out_of_timestamp_order_is_built_in_two_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frame stamped before the one recorded before it (derived from the real widgets recording
    by moving one mutation back in time) makes the one-pass build start over in two passes; the
    checkpoints still give the from-snapshot states."""
    import gzip

    import orjson

    source = scenario_path("widgets")
    segments = orjson.loads(gzip.decompress((source / "segments.json.gz").read_bytes()))
    mutations = [
        (s, i)
        for s, seg in enumerate(segments)
        for i, ev in enumerate(seg)
        if ev.get("type") == 3 and ev["data"].get("source") == 0
    ]
    s, i = mutations[len(mutations) // 2]
    previous = [ev["timestamp"] for seg in segments[: s + 1] for ev in seg if ev.get("type") in (2, 3, 4)]
    segments[s][i]["timestamp"] = min(previous[: previous.index(segments[s][i]["timestamp"])]) + 1
    out = tmp_path / "widgets-out-of-order"
    out.mkdir()
    for path in source.glob("*.json"):
        (out / path.name).write_bytes(path.read_bytes())
    (out / "segments.json").write_bytes(orjson.dumps(segments))
    _small_chunks(monkeypatch)
    passes = []
    keys = storebuild._keys

    def counted(*args: Any) -> Any:
        passes.append(1)
        return keys(*args)

    monkeypatch.setattr(storebuild, "_keys", counted)
    timeline, _ = load_timeline(import_recording(out, replay_id="0" * 31 + "7"))  # its own id
    assert passes == [1], "the out-of-order frame sent the build to two passes"
    assert timeline.store is not None and len(timeline.store.checkpoints) >= 2
    assert _check(timeline) > 0
    passes.clear()
    timeline, _ = load_timeline(import_recording(source))
    assert passes == [], "a recording in order is read once"


@pytest.mark.slow
def test_the_store_build_frees_removed_subtrees_without_a_collection(tmp_path: Path) -> None:
    """Re-rendered tables (derived from the real 500-row render) are freed as they are removed:
    what a collection finds after the build (which runs with the collector paused) is a small
    part of what it finds when removed subtrees keep their parent links."""
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=1_000, minutes=2, renders=4))
    bundle = import_recording(tmp_path / "hour")

    def garbage_after_build() -> int:
        for old in bundle.index_dir.glob("dom-*-v*"):
            if old.is_dir():
                import shutil

                shutil.rmtree(old)
        gc.collect()
        gc.disable()
        try:
            framestore.open_store(bundle)
            return gc.collect()
        finally:
            gc.enable()

    freed = garbage_after_build()
    original = storebuild.release_removed
    try:
        storebuild.release_removed = lambda state: state.removed.clear() if state.removed else None
        kept = garbage_after_build()
    finally:
        storebuild.release_removed = original
    assert kept > 20_000
    assert freed * 4 < kept, (freed, kept)
