"""Walkthrough frictions 3 and 4: `stats` shows the main action and where the time went on one page.

widgets is a one-page app (/gift.html 100%): "most clicked" ranked the one "Place gift order"
click out of sight. `keyActions` lists clicks/keys that made something happen (a changing
request, a navigation, a form the page handled); `timePerField` and `longestPauses` say where the
time went inside the page. Ground truth is the scenario's script.json.
"""

from __future__ import annotations

from typing import Any

from conftest import RECORDINGS, SCENARIOS, load_json
from test_stats import stats
from test_struggles import action_ms, normalized

from replaydom.analyze.evutil import is_user_action
from replaydom.store.importer import import_recording


def _action(scenario: str, seq: int) -> dict[str, Any]:
    return next(a for a in load_json(scenario, "script.json")["actions"] if a["seq"] == seq)


def test_place_gift_order_is_a_key_action_though_clicked_once() -> None:
    sc = "widgets"
    s = stats(sc)
    assert [x.text for x in s.topClickedSelectors].count("Place gift order") == 0  # the friction
    rows = {k.name: k for k in s.keyActions}
    place = rows["button#btn-place"]
    assert (place.text, place.count, place.effects) == ("Place gift order", 1, ["request"])
    assert place.summary == "POST /api/gift-order 200"
    assert abs(place.firstOffsetMs - action_ms(sc, 61)) < 100
    [occ] = place.occurrences
    pointer = (occ.segmentId, occ.frameIndex)
    click = next(ev for ev in normalized(sc).events if (ev["segmentId"], ev["frameIndex"]) == pointer)
    assert click["kind"] == "click" and click["data"]["text"] == "Place gift order"
    [effect] = occ.effects
    assert effect.kind == "request" and 0 <= effect.delayMs <= 5000
    # The chat's Send (in an iframe: no request recorded) emptied the chat box: a handled form.
    send = rows["button#chat-send"]
    assert send.effects == ["submit"] and abs(send.firstOffsetMs - action_ms(sc, 47)) < 100
    # Main actions (a request or a submit) come before navigations; nothing else is listed.
    assert [k.name for k in s.keyActions] == ["button#chat-send", "button#btn-place"]


def test_key_actions_on_other_recordings() -> None:
    checkout = {k.name: k for k in stats("checkout-failure").keyActions}
    assert checkout["button#btn-checkout"].count == 6  # the click and its five rage repeats
    assert checkout["button#btn-checkout"].summary == "POST /api/checkout 500 (x6)"
    assert stats("checkout-failure").keyActions[0].name == "button#btn-checkout"
    assert checkout["a#nav-about"].summary == "route to /about"
    # A page load the script typed in while the last click was an ordinary button is nobody's.
    long_names = {k.name for k in stats("long-session").keyActions}
    assert "button#btn-stock" not in long_names and "input#name" not in long_names


def test_time_per_field_and_pauses_on_a_one_page_app() -> None:
    sc = "widgets"
    s = stats(sc)
    assert [r.route for r in s.timePerRoute] == ["/gift.html"]
    fields = {f.name: f for f in s.timePerField}
    notes = fields["textarea#order-notes"]
    script = _action(sc, 33)
    assert abs(notes.typingMs - (script["end_ts"] - script["ts"])) < 300  # first to last keystroke
    assert notes.focusMs is not None and notes.focusMs >= notes.typingMs
    assert abs(notes.firstOffsetMs - action_ms(sc, 33)) < 100
    assert s.timePerField[0].name == "textarea#order-notes"  # the longest first
    keys = [max(f.focusMs or 0, f.typingMs) for f in s.timePerField]
    assert keys == sorted(keys, reverse=True)
    # Pauses: consecutive user actions, under the idle threshold, longest first.
    actions = [ev for ev in normalized(sc).events if is_user_action(ev)]
    starts = [ev["offsetMs"] for ev in actions]
    assert s.longestPauses and all(0 < p.durationMs < 5000 for p in s.longestPauses)
    lengths = [p.durationMs for p in s.longestPauses]
    assert lengths == sorted(lengths, reverse=True)
    for p in s.longestPauses:
        assert not [t for t in starts if p.fromOffsetMs < t < p.toOffsetMs]
        assert p.after.offsetMs == p.toOffsetMs and p.before.offsetMs <= p.fromOffsetMs
    top = s.longestPauses[0]
    assert top.before.label == "type into input#palette-input"
    assert top.after.label == 'click "Estimate delivery date"'


def test_every_scenario_has_the_new_sections(cli: Any) -> None:
    for sc in SCENARIOS:
        s = stats(sc)
        assert all(k.count == len(k.occurrences) >= 1 for k in s.keyActions)
        assert all(f.typingMs >= 0 and f.inputs >= 1 for f in s.timePerField)
    rid = import_recording(RECORDINGS / "widgets").replay_id
    table = cli("stats", rid).stdout
    assert "[key actions" in table and "Place gift order  POST /api/gift-order 200" in table
    assert "[time per field" in table and "textarea#order-notes (3/8)" in table
    assert "[longest pauses between actions (under the idle threshold)]" in table
    body = cli("stats", rid, "--json").json()
    assert len(body["timePerField"]) == 12 and body["keyActions"][1]["occurrences"][0]["segmentId"] == 9
