"""`dom --history` over a store jumps over heavy frames (the state after one is read from the
checkpoint written right after it, not rebuilt by applying its adds) and walks with the collector
paused: every answer stays the one a walk over every frame, without a store, gives.

Nodes followed: created by the biggest frames, removed and added again, with attribute, text and
input changes, inside the iframe document and the shadow root of `widgets`, and a sample of the
rest. The shared recordings are cut into tiny chunks with a tiny `HEAVY`, so that nearly every
mutation is "heavy" and followed by a checkpoint, with inputs waiting for the flush (the case the
jump refuses when the chunk touches a waiting control); the derived scale corpus is checked with
the real spacing."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path

from replaydom.dom import framestore, history, history_jump
from replaydom.dom.cache import load_timeline
from replaydom.dom.history import node_history
from replaydom.dom.ids import node_id
from replaydom.dom.nodes import describe, squash, visible_text
from replaydom.dom.source import source_from_timeline
from replaydom.dom.timeline import INPUT, MUTATION, Timeline
from replaydom.dom.tree import DOCUMENT, ELEMENT, SHADOW_ROOT, TEXT, Node, walk
from replaydom.index import load_events
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _policy(monkeypatch: pytest.MonkeyPatch, frames: int, budget: int, heavy: int) -> None:
    monkeypatch.setattr(framestore, "MAX_FRAMES", frames)
    monkeypatch.setattr(framestore, "BUDGET", budget)
    monkeypatch.setattr(framestore, "HEAVY", heavy)
    monkeypatch.setattr(framestore, "RATIO", 0.0)  # a checkpoint at every chunk start, whatever it costs
    monkeypatch.setattr(framestore, "POLICY", (budget, heavy, frames, 0.0, framestore.SPACING))


def _count_jumps(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    seen: Counter[str] = Counter()
    real = history.jump

    def counted(*args: Any) -> Any:
        result = real(*args)
        seen["jumped" if result is not None else "applied"] += 1
        return result

    monkeypatch.setattr(history, "jump", counted)  # what `history` calls
    return seen


def _spread(ids: list[int], count: int) -> list[int]:
    ordered = sorted(set(ids))
    return ordered[:: max(1, len(ordered) // count)][:count]


def _outside_the_main_tree(node: Node, doc: Node | None) -> bool:
    """In an iframe document or a shadow root."""
    current: Node | None = node
    while current is not None:
        if current.kind == SHADOW_ROOT or (current.kind == DOCUMENT and current is not doc):
            return True
        current = current.parent
    return False


def _named(data: dict[str, Any], name: str) -> list[int]:
    items = data.get(name)
    found = [node_id(i.get("id")) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    return [k for k in found if k is not None]


def _followed(timeline: Timeline, heavy: int, count: int) -> dict[str, list[int]]:
    """Node ids worth following, by what happened to them."""
    attributes, texts, inputs, removed, readded, big = [], [], [], set(), [], []
    for frame in timeline.frames:
        data = frame.data
        if frame.type == 3 and frame.source == INPUT and (key := node_id(data.get("id"))) is not None:
            inputs.append(key)
        if frame.type != 3 or frame.source != MUTATION:
            continue
        adds = [a for a in data.get("adds") or [] if isinstance(a, dict) and isinstance(a.get("node"), dict)]
        size = sum(len(data.get(k) or []) for k in ("adds", "removes", "texts", "attributes"))
        for add in adds:
            key = node_id(add["node"].get("id"))
            if key is not None and key in removed:
                readded.append(key)
            if key is not None and size >= heavy:
                big.append(key)
        removed |= {
            k for r in data.get("removes") or [] if isinstance(r, dict) and (k := node_id(r.get("id")))
        }
        attributes += [
            k for a in data.get("attributes") or [] if isinstance(a, dict) and (k := node_id(a.get("id")))
        ]
        texts += [k for t in data.get("texts") or [] if isinstance(t, dict) and (k := node_id(t.get("id")))]
    end = timeline.state_at((timeline.last_ms or 0) + 1, checkpoints=False)
    nested = [k for k, n in end.mirror.items() if _outside_the_main_tree(n, end.doc)]
    return {
        "created by a heavy frame": _spread(big, count),
        "removed and added again": _spread(readded, count),
        "removed": _spread(list(removed), count),
        "attributes changed": _spread(attributes, count),
        "text changed": _spread(texts, count),
        "typed into": _spread(inputs, count),
        "in an iframe or shadow root": _spread(nested, count),
        "any": _spread(list(end.mirror), count),
    }


def _check(folder: Path, heavy: int, count: int) -> dict[str, int]:
    bundle = import_recording(folder)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    start = timeline.first_ms or 0
    fast = source_from_timeline(timeline, start)
    full = Timeline(list(timeline.frames))  # no store: every frame applied, no jump, no chunk skipped
    slow = source_from_timeline(full, start)
    events = load_events(bundle)
    followed = _followed(full, heavy, count)
    for what, keys in followed.items():
        for key in keys:
            assert node_history(fast, key, events) == node_history(slow, key, events), (what, key)
    # Ranges starting where a chunk starts (a heavy frame's own chunk, or just after it) and mid-chunk.
    store = timeline.store
    starts = [store.stamps[first] for first in store.firsts[1::3]][:4]
    starts += [store.stamps[min(len(store.stamps) - 1, first + 1)] for first in store.firsts[2::5]][:2]
    for instant in starts:
        lo, hi = fast.offset(instant), fast.offset(instant) + 20_000
        for key in followed["created by a heavy frame"] + followed["any"]:
            mine = node_history(fast, key, events, from_offset=lo, to_offset=hi)
            assert mine == node_history(slow, key, events, from_offset=lo, to_offset=hi), (key, lo)
    return {what: len(keys) for what, keys in followed.items()}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_jumping_over_heavy_frames_gives_the_full_walk(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _policy(monkeypatch, frames=20, budget=300, heavy=3)
    seen = _count_jumps(monkeypatch)
    found = _check(scenario_path(scenario), heavy=3, count=4)
    assert seen["jumped"] > 0, seen
    assert found["created by a heavy frame"] and found["any"]


def test_widgets_covers_inputs_iframe_shadow_and_refused_jumps(monkeypatch: pytest.MonkeyPatch) -> None:
    """`widgets` has the iframe, the shadow root, radios, selects and typing: every kind of node is
    followed, and some jumps are refused because a chunk touches a control waiting for the flush."""
    _policy(monkeypatch, frames=20, budget=300, heavy=3)
    refused: Counter[str] = Counter()
    real = history_jump.flush_commutes

    def counted(*args: Any) -> bool:
        result = real(*args)
        refused["refused" if not result else "allowed"] += 1
        return result

    monkeypatch.setattr(history_jump, "flush_commutes", counted)
    found = _check(scenario_path("widgets"), heavy=3, count=6)
    assert all(n for what, n in found.items() if what != "removed and added again"), found
    assert refused["refused"] > 0 and refused["allowed"] > 0, refused


@pytest.mark.slow
def test_jumps_on_the_scale_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The derived replay: renders of 2,000 rows (10,000 adds) are heavy. With the default spacing
    (`SPACING` 2) no checkpoint follows a render, so every render is applied; with render
    checkpoints (`SPACING` 3) a checkpoint follows each render (at the next segment start) and the
    walk jumps over them, and over more with a checkpoint at every chunk start. Same answers."""
    seen = _count_jumps(monkeypatch)
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=2_000, minutes=3, renders=4))
    assert framestore.SPACING == 2
    found = _check(tmp_path / "hour", heavy=framestore.HEAVY, count=3)
    assert seen["jumped"] == 0 and found["created by a heavy frame"] and found["removed"]
    monkeypatch.setattr(framestore, "SPACING", 3)
    monkeypatch.setattr(framestore, "POLICY", (*framestore.POLICY[:4], 3))
    found = _check(tmp_path / "hour", heavy=framestore.HEAVY, count=3)
    jumped = seen["jumped"]
    assert jumped > 0 and found["created by a heavy frame"] and found["removed"]
    _policy(monkeypatch, frames=framestore.MAX_FRAMES, budget=framestore.BUDGET, heavy=framestore.HEAVY)
    found = _check(tmp_path / "hour", heavy=framestore.HEAVY, count=3)
    assert seen["jumped"] > jumped and found["created by a heavy frame"] and found["removed"]


