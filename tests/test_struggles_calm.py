"""False-positive guard: calm browsing (fixtures/calm, trimmed from a real recording) is not a struggle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
