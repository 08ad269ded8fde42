"""`replaydom dom` end to end: a real recording imported into the isolated cache, the CLI in-process."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import scenario_path
from lxml import html as lxml_html

from replaydom.model import Event
from replaydom.store.importer import import_recording


@pytest.fixture
def rid() -> str:
    return import_recording(scenario_path("checkout-failure")).replay_id


def test_at_prints_an_inert_excerpt_of_the_body(cli: Any, rid: str) -> None:
    result = cli("dom", rid, "--at", "8s")
    assert result.exit_code == 0, result.stderr
    body = lxml_html.document_fromstring(result.stdout).body
    assert body.get("data-rr-id") == "11"
    assert all(e.get("data-rr-id") for e in body.iter() if isinstance(e.tag, str))
    assert body.xpath("//input[@id='search']/@value") == ["mug"]


def test_at_json_carries_the_fidelity_report(cli: Any, rid: str) -> None:
    result = cli("dom", rid, "--at", "00:08", "--json")
    assert result.exit_code == 0, result.stderr
    obj = result.json()
    assert obj["replayId"] == rid and obj["offsetMs"] == 8000 and obj["url"].endswith("/")
    assert obj["fidelity"]["status"] == "complete"
    assert obj["fidelity"]["startedFrom"]["snapshot"]["segmentId"] == 0
    assert obj["fidelity"]["mutationsApplied"] > 0
    assert obj["root"] == {"nodeId": 11, "tag": "body", "selector": "body"}


@pytest.mark.parametrize(
    ("flags", "starts"),
    [
        (("--node", "44"), "<input"),
        (("--css", "#cart-count"), "<span"),
        (("--html",), "<!DOCTYPE html>"),
    ],
)
def test_rooting_and_whole_document(cli: Any, rid: str, flags: tuple[str, ...], starts: str) -> None:
    result = cli("dom", rid, "--at", "8s", *flags)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(starts)


def test_html_with_css_prints_the_whole_matched_subtree(cli: Any) -> None:
    """Every row of the real 500-row report with `--css table.report --html`, where the default
    excerpt stops at 500 elements, breadth first: the rows and their cells' text are all there."""
    replay = import_recording(scenario_path("slow-and-idle")).replay_id
    whole = cli("dom", replay, "--at", "40s", "--css", "table.report", "--html", "--json")
    assert whole.exit_code == 0, whole.stderr
    obj = whole.json()
    assert obj["view"] == "subtree" and obj["shown"]["elided"] == 0 and obj["root"]["tag"] == "table"
    table = lxml_html.fragment_fromstring(obj["html"])
    rows = table.xpath(".//tbody/tr")
    assert len(rows) == 500 and rows[0].text_content().split() == ["Order", "#10001", "$6.37"]
    excerpt = cli("dom", replay, "--at", "40s", "--css", "table.report", "--json").json()
    assert excerpt["view"] == "excerpt" and excerpt["shown"]["elided"] > 0


def test_interactive_lens(cli: Any, rid: str) -> None:
    result = cli("dom", rid, "--at", "8s", "--lens", "interactive", "--json")
    controls = result.json()["controls"]
    search = next(c for c in controls if c["selector"] == "input#search")
    assert search["value"] == "mug" and search["type"] == "search"
    assert any(c["tag"] == "button" and c["label"] == "Add to cart" for c in controls)