def _described_in_full(node: Node) -> str:
    """`describe` from the whole visible text (what it was before it could stop early)."""
    if node.kind != ELEMENT:
        return describe(node)
    ident = node.attrs.get("id")
    head = f"<{node.tag}{'#' + ident if ident else ''}>"
    text = visible_text(node)
    return f'{head} "{squash(text, 60)}"' if text else head


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_descriptions_that_stop_early_are_the_full_ones(scenario: str) -> None:
    """Every node of the page, mid-replay and at its end: the table, the page, the document."""
    bundle = import_recording(scenario_path(scenario))
    timeline, _ = load_timeline(bundle)
    first, last = timeline.first_ms or 0, timeline.last_ms or 0
    long = 0
    for instant in ((first + last) / 2, last + 1):
        state = timeline.state_at(instant)
        for node in walk(state.doc) if state.doc is not None else ():
            assert describe(node) == _described_in_full(node)
            long += node.kind == ELEMENT and len(visible_text(node)) > 200
    assert long > 0


def test_descriptions_where_words_run_across_texts() -> None:
    """Texts cut mid-word, runs of spaces, non-breaking spaces, hidden `<style>` text, inline and
    block neighbours: trees drawn at random from such pieces."""
    rng = random.Random(12)
    pieces = ["Order", " #1", "0001", "  ", "\n", "x" * 30, "é", "\u00a0", " ", "", "$6.37", "y" * 70]
    for _ in range(1500):
        root = Node(ELEMENT, "div")
        elements = [root]
        for _ in range(rng.randint(1, 40)):
            parent = rng.choice(elements)
            if rng.random() < 0.6:
                child = Node(TEXT, "#text")
                child.text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
            else:
                child = Node(ELEMENT, rng.choice(["span", "p", "b", "style", "td"]))
                elements.append(child)
            child.parent = parent
            parent.children.append(child)
        for element in elements:
            assert describe(element) == _described_in_full(element)
