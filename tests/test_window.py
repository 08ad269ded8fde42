"""`window`: evidence slices around a time or a match, on real recordings (script.json ground truth)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import RECORDINGS
from test_struggles import action_ms, normalized

from replaydom.errors import NotFoundError, UsageError
from replaydom.model import Event
from replaydom.query.window import AnchorSpec, find_anchor, selector_matches, window
from replaydom.store.importer import import_recording


def events(scenario: str) -> list[dict[str, Any]]:
    return normalized(scenario).events


def test_at_anchors_on_the_last_event_at_or_before_t_and_centres_on_t() -> None:
    sc = "checkout-failure"
    t = action_ms(sc, 34) + 1  # just after the scripted "Apply coupon" click
    res = window(events(sc), AnchorSpec(at_ms=t), 1000, 2000)
    expected = max((ev for ev in events(sc) if ev["offsetMs"] <= t), key=lambda ev: ev["offsetMs"])
    assert res.anchor["offsetMs"] == expected["offsetMs"] <= t
    assert (res.fromOffsetMs, res.toOffsetMs) == (t - 1000, t + 2000)
    clicks = res.groups["interaction"]
    assert any(ev["kind"] == "click" and "btn-coupon" in ev["selector"] for ev in clicks)
    assert res.total == sum(1 for ev in events(sc) if t - 1000 <= ev["offsetMs"] <= t + 2000)


def test_matchers_pick_the_nth_match() -> None:
    sc = "checkout-failure"
    coupon = find_anchor(events(sc), AnchorSpec(contains="apply COUPON"))
    assert abs(coupon["offsetMs"] - action_ms(sc, 34)) < 400
    second = find_anchor(events(sc), AnchorSpec(selector="#btn-checkout", kind="click", nth=2))
    assert abs(second["offsetMs"] - action_ms(sc, 28)) < 300  # first rage click = second checkout click
    rage = find_anchor(events(sc), AnchorSpec(kind="rage-click"))
    assert rage["kind"] == "rage-click" and abs(rage["offsetMs"] - action_ms(sc, 28)) < 300
    with pytest.raises(NotFoundError, match="only 6 matches"):
        find_anchor(events(sc), AnchorSpec(selector="#btn-checkout", kind="click", nth=7))


def test_selector_matching_rules() -> None:
    path = 'body > main.view > form#checkout-form.checkout > button#btn-checkout.primary[type="button"]'
    assert selector_matches("#btn-checkout", path)
    assert selector_matches("button.primary#btn-checkout", path)
    assert selector_matches('button[type="button"]', path)
    assert not selector_matches("a#btn-checkout", path)
    assert not selector_matches(
        "#checkout-form", "body > main > form#checkout-form > input#name"
    )  # not the element
    assert selector_matches(
        "form#checkout-form > input#name", "body > main > form#checkout-form > input#name"
    )
    assert selector_matches("main input#name", "body > main > form#checkout-form > input#name")
    assert not selector_matches("input#name main", "body > main > form#checkout-form > input#name")
    assert selector_matches("[type=button]", path) and not selector_matches("[type=submit]", path)


def test_masked_text_never_matches_contains() -> None:
    sc = "masked-default"
    with pytest.raises(NotFoundError):
        find_anchor(events(sc), AnchorSpec(contains="Add to cart"))  # button text recorded as asterisks
    with pytest.raises(NotFoundError):
        find_anchor(events(sc), AnchorSpec(contains="***"))


def test_mutations_are_summarised_as_bursts() -> None:
    sc = "slow-and-idle"
    res = window(events(sc), AnchorSpec(at_ms=action_ms(sc, 7)), 1000, 3000)
    assert all(ev["kind"] != "mutation" for group in res.groups.values() for ev in group)
    biggest = max(res.mutationBursts, key=lambda b: b.changes)
    assert biggest.changes >= 1500 and biggest.adds >= 1500  # the 500-row sales report
    assert biggest.targets and biggest.largest["kind"] == "mutation"


def test_anchor_spec_usage_errors() -> None:
    with pytest.raises(UsageError, match="give an anchor"):
        AnchorSpec()
    with pytest.raises(UsageError, match="cannot be combined"):
        AnchorSpec(at_ms=0, contains="Pay")
    AnchorSpec(at_ms=0, kind="click")  # with --at, --kind only filters the list
    with pytest.raises(UsageError, match="1-based"):
        AnchorSpec(kind="click", nth=0)
    with pytest.raises(UsageError, match="unknown kind 'clack'"):
        AnchorSpec(kind="clack")


def test_cli_window_json_jsonl_and_pages(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    res = cli("window", rid, "--contains", "Apply coupon", "--before", "2s", "--after", "8s", "--json")
    assert res.exit_code == 0, res.stderr
    body = res.json()
    assert set(body) == {
        "anchor",
        "anchorRule",
        "anchorMatch",
        "timeline",
        "nextAction",
        "nextActionWhy",
        "replayEndsMs",
        "clamped",
        "fromOffsetMs",
        "toOffsetMs",
        "total",
        "groups",
        "mutationBursts",
        "found",
        "foundBeforeNext",
        "truncated",
    }
    assert body["toOffsetMs"] - body["fromOffsetMs"] == 10_000 and body["truncated"] is None
    lines = cli(
        "window", rid, "--contains", "Apply coupon", "--before", "2s", "--after", "8s", "--jsonl"
    ).jsonl()
    assert len(lines) == body["total"]
    for line in lines:
        Event.model_validate(line)
    grouped = [ev for group in body["groups"].values() for ev in group]
    assert sorted(map(str, grouped)) == sorted(str(ev) for ev in lines if ev["kind"] != "mutation")
    first = cli("window", rid, "--at", "00:25", "--jsonl", "--limit", "3")
    assert len(first.jsonl()) == 3 and "Next page: replaydom window" in first.stderr
    nxt = first.stderr.split("Next page: ")[1].split()[1:]
    everything = cli("window", rid, "--at", "00:25", "--jsonl").jsonl()
    assert cli(*nxt).jsonl() == everything[3:6]


def test_cli_window_redacts_bodies_and_input_text(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    plain = cli(
        "window",
        rid,
        "--kind",
        "network",
        "--contains",
        "/api/checkout",
        "--before",
        "0s",
        "--after",
        "0s",
        "--json",
    ).json()
    assert plain["anchor"]["data"]["request"]["body"]["email"] == "jane.doe@example.com"
    red = cli(
        "window",
        rid,
        "--kind",
        "network",
        "--contains",
        "/api/checkout",
        "--before",
        "0s",
        "--after",
        "0s",
        "--json",
        "--redact",
    ).json()
    assert red["anchor"]["data"]["request"]["body"].startswith("<redacted ")
    assert "jane.doe" not in str(red)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--at", "1:00", "--contains", "Pay"], 2, "cannot be combined"),
        (["--kind", "click", "--category", "network"], 2, "select nothing together"),
        (["--before", "10"], 2, "needs a unit"),
        (["--at", "soon"], 2, "bad time string"),
        ([], 2, "give an anchor"),
        (["--contains", "no such text anywhere"], 3, "no match #1"),
    ],
)
def test_cli_window_errors(cli: Any, args: list[str], code: int, message: str) -> None:
    # Usage errors come before any cache lookup: an id that is not cached still gives exit 2.
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id if code == 3 else "0" * 32
    res = cli("window", rid, *args)
    assert res.exit_code == code and message in res.stderr and res.stdout == ""
