"""Inputs: one event per typing burst, discrete choices, radio groups, breadcrumb merging."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from conftest import load_json, load_segments

from replaydom.frames.normalize import NormalizeResult, normalize


@cache
def result(scenario: str) -> NormalizeResult:
    details = load_json(scenario, "details.json")
    return normalize(enumerate(load_segments(scenario)), replay_id=details["id"], details=details, errors=[])


def inputs(scenario: str, element_id: str) -> list[dict[str, Any]]:
    return [
        e
        for e in result(scenario).events
        if e["kind"] == "input" and f"#{element_id}" in (e["selector"] or "")
    ]


def test_a_typing_burst_is_one_event_listing_its_frames() -> None:
    segments = load_segments("widgets")
    (notes,) = inputs("widgets", "order-notes")
    data = notes["data"]
    assert data["text"].startswith("Please leave it at the side door.\nRing twice")
    assert data["textLength"] == len(data["text"]) and not data["masked"]
    assert len(data["frames"]) == data["textLength"]  # one Input frame per keystroke
    assert data["frames"][0] == {"segmentId": notes["segmentId"], "frameIndex": notes["frameIndex"]}
    for p in data["frames"]:
        frame = segments[p["segmentId"]][p["frameIndex"]]
        assert frame["type"] == 3 and frame["data"]["source"] == 5 and frame["data"]["id"] == notes["nodeId"]
    assert "Please" not in notes["label"]  # typed text never goes into labels


def test_each_select_change_is_its_own_event() -> None:
    assert [e["data"]["text"] for e in inputs("widgets", "shipping")] == ["express", "overnight"]


def test_checking_a_radio_folds_the_unchecks_of_its_group() -> None:
    (espresso,) = inputs("widgets", "grind-espresso")
    assert espresso["data"]["isChecked"] is True and len(espresso["data"]["unchecked"]) == 3
    assert len(espresso["data"]["frames"]) == 4
    checkbox = [e["data"]["isChecked"] for e in inputs("widgets", "opt-sms")]
    assert checkbox == [True, False]


def test_ui_input_breadcrumbs_merge_or_stand_alone() -> None:
    (recipient,) = inputs("widgets", "recipient")
    assert recipient["data"]["breadcrumb"] is not None and recipient["data"]["sentrySelector"]
    # contenteditable: no Input frames; its breadcrumb stands alone and the DOM changes under the
    # element carry the text (tests/test_contenteditable.py)
    (message,) = inputs("widgets", "gift-message")
    assert message["rawSource"] == "ui.input" and message["data"]["breadcrumb"] is None
    assert message["data"]["inputType"] == "contenteditable" and message["data"]["textLength"] == 37


def test_a_pause_longer_than_the_burst_gap_starts_a_new_event() -> None:
    segments = copy.deepcopy(load_segments("widgets"))
    frames = [f for seg in segments for f in seg]
    typing = [
        f
        for f in frames
        if f.get("type") == 3 and f["data"].get("source") == 5 and f["data"]["text"] in ("Sam Ri", "Sam Riv")
    ]
    for f in frames:
        if f is typing[1] or (
            f.get("type") == 3
            and f["data"].get("source") == 5
            and f["timestamp"] > typing[1]["timestamp"]
            and f["data"]["id"] == typing[1]["data"]["id"]
        ):
            f["timestamp"] += 1500
    res = normalize(enumerate(segments), replay_id="r", details=None, errors=[])
    texts = [
        e["data"]["text"]
        for e in res.events
        if e["kind"] == "input" and "#recipient" in (e["selector"] or "")
    ]
    assert texts == ["Sam Ri", "Sam Rivera"]


def test_unmasked_password_fields_are_still_masked_by_the_sdk() -> None:
    (password,) = inputs("checkout-failure", "password")
    assert password["data"]["masked"] is True and password["data"]["text"] is None
    assert password["data"]["textLength"] == 15 and "(masked)" in password["label"]
