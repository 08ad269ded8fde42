"""`struggles` on a replay too big to rebuild reads its DOM store's checkpoints when one exists.

Over `dom.maxNodeOps` a replay's DOM is not rebuilt for the detectors. Without a DOM store the
note says so and names the command that builds one, and `struggles` builds nothing. Once a `dom`
command has built the store, the detectors read checkpointed states, each instant charged its
cost (`domcost`: the checkpoint's nodes plus the node operations after it) until the budget is
spent; the note says how many instants were read, how many were not and the budget that reads
them. Checked on a real recording whose findings depend on the DOM, with budgets below its
rebuild (the findings read from the store equal those of a full rebuild at every instant), and on
a derived replay whose real 2,000-row table is rendered and removed again (bench/scale_corpus.py):
no store built implicitly, and the cost model's page sizes equal the stored checkpoints'.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDINGS, ROOT
from conftest import small_chunks as _small_chunks

from replaydom.analyze.struggles import StruggleConfig, find_struggles
from replaydom.analyze.struggles.domcost import PageSizes, checkpointed_cost
from replaydom.analyze.struggles.domprobe import DomProbe, dom_work
from replaydom.dom.cache import existing_store
from replaydom.dom.history_counts import subtree_size
from replaydom.replay import open_replay
from replaydom.store.importer import import_recording

sys.path.insert(0, str(ROOT / "bench"))
import scale_corpus


@cache
def _folder(tmp: Path) -> Path:
    folder = tmp / "heavy-struggles"
    scale_corpus.write(folder, *scale_corpus.hour_long(rows=2_000, minutes=2, renders=4))
    return folder


@pytest.fixture
def heavy(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    """(replay id, its DOM rebuild work) of the derived replay, imported into this test's cache."""
    bundle = import_recording(_folder(tmp_path_factory.getbasetemp()))
    return bundle.replay_id, dom_work(open_replay(bundle.replay_id).events())


def _titles(found: list[Any]) -> list[Any]:
    """The findings whole (titles, scores, details such as the error messages each attempt showed)."""
    return [f.model_dump(mode="json") for f in found]


def test_without_a_store_nothing_is_built_and_the_note_names_the_command(cli: Any, heavy: Any) -> None:
    rid, work = heavy
    out = cli("struggles", rid, "--set", f"dom.maxNodeOps={work - 1}", "--json")
    assert out.exit_code == 0
    (note,) = out.json()["notes"]
    assert f"{work:,} node operations" in note and "no DOM store yet" in note
    assert f"`replaydom dom {rid} --from 0 --to 0`" in note
    assert existing_store(open_replay(rid).bundle) is None  # struggles built nothing


def test_with_a_store_the_checks_read_checkpoints_within_the_budget(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a real recording whose findings depend on the DOM (error messages shown after submits),
    with a budget below its rebuild (its store cut into small checkpointed chunks)."""
    _small_chunks(monkeypatch)
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    replay = open_replay(rid)
    events = replay.events()
    work = dom_work(events)
    from replaydom.cli.dom import load_source, stored_source

    blind = find_struggles(events, StruggleConfig({"dom": {"maxNodeOps": 1}}))
    assert stored_source(replay) is None
    assert cli("dom", rid, "--from", "0", "--to", "0").exit_code == 0  # builds the store
    assert existing_store(replay.bundle) is not None
    # what the detectors find with the DOM rebuilt at every instant from the page's start
    full = find_struggles(
        events, StruggleConfig({"dom": {"maxNodeOps": 1e12}}), dom=lambda: load_source(replay)
    )
    assert _titles(full) != _titles(blind)  # the DOM changes the findings here: the test can fail

    costs = _costs(events, stored_source(replay))
    k = 2
    assert len(costs) > k

    def run(limit: int) -> tuple[list[Any], list[str]]:
        notes: list[str] = []
        found = find_struggles(
            events,
            StruggleConfig({"dom": {"maxNodeOps": work - 1, "maxReadOps": limit}}),
            dom=lambda: load_source(replay),
            stored=lambda: stored_source(replay),
            notes=notes,
        )
        return found, notes

    # a budget for the first k instants: read in order until it is spent, and said exactly
    budget = sum(costs[:k])
    found, notes = run(budget)
    assert _titles(found) != _titles(blind)  # the instants read from the store changed the findings
    (note,) = notes
    assert f"read the DOM from its store's checkpoints at {k} of {len(costs)} instants" in note, note
    assert f"({budget:,} node operations)" in note and f"--set dom.maxReadOps={sum(costs)}`" in note
    assert f"the other {len(costs) - k} (from " in note
    # the budget the note gives reads every instant from the store: the findings of a full read
    found, notes = run(sum(costs))
    assert notes == [] and _titles(found) == _titles(full)

    table = cli("struggles", rid, "--set", f"dom.maxNodeOps={work - 1}", "--set", f"dom.maxReadOps={budget}")
    assert (
        "note: the DOM-reading checks (error messages after submits, empty search results, step advances) "
        "read the DOM from its store" in table.stderr
    )


def _costs(events: list[dict[str, Any]], source: Any) -> list[int]:
    """The cost of each distinct instant the detectors ask for, in the order they ask."""
    asked: list[int] = []
    sizes = PageSizes(events)
    cost = checkpointed_cost(source, sizes)

    class Recorder(DomProbe):
        def at(self, offset_ms: int) -> Any:
            if offset_ms not in asked:
                asked.append(offset_ms)
            return super().at(offset_ms)

    probe = Recorder(loader=lambda: source, budget=10**6)
    from replaydom.analyze.struggles import detect
    from replaydom.analyze.struggles.core import Context

    detect(Context.build(events, None, probe))
    assert len(asked) >= 3
    return [cost(t) for t in asked]


def test_page_sizes_equal_the_checkpointed_states(heavy: Any, cli: Any) -> None:
    """The cost model's page size at each checkpoint is the node count of the state stored there
    (within the document node: the events count the snapshot's nodes below it)."""
    rid, _work = heavy
    assert cli("dom", rid, "--from", "0", "--to", "0").exit_code == 0
    from replaydom.cli.dom import stored_source

    replay = open_replay(rid)
    source = stored_source(replay)
    assert source is not None and source.timeline.store is not None
    store = source.timeline.store
    sizes = PageSizes(replay.events())
    checked = 0
    for number in sorted(store.checkpoints):
        first = store.chunks[number][0]
        state = store.state(number, store.stamps[first])
        assert state is not None
        size = sizes.size_before(source.offset(store.stamps[first]))
        real = subtree_size(state.doc)
        # the normalizer's node map leaves out the document node itself: an estimate, close
        assert real - 2 <= size <= real, (number, size, real)
        checked += 1
    assert checked >= 3


def test_the_suggested_read_budget_stops_at_the_instant_cap() -> None:
    """More instants refused than the per-replay cap leaves room for: the note's budget pays for
    the ones the cap lets through, and says how many that is, not "them all"."""
    from replaydom.analyze.struggles.domprobe import DomProbe, dom_use_note

    probe = DomProbe(loader=lambda: None, budget=3, calls=1, limit=100.0, spent=90)
    probe.refused = [1_000, 2_000, 3_000, 4_000]
    probe._charge = lambda at: at // 100  # 10, 20, 30, 40
    note = dom_use_note(probe, probe.limit, "r")
    assert note is not None
    assert "reading them is 100 more" in note
    assert "--set dom.maxReadOps=120` reads 2 more, the first 3 in all (the most read per replay)" in note
    probe.budget = 10
    note = dom_use_note(probe, probe.limit, "r")
    assert note is not None and "--set dom.maxReadOps=190` reads them all" in note
