"""Walkthrough friction 5: `window` folds runs of scrolls like other noise (slow-and-idle, 30 in a row)."""

from __future__ import annotations

from typing import Any

from conftest import RECORDINGS

from replaydom.store.importer import import_recording


def _window(cli: Any, *extra: str) -> Any:
    rid = import_recording(RECORDINGS / "slow-and-idle").replay_id
    return cli("window", rid, "--contains", "Subscribe to newsletter", *extra)


def test_a_run_of_scrolls_is_one_counted_line(cli: Any) -> None:
    out = _window(cli)
    assert out.exit_code == 0, out.stderr
    scroll_lines = [line for line in out.stdout.splitlines() if " scroll " in line]
    assert len(scroll_lines) == 1, out.stdout
    line = scroll_lines[0]
    assert "30 scrolls of window over 6.5 s to 00:35.757" in line
    assert "y 250 -> 0 (furthest 8500)" in line and "(--all lists them)" in line
    assert line.strip().startswith("00:29.292") and line.rstrip().endswith("3/10..4/14")


def test_scroll_run_in_json_and_all_unfolds(cli: Any) -> None:
    body = _window(cli, "--json").json()
    runs = [e for e in body["timeline"] if e["type"] == "scrolls"]
    assert len(runs) == 1
    run = runs[0]["scrolls"]
    listed = [ev for ev in body["groups"]["interaction"] if ev["kind"] == "scroll"]
    assert run["count"] == len(listed) == 30
    assert (run["fromOffsetMs"], run["toOffsetMs"]) == (listed[0]["offsetMs"], listed[-1]["offsetMs"])
    assert (run["segmentId"], run["frameIndex"]) == (listed[0]["segmentId"], listed[0]["frameIndex"])
    assert (run["firstY"], run["lastY"], run["maxY"]) == (250, 0, 8500)
    assert runs[0]["folded"] == {"pointer": 2, "memory": 1}
    # --all lists every scroll as its own entry, like other noise.
    every = _window(cli, "--json", "--all").json()["timeline"]
    assert not [e for e in every if e["type"] == "scrolls"]
    assert len([e for e in every if e["type"] == "event" and e["event"]["kind"] == "scroll"]) == 30


def test_a_lone_scroll_stays_an_event(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "checkout-failure").replay_id
    body = cli("window", rid, "--at", "00:55.301", "--before", "0s", "--after", "0s", "--json").json()
    assert [e["event"]["kind"] for e in body["timeline"] if e["type"] == "event"] == ["scroll"]


def test_kinds_asked_for_are_listed_not_folded(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "slow-and-idle").replay_id
    args = ("window", rid, "--at", "00:29", "--before", "1s", "--after", "2s", "--json")
    asked = cli(*args, "--kind", "scroll").json()["timeline"]
    assert [e["type"] for e in asked] == ["event"] * 10
    assert not any(e["anchor"] for e in asked)
    pointer = cli(*args, "--kind", "pointer").json()["timeline"]
    assert pointer and all(e["type"] == "event" and e["event"]["kind"] == "pointer" for e in pointer)
