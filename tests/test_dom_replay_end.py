"""Every `dom` view gives the same end of the replay: the duration `stats` and `view` give (the
index's end, which can be later than the last DOM frame: the demo's last breadcrumbs and errors come
after its last mutation), in `dom --at`'s `replayEndsMs` and past-the-end note and in the stop notes
of `--history` and `--diff` walks (real recording, CLI in-process, tiny work budgets)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import scenario_path

from replaydom.dom import history, walkbudget
from replaydom.store.importer import import_recording
from replaydom.timefmt import format_offset


@pytest.fixture
def rid() -> str:
    return import_recording(scenario_path("checkout-failure")).replay_id


@pytest.fixture
def duration(cli: Any, rid: str) -> int:
    stats = cli("stats", rid, "--json")
    assert stats.exit_code == 0, stats.stderr
    value = stats.json()["durationMs"]
    assert isinstance(value, int)
    return value


def _last_dom_frame(cli: Any, rid: str) -> int:
    items = cli("dom", rid, "--from", "0s", "--json", "--limit", "100000").json()["items"]
    return max(int(i["offsetMs"]) for i in items)


def test_dom_at_ends_where_stats_ends(cli: Any, rid: str, duration: int) -> None:
    assert _last_dom_frame(cli, rid) < duration  # the case that made the views disagree
    data = cli("dom", rid, "--at", "8s", "--json").json()
    assert data["replayEndsMs"] == duration
    late = cli("dom", rid, "--at", f"{duration + 1000}ms")
    assert late.exit_code == 0, late.stderr
    assert f"the replay ends at {format_offset(duration)}: " in late.stderr
    assert "the replay ends at" not in cli("dom", rid, "--at", f"{duration}ms").stderr


def test_history_and_diff_stop_notes_give_the_replay_end(
    cli: Any, rid: str, duration: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Budgets small enough that both walks stop early on this short recording.
    monkeypatch.setattr(history, "HISTORY_BUDGET", 50)
    monkeypatch.setattr(walkbudget, "DIFF_BUDGET", 50)
    ends = f" of {format_offset(duration)}"
    hist = cli("dom", rid, "--history", "body")
    assert hist.exit_code == 0, hist.stderr
    assert "the walk stops at a fixed budget" in hist.stderr and ends in hist.stderr, hist.stderr
    diff = cli("dom", rid, "--diff", f"0s..{duration}ms")
    assert diff.exit_code == 0, diff.stderr
    assert "where the walk stopped" in diff.stderr and ends in diff.stderr, diff.stderr
