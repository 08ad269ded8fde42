"""`dom --history` on a node touched all through a long replay: the walk jumps to the checkpoint
written after a frame that took most of the page away (a removed table) and unlinks the state it
drops; by default it stops at a work budget (`history.Budget`) and says where, and the pages that
`--from resume` continues with add up to the full history, each item once.

Every answer is compared with a walk over every frame without a store (no jump, no chunk skipped,
no budget): on the derived replay of tables rendered, removed and rendered again (the section
around the table is the hot node: every render and removal names it) and on the shared recordings
cut into small chunks with tiny budgets (hundreds of stops)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path

from replaydom.dom import framestore, history, history_jump
from replaydom.dom.cache import load_timeline
from replaydom.dom.events import sort_key
from replaydom.dom.history import Budget, node_history
from replaydom.dom.ids import node_id
from replaydom.dom.source import DomSource, source_from_timeline
from replaydom.dom.timeline import MUTATION, Timeline
from replaydom.index import load_events
from replaydom.model import WalkTruncated
from replaydom.replay import open_replay
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _policy(monkeypatch: pytest.MonkeyPatch, frames: int, budget: int, heavy: int, ratio: float) -> None:
    monkeypatch.setattr(framestore, "MAX_FRAMES", frames)
    monkeypatch.setattr(framestore, "BUDGET", budget)
    monkeypatch.setattr(framestore, "HEAVY", heavy)
    monkeypatch.setattr(framestore, "RATIO", ratio)
    monkeypatch.setattr(framestore, "POLICY", (budget, heavy, frames, ratio, framestore.SPACING))


def _sources(folder: Path) -> tuple[DomSource, DomSource, list[dict[str, Any]], Timeline]:
    bundle = import_recording(folder)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    start = open_replay(bundle.replay_id).start_ms  # as the CLI: event offsets and `resume` agree
    full = Timeline(list(timeline.frames))
    events = load_events(bundle)
    return source_from_timeline(timeline, start), source_from_timeline(full, start), events, full


def _hot_parents(full: Timeline, count: int) -> list[int]:
    """The parents most mutations add subtrees under (the section around the re-rendered table)."""
    frames: Counter[int] = Counter()
    for frame in full.frames:
        if frame.type != 3 or frame.source != MUTATION:
            continue
        adds = [a for a in frame.data.get("adds") or [] if isinstance(a, dict)]
        added = {node_id(a["node"].get("id")) for a in adds if isinstance(a.get("node"), dict)}
        parents = {node_id(a.get("parentId")) for a in adds} - added - {None}
        frames.update(key for key in parents if key is not None)
    return [key for key, _ in frames.most_common(count)]


def _paged(source: DomSource, key: int, events: list[dict[str, Any]], work: int) -> tuple[list[Any], int]:
    """The whole history read page by page, each page continuing at the previous `resume`."""
    items: list[dict[str, Any]] = []
    start: float | None = None
    pages = 0
    while True:
        budget = Budget(work)
        items += node_history(source, key, events, from_offset=start, budget=budget)
        pages += 1
        if budget.resume is None:
            return items, pages
        assert start is None or budget.resume > start
        start = budget.resume


def _same(paged: list[dict[str, Any]], full: list[dict[str, Any]]) -> None:
    """The same items, each once (an interaction one millisecond before a page's end may come
    after a structural item of that millisecond: compared in the listing's own order)."""
    assert sorted(paged, key=sort_key) == full


@pytest.mark.slow
def test_the_hot_section_of_the_scale_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renders of 2,000 rows (10,000 adds) with HEAVY lowered to 1,000 so that, as on the hour-long
    replay, each removal of the table leaves a small state checkpointed at once: the walk jumps
    there (`history_jump.shrinks`) instead of applying the removal. Same answers as the walk over
    every frame, for the section, the table's neighbours and a sample of nodes; pages add up to it."""
    _policy(monkeypatch, frames=framestore.MAX_FRAMES, budget=framestore.BUDGET, heavy=1_000, ratio=1.0)
    shrinks: Counter[str] = Counter()
    real = history_jump.shrinks

    def counted(*args: Any) -> bool:
        result = real(*args)
        shrinks["jumped" if result else "refused"] += 1
        return result

    monkeypatch.setattr(history_jump, "shrinks", counted)
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=2_000, minutes=3, renders=4))
    fast, slow, events, full = _sources(tmp_path / "hour")
    hot = _hot_parents(full, 3)
    end = full.state_at((full.last_ms or 0) + 1)
    sample = sorted(end.mirror)[:: max(1, len(end.mirror) // 6)][:6]
    for key in [*hot, *sample]:
        expected = node_history(slow, key, events)
        assert node_history(fast, key, events) == expected, key
        if key == hot[0]:
            assert sum(i["data"]["dom"]["action"] == "children changed" for i in expected) >= 8
        if key in hot:
            paged, pages = _paged(fast, key, events, 15_000)
            _same(paged, expected)
            assert pages >= 3 or key != hot[0], (key, pages)
    assert shrinks["jumped"] >= 3, shrinks


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pages_add_up_to_the_full_history(scenario: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny chunks (a checkpoint at every chunk start), tiny budgets: many stops, at snapshots,
    mid-chunk and between a page's Meta and its snapshot; with and without a store."""
    _policy(monkeypatch, frames=20, budget=300, heavy=3, ratio=0.0)
    fast, slow, events, full = _sources(scenario_path(scenario))
    end = full.state_at((full.last_ms or 0) + 1)
    ids = sorted(end.mirror)
    keys = [*_hot_parents(full, 2), *ids[:: max(1, len(ids) // 3)][:3], 1]
    stopped = 0
    for key in keys:
        expected = node_history(slow, key, events)
        # A page's first state costs its size: budgets of one and three pages' worth.
        for source, work in ((fast, len(end.mirror) + 50), (slow, 3 * len(end.mirror))):
            paged, pages = _paged(source, key, events, work)
            _same(paged, expected)
            stopped += pages - 1
    assert stopped > 0


def test_a_budget_stops_between_milliseconds_and_says_where() -> None:
    """The cut is never inside one millisecond (a `--from` could not split it); everything walked
    is before `resume`, and an unspent budget leaves `resume` unset."""
    fast, _, events, full = _sources(scenario_path("long-session"))
    key = _hot_parents(full, 1)[0]
    budget = Budget(1)
    items = node_history(fast, key, events, budget=budget)
    assert budget.resume is not None and items
    assert all(i["offsetMs"] < budget.resume for i in items)
    rest = node_history(fast, key, events, from_offset=budget.resume)
    assert rest and all(i["offsetMs"] >= budget.resume - 1 for i in rest)
    unspent = Budget(10**12)
    assert node_history(fast, key, events, budget=unspent) == node_history(fast, key, events)
    assert unspent.resume is None


def test_history_cli_states_the_stop_and_the_command_that_continues(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "HISTORY_BUDGET", 5_000)  # three pages
    bundle = import_recording(scenario_path("long-session"))
    rid = bundle.replay_id
    timeline, _ = load_timeline(bundle)
    key = _hot_parents(Timeline(list(timeline.frames)), 1)[0]
    whole = cli("dom", rid, "--history", str(key), "--full", "--json")
    assert whole.exit_code == 0, whole.stderr
    assert whole.json()["truncated"] is None
    everything = whole.json()["items"]
    first = cli("dom", rid, "--history", str(key), "--json")
    assert first.exit_code == 0, first.stderr
    page = first.json()
    truncated = page["truncated"]
    assert truncated["total"] is None and truncated["shown"] == len(page["items"]) < len(everything)
    assert truncated["next"].startswith(f"replaydom dom {rid} --from ")
    assert truncated["full"].endswith("--full")
    WalkTruncated.model_validate(truncated)  # the documented model, walkedUntil included
    assert ":" in truncated["walkedUntil"]  # an offset, as the tables print it
    seen = list(page["items"])
    nxt = truncated["next"]
    while nxt:  # follow the exact commands until the end
        args = nxt.split()[2:]
        result = cli("dom", *args)
        assert result.exit_code == 0, result.stderr
        obj = result.json()
        seen += obj["items"]
        nxt = obj["truncated"]["next"] if obj["truncated"] else None
    assert sorted(seen, key=sort_key) == everything
    table = cli("dom", rid, "--history", str(key))
    assert table.exit_code == 0
    assert "Next: replaydom dom" in table.stderr and "--full" in table.stderr
    assert cli("dom", rid, "--at", "1s", "--full").exit_code == 2
