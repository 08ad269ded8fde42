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

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path
from conftest import small_chunks as _small_chunks

from replaydom.dom import walkbudget
from replaydom.dom.at import css_matches
from replaydom.dom.cache import load_timeline
from replaydom.dom.diff import dom_diff
from replaydom.dom.diffscope import Scope
from replaydom.dom.inspect import KINDS, dom_events
from replaydom.dom.rangepage import dom_events_page
from replaydom.dom.source import DomSource, source_from_timeline
from replaydom.dom.timeline import Timeline, step
from replaydom.dom.tree import walk
from replaydom.dom.walkbudget import WalkBudget
from replaydom.index import load_events, load_meta
from replaydom.render.schemas import DomChange
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


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
    data["dom"] = {k: v for k, v in data.get("dom", {}).items() if k not in ("burst", "frameCounts")}
    return {**item, "data": data}


_LISTS = ("adds", "removes", "texts", "attributes")


def _inside_at(state: Any, roots: set[int]) -> set[int]:
    """Independently of `rangescope`: ids inside the matched elements (by id) in `state`."""
    out: set[int] = set()
    for key in roots:
        node = state.mirror.get(key)
        if node is not None:
            out.update(n.id for n in walk(node) if n.id is not None)
    return out


def _oracle(source: DomSource, selector: str, a: int, b: int) -> dict[tuple[int, int], dict[str, list[int]]]:
    """Per mutation frame of [A, B]: the indexes of its entries inside the scope, read from the
    states before and after it (not by following the frames as `rangescope` does): an add or text
    or attribute change of a node inside a matched element after the frame, a remove of a node
    inside one before it. The elements are those matching at A (up to the range's first full
    snapshot: a new document numbers its nodes again) and at B (from its last one), by id."""
    timeline = source.timeline
    ends: list[set[int]] = []
    for offset in (a, b):
        state = timeline.state_at(source.instant(offset) + (1 if offset == b else 0))
        found = css_matches(state.doc, selector, offset) if state.doc is not None else []
        ends.append({m.id for m in found if m.id is not None})
    window = timeline.frames_between(source.instant(a), source.instant(b))
    snapshots = sum(frame.type == 2 for frame in window)
    seen = 0
    state = timeline.state_at(source.instant(a))
    out: dict[tuple[int, int], dict[str, list[int]]] = {}
    for frame in window:
        seen += frame.type == 2
        if frame.type != 3 or frame.source != 0:
            step(state, frame)
            continue
        roots = (ends[0] if seen == 0 else set()) | (ends[1] if seen == snapshots else set())
        before = _inside_at(state, roots)
        step(state, frame)
        after = _inside_at(state, roots)
        kept: dict[str, list[int]] = {}
        for name in _LISTS:
            entries = [e for e in frame.data.get(name) or [] if isinstance(e, dict)]
            kept[name] = []
            for k, entry in enumerate(entries):
                key = (entry.get("node") or {}).get("id") if name == "adds" else entry.get("id")
                if name == "removes":
                    inside = key in before or entry.get("parentId") in before
                else:
                    inside = key in after
                if inside:
                    kept[name].append(k)
        out[(frame.seg, frame.idx)] = kept
    return out


