"""The pure-Python DOM against the real rrweb Replayer on heavy replays derived from real ones.

At a handful of instants (before, between and after the big mutations), through the checkpointed
store and through the from-snapshot path, the canonical tree must equal the one the Replayer in
Chromium shows (`test_dom_differential`'s comparison): the small hour-long shape (2,000-row table
renders, removed and rendered again) and the pathological shapes (rows in reverse sibling order, a
deep subtree, a table whose adds all wait on it). The deep subtree is 300 levels here: the canonical
tree is a nested JSON list that Python's `json` and `==` walk recursively; `test_dom_checkpoint`
covers 2,000 levels without the browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_dom_differential import first_difference, player, replayer_trees

from replaydom.dom.cache import load_timeline
from replaydom.dom.canonical import canonical
from replaydom.player import Player
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["player"]

CASES = {
    "hour-small": lambda: scale_corpus.hour_long(rows=2_000, minutes=3, renders=4),
    "pathological": lambda: scale_corpus.pathological(reverse_nodes=10_000, depth=300, waiting_rows=1_000),
}


@pytest.mark.parametrize("case", list(CASES))
def test_heavy_derived_replay_equals_the_replayer(player: Player, case: str, tmp_path: Path) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5_000))
    segments, _details, _ = made = CASES[case]()
    scale_corpus.write(tmp_path / case, *made)
    bundle = import_recording(tmp_path / case)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    frames = [f for segment in segments for f in segment]
    start = timeline.first_ms or 0
    player.load(frames, start)
    heavy = [
        timeline.stamps[first]
        for number, (first, _) in enumerate(timeline.store.chunks)
        if number in timeline.store.checkpoints
    ]
    last = timeline.last_ms or 0
    targets = sorted({*(t + 1 for t in heavy[:6]), *(t - 1 for t in heavy[:3]), last + 1})
    theirs_all = replayer_trees(player, targets)
    failures = []
    for target, theirs in zip(targets, theirs_all, strict=True):
        for path in (True, False):
            mine = canonical(timeline.state_at(target, checkpoints=path).doc)
            if mine != theirs:
                failures.append(f"{target - start:.0f} ms ({path=}): {first_difference(mine, theirs)}")
    assert sum(tree is not None for tree in theirs_all) == len(targets)
    assert not failures, f"{len(failures)} differ; first: " + "; ".join(failures[:3])