def test_list_views_paginate_with_the_next_command(cli: Any, rid: str) -> None:
    result = cli("dom", rid, "--diff", "4s..8s", "--jsonl", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert len(result.jsonl()) == 3
    assert f"Next page: replaydom dom {rid} --diff 4s..8s --jsonl --limit 3 --offset 3" in result.stderr
    page = cli("dom", rid, "--diff", "4s..8s", "--json", "--limit", "3", "--offset", "3").json()
    assert page["items"] and page["truncated"]["shown"] == len(page["items"])


def test_history_and_range_items_are_events(cli: Any, rid: str) -> None:
    history = cli("dom", rid, "--history", "44", "--json").json()["items"]
    assert {i["data"]["dom"]["action"] for i in history} >= {"in snapshot", "typed into"}
    ranged = cli("dom", rid, "--from", "6s", "--to", "8s", "--kind", "mutation,input", "--jsonl").jsonl()
    assert ranged and {i["kind"] for i in ranged} <= {"mutation", "input"}
    for item in history + ranged:
        Event.model_validate(item)
    table = cli("dom", rid, "--from", "6s", "--to", "8s")
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split()[:3] == ["at", "kind", "node"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "give --at T"),
        (("--at", "8s", "--diff", "1s..2s"), 2, "give one view"),
        (("--at", "soon"), 2, "bad time string"),
        (("--diff", "5s"), 2, "bad --diff"),
        (("--from", "10s", "--to", "5s"), 2, "is after --to"),
        (("--at", "99:99:99"), 2, "bad time string"),
        (("--from", "1s", "--kind", "bogus"), 2, "unknown --kind"),
        (("--at", "8s", "--node", "44", "--css", "p"), 2, "not both"),
        (("--at", "8s", "--lens", "everything"), 2, "unknown lens"),
        (("--at", "8s", "--jsonl"), 2, "--jsonl is for the list views"),
        (("--diff", "1s..2s", "--node", "44"), 2, "--node only apply to --at"),
        (("--history", "44", "--kind", "input"), 2, "--kind only applies to --from/--to"),
        (("--at", "8s", "--css", "[["), 2, "bad CSS selector"),
        (("--at", "8s", "--node", "99999"), 3, "not in the DOM"),
        (("--at", "8s", "--css", "#nothing-here"), 3, "no element matches"),
        (("--at", "0"), 3, "no DOM at 00:00.000"),
        (("--history", "99999"), 3, "never touched"),
    ],
)
def test_errors_are_one_line_with_a_documented_code(
    cli: Any, rid: str, args: tuple[str, ...], code: int, message: str
) -> None:
    result = cli("dom", rid, *args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_an_unknown_replay_is_not_found(cli: Any) -> None:
    result = cli("dom", "0" * 32, "--at", "1s")
    assert result.exit_code == 3 and "not cached" in result.stderr


def test_range_table_shows_node_ids_selectors_and_text_changes(cli: Any, rid: str) -> None:
    """The click on "Add to cart" (script seq 10, #add-p1, ~6.7 s) swaps the button label and the
    cart count: the table names both nodes, their selectors and the texts before and after."""
    result = cli("dom", rid, "--from", "6.5s", "--to", "7s", "--kind", "mutation")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["at", "kind", "node", "selector", "what", "seg/frame"]
    label = next(line for line in lines if "button#add-p1" in line)
    assert label.split()[:2] == ["253", "button#add-p1"]
    assert "text 'Add to cart' -> 'Added ✓' (replaces 229)" in label
    count = next(line for line in lines if "span#cart-count" in line)
    assert "text '0' -> '1'" in count
    items = cli("dom", rid, "--from", "6.5s", "--to", "7s", "--kind", "mutation", "--jsonl").jsonl()
    adds = items[0]["data"]["dom"]["adds"]
    assert {(a["nodeId"], a["text"], a["top"]) for a in adds} == {(252, "1", True), (253, "Added ✓", True)}
    removes = items[0]["data"]["dom"]["removes"]
    expected = {(32, "0", 31), (229, "Add to cart", 222)}
    assert {(r["nodeId"], r["text"], r["parentId"]) for r in removes} == expected


def test_range_table_flags_masked_text_and_counts_rows_left_out(cli: Any, rid: str) -> None:
    masked = import_recording(scenario_path("masked-default")).replay_id
    table = cli("dom", masked, "--from", "4s", "--to", "4.5s", "--kind", "mutation").stdout
    row = next(line for line in table.splitlines() if "button#add-p4" in line)
    assert "(masked) -> '***** *' (masked)" in row
    # The search re-render (script seq 8) replaces 13 nodes and adds 37: rows past 10 are counted.
    result = cli("dom", rid, "--from", "5.3s", "--to", "5.4s", "--kind", "mutation")
    busy = result.stdout
    assert "… +7 more row(s)\n" in busy  # short: no cell cuts it; where the rest is: once, on stderr
    assert (
        "Rows left out of the table: 7 node row(s) past 10 per mutation are in --json: "
        f"replaydom dom {rid} --from 5.3s --to 5.4s --kind mutation --json\n"
    ) in result.stderr
    assert "text '12 products' -> '4 products'" in busy
    alert = cli("dom", rid, "--from", "00:25", "--to", "00:26", "--kind", "mutation").stdout
    assert "+ [role=alert] 'Payment failed. Please try again.'" in alert


def test_a_changed_multi_select_is_flagged_as_partly_captured(cli: Any) -> None:
    # widgets: the script selects wrap, card and ribbon in #gift-options (script.json); rrweb
    # records `select.value`, so only "wrap" survives, and the output must say so.
    wid = import_recording(scenario_path("widgets")).replay_id
    before = cli("dom", wid, "--at", "00:05", "--json").json()["fidelity"]
    assert before["notCaptured"]["multiSelectsChanged"] == []
    result = cli("dom", wid, "--at", "00:46.007", "--css", "#gift-options")
    assert result.exit_code == 0, result.stderr
    assert "note: 1 multi-select(s) changed by the user" in result.stderr
    fidelity = cli("dom", wid, "--at", "00:46.007", "--json").json()["fidelity"]
    assert fidelity["status"] == "complete" and len(fidelity["notCaptured"]["multiSelectsChanged"]) == 1
    assert any("other selections are unknown" in n for n in fidelity["notes"])


def test_css_with_many_matches_says_how_many_and_how_to_reach_the_others(cli: Any) -> None:
    """`--css tr` on the 500-row report roots the excerpt at the first row and says so: the count
    (every `tr` of the whole document), the ids of the first matches, and a next command that
    shows the second one; a selector that matches once says nothing more."""
    from replaydom.render.schemas import DomAtResult

    replay = import_recording(scenario_path("slow-and-idle")).replay_id
    whole = lxml_html.document_fromstring(cli("dom", replay, "--at", "40s", "--html").stdout)
    rows = [int(e.get("data-rr-id")) for e in whole.iter("tr")]
    assert len(rows) >= 500
    result = cli("dom", replay, "--at", "40s", "--css", "tr", "--depth", "1", "--json")
    assert result.exit_code == 0, result.stderr
    obj = result.json()
    DomAtResult.model_validate(obj)
    match = obj["cssMatch"]
    assert (match["selector"], match["total"], match["shown"]) == ("tr", len(rows), 1)
    assert match["nodeIds"] == rows[:20] and match["nodeId"] == rows[0] == obj["root"]["nodeId"]
    assert match["next"] == f"replaydom dom {replay} --at 00:40 --node {rows[1]} --depth 1 --json"
    assert f"note: {len(rows)} elements match 'tr'" in result.stderr and match["next"] in result.stderr
    following = cli(*match["next"].split()[1:])
    assert following.exit_code == 0 and following.json()["root"]["nodeId"] == rows[1]
    table = cli("dom", replay, "--at", "40s", "--css", "tr")
    assert table.stdout.startswith("<tr") and f"--at 00:40 --node {rows[1]}; other" in table.stderr
    single = cli("dom", replay, "--at", "40s", "--css", "table.report", "--json")
    assert single.json()["cssMatch"]["total"] == 1 and single.json()["cssMatch"]["next"] is None
    assert "elements match" not in single.stderr
    assert cli("dom", replay, "--at", "40s", "--json").json()["cssMatch"] is None


def test_range_pages_concatenate_to_the_whole_listing(cli: Any, rid: str) -> None:
    """`--from/--to` pages (built one at a time) join into the whole listing; each JSON page says
    the exact total and the command of the next one."""
    span = ("--from", "0s", "--to", "30s")
    whole = cli("dom", rid, *span, "--jsonl", "--limit", "100000")
    assert whole.exit_code == 0, whole.stderr
    items = whole.jsonl()
    assert len(items) > 14
    joined: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = cli("dom", rid, *span, "--json", "--limit", "7", "--offset", str(offset)).json()
        joined += page["items"]
        if page["truncated"] is None:
            break
        assert page["truncated"]["total"] == len(items) and page["truncated"]["shown"] == 7
        expected = f"replaydom dom {rid} --from 0s --to 30s --json --limit 7 --offset {offset + 7}"
        assert page["truncated"]["next"] == expected
        offset += 7
    assert joined == items


def test_at_past_the_end_says_the_replay_ended_and_what_is_shown(cli: Any, rid: str) -> None:
    """After the last frame the DOM is the one every frame built: said on stderr and in the JSON
    (a note and `replayEndsMs`), never silently; before the end there is no such note."""
    inside = cli("dom", rid, "--at", "8s", "--json").json()
    ends = inside["replayEndsMs"]
    assert isinstance(ends, int) and ends > 8000
    assert not any(n.startswith("the replay ends at") for n in inside["fidelity"]["notes"])
    late = cli("dom", rid, "--at", f"{ends + 60_000}ms")
    assert late.exit_code == 0, late.stderr
    assert "the replay ends at" in late.stderr and "DOM at the end of the replay" in late.stderr
    obj = cli("dom", rid, "--at", f"{ends + 60_000}ms", "--json").json()
    assert obj["replayEndsMs"] == ends and obj["offsetMs"] == ends + 60_000
    note = next(n for n in obj["fidelity"]["notes"] if n.startswith("the replay ends at"))
    assert "after it" in note
    last = cli("dom", rid, "--at", f"{ends + 1}ms", "--html").stdout
    assert cli("dom", rid, "--at", f"{ends + 60_000}ms", "--html").stdout == last
    assert "the replay ends at" not in cli("dom", rid, "--at", f"{ends}ms").stderr


def test_diff_from_before_the_first_snapshot_says_why_everything_is_added(cli: Any) -> None:
    """No DOM at A: the whole page at B reads as added, which the note says, with the A that
    compares two pages (the instant after the first snapshot); from there the note is gone."""
    replay = import_recording(scenario_path("checkout-failure")).replay_id
    early = cli("dom", replay, "--diff", "0s..10s", "--json")
    assert early.exit_code == 0, early.stderr
    assert [i["change"] for i in early.json()["items"] if i["part"] == "net"] == ["added"]
    assert "no DOM at A (00:00.000)" in early.stderr
    follow = early.stderr.split("; --diff ")[1].split(" compares")[0]
    later = cli("dom", replay, "--diff", follow, "--json")
    assert later.exit_code == 0 and "no DOM at A" not in later.stderr
    assert len([i for i in later.json()["items"] if i["part"] == "net"]) > 1