@pytest.mark.parametrize("scenario", sorted(SELECTORS))
def test_range_css_lists_the_changes_inside_the_matches(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch)
    stored, memory, events = _sources(scenario_path(scenario))
    first, last = _whole(memory)
    kinds = frozenset(KINDS)
    listed = 0
    full = dom_events(memory, events, first, last, kinds)
    by_pointer = {(i["segmentId"], i["frameIndex"]): i for i in full}
    for selector in SELECTORS[scenario]:
        at_a, at_b = _scope_ids(memory, selector, first, last)
        if not at_a and not at_b:
            continue
        items, total = dom_events_page(memory, events, first, last, kinds, css=selector)
        assert total == len(items)
        assert all((i["segmentId"], i["frameIndex"]) in by_pointer for i in items)
        # The items of the unscoped listing, in its order ...
        order = [(i["segmentId"], i["frameIndex"]) for i in items]
        assert [p for p in by_pointer if p in set(order)] == order
        oracle = _oracle(memory, selector, first, last)
        mutations = 0
        for item in items:
            whole = by_pointer[(item["segmentId"], item["frameIndex"])]
            if item["kind"] != "mutation":
                assert _no_burst(item) == _no_burst(whole)
                assert item.get("nodeId") in at_a | at_b or item["kind"] == "dom-snapshot"
                continue
            mutations += 1
            dom, whole_dom = item["data"]["dom"], whole["data"]["dom"]
            # ... each with its changes inside the scope only, counted as such ...
            kept = oracle[(item["segmentId"], item["frameIndex"])]
            assert dom["counts"] == {name: len(kept[name]) for name in _LISTS}, item
            assert dom["frameCounts"] == whole_dom["counts"]
            for name in _LISTS:
                entries = whole_dom[name]
                if len(entries) == whole_dom["counts"][name]:  # the frame's entries are all listed
                    assert dom[name] == [entries[k] for k in kept[name]][: len(dom[name])]
            assert sum(dom["counts"].values()) > 0
            assert dom["nodes"]["added"] <= whole_dom["nodes"]["added"]
            assert dom["nodes"]["removed"] <= whole_dom["nodes"]["removed"]
        # ... and every frame with a change inside the scope is listed.
        wanted = {p for p, kept in oracle.items() if any(kept.values())}
        assert {(i["segmentId"], i["frameIndex"]) for i in items if i["kind"] == "mutation"} == wanted
        assert mutations == len(wanted)
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


@pytest.mark.slow
def test_range_css_leaves_out_a_render_beside_the_match(heavy: Any) -> None:
    """Each render adds the 2,000-row table and a heading to `section#report` in one frame: scoped
    to the headings, the frame lists the heading alone (not the table's 10,000 nodes), pages of
    it chain, and the table comes back under the section's own scope."""
    stored, memory, events = heavy
    first, last = _whole(stored)
    kinds = frozenset({"mutation"})
    items, total = dom_events_page(stored, events, first, last, kinds, css="section#report h2")
    assert total == len(items) > 0
    oracle = _oracle(memory, "section#report h2", first, last)
    for item in items:
        dom = item["data"]["dom"]
        kept = oracle[(item["segmentId"], item["frameIndex"])]
        assert dom["counts"] == {name: len(kept[name]) for name in _LISTS}
        assert all(entry["tag"] in ("h2", None) for entry in dom["adds"] + dom["removes"]), dom
        assert dom["nodes"]["added"] < 10 and dom["burst"]["adds"] < 10 * dom["burst"]["frames"]
    assert any(i["data"]["dom"]["frameCounts"]["adds"] > 10_000 for i in items)
    pages: list[dict[str, Any]] = []
    for offset in range(0, total, 2):
        page, count = dom_events_page(
            stored, events, first, last, kinds, offset=offset, limit=2, css="section#report h2"
        )
        assert count == total
        pages += page
    assert pages == items
    section, _ = dom_events_page(stored, events, first, last, kinds, css="section#report")
    assert max(i["data"]["dom"]["nodes"]["added"] for i in section) > 10_000


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
    # --from/--to --css says how many matched as --diff --css does, and lists the changes inside.
    scoped = cli("dom", rid, "--from", "1s", "--to", "40s", "--css", "section#products", "--json")
    assert scoped.exit_code == 0, scoped.stderr
    assert (
        "--css 'section#products' matches 1 element(s) at the start and 0 at the end: changes inside "
        "them only\n"
    ) in scoped.stderr
    mutations = [i for i in scoped.json()["items"] if i["kind"] == "mutation"]
    assert mutations and all(i["data"]["dom"].get("frameCounts") for i in mutations)


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


