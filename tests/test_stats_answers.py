"""`stats` answers "where did the user spend the most time?" as text (issue 13), on real recordings."""

from __future__ import annotations

from typing import Any

from conftest import RECORDINGS
from test_stats import stats
from test_struggles import action_ms, normalized

from replaydom.analyze.stats import tell_apart
from replaydom.store.importer import import_recording


def test_idle_gaps_name_the_action_before_and_start_at_the_last_keystroke() -> None:
    sc = "slow-and-idle"
    gap = stats(sc).activity.longestIdle[0]
    assert gap.actionBefore is not None and gap.actionBefore.kind == "click"
    assert gap.actionBefore.offsetMs == gap.fromOffsetMs
    assert "Subscribe to newsletter" in gap.actionBefore.label
    # widgets: the order notes are typed over ~3.9 s, then the user waits; with a 700 ms idle rule
    # the gap after the typing starts at the last keystroke, not at the first.
    sc = "widgets"
    notes = next(
        ev
        for ev in normalized(sc).events
        if ev["kind"] == "input" and "order-notes" in (ev["selector"] or "")
    )
    last = notes["data"]["lastOffsetMs"]
    assert last - notes["offsetMs"] > 3000 and abs(last - action_ms(sc, 34)) < 300
    gaps = stats(sc, idle_ms=700, top=50).activity.longestIdle
    after_notes = [g for g in gaps if g.actionBefore and g.actionBefore.offsetMs == notes["offsetMs"]]
    assert after_notes and after_notes[0].fromOffsetMs == last
    assert not any(notes["offsetMs"] <= g.fromOffsetMs < last for g in gaps)


def test_page_set_values_are_not_activity() -> None:
    s = stats("widgets", idle_ms=700, top=50)
    emptied = next(
        ev for ev in normalized("widgets").events if ev["kind"] == "input" and ev["data"]["setByPage"]
    )
    assert not any(
        g.actionBefore and g.actionBefore.offsetMs == emptied["offsetMs"] and g.actionBefore.kind == "input"
        for g in s.activity.longestIdle
    )


def test_time_per_route_sums_visits() -> None:
    s = stats("long-session")
    per = {r.route: r for r in s.timePerRoute}
    for route, row in per.items():
        visits = [v for v in s.routes if v.route == route]
        assert row.visits == len(visits) > 0 and row.durationMs == sum(v.durationMs for v in visits)
    assert per["/"].visits > 5 and s.timePerRoute[0].route == "/"


def test_rows_that_read_alike_are_told_apart() -> None:
    close_a = "body > div#toasts > div.toast.success > button.close"
    close_b = "body > div#toasts > div.toast.error > button.close"
    other = "body > main > button#pay"
    assert tell_apart([close_a, close_b, other], ["×", "×", "Pay"]) == [
        "div.toast.success > button.close",
        "div.toast.error > button.close",
        "button#pay",
    ]
    names = tell_apart([close_a, close_b, other], ["×", "×", "Pay"])
    assert names[0] != names[1] and names[2] == "button#pay"
    assert tell_apart([close_a, close_b], ["Saved", "Failed"]) == ["button.close", "button.close"]


def test_capture_report_counts_masked_attributes_and_flags_bodies() -> None:
    cap = stats("widgets").capture
    assert cap.maskedAttributes["aria-label"] > 0
    assert any("attributes are masked while page text is not" in n for n in cap.notes)
    assert cap.bodiesCaptured == ["POST /api/gift-order"]
    assert any("bodies captured for 1 URLs" in n and "input masking" in n for n in cap.notes)


def test_web_vitals_name_their_element() -> None:
    lcp = next(v for v in stats("widgets").webVitals if v.name == "LCP")
    assert lcp.poor and lcp.selector and lcp.selector.endswith("section#hero.hero > p")


def test_cli_stats_text_answers_where_time_went(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "long-session").replay_id
    out = cli("stats", rid).stdout
    assert "[time per route (summed over visits)]" in out and "[longest idle gaps]" in out
    assert "--json` lists all" in out  # the visits table is cut, and says how to see it all
    rid = import_recording(RECORDINGS / "slow-and-idle").replay_id
    out = cli("stats", rid).stdout
    assert 'click "Subscribe to newsletter" at 00:07.1' in out
