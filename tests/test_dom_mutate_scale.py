"""Mutation application at scale: the resolve queue is linear and keeps the Replayer's order.

`queue_to_trees` is checked against a direct transcription of rrweb's `queueToResolveTrees` (list
`indexOf` + `splice`) on queues derived from a real render with shuffled order; the pathological
shapes of the scale corpus (bench/scale_corpus.py) are applied and checked node by node.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from replaydom.dom.addqueue import queue_to_trees, tree_items
from replaydom.dom.nodes import attached_index
from replaydom.dom.timeline import Timeline
from replaydom.dom.tree import ELEMENT

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _reference_trees(queue: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """rrweb's queueToResolveTrees with arrays, then iterateResolveTree per tree."""
    by_id: dict[Any, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for item in queue:
        nxt, parent = item.get("nextId"), item.get("parentId")
        entry: dict[str, Any]
        if nxt and nxt in by_id:
            ref = by_id[nxt]
            siblings = ref["parent"]["children"] if ref["parent"] is not None else roots
            entry = {"value": item, "parent": ref["parent"], "children": []}
            siblings.insert(next(i for i, s in enumerate(siblings) if s is ref), entry)
        elif parent in by_id:
            entry = {"value": item, "parent": by_id[parent], "children": []}
            by_id[parent]["children"].append(entry)
        else:
            entry = {"value": item, "parent": None, "children": []}
            roots.append(entry)
        by_id[item["node"]["id"]] = entry
    out = []
    for root in roots:
        items, stack = [], [root]
        while stack:
            current = stack.pop()
            items.append(current["value"])
            stack.extend(current["children"])
        out.append(items)
    return out


def test_resolve_trees_match_the_replayers_algorithm_on_shuffled_real_adds() -> None:
    segments, _ = scale_corpus.load_source()
    adds = segments[scale_corpus.RENDER_SEGMENT][scale_corpus.RENDER_FRAME]["data"]["adds"]
    rng = random.Random(12)
    for _ in range(20):
        queue = list(adds)
        rng.shuffle(queue)
        mine = [[id(i) for i in tree_items(t)] for t in queue_to_trees(queue)]
        theirs = [[id(i) for i in items] for items in _reference_trees(queue)]
        assert mine == theirs


def _final(segments: list[list[dict[str, Any]]]) -> Any:
    timeline = Timeline.from_segments(list(enumerate(segments)))
    assert timeline.last_ms is not None
    return timeline.state_at(timeline.last_ms + 1)


def test_pathological_mutations_apply_completely_and_in_order() -> None:
    segments, _, made = scale_corpus.pathological(reverse_nodes=20_000, depth=2_000, waiting_rows=3_000)
    state = _final(segments)
    assert not state.report.dropped and not state.report.aborted
    index = attached_index(state.doc)
    tbody = next(n for n in index.values() if n.kind == ELEMENT and n.tag == "tbody")
    rows = [c for c in tbody.children if c.kind == ELEMENT]
    assert len(rows) == 500 + made["reverseNodes"] // 5
    # reverse sibling order: the rows listed last are first on the page, the real rows last
    texts = [r.children[0].children[0].text for r in rows]
    assert texts[-500:] == texts[:500]
    deepest = max(index.values(), key=lambda n: _depth(n))
    assert _depth(deepest) > 2_000
    tables = [n for n in index.values() if n.kind == ELEMENT and n.tag == "table"]
    waiting = tables[-1] if len(tables) > 1 else None
    assert waiting is not None
    body = next(c for c in waiting.children if c.tag == "tbody")
    assert len([c for c in body.children if c.kind == ELEMENT]) == 3_000


def _depth(node: Any) -> int:
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth


def test_a_forward_chain_resolves_one_add_per_round_into_sibling_order() -> None:
    """Adds each waiting on the sibling listed after them: the Replayer resolves one per round."""
    segments, _ = scale_corpus.load_source()
    frame = segments[scale_corpus.RENDER_SEGMENT][scale_corpus.RENDER_FRAME]
    tbody = next(a for a in frame["data"]["adds"] if a["node"].get("tagName") == "tbody")["node"]["id"]
    rows = [a for a in frame["data"]["adds"] if a["parentId"] == tbody]
    others = [a for a in frame["data"]["adds"] if a["parentId"] != tbody]
    frame["data"]["adds"] = [others[0], others[1], *reversed(rows), *others[2:]]
    state = _final(segments)
    assert not state.report.dropped
    body = attached_index(state.doc)[tbody]
    assert [c.id for c in body.children] == [a["node"]["id"] for a in reversed(rows)]
