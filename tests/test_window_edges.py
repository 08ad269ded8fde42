"""`window` at the replay's edges and with navigations as next steps (walkthrough defects).

- A window reaching past the replay's end (or before its start) is cut to the replay, and the
  table's `window` line and --json `clamped` say what was asked and where the replay ends.
- The next step after an action is also a navigation no user action caused: checkout-failure's
  script clicks "Continue shopping" (#continue-shopping, action 38), a full page load whose click
  the SDK lost with the page: the next step after "Recalculate totals" is that page load, said so
  in the table and in --json (`nextActionWhy`). A navigation a click caused is not a next step of
  its own (the click is).
"""

from __future__ import annotations

from typing import Any

from conftest import RECORDINGS
from test_struggles import action_ms, normalized

from replaydom.query.window import AnchorSpec, window
from replaydom.store.importer import import_recording

SC = "checkout-failure"


def _end(scenario: str) -> int:
    r = normalized(scenario)
    return round(r.end_ms - r.start_ms)


def test_a_window_past_the_end_is_clamped_and_says_so() -> None:
    events, end = normalized(SC).events, _end(SC)
    res = window(events, AnchorSpec(contains="Recalculate"), 3_000, 30_000, end_ms=end)
    assert res.toOffsetMs == res.replayEndsMs == end < res.anchor["offsetMs"] + 30_000
    assert res.fromOffsetMs == res.anchor["offsetMs"] - 3_000
    assert res.clamped is not None and "asked" in res.clamped
    assert "the replay ends at 00:59.429" in res.clamped
    inside = window(events, AnchorSpec(contains="Recalculate"), 3_000, 5_000, end_ms=end)
    assert inside.clamped is None and inside.toOffsetMs == inside.anchor["offsetMs"] + 5_000


def test_a_window_before_the_start_is_clamped_too() -> None:
    events = normalized(SC).events
    res = window(events, AnchorSpec(at_ms=1_000), 10_000, 1_000, end_ms=_end(SC))
    assert res.fromOffsetMs == min(0, events[0]["offsetMs"]) and "it starts at" in (res.clamped or "")


def test_a_page_load_without_a_recorded_click_is_the_next_step() -> None:
    events = normalized(SC).events
    res = window(events, AnchorSpec(contains="Recalculate"), 3_000, 30_000, end_ms=_end(SC))
    nxt = res.nextAction
    assert nxt is not None and nxt["kind"] == "navigation" and nxt["data"]["op"] == "navigation.navigate"
    # ground truth: the scripted click on #continue-shopping, which no click event recorded
    assert abs(nxt["offsetMs"] - action_ms(SC, 38)) < 500
    assert not [e for e in events if e["kind"] == "click" and 0 <= nxt["offsetMs"] - e["offsetMs"] <= 1_000]
    assert res.nextActionWhy is not None and res.nextActionWhy.startswith("page load of http://")
    assert "lost" in res.nextActionWhy
    # what happened before it is counted up to it
    assert res.foundBeforeNext is not None and res.foundBeforeNext["errors"] == 1


def test_a_navigation_a_click_caused_is_not_a_next_step() -> None:
    """Clicking "About" changes the route 1 ms later: that is the click's effect; the next step is
    the click on "Shop" (whose own route change is its effect too)."""
    events = normalized(SC).events
    res = window(events, AnchorSpec(contains="About"), 3_000, 5_000, end_ms=_end(SC))
    assert res.anchor["kind"] == "click"
    assert res.nextAction is not None and res.nextAction["kind"] == "click" and res.nextActionWhy is None
    assert res.nextAction["data"]["text"] == "Shop"


def test_table_and_json_say_the_same(cli: Any) -> None:
    rid = import_recording(RECORDINGS / SC).replay_id
    args = ("window", rid, "--contains", "Recalculate", "--after", "30s")
    body = cli(*args, "--json").json()
    assert body["clamped"] and body["toOffsetMs"] == body["replayEndsMs"]
    assert body["nextAction"]["kind"] == "navigation" and body["nextActionWhy"]
    table = cli(*args).stdout
    window_line = next(line for line in table.splitlines() if line.startswith("window"))
    assert f"(clamped: {body['clamped']})" in window_line
    next_line = next(line for line in table.splitlines() if line.startswith("next action"))
    assert "navigation" in next_line and f"[{body['nextActionWhy']}]" in next_line


def test_a_window_wholly_after_the_end_is_the_end_instant_and_says_so() -> None:
    events, end = normalized(SC).events, _end(SC)
    res = window(events, AnchorSpec(at_ms=end + 300_000), 10_000, 30_000, end_ms=end)
    assert res.fromOffsetMs == res.toOffsetMs == end
    assert res.clamped is not None and "the whole window is outside the replay" in res.clamped
    assert res.total <= 1 and res.nextAction is None
