"""False-positive guard: calm browsing (fixtures/calm, trimmed from a real recording) is not a struggle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_struggles import meta, normalized, segments

from replaydom.analyze.struggles import find_struggles
from replaydom.store.importer import import_recording

CALM = Path(__file__).resolve().parent.parent / "fixtures" / "calm"


def test_calm_browsing_yields_no_high_severity_finding(cli: Any) -> None:
    rid = import_recording(CALM).replay_id
    res = cli("struggles", rid, "--json")
    assert res.exit_code == 0, res.stderr
    items = res.json()["items"]
    assert [f["severity"] for f in items if f["severity"] == "high"] == []
    # The one real problem of that session is kept: the hero paints late (LCP > 4 s, script step 4).
    assert [f["signals"] for f in items if f["severity"] == "medium"] == [["web-vital"]]


def test_calm_fixture_is_the_documented_trim_of_widgets() -> None:
    details = json.loads((CALM / "details.json").read_text())
    script = json.loads((CALM / "script.json").read_text())
    assert details["count_segments"] == 8 and details["error_ids"] == []
    assert script["replay_id"] == details["id"]
    # Every scripted click of the trimmed session happened; none of them is the failing one.
    assert "#btn-estimate" not in {a.get("selector") for a in script["actions"]}
    assert "Provenance" in (CALM / "PROVENANCE.md").read_text()


NEW = {"rejected-submit", "dead-end-search", "form-abandonment"}
# High findings per shared recording before issue 14 (`struggles` on the unmodified branch), by
# their most severe signal: the new and reworked detectors add none.
HIGH_BEFORE = {
    "checkout-failure": ["rage-click", "error-event", "dead-click"],
    "long-session": [],
    "masked-default": ["failed-request"],
    "slow-and-idle": ["dead-click"],
    "widgets": ["failed-request"],
    "calm": [],
}


@pytest.mark.parametrize("scenario", list(HIGH_BEFORE))
def test_no_new_high_finding_on_the_shared_recordings(scenario: str) -> None:
    from replaydom.analyze.struggles import detect
    from replaydom.analyze.struggles.core import Context
    from replaydom.analyze.struggles.domprobe import DomProbe
    from replaydom.dom.source import source_from_segments

    norm = normalized(scenario)
    source = source_from_segments(enumerate(segments(scenario)), norm.start_ms)
    found = find_struggles(norm.events, target="x", details=meta(scenario, "details.json"), dom=source)
    assert [f.signals[0] for f in found if f.severity == "high"] == HIGH_BEFORE[scenario]
    sigs = detect(Context.build(norm.events, dom=DomProbe.of(source)))
    assert all(s.severity != "high" for s in sigs if s.name in NEW | {"navigation-uturn"})
    if scenario == "calm":  # nothing went wrong there: at most low findings from the new detectors
        assert all(
            s.severity == "low" for s in sigs if s.name in NEW | {"navigation-uturn", "idle-after-action"}
        )
