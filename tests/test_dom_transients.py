"""`dom --diff A..B`: what came and went inside the range, next to the net change, on the shared
recordings (script.json is the ground truth of what the user did and what the app does)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import load_segments, scenario_path
from test_dom_golden import action, source

from replaydom.dom.diff import dom_diff
from replaydom.dom.nodes import attached_index
from replaydom.dom.transients import came_and_went
from replaydom.errors import UsageError
from replaydom.render.schemas import DomChange
from replaydom.store.importer import import_recording


def at(scenario: str, ts: float) -> float:
    return ts - source(scenario).start_ms


def raw(scenario: str, pointer: dict[str, Any]) -> dict[str, Any]:
    return load_segments(scenario)[pointer["segmentId"]][pointer["frameIndex"]]


def transient(items: list[dict[str, Any]], change: str, text: str) -> dict[str, Any]:
    found = [i for i in items if i["part"] == "transient" and i["change"] == change and i["text"] == text]
    assert len(found) == 1, [(i["change"], i["text"]) for i in items if i["part"] == "transient"]
    return found[0]


def test_the_added_label_came_and_went_after_each_add_to_cart() -> None:
    sc = "checkout-failure"
    first, second = action(sc, 10), action(sc, 12)
    assert (first["selector"], second["selector"]) == ("#add-p1", "#add-p2")
    a, b = at(sc, first["ts"]), at(sc, action(sc, 14)["end_ts"])  # the scroll that follows
    items = dom_diff(source(sc), a, b)
    for item in items:
        DomChange.model_validate(item)
    labels = [i for i in items if i["part"] == "transient" and i["text"] == "Added ✓"]
    assert [i["selector"] for i in labels] == ["button#add-p1", "button#add-p2"]
    for label, click in zip(labels, (first, second), strict=True):
        assert label["change"] == "came-and-went" and label["goneBy"] == "removed"
        # Shown right after the click, for about 1.5 s (the app's confirmation).
        assert 0 <= label["appeared"]["offsetMs"] - at(sc, click["ts"]) < 300
        assert 1400 <= label["lifetimeMs"] <= 1600
        assert label["lifetimeMs"] == label["gone"]["offsetMs"] - label["appeared"]["offsetMs"]
        # Both pointers name the raw frames that added and removed it.
        added = raw(sc, label["appeared"])["data"]["adds"]
        node = next(x["node"] for x in added if x["node"]["id"] == label["nodeId"])
        assert node["textContent"] == "Added ✓"
        assert label["nodeId"] in [r["id"] for r in raw(sc, label["gone"])["data"]["removes"]]
        assert label["segmentId"] == label["appeared"]["segmentId"]
    net = [i for i in items if i["part"] == "net"]
    assert net and not {i["nodeId"] for i in labels} & {i["nodeId"] for i in net}
    assert [i["offsetMs"] for i in items] == sorted(i["offsetMs"] for i in items)


def test_the_waiting_message_lived_until_the_app_gave_up() -> None:
    sc = "widgets"
    click = action(sc, 59)
    assert click["selector"] == "#btn-estimate" and "aborts at 3 s" in click["note"]
    items = dom_diff(source(sc), at(sc, click["ts"]), at(sc, action(sc, 60)["end_ts"]))
    waiting = transient(items, "came-and-went", "Asking our couriers…")
    assert waiting["selector"] == "p#estimate-status"
    assert 0 <= waiting["appeared"]["offsetMs"] - at(sc, click["ts"]) < 300
    assert 2900 <= waiting["lifetimeMs"] <= 3300
    answer = [i for i in items if i["part"] == "net" and i["change"] == "added"]
    assert any("did not answer in time" in i["text"] for i in answer)


def test_status_and_alert_regions_are_called_out() -> None:
    sc = "widgets"
    place = action(sc, 61)
    assert place["selector"] == "#btn-place"
    items = dom_diff(source(sc), at(sc, place["ts"]), at(sc, place["ts"]) + 2000)
    placing = transient(items, "came-and-went", "Placing your order…")
    assert placing["region"] == "role=status" and placing["selector"] == "p#order-status"
    done = [i for i in items if i["part"] == "net" and i["change"] == "added"]
    assert [(i["region"], i["text"].startswith("Thank you!")) for i in done] == [("role=status", True)]
    sc = "checkout-failure"
    click = action(sc, 26)
    assert click["selector"] == "#btn-checkout" and "error banner" in click["note"]
    failed = dom_diff(source(sc), at(sc, click["ts"]), at(sc, click["ts"]) + 2000)
    banner = [i for i in failed if i["part"] == "net" and i["change"] == "added"]
    assert [(i["selector"], i["region"]) for i in banner] == [("p#checkout-error", "role=alert")]
    assert not [i for i in failed if i["part"] == "transient" and i["region"] is not None]


def test_the_palette_was_shown_and_hidden() -> None:
    sc = "widgets"
    opened, closed = action(sc, 39), action(sc, 43)
    assert (opened["text"], closed["text"]) == ("Control+k", "Enter")
    items = dom_diff(source(sc), at(sc, opened["ts"]) - 1000, at(sc, closed["end_ts"]) + 1000)
    shown = [i for i in items if i["change"] == "shown-and-hidden"]
    assert [i["selector"] for i in shown] == ["div#palette"]
    assert shown[0]["goneBy"] == "hidden (hidden)"
    assert 0 <= shown[0]["appeared"]["offsetMs"] - at(sc, opened["ts"]) < 300
    assert 0 <= shown[0]["gone"]["offsetMs"] - at(sc, closed["ts"]) < 300
    assert "Open order chat" in shown[0]["text"]
    # The palette filtered its commands while "chat" was typed: the others came and went.
    gone = {i["text"] for i in items if i["change"] == "came-and-went" and i["tag"] == "li"}
    assert gone == {"Back to top", "Show delivery & returns policy", "Change shipping method"}


def test_typing_into_a_contenteditable_is_one_text_item_per_line() -> None:
    sc = "widgets"
    typed = action(sc, 35)
    assert typed["selector"] == "#gift-message"
    items = dom_diff(source(sc), at(sc, typed["ts"]), at(sc, typed["end_ts"]) + 500)
    runs = [i for i in items if i["change"] == "text-came-and-went"]
    first_line, second_line = typed["text"].split("\n")
    assert len(runs) == 2
    for run, line in zip(runs, (first_line, second_line), strict=True):
        values = [v["text"] for v in run["values"]]
        assert run["valueCount"] == len(values) > 10
        assert all(line.startswith(v) for v in values) and values[0] == line[0]
        assert abs(sum(v["lifetimeMs"] for v in run["values"]) - run["lifetimeMs"]) <= len(values)


def test_masked_transient_text_is_flagged() -> None:
    sc = "masked-default"
    click = action(sc, 5)
    assert click["selector"] == "#add-p4"
    items = dom_diff(source(sc), at(sc, click["ts"]), at(sc, click["ts"]) + 2500)
    label = [i for i in items if i["part"] == "transient" and i["selector"] == "button#add-p4"]
    assert label and all(i["masked"] and set(i["text"]) <= {"*", " "} for i in label)


def test_a_page_visited_inside_the_range_is_one_item_that_went_with_the_page_load() -> None:
    sc = "checkout-failure"
    to_cart, back = action(sc, 17), action(sc, 38)
    assert to_cart["navigated_to"].endswith("/cart.html") and back["selector"] == "#continue-shopping"
    items = dom_diff(source(sc), at(sc, to_cart["ts"]) - 1000, at(sc, action(sc, 39)["end_ts"]))
    pages = [i for i in items if i["part"] == "transient" and i["nodeType"] == "document"]
    assert len(pages) == 1
    cart = pages[0]
    assert cart["goneBy"] == "snapshot" and "Your cart" in cart["text"] and cart["descendants"] > 100
    assert 0 <= cart["appeared"]["offsetMs"] - at(sc, to_cart["ts"]) < 1000
    assert 0 <= cart["gone"]["offsetMs"] - at(sc, back["ts"]) < 1000
    assert raw(sc, cart["appeared"])["type"] == 2 and raw(sc, cart["gone"])["type"] == 4  # snapshot, Meta
    # Back on the same page structure: the net change compares the two shop pages node by node.
    net = [i for i in items if i["part"] == "net"]
    assert net and not [i for i in net if i["change"] == "replaced" or "Your cart" in (i.get("text") or "")]
    # From the shop to the cart, the net change is the page itself, not nodes matched by ids that
    # restarted with the new page.
    to_cart_net = dom_diff(source(sc), at(sc, to_cart["ts"]) - 1000, at(sc, action(sc, 18)["end_ts"]))
    pages = [(i["change"], i["nodeType"], i["description"]) for i in to_cart_net if i["part"] == "net"]
    assert pages == [
        ("removed", "document", "page http://127.0.0.1:45273/"),
        ("added", "document", "page http://127.0.0.1:45273/cart.html"),
    ]
    # Nothing of the cart page is reported twice: its parts went with it.
    assert not [i for i in items if i["part"] == "transient" and "checkout" in (i["selector"] or "")]


def test_what_went_while_its_route_was_hidden_says_so() -> None:
    """masked-default: "Added" shows on #add-p4 after the click (seq 5), the user opens About
    (seq 7) and the label reverts while the shop route is hidden: nobody saw it go."""
    sc = "masked-default"
    click, about = action(sc, 5), action(sc, 7)
    items = dom_diff(source(sc), at(sc, click["ts"]), at(sc, about["end_ts"]) + 2000)
    labels = [i for i in items if i["part"] == "transient" and i["selector"] == "button#add-p4"]
    assert labels and labels[-1]["hiddenBy"] == "hidden"
    assert labels[-1]["gone"]["offsetMs"] > at(sc, about["ts"])
    shown = [i for i in items if i["change"] == "shown-and-hidden"]
    assert all(i["hiddenBy"] is None for i in shown)


RANGES = {
    "checkout-failure": [(0, 20_000), (20_000, 60_000)],
    "widgets": [(0, 30_000), (30_000, 60_000)],
    "slow-and-idle": [(0, 45_000)],
    "masked-default": [(0, 40_000)],
}


@pytest.mark.parametrize(("sc", "a", "b"), [(sc, a, b) for sc, rs in RANGES.items() for a, b in rs])
def test_transients_went_at_their_gone_frame_and_point_at_real_frames(sc: str, a: int, b: int) -> None:
    src = source(sc)
    items = dom_diff(src, a, b)
    segments = load_segments(sc)
    transients = [i for i in items if i["part"] == "transient"]
    assert transients
    for item in items:
        DomChange.model_validate(item)
    for item in transients:
        assert a <= item["appeared"]["offsetMs"] <= item["gone"]["offsetMs"] <= b
        for pointer in (item["appeared"], item["gone"]):
            frame = segments[pointer["segmentId"]][pointer["frameIndex"]]
            assert round(frame["timestamp"] - src.start_ms) == pointer["offsetMs"]
    for item in [i for i in transients if i["change"] == "came-and-went"][:12]:
        # Attached just before the frame that took it away, detached just after it.
        gone = src.instant(item["gone"]["offsetMs"])
        before = gone - 0.5 if item["goneBy"] == "snapshot" else gone  # a page goes at its Meta
        assert item["nodeId"] in attached_index(src.timeline.state_at(before).doc)
        assert item["nodeId"] not in attached_index(src.timeline.state_at(gone + 0.5).doc)


def test_the_walk_ends_where_state_at_b_is() -> None:
    """The transient walk applies [A, B) once from the state at A: it ends on the DOM at B."""
    src = source("checkout-failure")
    a, b = src.instant(4_000), src.instant(45_000)
    state = src.timeline.state_at(a)
    came_and_went(src, state, a, b)
    expected = src.timeline.state_at(b)
    assert set(attached_index(state.doc)) == set(attached_index(expected.doc))


def test_diff_backwards_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        dom_diff(source("widgets"), 9_000, 8_000)


def test_cli_table_has_both_parts(cli: Any) -> None:
    sc = "checkout-failure"
    rid = import_recording(scenario_path(sc)).replay_id
    span = f"{round(at(sc, action(sc, 10)['ts']))}ms..{round(at(sc, action(sc, 14)['end_ts']))}ms"
    table = cli("dom", rid, "--diff", span)
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    net = lines.index(next(line for line in lines if line.startswith("net change")))
    came = lines.index(next(line for line in lines if line.startswith("came and went")))
    assert net < came
    assert lines[came + 1].split()[:3] == ["appeared", "gone", "lived"]
    added = [line for line in lines[came:] if "'Added ✓'" in line]
    assert len(added) == 2 and all("came-and-went" in line and " -> " in line for line in added)
    items = cli("dom", rid, "--diff", span, "--jsonl").jsonl()
    assert {i["part"] for i in items} == {"net", "transient"}
    assert cli("dom", rid, "--diff", "9s..8s").exit_code == 2
