"""Walkthrough friction 1: every `nextCommand` names its instant to the ms and lands on the finding.

A cold agent followed `struggles`' next command for the dead "Apply coupon" click (00:37.576) and
got `window --at 00:37`, anchored on an unrelated memory sample at 00:33.412, whose `found` line
counted the earlier checkout's failures. Here every finding of every real recording is followed.
"""

from __future__ import annotations

import shlex
from typing import Any

import pytest
from conftest import RECORDINGS, SCENARIOS

from replaydom.analyze.evutil import pointer_key
from replaydom.store.importer import import_recording

_CLICK_FINDINGS = ("dead-click", "rage-click", "slow-click", "multi-click")


def _anchor(finding: dict[str, Any]) -> int:
    """Where `nextCommand` anchors: the finding's first instant, or, when its first evidence is a
    click finding (stamped by Sentry a ms before the click it judges), that click."""
    start: int = finding["window"]["fromOffsetMs"]
    first = finding["evidence"][0]
    if first["kind"] in _CLICK_FINDINGS and first["offsetMs"] == start:
        clicks = [e["offsetMs"] for e in finding["evidence"] if e["kind"] == "click"]
        return next((at for at in clicks if start < at <= start + 1000), start)
    return start


def _follow(cli: Any, command: str) -> dict[str, Any]:
    args = shlex.split(command)
    assert args[:2] == ["replaydom", "window"]
    out = cli(*args[1:], "--json", "--limit", "1000")
    assert out.exit_code == 0, out.stderr
    result: dict[str, Any] = out.json()
    return result


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_next_command_lands_on_the_findings_evidence(cli: Any, scenario: str) -> None:
    rid = import_recording(RECORDINGS / scenario).replay_id
    items = cli("struggles", rid, "--json").json()["items"]
    assert items
    for f in items:
        result = _follow(cli, f["nextCommand"])
        # The anchor is at the finding's first instant (a click finding's own click), to the ms.
        assert result["anchor"]["offsetMs"] == _anchor(f), f["nextCommand"]
        # Every evidence item of the finding is inside the window, and listed in it.
        assert result["fromOffsetMs"] <= f["window"]["fromOffsetMs"]
        assert result["toOffsetMs"] >= f["window"]["toOffsetMs"]
        listed = {pointer_key(ev) for group in result["groups"].values() for ev in group}
        recorded = [ev for ev in f["evidence"] if ev["kind"] != "mutation"]
        assert {pointer_key(ev) for ev in recorded} <= listed, f["nextCommand"]


def test_the_dead_coupon_click_window_counts_only_its_own_evidence(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    items = cli("struggles", rid, "--json").json()["items"]
    [dead] = [f for f in items if f["signals"] == ["dead-click"]]
    assert " --at 00:37.577 " in dead["nextCommand"]  # the click the dead click (00:37.576) judges
    result = _follow(cli, dead["nextCommand"])
    assert result["anchor"]["kind"] == "click"
    # The checkout's 500s (00:25-00:28) and the recalculation error (00:46.6) are other findings.
    assert result["found"]["failedRequests"] == 0
    assert result["found"]["consoleErrors"] == 0
    assert result["found"]["deadClicks"] == 1


def test_top_finding_next_command_carries_the_exact_instant(cli: Any) -> None:
    # `triage` prints the top finding's nextCommand as its `next`: the same string.
    rid = import_recording(RECORDINGS / "slow-and-idle").replay_id
    top = cli("struggles", rid, "--json").json()["items"][0]
    ms = _anchor(top)
    assert ms % 1000 != 0  # a rounded instant would be indistinguishable
    assert f"--at 00:{ms // 1000:02d}.{ms % 1000:03d} " in top["nextCommand"]
