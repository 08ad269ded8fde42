"""Form controls at scale against the real rrweb Replayer in Chromium (test_dom_differential's
harness), on the real `widgets` recording with derived mutations inserted after its snapshot
(bench/forms_corpus.py): a copy of its real `<select>` with hundreds of copies of its real options
(the `selected` copy in the middle), then the selected option and a run of others removed, then a
copy of its real gift form (the same radio names in a second form) whose radios are picked with
the recorder's Input events, before the recording's own inputs pick radios in the first form.
Every instant around the derived frames, and a sample of the rest, must agree exactly: option
selectedness after the memoised settling, and radio groups split by form owner.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import load_json
from test_dom_differential import first_difference, instants, player, replayer_trees

from replaydom.dom.canonical import canonical
from replaydom.dom.source import source_from_segments
from replaydom.frames.start import replay_start_ms
from replaydom.player import Player

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import forms_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["player"]


def variant_forms_at_scale(options: int = 400) -> tuple[list[list[dict[str, Any]]], list[float]]:
    """The recording with the derived form frames after its snapshot, and their times."""
    segments = forms_corpus.load()
    ids = forms_corpus.Ids(forms_corpus._max_id(segments))
    select_add, select_id = forms_corpus.select_mutation(segments, options, selected_at=options // 2, ids=ids)
    listed = [a["node"]["id"] for a in select_add["data"]["adds"] if a["parentId"] == select_id]
    listed.reverse()  # the adds list options last first
    gone = [listed[options // 2], *listed[:10]]
    removal = forms_corpus._copy(select_add)
    removal["data"] = {
        **removal["data"],
        "adds": [],
        "removes": [{"parentId": select_id, "id": i} for i in gone],
    }
    form_add, mapping = forms_corpus.form_copy_mutation(segments, ids)
    picks = forms_corpus.radio_inputs(segments, [[mapping[154]], [mapping[162]]], 0)
    derived = [select_add, removal, form_add, *picks]
    base = segments[forms_corpus.SNAPSHOT[0]][forms_corpus.SNAPSHOT[1]]["timestamp"]
    for offset, event in enumerate(derived, start=1):
        event["timestamp"] = base + offset
    first = segments[0]
    at = forms_corpus.SNAPSHOT[1] + 1
    segments[0] = [*first[:at], *derived, *first[at:]]
    return segments, [e["timestamp"] for e in derived]


def test_forms_at_scale_equal_the_replayer(player: Player) -> None:
    segments, stamps = variant_forms_at_scale()
    frames = [f for segment in segments for f in segment]
    start = replay_start_ms(enumerate(segments), load_json("widgets", "details.json"))
    source = source_from_segments(enumerate(segments), start, replay_id="widgets-forms-at-scale")
    player.load(frames, start)
    targets = sorted({*instants(frames, 25), *(t + 1 for t in stamps)})
    theirs_all = replayer_trees(player, targets)
    failures = []
    for target, theirs in zip(targets, theirs_all, strict=True):
        mine = canonical(source.timeline.state_at(target).doc)
        if mine != theirs:
            failures.append(f"{target - start:.0f} ms: {first_difference(mine, theirs)}")
    assert sum(tree is not None for tree in theirs_all) > len(targets) // 2
    assert not failures, f"{len(failures)} of {len(targets)} instants differ; first: " + "; ".join(
        failures[:3]
    )
