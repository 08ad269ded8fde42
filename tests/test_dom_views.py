"""`--diff`, `--history` and `--from/--to` on real recordings, checked against script.json and the raw
frames their evidence pointers name."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

from conftest import load_json, load_segments
from test_dom_golden import action, source

from replaydom.dom.diff import dom_diff
from replaydom.dom.history import node_history
from replaydom.dom.inspect import BURST_GAP_MS, dom_events
from replaydom.frames.normalize import normalize
from replaydom.model import Event


@cache
def events(scenario: str) -> list[dict[str, Any]]:
    result = normalize(
        enumerate(load_segments(scenario)),
        replay_id=scenario,
        details=load_json(scenario, "details.json"),
        errors=[],
    )
    return result.events


def raw(scenario: str, item: dict[str, Any]) -> dict[str, Any]:
    return load_segments(scenario)[item["segmentId"]][item["frameIndex"]]


def offset(scenario: str, ts: float) -> float:
    return ts - source(scenario).start_ms


def test_diff_shows_the_search_typed_and_the_results_it_replaced() -> None:
    sc = "checkout-failure"
    typed = action(sc, 8)
    assert (typed["selector"], typed["text"]) == ("#search", "mug")
    items = dom_diff(source(sc), offset(sc, typed["ts"]), offset(sc, action(sc, 9)["end_ts"]))
    search = [i for i in items if i["selector"] == "input#search"]
    assert [(i["change"], i["changes"]) for i in search] == [("changed", {"value": ["", "mug"]})]
    added = [i for i in items if i["change"] == "added" and i["tag"] == "article"]
    removed = [i for i in items if i["change"] == "removed" and i["tag"] == "article"]
    assert 0 < len(added) < len(removed)
    assert all("Mug" in i["description"] for i in added)
    for item in items:  # every pointer names a raw frame that touched the node
        assert str(item["nodeId"]) in str(raw(sc, item)["data"])
    assert [i["offsetMs"] for i in items] == sorted(i["offsetMs"] for i in items)


def test_diff_of_an_instant_with_itself_is_empty() -> None:
    assert dom_diff(source("widgets"), 20_000, 20_000) == []


def test_history_of_an_input_follows_what_the_user_did() -> None:
    sc = "widgets"
    items = node_history(source(sc), 93, events(sc))
    actions = [i["data"]["dom"]["action"] for i in items]
    assert actions == ["in snapshot", "focused", "clicked", "typed into", "blurred"]
    typed = items[actions.index("typed into")]
    script = next(
        a
        for a in load_json(sc, "script.json")["actions"]
        if a.get("selector") == "#recipient" and a["kind"] == "type"
    )
    assert typed["data"]["text"] == script["text"]
    assert abs(typed["offsetMs"] - offset(sc, script["ts"])) < 300
    for item in items:
        Event.model_validate(item)
        assert item["nodeId"] == 93


def test_history_of_a_removed_node_and_of_edited_text() -> None:
    sc = "widgets"
    removed = node_history(source(sc), 40, events(sc))
    assert [i["data"]["dom"]["action"] for i in removed] == ["in snapshot", "removed"]
    assert raw(sc, removed[1])["data"]["removes"][0]["id"] == 40
    typed = node_history(source(sc), 317, events(sc))
    texts = [i["data"]["dom"] for i in typed if i["data"]["dom"]["action"] == "text changed"]
    assert len(texts) > 10 and texts[-1]["to"] == "Happy birthday, Sam!"
    assert all(t["from"] != t["to"] for t in texts)


def test_history_rows_say_what_changed_inside_the_node() -> None:
    """Each structural row counts what its frame did inside the node (nodes added and removed, text
    and attribute edits) with a bounded sample of the text, checked against the raw frame."""
    sc = "widgets"
    removed = node_history(source(sc), 40, events(sc))
    went = removed[1]["data"]["dom"]
    assert went["subtree"] == {"nodesAdded": 0, "nodesRemoved": 2, "texts": 0, "attributes": 0}
    assert went["sample"] == {"added": None, "removed": "Brewing this season's gift boxes…"}
    assert removed[1]["label"].startswith("removed: <p#hero-placeholder> +0 -2 nodes: - ")
    typed = node_history(source(sc), 317, events(sc))
    edits = [i for i in typed if i["data"]["dom"]["action"] == "text changed"]
    assert edits
    for item in edits:  # every `texts` entry of the frame aimed at the node, nothing added
        entries = [t for t in raw(sc, item)["data"]["texts"] if t["id"] == 317]
        assert item["data"]["dom"]["subtree"] == {
            "nodesAdded": 0,
            "nodesRemoved": 0,
            "texts": len(entries),
            "attributes": 0,
        }
    sc = "checkout-failure"
    parents: dict[int, int] = {}
    for item in events(sc):
        if item["kind"] == "mutation":
            for add in raw(sc, item)["data"].get("adds", []):
                parents[add["parentId"]] = parents.get(add["parentId"], 0) + 1
    busiest = max(parents, key=lambda k: parents[k])
    history = node_history(source(sc), busiest, events(sc))
    rows = [i for i in history if i["data"]["dom"]["action"] == "children changed"]
    assert rows
    for row in rows:
        frame = raw(sc, row)["data"]
        counts, sample = row["data"]["dom"]["subtree"], row["data"]["dom"]["sample"]
        direct = sum(1 for a in frame.get("adds", []) if a["parentId"] == busiest)
        gone = sum(1 for r in frame.get("removes", []) if r["parentId"] == busiest)
        assert counts["nodesAdded"] >= direct and counts["nodesRemoved"] >= gone  # whole subtrees
        assert all(text is None or len(text) <= 80 for text in sample.values())
        assert f"+{counts['nodesAdded']:,} -{counts['nodesRemoved']:,} nodes" in row["label"]


def test_subtree_size_counts_what_walk_walks() -> None:
    from replaydom.dom.history_counts import subtree_size
    from replaydom.dom.tree import walk

    for sc in ("widgets", "checkout-failure", "long-session"):
        timeline = source(sc).timeline
        state = timeline.state_at(timeline.last_ms or 0)
        for node in state.mirror.values():
            assert subtree_size(node) == sum(1 for _ in walk(node))


def test_history_items_follow_the_documented_model() -> None:
    """Every `data.dom` of a history validates against `HistoryDom` (the generated reference)."""
    from replaydom.render.schemas import HistoryDom

    checked = 0
    for sc in ("widgets", "checkout-failure", "long-session"):
        ids = sorted({e["nodeId"] for e in events(sc) if e.get("nodeId")})
        for key in ids[:: max(1, len(ids) // 25)]:
            for item in node_history(source(sc), key, events(sc)):
                HistoryDom.model_validate(item["data"]["dom"])
                checked += 1
    assert checked > 100


def test_history_of_an_unknown_node_is_empty() -> None:
    assert node_history(source("widgets"), 99_999, events("widgets")) == []


def test_range_lists_dom_events_with_node_detail_and_bursts() -> None:
    sc = "slow-and-idle"
    click = action(sc, 7)
    lo, hi = offset(sc, click["ts"]), offset(sc, action(sc, 8)["end_ts"])
    items = dom_events(source(sc), events(sc), lo, hi, frozenset({"mutation"}))
    assert items and all(i["kind"] == "mutation" for i in items)
    bursts = {i["data"]["dom"]["burst"]["index"]: i["data"]["dom"]["burst"] for i in items}
    biggest = max(bursts.values(), key=lambda b: b["adds"])
    assert biggest["adds"] >= 1500  # 500 rows of three nodes
    rows = [a for i in items for a in i["data"]["dom"]["adds"] if a.get("tag") == "tr"]
    assert rows and all(r["selector"].startswith("table.report") or "tbody" in r["selector"] for r in rows)
    offsets = [i["offsetMs"] for i in items]
    for a, b in itertools.pairwise(offsets):
        same = next(i for i in items if i["offsetMs"] == b)["data"]["dom"]["burst"]["index"]
        before = next(i for i in items if i["offsetMs"] == a)["data"]["dom"]["burst"]["index"]
        assert (same == before) == (b - a < BURST_GAP_MS)
    for item in items:
        Event.model_validate(item)


def test_range_flags_masked_typing_and_collapses_keystrokes() -> None:
    sc = "masked-default"
    typed = action(sc, 14)
    items = dom_events(
        source(sc),
        events(sc),
        offset(sc, typed["ts"]) - 10,
        offset(sc, typed["end_ts"]) + 10,
        frozenset({"input"}),
    )
    assert len(items) == 1
    (item,) = items
    assert item["selector"].endswith("#email") or item["data"]["dom"]["selector"].endswith("#email")
    assert item["data"]["dom"]["masked"] is True
    assert item["data"]["dom"]["text"] == "*" * len(typed["text"])
