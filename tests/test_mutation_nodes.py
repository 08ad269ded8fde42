"""A mutation's node counts are nodes, subtrees included, not list entries.

A mutation that removes a 2,000-row table is one `removes` entry whose subtree is thousands of
nodes: `events`, `window` and `dom --from/--to` all say `-N nodes (1 removed root)` with the N the
rebuilt DOM has. The normalizer's counts (`data.nodesAdded`/`nodesRemoved`, from its node map) are
checked against the DOM apply path's (`dom --from/--to`'s `data.dom.nodes`) for every mutation of
every shared recording and of a derived replay whose real 2,000-row renders are removed and
rendered again (bench/scale_corpus.py).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import pytest
from conftest import ROOT, SCENARIOS, load_json, load_segments

from replaydom.dom.inspect import dom_events
from replaydom.dom.source import source_from_segments
from replaydom.frames.normalize import normalize
from replaydom.model.page import node_counts
from replaydom.query.window import AnchorSpec, window
from replaydom.render.window import window_lines

sys.path.insert(0, str(ROOT / "bench"))
import scale_corpus


def _pointer(ev: dict[str, Any]) -> tuple[Any, Any]:
    return ev.get("segmentId"), ev.get("frameIndex")


def _compare(segments: list[list[dict[str, Any]]], events: list[dict[str, Any]], start_ms: float) -> int:
    """Every mutation event's node counts against the DOM's; returns the mutations compared."""
    source = source_from_segments(enumerate(segments), start_ms)
    last = max(ev["offsetMs"] for ev in events)
    items = dom_events(source, events, -(10**9), last + 1, frozenset({"mutation"}))
    dom = {_pointer(item): item["data"]["dom"] for item in items}
    compared = 0
    for ev in events:
        if ev["kind"] != "mutation" or ev.get("rawSource") != "Mutation":
            continue
        found = dom.get(_pointer(ev))
        if found is None:
            continue  # a frame the Replayer's order leaves out (before the first snapshot)
        d = ev["data"]
        assert (d["nodesAdded"], d["nodesRemoved"]) == (found["nodes"]["added"], found["nodes"]["removed"]), (
            _pointer(ev),
            d,
            found["nodes"],
        )
        assert (d["adds"], d["removes"]) == (found["counts"]["adds"], found["counts"]["removes"])
        assert ev["label"].startswith("DOM " + node_counts(d["nodesAdded"], d["nodesRemoved"], d["removes"]))
        compared += 1
    return compared


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_node_counts_equal_the_rebuilt_doms_on_real_recordings(scenario: str) -> None:
    details = load_json(scenario, "details.json")
    segments = load_segments(scenario)
    res = normalize(enumerate(segments), replay_id=details["id"], details=details)
    assert _compare(segments, res.events, res.start_ms) > 0


@cache
def _heavy() -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]], float]:
    segments, details, _provenance = scale_corpus.hour_long(rows=2_000, minutes=2, renders=4)
    res = normalize(enumerate(segments), replay_id=details["id"], details=details)
    return segments, res.events, res.start_ms


def _table_removal(events: list[dict[str, Any]]) -> dict[str, Any]:
    removals = [
        ev
        for ev in events
        if ev["kind"] == "mutation" and ev["data"]["removes"] == 1 and ev["data"]["nodesRemoved"] > 2_000
    ]
    assert removals, "the derived replay removes its rendered table"
    return removals[0]


def test_a_removed_table_counts_its_nodes_on_a_derived_replay() -> None:
    segments, events, start_ms = _heavy()
    assert _compare(segments, events, start_ms) > 0
    ev = _table_removal(events)
    removed = ev["data"]["nodesRemoved"]
    assert f"-{removed:,} nodes (1 removed root)" in ev["label"], ev["label"]


def test_window_counts_the_removed_tables_nodes() -> None:
    _segments, events, _start = _heavy()
    ev = _table_removal(events)
    result = window(events, AnchorSpec(at_ms=ev["offsetMs"]), 1_000, 1_000)
    changes = [e.dom for e in result.timeline if e.type == "dom" and e.dom is not None]
    change = next(c for c in changes if c.fromOffsetMs <= ev["offsetMs"] <= c.toOffsetMs)
    assert change.removes >= 1 and change.nodesRemoved >= ev["data"]["nodesRemoved"]
    text = "\n".join(window_lines(result))
    assert f"-{change.nodesRemoved:,} nodes (" in text and " removed root" in text, text
    assert f"-{change.removes} nodes" not in text
