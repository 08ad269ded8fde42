"""The mutation algorithm (rrweb-model.md §3.2-3.5) on real frames and on variants derived from them.

Each `variant_*` function copies a real recording and changes one thing the Replayer has to cope
with (add order, a queued iframe document, a wrong parent, a lost parent, hostile content). The
differential test replays the same variants in the real Replayer.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from conftest import load_json, load_segments

from replaydom.dom.fidelity import fidelity
from replaydom.dom.mutate import apply_mutation
from replaydom.dom.nodes import attached_index, visible_text
from replaydom.dom.source import DomSource, source_from_segments
from replaydom.dom.tree import ELEMENT, TEXT
from replaydom.frames.start import replay_start_ms

Segments = list[list[dict[str, Any]]]


def _mutations(segments: Segments) -> list[dict[str, Any]]:
    return [f for seg in segments for f in seg if f.get("type") == 3 and f["data"].get("source") == 0]


def variant_reversed_adds(scenario: str = "widgets") -> Segments:
    """Every mutation lists its adds last to first: parents after children, siblings out of order,
    so most adds go through the resolve queue."""
    segments = copy.deepcopy(load_segments(scenario))
    for frame in _mutations(segments):
        frame["data"]["adds"] = list(reversed(frame["data"]["adds"]))
    return segments


def variant_queued_iframe_document() -> Segments:
    """The iframe document attach moved between the Meta and the FullSnapshot: it must wait in the
    queue and be attached when the snapshot builds the iframe."""
    segments = copy.deepcopy(load_segments("widgets"))
    first = segments[0]
    meta = next(f for f in first if f["type"] == 4)
    attach = next(f for f in _mutations(segments) if any(a["node"]["type"] == 0 for a in f["data"]["adds"]))
    attach["timestamp"] = meta["timestamp"] + 1
    return segments


def variant_wrong_parent_remove() -> tuple[Segments, int]:
    """The first mutation that removes and adds names the wrong parent for its first removal."""
    segments = copy.deepcopy(load_segments("widgets"))
    frame = next(f for f in _mutations(segments) if f["data"]["removes"] and f["data"]["adds"])
    frame["data"]["removes"][0]["parentId"] = 12  # <body>, which is not that node's parent
    return segments, frame["data"]["adds"][0]["node"]["id"]


def variant_lost_parent() -> tuple[Segments, int]:
    """One add points at a parent that never existed: it and its subtree are dropped."""
    segments = copy.deepcopy(load_segments("widgets"))
    frame = next(f for f in _mutations(segments) if len(f["data"]["adds"]) > 3)
    frame["data"]["adds"][0]["parentId"] = 999_999
    return segments, frame["data"]["adds"][0]["node"]["id"]


def variant_late_stylesheet() -> tuple[Segments, int]:
    """A stylesheet that had not loaded at snapshot time (a plain `<link rel=stylesheet>`) and is
    inlined by a later attribute mutation, in the shape the SDK sends (§3.2)."""
    segments = copy.deepcopy(load_segments("checkout-failure"))
    frames = [f for seg in segments for f in seg]
    full = next(f for f in frames if f["type"] == 2)
    stack = [full["data"]["node"]]
    while stack:
        node = stack.pop()
        if node.get("tagName") == "link" and node["attributes"].get("_cssText"):
            break
        stack.extend(node.get("childNodes", []))
    css = node["attributes"]["_cssText"]
    node["attributes"] = {"rel": "stylesheet", "href": "http://127.0.0.1:45273/static/style.css"}
    later = copy.deepcopy(next(f for f in frames if f["type"] == 3 and f["data"]["source"] == 0))
    later["timestamp"] = full["timestamp"] + 5
    later["data"].update(
        texts=[],
        removes=[],
        adds=[],
        attributes=[
            {
                "id": node["id"],
                "attributes": {"rel": None, "href": None, "crossorigin": None, "_cssText": css},
            }
        ],
    )
    segments[0].append(later)
    return segments, node["id"]


def variant_checkbox_in_mutation_run() -> Segments:
    """A real attribute mutation moved to 1 ms before each ticked checkbox or radio: the Input is
    then applied in the Replayer's virtual-DOM run (at the flush), not straight to the document.
    Either way the Replayer writes `value` as the recorded text (`""`), like the Python DOM."""
    segments = copy.deepcopy(load_segments("widgets"))
    frames = [f for seg in segments for f in seg]
    ticks = [
        f for f in frames if f["type"] == 3 and f["data"].get("source") == 5 and f["data"].get("isChecked")
    ]
    plain = next(
        f
        for f in _mutations(segments)
        if f["data"]["attributes"] and not (f["data"]["adds"] or f["data"]["removes"])
    )
    for tick in ticks:
        moved = copy.deepcopy(plain)
        moved["timestamp"] = tick["timestamp"] - 1
        segments[0].append(moved)
    return segments


VARIANTS: dict[str, Callable[[], Segments]] = {
    "widgets-checkbox-in-mutation-run": variant_checkbox_in_mutation_run,
    "checkout-late-stylesheet": lambda: variant_late_stylesheet()[0],
    "widgets-reversed-adds": variant_reversed_adds,
    "checkout-reversed-adds": lambda: variant_reversed_adds("checkout-failure"),
    "widgets-queued-iframe-document": variant_queued_iframe_document,
    "widgets-wrong-parent-remove": lambda: variant_wrong_parent_remove()[0],
    "widgets-lost-parent": lambda: variant_lost_parent()[0],
}


def source_of(segments: Segments, details_of: str = "widgets") -> DomSource:
    start = replay_start_ms(enumerate(segments), load_json(details_of, "details.json"))
    return source_from_segments(enumerate(segments), start, replay_id="variant")


def _final(segments: Segments) -> Any:
    src = source_of(segments)
    return src.timeline.state_at((src.timeline.last_ms or 0) + 1)


def test_out_of_order_adds_resolve_through_the_queue_or_are_reported() -> None:
    """With adds reversed, children come before their parents: the queue places most of them; a
    queued child whose parent is itself still queued is dropped, as the Replayer does, and said."""
    original, variant = _final(load_segments("widgets")), _final(variant_reversed_adds())
    kept, placed = set(attached_index(original.doc)), set(attached_index(variant.doc))
    assert placed <= kept
    missing = kept - placed
    assert 0 < len(missing) <= sum(variant.report.dropped.values())
    assert len(placed) > 0.9 * len(kept)
    assert fidelity(original, 0)["status"] == "complete"
    assert fidelity(variant, 0)["status"] == "partial"
    assert set(variant.report.dropped) == {"parent never arrived"}


def test_a_queued_iframe_document_is_attached_by_the_snapshot() -> None:
    segments = variant_queued_iframe_document()
    src = source_of(segments)
    fulls = [f for f in src.timeline.frames if f.type == 2]
    state = src.timeline.state_at(fulls[0].ts + 1)
    iframe = next(n for n in attached_index(state.doc).values() if n.kind == ELEMENT and n.tag == "iframe")
    assert iframe.content_doc is not None and iframe.content_doc.id == 250
    assert "Order chat" in visible_text(iframe.content_doc)
    assert state.doc_queue == []


def test_a_removal_from_the_wrong_parent_stops_the_rest_of_that_mutation() -> None:
    segments, first_add = variant_wrong_parent_remove()
    src = source_of(segments)
    state = src.timeline.state_at((src.timeline.last_ms or 0) + 1)
    report = fidelity(state, src.start_ms)
    assert report["status"] == "partial" and report["abortedMutations"]["total"] == 1
    assert first_add not in attached_index(state.doc)  # the adds of that mutation never ran
    assert report["abortedMutations"]["examples"][0]["segmentId"] is not None


def test_an_add_whose_parent_never_arrives_is_dropped_and_reported() -> None:
    segments, lost = variant_lost_parent()
    src = source_of(segments)
    state = src.timeline.state_at((src.timeline.last_ms or 0) + 1)
    report = fidelity(state, src.start_ms)
    assert lost not in state.mirror
    assert report["status"] == "partial"
    assert report["droppedAdds"]["byReason"]["parent never arrived"] >= 1
    assert report["droppedAdds"]["examples"][0]["nodeId"] == lost
    assert any("dropped" in note for note in report["notes"])


def _state_before(scenario: str, predicate: Callable[[dict[str, Any]], bool]) -> tuple[Any, dict[str, Any]]:
    src = source_of(load_segments(scenario), scenario)
    frame = next(f for f in src.timeline.frames if f.source == 0 and predicate(f.data))
    return src.timeline.state_at(frame.ts), copy.deepcopy(frame.data)


def test_texts_keep_the_last_value_per_node() -> None:
    state, data = _state_before("widgets", lambda d: len(d["texts"]) == 2)
    target = data["texts"][0]["id"]
    data["texts"][0]["value"] = "overwritten by the next entry"
    apply_mutation(state, data)
    assert state.mirror[target].text == data["texts"][1]["value"]


def test_removes_run_before_adds_so_a_move_keeps_its_id() -> None:
    state, data = _state_before("widgets", lambda d: bool(d["removes"]) and bool(d["adds"]))
    removed = {r["id"] for r in data["removes"]}
    apply_mutation(state, data)
    index = attached_index(state.doc)
    assert all(a["node"]["id"] in index for a in data["adds"])
    assert not (removed - {a["node"]["id"] for a in data["adds"]}) & set(index)
    assert state.report.aborted == []


def test_a_stylesheet_that_loads_later_is_inlined_under_the_same_id() -> None:
    segments, link_id = variant_late_stylesheet()
    src = source_of(segments, "checkout-failure")
    full = next(f for f in src.timeline.frames if f.type == 2)
    before = src.timeline.state_at(full.ts + 1).mirror[link_id]
    after = src.timeline.state_at(full.ts + 6).mirror[link_id]
    assert (before.tag, before.attrs["rel"]) == ("link", "stylesheet")
    assert after.tag == "style" and after.attrs == {}
    assert [c.kind for c in after.children] == [TEXT] and after.children[0].id is None
    assert after.parent is not None and after.parent.id == before.parent.id
