"""Walkthrough friction 6: masked element text reads the same in every table (masked-default).

`window` and `struggles` printed `click "********"` while `stats` printed
`click button#btn-diag (text masked)`: every table now names the element, with "(text masked)".
"""

from __future__ import annotations

import re
from typing import Any

from conftest import RECORDINGS
from test_struggles import normalized

from replaydom.analyze.evutil import shown_label
from replaydom.store.importer import import_recording

MASKED_QUOTE = re.compile(r'"\**"')


def test_masked_click_labels_name_the_element() -> None:
    clicks = [ev for ev in normalized("masked-default").events if ev["kind"] == "click"]
    masked = [ev for ev in clicks if ev["data"].get("masked")]
    assert masked
    shown = {shown_label(ev) for ev in masked}
    assert "click button#btn-checkout (text masked)" in shown
    assert "click button#btn-diag (text masked)" in shown
    assert not any("*" in label for label in shown)
    # Labels without masked text, and masked inputs, are left as they are.
    plain = [ev for ev in clicks if not ev["data"].get("masked")]
    assert plain and all(shown_label(ev) == ev["label"] for ev in plain)
    typed = [ev for ev in normalized("masked-default").events if ev["kind"] == "input"]
    assert typed and all(shown_label(ev) == ev["label"] for ev in typed)


def test_window_struggles_and_stats_print_one_form(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "masked-default").replay_id
    outputs = {
        "struggles": cli("struggles", rid).stdout,
        "window": cli("window", rid, "--selector", "#btn-checkout", "--after", "10s").stdout,
        "stats": cli("stats", rid).stdout + cli("stats", rid, "--json").stdout,
        "events": cli("events", rid, "--kind", "click").stdout,
    }
    for name, text in outputs.items():
        assert not re.search(r'click "\*+"', text), name
    assert "click button#btn-checkout (text masked)" in outputs["struggles"]
    assert "click button#btn-checkout (text masked)" in outputs["window"]
    assert "click button#btn-diag (text masked)" in outputs["window"]  # the next action
    assert "click button#btn-diag (text masked)" in outputs["stats"]
    assert "click button#btn-checkout (text masked)" in outputs["events"]


def test_finding_titles_and_details_use_the_same_form() -> None:
    from test_struggles import findings

    [uturn] = [f for f in findings("masked-default") if "navigation-uturn" in f.signals]
    assert uturn.finding.endswith("(click on a#nav-shop (text masked))")
    assert uturn.details[0]["means"] == "click on a#nav-shop (text masked)"
