"""The struggle detectors' DOM reads stay linear in the page's depth: operations are counted.

The page is the real `slow-and-idle` recording with bench/scale_corpus.py's pathological subtree
(nested copies of a real table cell around a real text, appended to a real row): error messages,
empty-state text and results regions used to climb to the root for every element (and read the
text of every wrapper of the chain again), which is quadratic in the depth.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_dom_linear import _count_operations

from replaydom.analyze.struggles import domlook
from replaydom.dom.timeline import Timeline
from replaydom.dom.tree import Node, walk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _deep_page(depth: int) -> Node:
    segments, _, _ = scale_corpus.pathological(reverse_nodes=60, depth=depth, waiting_rows=1)
    timeline = Timeline.from_segments(enumerate(segments))
    last = timeline.last_ms
    assert last is not None
    doc = timeline.state_at(last + 1).doc
    assert doc is not None
    return doc


def _reads(depth: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    doc = _deep_page(depth)
    ops: dict[str, int] = {}
    with monkeypatch.context() as patch:
        counter = _count_operations(patch)
        for name, read in (
            ("error messages", lambda: domlook.error_messages(doc)),
            ("empty-state text", lambda: domlook.empty_state_text(doc)),
            ("results regions", lambda: domlook.results_regions(doc)),
        ):
            counter.ops = 0
            read()
            ops[name] = counter.ops
    return ops


def test_dom_reads_of_the_detectors_are_linear_in_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    shallow, deep = _reads(400, monkeypatch), _reads(1_600, monkeypatch)
    for name, count in deep.items():
        # 4x the depth (most of the page): linear reads do ~4x the operations, quadratic ~16x.
        assert count <= 5 * max(shallow[name], 1), (name, shallow[name], count)


def test_hidden_answers_are_the_climbs_answers() -> None:
    doc = _deep_page(50)
    hidden = domlook.Hidden()
    nodes = list(walk(doc))
    assert [hidden(n) for n in reversed(nodes)] == [domlook.is_hidden(n) for n in reversed(nodes)]
    assert any(domlook.is_hidden(n) for n in nodes) and not all(domlook.is_hidden(n) for n in nodes)
