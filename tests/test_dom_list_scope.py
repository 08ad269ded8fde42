"""`dom --diff`'s work budget and `--css` scoping of the list views, on real recordings (the DOM store
cut into small chunks so that a long span crosses many) and on a derived heavy replay (real
2,000-row renders removed and rendered again, `bench/scale_corpus.py`).

- A budgeted `--diff` stops between frames and says where: its net part is the unbounded one
  (pointers included, except those a frame after the stop may change, flagged), its transient part
  the unbounded walk's items that went before the stop; an unspent budget changes nothing; the CLI
  states the stop with the exact `--diff STOP..B` that continues and `--full`.
- `--diff --css` lists exactly the unscoped items inside the elements that match at A or at B.
- `--from/--to --css` lists exactly the unscoped items of frames that touch the scope, and its
  pages chain to the whole scoped listing.
- `--history SELECTOR` is the history of the first match; selectors that match nothing or do not
  parse are one-line errors with their exit codes."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path

from replaydom.dom import framestore, walkbudget
from replaydom.dom.at import css_matches
from replaydom.dom.cache import load_timeline
from replaydom.dom.diff import dom_diff, frame_targets
from replaydom.dom.diffscope import Scope
from replaydom.dom.inspect import KINDS, dom_events
from replaydom.dom.rangepage import dom_events_page
from replaydom.dom.source import DomSource, source_from_timeline
from replaydom.dom.timeline import Timeline
from replaydom.dom.tree import walk
from replaydom.dom.walkbudget import WalkBudget
from replaydom.index import load_events, load_meta
from replaydom.render.schemas import DomChange
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _small_chunks(monkeypatch: pytest.MonkeyPatch, frames: int = 20, budget: int = 300) -> None:
    monkeypatch.setattr(framestore, "MAX_FRAMES", frames)
    monkeypatch.setattr(framestore, "BUDGET", budget)
    monkeypatch.setattr(framestore, "RATIO", 0.0)
    monkeypatch.setattr(framestore, "POLICY", (budget, framestore.HEAVY, frames, 0.0, framestore.SPACING))


def _sources(folder: Path) -> tuple[DomSource, DomSource, list[dict[str, Any]]]:
    bundle = import_recording(folder)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    start = float(load_meta(bundle)["startMs"])
    stored = source_from_timeline(timeline, start, replay_id=bundle.replay_id)
    memory = source_from_timeline(Timeline(list(timeline.frames)), start, replay_id=bundle.replay_id)
    return stored, memory, load_events(bundle)


def _whole(source: DomSource) -> tuple[int, int]:
    timeline = source.timeline
    return source.offset(timeline.first_ms or 0) + 1, source.offset(timeline.last_ms or 0) + 1


def _key(item: dict[str, Any]) -> tuple[Any, ...]:
    return (item["part"], item["change"], item["nodeId"], item.get("offsetMs"), item.get("goneBy"))


def _check_budget(source: DomSource, a: int, b: int, work: int) -> WalkBudget:
    full = dom_diff(source, a, b)
    budget = WalkBudget(work)
    page = dom_diff(source, a, b, budget=budget)
    if budget.resume is None:
        assert page == full
        return budget
    assert a < budget.resume <= b
    net = [i for i in page if i["part"] == "net"]
    whole_net = {_key(i) for i in full if i["part"] == "net"}
    by_node = {i["nodeId"]: i for i in full if i["part"] == "net"}
    assert len(net) == len(whole_net)
    for item in net:
        if item.get("touchedAfterStop"):  # a frame after the stop may have touched it: no pointer
            assert item["segmentId"] is None
            twin = by_node[item["nodeId"]]
            assert _unpointed(item) == _unpointed(twin)
        else:
            assert _key(item) in whole_net
            assert item == by_node[item["nodeId"]]
    went = [i for i in page if i["part"] == "transient"]
    expected = [
        i
        for i in full
        if i["part"] == "transient"
        and i["gone"]["offsetMs"] < budget.resume
        and i["change"] == "came-and-went"
    ]
    assert [i for i in went if i["change"] == "came-and-went"] == expected
    assert all(i["gone"]["offsetMs"] < budget.resume for i in went)
    for item in page:
        DomChange.model_validate(item)
    return budget


def _unpointed(item: dict[str, Any]) -> dict[str, Any]:
    skip = ("segmentId", "frameIndex", "offsetMs", "timestamp", "touchedAfterStop")
    return {k: v for k, v in item.items() if k not in skip}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_budgeted_diff_is_the_unbounded_one_up_to_its_stop(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch)
    stored, memory, _ = _sources(scenario_path(scenario))
    a, b = _whole(stored)
    stops = 0
    for source in (stored, memory):
        for work in (50, 400, 3_000):
            stops += _check_budget(source, a, b, work).resume is not None
        unspent = WalkBudget(10**12)
        assert dom_diff(source, a, b, budget=unspent) == dom_diff(source, a, b)
        assert unspent.resume is None
    assert stops > 0


@cache
def _heavy(tmp: Path) -> Path:
    folder = tmp / "heavy-scope"
    scale_corpus.write(folder, *scale_corpus.hour_long(rows=2_000, minutes=2, renders=6))
    return folder


@pytest.fixture
def heavy(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Any:
    _small_chunks(monkeypatch, frames=200, budget=5_000)
    return _sources(_heavy(tmp_path_factory.getbasetemp()))


@pytest.mark.slow
def test_a_budgeted_diff_on_a_derived_heavy_replay(heavy: Any) -> None:
    stored, _memory, _events = heavy
    a, b = _whole(stored)
    budget = _check_budget(stored, a, b, 30_000)  # about three renders of 2,000 rows
    assert budget.resume is not None
    # The continuation walks on from the stop: its own transient items all went after it.
    rest = dom_diff(stored, budget.resume, b)
    assert all(i["appeared"]["offsetMs"] >= budget.resume for i in rest if i["part"] == "transient")


def _scope_ids(source: DomSource, selector: str, a: int, b: int) -> tuple[set[int], set[int]]:
    """Independently of `Scope`: ids inside the matches at A and at B."""
    out = []
    for offset in (a, b):
        state = source.timeline.state_at(source.instant(offset))
        try:
            found = css_matches(state.doc, selector, offset) if state.doc is not None else []
        except Exception:
            found = []
        out.append({n.id for m in found for n in walk(m) if n.id is not None})
    return out[0], out[1]


SELECTORS = {
    "checkout-failure": ["section#products", "#status", "body"],
    "widgets": ["form", "main"],
    "long-session": ["main", "section"],
}


@pytest.mark.parametrize("scenario", sorted(SELECTORS))
def test_diff_css_keeps_exactly_the_changes_inside_the_matches(scenario: str) -> None:
    _stored, memory, _ = _sources(scenario_path(scenario))
    first, last = _whole(memory)
    spans = [(first, last), (first, (first + last) // 2), ((first + last) // 2, last)]
    kept = 0
    for selector in SELECTORS[scenario]:
        for a, b in spans:
            at_a, at_b = _scope_ids(memory, selector, a, b)
            if not at_a and not at_b:
                continue
            full = dom_diff(memory, a, b)
            scoped = dom_diff(memory, a, b, scope=Scope(selector, a, b))
            pages = any(i["description"].startswith("page ") for i in full)
            expected_net = [
                i
                for i in full
                if i["part"] == "net"
                and (
                    pages
                    or (i["change"] == "removed" and i["nodeId"] in at_a)
                    or (i["change"] == "added" and i["nodeId"] in at_b)
                    or (i["change"] not in ("added", "removed") and i["nodeId"] in at_a | at_b)
                )
            ]
            assert [i for i in scoped if i["part"] == "net"] == expected_net
            transient = [i for i in scoped if i["part"] == "transient"]
            assert all(i in full for i in transient)
            kept += len(scoped)
            if selector == "body":
                assert scoped == full or pages is False
    assert kept > 0


def _no_burst(item: dict[str, Any]) -> dict[str, Any]:
    data = dict(item["data"])
    data["dom"] = {k: v for k, v in data.get("dom", {}).items() if k != "burst"}
    return {**item, "data": data}


def _touches(item: dict[str, Any], frame: Any, ids: set[int]) -> bool:
    return not ids.isdisjoint(frame_targets(frame)) or item.get("nodeId") in ids


@pytest.mark.parametrize("scenario", sorted(SELECTORS))
def test_range_css_lists_the_frames_that_touch_the_matches(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch)
    stored, memory, events = _sources(scenario_path(scenario))
    first, last = _whole(memory)
    kinds = frozenset(KINDS)
    listed = 0
    full = dom_events(memory, events, first, last, kinds)
    for selector in SELECTORS[scenario]:
        at_a, at_b = _scope_ids(memory, selector, first, last)
        if not at_a and not at_b:
            continue
        items, total = dom_events_page(memory, events, first, last, kinds, css=selector)
        assert total == len(items)
        pointers = {(i["segmentId"], i["frameIndex"]) for i in full}
        assert all((i["segmentId"], i["frameIndex"]) in pointers for i in items)
        # The same items, in the same order; bursts are counted among the items listed.
        unbursted = [_no_burst(i) for i in items]
        assert [_no_burst(i) for i in full if _no_burst(i) in unbursted] == unbursted
        for item in items:
            if item["kind"] == "mutation":  # it names a node that is (or comes) inside the scope
                dom = item["data"]["dom"]
                named = {e.get("nodeId") for k in ("adds", "removes", "texts", "attributes") for e in dom[k]}
                named |= {e.get("parentId") for k in ("adds", "removes") for e in dom[k]}
                assert named - {None}, item
        # Pages chain to the whole scoped listing, on the store as in memory.
        for source in (stored, memory):
            pages: list[dict[str, Any]] = []
            offset = 0
            while offset < total:
                page, count = dom_events_page(
                    source, events, first, last, kinds, offset=offset, limit=7, css=selector
                )
                assert count == total
                pages += page
                offset += 7
            assert pages == items
        listed += len(items)
        if selector == "body":
            assert len(items) <= len(full)
        assert at_a or at_b
    assert listed > 0


@pytest.mark.slow
def test_range_and_diff_css_on_a_derived_heavy_replay(heavy: Any) -> None:
    stored, memory, events = heavy
    first, last = _whole(stored)
    kinds = frozenset({"mutation"})
    full = dom_events(memory, events, first, last, kinds)
    items, total = dom_events_page(stored, events, first, last, kinds, css="section#report")
    assert 0 < total == len(items) < len(full)
    unbursted = [_no_burst(i) for i in items]
    assert [_no_burst(i) for i in full if _no_burst(i) in unbursted] == unbursted
    assert all(i["data"]["dom"]["counts"]["adds"] + i["data"]["dom"]["counts"]["removes"] for i in items)
    scoped = dom_diff(stored, first, last, scope=Scope("section#report", first, last))
    assert any(i["change"] == "came-and-went" and i["nodes"] > 2_000 for i in scoped)


def test_list_views_css_errors_and_history_by_selector(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    rid = bundle.replay_id
    bad = cli("dom", rid, "--diff", "0s..20s", "--css", "a[[[")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "bad CSS selector" in bad.stderr
    none = cli("dom", rid, "--diff", "1s..20s", "--css", "section#nothing-here")
    assert none.exit_code == 3 and "no element matches 'section#nothing-here' at A" in none.stderr
    assert none.stderr.count("\n") == 1
    assert cli("dom", rid, "--from", "1s", "--to", "20s", "--css", "#nothing").exit_code == 3
    assert cli("dom", rid, "--history", "x[[").exit_code == 2
    assert cli("dom", rid, "--history", "#nothing").exit_code == 3
    assert cli("dom", rid, "--history", "1", "--css", "body").exit_code == 2
    # --history SELECTOR is the history of its first match (named by id in what continues).
    by_css = cli("dom", rid, "--history", "article", "--json")
    assert by_css.exit_code == 0, by_css.stderr
    assert "elements match 'article'" in by_css.stderr
    first = by_css.json()["items"][0]["nodeId"]
    by_id = cli("dom", rid, "--history", str(first), "--json")
    assert by_css.json()["items"] == by_id.json()["items"]
    table = cli("dom", rid, "--diff", "1s..20s", "--css", "section#products")
    assert table.exit_code == 0 and "matches 1 element(s) at A and 0 at B" in table.stderr
    assert "nodes)" in table.stdout


def test_diff_cli_states_the_stop_and_the_command_that_continues(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walkbudget, "DIFF_BUDGET", 300)
    bundle = import_recording(scenario_path("long-session"))
    rid = bundle.replay_id
    full = cli("dom", rid, "--diff", "1s..10m", "--full", "--json", "--limit", "5000")
    assert full.exit_code == 0, full.stderr
    assert full.json()["truncated"] is None
    first = cli("dom", rid, "--diff", "1s..10m", "--json", "--limit", "5000")
    assert first.exit_code == 0, first.stderr
    truncated = first.json()["truncated"]
    assert truncated is not None and truncated["total"] is None
    assert truncated["next"].startswith(f"replaydom dom {rid} --diff ") and "ms..10m" in truncated["next"]
    assert truncated["full"].endswith("--full")
    net = [i for i in first.json()["items"] if i["part"] == "net"]
    assert len(net) == sum(i["part"] == "net" for i in full.json()["items"])
    nxt, pages = truncated["next"], 1
    while nxt and pages < 200:  # the exact commands, until the walk reaches B
        result = cli("dom", *nxt.split()[2:])
        assert result.exit_code == 0, result.stderr
        obj = result.json()
        nxt = obj["truncated"]["next"] if obj["truncated"] else None
        pages += 1
    assert nxt is None and pages > 1
    table = cli("dom", rid, "--diff", "1s..10m")
    assert table.exit_code == 0
    assert "the net change is complete" in table.stderr and "--full" in table.stderr