@pytest.mark.slow
def test_range_table_rows_are_never_cut_and_say_where_the_rest_is(heavy: Any, cli: Any) -> None:
    """A 10,000-node render under one mutation: the table's rows stop at ten with short counts no
    cell cuts, and one stderr line says what was left out and the exact command whose JSON has it."""
    stored, _memory, _events = heavy
    rid = stored.replay_id
    first, last = _whole(stored)
    args = ("dom", rid, "--from", f"{first}ms", "--to", f"{last}ms", "--kind", "mutation")
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    ends = ("more change(s)", "more row(s)", "inside the subtree(s) added above")
    more = [line for line in result.stdout.splitlines() if line.rstrip().endswith(ends)]
    assert more and all(line.rstrip().endswith(ends) for line in more if "more" in line)
    assert not any(line.rstrip().endswith("…") and "more" in line for line in result.stdout.splitlines())
    said = [line for line in result.stderr.splitlines() if line.startswith("Rows left out of the table")]
    assert len(said) == 1
    command = said[0].rsplit(": ", 1)[1]
    assert command.startswith(f"replaydom dom {rid} ") and command.endswith("--json")
    page = cli(*command.split()[1:])
    assert page.exit_code == 0, page.stderr
    counts = [i["data"]["dom"]["counts"] for i in page.json()["items"]]
    hidden = sum(
        sum(c.values()) - sum(len(i["data"]["dom"][k]) for k in _LISTS)
        for c, i in zip(counts, page.json()["items"], strict=True)
    )
    # Adds inside subtrees whose tops are all listed (and whose rows fit) are shown by those rows.
    inside = [_inside_listed(i["data"]["dom"]) for i in page.json()["items"]]
    assert any(inside), "the renders' rows stand for their subtrees"
    assert f"… +{max(inside):,} node(s) inside the subtree(s) added above" in result.stdout
    assert f"{hidden - sum(inside):,} change(s) past" in said[0]
    assert not cli(*args, "--json").stderr.count("Rows left out")


def _inside_listed(dom: dict[str, Any]) -> int:
    """The adds a table row stands for: past the JSON's list, inside subtrees whose every top is
    listed (`nodes.addedRoots`), under a mutation whose rows all fit in the table."""
    from replaydom.cli.dom_tables import MAX_ROWS_PER_FRAME, _node_rows_uncut

    tops = sum(1 for entry in dom["adds"] if entry.get("top"))
    if dom["nodes"]["addedRoots"] != tops or len(_node_rows_uncut(dom)) > MAX_ROWS_PER_FRAME:
        return 0
    return int(dom["counts"]["adds"]) - len(dom["adds"])


@pytest.mark.slow
def test_range_rows_count_nodes_as_history_does(heavy: Any, cli: Any) -> None:
    """A render that removes the table: the `--from/--to` row and JSON count its nodes (subtrees
    included, as `--history` does), not only the one removed root; bursts are numbered from 1."""
    stored, _memory, _events = heavy
    rid = stored.replay_id
    first, last = _whole(stored)
    span = ("--from", f"{first}ms", "--to", f"{last}ms")
    listed = cli("dom", rid, *span, "--kind", "mutation", "--json", "--limit", "1000")
    assert listed.exit_code == 0, listed.stderr
    history = cli("dom", rid, "--history", "section#report", "--full", "--json", "--limit", "1000")
    assert history.exit_code == 0, history.stderr
    by_frame = {
        (i["segmentId"], i["frameIndex"]): i["data"]["dom"].get("subtree") for i in history.json()["items"]
    }
    removals = 0
    for item in listed.json()["items"]:
        dom = item["data"]["dom"]
        seen = by_frame.get((item["segmentId"], item["frameIndex"]))
        if seen is not None and "nodesRemoved" in seen:  # every change of a render is inside the section
            nodes = {"added": dom["nodes"]["added"], "removed": dom["nodes"]["removed"]}
            assert nodes == {"added": seen["nodesAdded"], "removed": seen["nodesRemoved"]}
            assert 0 <= dom["nodes"]["addedRoots"] <= dom["counts"]["adds"]
        if dom["counts"]["removes"] == 1 and dom["nodes"]["removed"] > 10_000:
            removals += 1
        assert 1 <= dom["burst"]["number"] == dom["burst"]["index"] + 1 <= dom["burst"]["count"]
    assert removals >= 5
    table = cli("dom", rid, *span, "--kind", "mutation")
    removed = [
        int(m.replace(",", "")) for m in re.findall(r"-([\d,]+) nodes \(1 removed root\)", table.stdout)
    ]
    assert len(removed) >= 5 and min(removed) > 10_000
    assert "burst 0" not in table.stdout and re.search(r"\(burst \d+ of \d+: \d+ frames\)", table.stdout)
    # A burst's first frame listed carries its full label; its later frames say "continued".
    labelled = re.findall(r"\(burst (\d+) of \d+: \d+ frames\)", table.stdout)
    continued = re.findall(r"\(burst (\d+), continued\)", table.stdout)
    assert len(labelled) == len(set(labelled)) and continued and set(continued) <= set(labelled)
