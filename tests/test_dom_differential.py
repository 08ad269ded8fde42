"""The pure-Python DOM against the real rrweb Replayer (rrweb-model.md §5.3), in headless Chromium.

For every recording, at every distinct rrweb frame time and 1 ms after it (an evenly spaced sample of
`SAMPLE` times for the long session), the canonical tree of `replaydom.dom` must equal the one the
player reads from the Replayer's document: same nodes with the same rrweb ids, tags, attributes,
text, input values, checked and selected states, shadow roots and iframe documents (format:
`player.Player.dom_tree`). "No document" must agree too. Variants derived from the real recordings
(adds out of order, a queued iframe document, a removal from the wrong parent, a lost parent, a
stylesheet inlined late, hostile content) are checked at a sample of instants the same way.

Target and threshold: 100 % agreement. The figure is printed per case and in total (`-s`).
Skips only when the player is unavailable and `CI` is unset. One browser serves every instant; the
page calls `Player.dom_tree` makes are batched (and one instant per case goes through `dom_tree`
itself to prove the batch answers the same).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

import pytest
from conftest import SCENARIOS, load_json, load_segments
from test_dom_mutate import VARIANTS, Segments
from test_dom_serialize import variant_hostile

from replaydom.dom.canonical import canonical
from replaydom.dom.source import DomSource, source_from_segments
from replaydom.errors import PlayerUnavailable
from replaydom.frames.start import replay_start_ms
from replaydom.player import Player, Viewport, rrweb_frames

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAMPLE = 150  # instants for long recordings (each also checked 1 ms later)
VARIANT_SAMPLE = 25
CASES: dict[str, tuple[Callable[[], Segments], str, int | None]] = {
    **{
        name: (lambda name=name: load_segments(name), name, SAMPLE if name == "long-session" else None)
        for name in SCENARIOS
    },
    **{
        name: (make, "checkout-failure" if name.startswith("checkout") else "widgets", VARIANT_SAMPLE)
        for name, make in VARIANTS.items()
    },
    "checkout-hostile": (variant_hostile, "checkout-failure", VARIANT_SAMPLE),
}
AGREEMENT: dict[str, tuple[int, int]] = {}


@pytest.fixture(scope="module")
def player() -> Iterator[Player]:
    try:
        p = Player()
        p.start()
    except PlayerUnavailable as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the player must run here: {e}")
        pytest.skip(f"player unavailable: {e}")
    try:
        yield p
    finally:
        p.close()


def instants(frames: list[dict[str, Any]], sample: int | None) -> list[float]:
    """Distinct rrweb frame times (evenly sampled down to `sample`), each also 1 ms later."""
    stamps = sorted({float(f["timestamp"]) for f in rrweb_frames(frames)})
    if sample is not None and len(stamps) > sample:
        step = len(stamps) / sample
        stamps = [stamps[int(i * step)] for i in range(sample)]
    return sorted({t for s in stamps for t in (s, s + 1)})


def first_difference(mine: Any, theirs: Any, path: str = "tree") -> str | None:
    """Where two canonical trees first differ, for a readable failure."""
    if type(mine) is not type(theirs):
        return f"{path}: {str(mine)[:160]} != {str(theirs)[:160]}"
    if isinstance(mine, list):
        if len(mine) != len(theirs):
            ids = ([x[0] if isinstance(x, list) and x else x for x in side] for side in (mine, theirs))
            return f"{path}: children {next(ids)} != {next(ids)}"
        for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(mine, dict):
        if mine.keys() != theirs.keys():
            return f"{path}: keys {sorted(mine)} != {sorted(theirs)}"
        return next((d for k in mine if (d := first_difference(mine[k], theirs[k], f"{path}.{k}"))), None)
    return None if mine == theirs else f"{path}: {mine!r} != {theirs!r}"


# What `Player.dom_tree` runs in the page per instant (a fresh Replayer paused there, then the
# canonical tree), for a batch of instants in one round trip.
_BATCH_JS = """async ([targets, sizes]) => {
  const out = [];
  for (let i = 0; i < targets.length; i++) {
    await __replaydom.seek(targets[i], sizes[i]);
    out.push(JSON.stringify(__replaydom.tree()));
  }
  __replaydom.clear();
  return out;
}"""
_BATCH = 40


def replayer_trees(player: Player, targets: list[float]) -> list[Any]:
    """`player.dom_tree` at many epoch instants: None without a document, as `dom_tree` says."""
    timeline = player.timeline
    trees: list[Any] = [None] * len(targets)
    todo = [(i, t) for i, t in enumerate(targets) if timeline.has_document(t)]
    for at in range(0, len(todo), _BATCH):
        chunk = todo[at : at + _BATCH]
        sizes = [
            asdict(timeline.viewport_at(t) or timeline.first_viewport() or Viewport(1280, 720))
            for _, t in chunk
        ]
        for (i, _), tree in zip(
            chunk, player.page.evaluate(_BATCH_JS, [[t for _, t in chunk], sizes]), strict=True
        ):
            trees[i] = json.loads(tree)
    return trees


@pytest.mark.parametrize("case", list(CASES))
def test_reconstruction_equals_the_replayer(player: Player, case: str) -> None:
    make, details_of, sample = CASES[case]
    segments = make()
    frames = [f for segment in segments for f in segment]
    start = replay_start_ms(enumerate(segments), load_json(details_of, "details.json"))
    source: DomSource = source_from_segments(enumerate(segments), start, replay_id=case)
    player.load(frames, start)
    targets = instants(frames, sample)
    theirs_all = replayer_trees(player, targets)
    probe = next(i for i, tree in enumerate(theirs_all) if tree is not None)
    assert player.dom_tree(targets[probe] - start) == theirs_all[probe]  # type: ignore[arg-type]
    failures = []
    for target, theirs in zip(targets, theirs_all, strict=True):
        mine = canonical(source.timeline.state_at(target).doc)
        if mine != theirs:
            failures.append(f"{target - start:.0f} ms: {first_difference(mine, theirs)}")
    checked = len(targets)
    documents = sum(tree is not None for tree in theirs_all)
    AGREEMENT[case] = (checked - len(failures), checked)
    print(f"\n{case}: {checked - len(failures)}/{checked} instants agree ({documents} with a document)")
    assert documents > checked // 2  # the comparison is about pages, not about two empty answers
    assert not failures, f"{len(failures)} of {checked} instants differ; first: " + "; ".join(failures[:3])


def test_total_agreement_is_100_percent() -> None:
    if not AGREEMENT:
        pytest.skip("no differential case ran")
    agree = sum(a for a, _ in AGREEMENT.values())
    total = sum(t for _, t in AGREEMENT.values())
    share = 100 * agree / total
    print(f"\nDOM differential agreement: {agree}/{total} = {share:.2f} % over {len(AGREEMENT)} cases")
    assert agree == total
