"""`dom --at`: the stderr header of a table's excerpt, the clicked element marked when T is exactly a
click's offset, and the progress of the DOM store's first build (real recordings, CLI in-process)."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest
from conftest import scenario_path
from lxml import html as lxml_html

from replaydom.cli.dom_at import StoreProgress
from replaydom.dom.cache import load_timeline
from replaydom.render.schemas import DomAtResult
from replaydom.store.importer import import_recording


@pytest.fixture
def rid() -> str:
    return import_recording(scenario_path("checkout-failure")).replay_id


def _clicks(cli: Any, rid: str) -> list[dict[str, Any]]:
    result = cli("events", rid, "--kind", "click", "--jsonl")
    assert result.exit_code == 0, result.stderr
    return [e for e in result.jsonl() if isinstance(e.get("nodeId"), int)]


def test_the_table_gets_a_one_line_header_on_stderr(cli: Any, rid: str) -> None:
    table = cli("dom", rid, "--at", "8s")
    data = cli("dom", rid, "--at", "8s", "--json").json()
    assert table.exit_code == 0, table.stderr
    first = table.stderr.splitlines()[0]
    assert first == (
        f"at 00:08.000 ({data['timestamp']}) on {data['url']}: {data['elements']} element(s) on the page, "
        f"{data['shown']['elements']} shown, 0 masked, complete"
    )
    assert data["elements"] > data["shown"]["elements"] > 0  # hidden subtrees left out, counted
    assert data["clicked"] is None
    assert "at 00:08" not in table.stdout and table.stdout.lstrip().startswith("<body")
    json_run = cli("dom", rid, "--at", "8s", "--json")
    assert not json_run.stderr.startswith("at ")  # --json: the fields, no header


def test_a_chosen_element_is_counted_beside_the_page(cli: Any, rid: str) -> None:
    """With --css/--node the excerpt is measured against the element, not the whole page."""
    data = cli("dom", rid, "--at", "8s", "--css", "main", "--json").json()
    root = data["root"]
    assert 0 < data["shown"]["elements"] <= root["elements"] < data["elements"]
    header = cli("dom", rid, "--at", "8s", "--css", "main").stderr.splitlines()[0]
    assert f"{data['elements']} element(s) on the page ({root['elements']} in {root['selector']})" in header
    DomAtResult.model_validate(data)
    by_node = cli("dom", rid, "--at", "8s", "--node", str(root["nodeId"]), "--json").json()["root"]
    assert by_node["elements"] == root["elements"]
    assert "elements" not in cli("dom", rid, "--at", "8s", "--json").json()["root"]


def test_the_header_counts_masked_content(cli: Any) -> None:
    replay = import_recording(scenario_path("masked-default")).replay_id
    data = cli("dom", replay, "--at", "20s", "--json").json()
    masked = data["fidelity"]["masked"]
    total = masked["textNodes"] + masked["inputs"]
    assert total > 0
    header = cli("dom", replay, "--at", "20s").stderr.splitlines()[0]
    assert f", {total} masked" in header


def test_a_click_instant_marks_the_clicked_element(cli: Any, rid: str) -> None:
    click = next(e for e in _clicks(cli, rid) if "input#search" in e["selector"])
    at = str(click["offsetMs"])  # a bare number is milliseconds, as `events` prints offsetMs
    table = cli("dom", rid, "--at", at)
    assert table.exit_code == 0, table.stderr
    body = lxml_html.document_fromstring(table.stdout).body
    marked = body.xpath("//*[@data-rr-clicked]")
    assert [(e.get("data-rr-id"), e.get("data-rr-clicked")) for e in marked] == [
        (str(click["nodeId"]), "click")
    ]
    line = next(ln for ln in table.stdout.splitlines() if "data-rr-clicked" in ln)
    assert 'id="search"' in line  # the marker is on the clicked element's own line
    header = table.stderr.splitlines()[0]
    assert header.endswith(
        f"; click at this instant on input#search (node {click['nodeId']}), "
        'marked data-rr-clicked="click" in the excerpt'
    )
    data = cli("dom", rid, "--at", at, "--json").json()
    DomAtResult.model_validate(data)
    assert data["clicked"] == {
        "nodeId": click["nodeId"],
        "kinds": ["click"],
        "label": click["label"],
        "selector": "input#search",
        "inPage": True,
        "marked": True,
        "segmentId": click["segmentId"],
        "frameIndex": click["frameIndex"],
    }
    # One millisecond later is not the click's instant: nothing is marked.
    later = cli("dom", rid, "--at", str(click["offsetMs"] + 1))
    assert "data-rr-clicked" not in later.stdout and "click at this instant" not in later.stderr


def test_a_clicked_element_outside_the_excerpt_says_how_to_see_it(cli: Any, rid: str) -> None:
    click = next(e for e in _clicks(cli, rid) if "add" in (e.get("selector") or ""))
    table = cli("dom", rid, "--at", str(click["offsetMs"]), "--max-nodes", "3")
    assert table.exit_code == 0, table.stderr
    assert "data-rr-clicked" not in table.stdout
    assert f"not in this excerpt: --node {click['nodeId']} shows it" in table.stderr.splitlines()[0]
    shown = cli("dom", rid, "--at", str(click["offsetMs"]), "--node", str(click["nodeId"]))
    assert 'data-rr-clicked="click"' in shown.stdout.splitlines()[0]


def test_the_interactive_lens_marks_the_clicked_control(cli: Any, rid: str) -> None:
    # The demo's "Recalculate totals" click: the lens lists the button, marked like the excerpt.
    click = next(e for e in _clicks(cli, rid) if "#btn-recalc" in (e.get("selector") or ""))
    assert click["offsetMs"] == 46608
    at = str(click["offsetMs"])
    table = cli("dom", rid, "--at", at, "--lens", "interactive")
    assert table.exit_code == 0, table.stderr
    marked = [ln for ln in table.stdout.splitlines() if "data-rr-clicked" in ln]
    assert len(marked) == 1 and 'id="btn-recalc"' in marked[0]
    assert f'data-rr-id="{click["nodeId"]}" data-rr-clicked="click"' in marked[0]
    header = table.stderr.splitlines()[0]
    assert header.endswith(
        f"; click at this instant on button#btn-recalc (node {click['nodeId']}), "
        'marked data-rr-clicked="click" in the excerpt'
    )
    assert "not in this excerpt" not in table.stderr
    data = cli("dom", rid, "--at", at, "--lens", "interactive", "--json").json()
    assert data["clicked"]["marked"] is True
    entry = next(c for c in data["controls"] if c["nodeId"] == click["nodeId"])
    assert 'data-rr-clicked="click"' in entry["html"]
    assert [c["nodeId"] for c in data["controls"] if "data-rr-clicked" in c["html"]] == [click["nodeId"]]
    # A lens cut short before the button: not marked, and the header says how to see it.
    cut = cli("dom", rid, "--at", at, "--lens", "interactive", "--max-nodes", "2")
    assert "data-rr-clicked" not in cut.stdout
    assert f"not in this excerpt: --node {click['nodeId']} shows it" in cut.stderr.splitlines()[0]


def test_the_header_wording_holds_with_stderr_merged_after_the_html(rid: str) -> None:
    # `2>&1`: the header is written after the excerpt, so it must not point "below".
    merged = subprocess.run(
        [sys.executable, "-m", "replaydom", "dom", rid, "--at", "46608"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=True,
    ).stdout
    lines = merged.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("at 00:46.608 "))
    assert any("data-rr-clicked" in ln for ln in lines[:at])  # the marked element came first
    assert "below" not in lines[at] and lines[at].endswith('marked data-rr-clicked="click" in the excerpt')


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _progress_run(monkeypatch: pytest.MonkeyPatch, tty: bool, step: float) -> list[str]:
    """Build the long-session recording's store with a fake clock advancing `step` per segment."""
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    clock = _Clock()
    progress = StoreProgress(tty, after=1.0, per_second=4.0, clock=clock)

    def tick(done: int, total: int) -> None:
        clock.now += step
        progress(done, total)

    bundle = import_recording(scenario_path("long-session"))
    timeline, _ = load_timeline(bundle, progress=tick)
    assert timeline.store is not None
    progress.close()
    return err.getvalue().split("\n")


def _off_terminal_lines(total: int, step: float, every: float = 10.0) -> list[str]:
    """What a build of `total` segments at `step` seconds each prints off a terminal: the start
    line once a second has gone (segment 3 at 0.5 s a segment), a line every `every` seconds, and
    the final line with the time the build took."""
    first = next(d for d in range(1, total + 1) if step * (d - 1) >= 1.0)
    lines = [
        "building the DOM store (first `dom` on this replay; later `dom` commands reuse it): "
        f"segment {first}/{total}"
    ]
    last = step * (first - 1)
    for done in range(first + 1, total):
        took = step * (done - 1)
        if took - last >= every:
            last = took
            lines.append(f"building the DOM store: segment {done}/{total}, {took:.0f}s so far")
    return [*lines, f"built the DOM store in {step * (total - 1):.1f}s", ""]


def test_store_progress_off_a_terminal_starts_reports_every_ten_seconds_and_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = _progress_run(monkeypatch, tty=False, step=0.5)
    total = len(import_recording(scenario_path("long-session")).positions())
    assert total >= 60  # 143 segments: 71 s at 0.5 s each, so several progress lines
    assert lines == _off_terminal_lines(total, 0.5)
    assert lines[1] == f"building the DOM store: segment 23/{total}, 11s so far"
    assert 4 <= len(lines) - 3 <= 8  # a few lines at a low rate, not one per segment
    assert lines[-2] == "built the DOM store in 71.0s"


def test_the_cli_prints_the_store_progress_and_its_final_line_off_a_terminal(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole `dom` command (stderr captured, not a terminal) on a replay whose store is built
    by this first `dom`, with a clock that advances half a second at each reading."""
    from replaydom.cli import dom_at

    clock = _Clock()

    def tick() -> float:
        clock.now += 0.5
        return clock.now

    monkeypatch.setattr(dom_at, "_now", tick)
    replay = import_recording(scenario_path("long-session")).replay_id
    total = len(import_recording(scenario_path("long-session")).positions())
    first = cli("dom", replay, "--at", "8s")
    assert first.exit_code == 0, first.stderr
    notes = [ln for ln in first.stderr.splitlines() if "DOM store" in ln]
    assert notes[:-1] == _off_terminal_lines(total, 0.5)[:-2]
    # The final line, with the build's time to the end (the clock's reading after the last segment).
    assert notes[-1] == f"built the DOM store in {0.5 * total:.1f}s"
    again = cli("dom", replay, "--at", "8s")
    assert "DOM store" not in again.stderr  # built once, reused


def test_store_progress_on_a_terminal_is_redrawn_a_few_times_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    total = len(import_recording(scenario_path("long-session")).positions())
    out = _progress_run(monkeypatch, tty=True, step=0.1)
    draws = [part for part in "\n".join(out).split("\r") if part.startswith("building")]
    # 0.1 s per segment: nothing in the first second, then one draw per 0.25 s (and the last).
    assert (
        draws and draws[-1] == f"building the DOM store (first `dom` on this replay): segment {total}/{total}"
    )
    assert len(draws) <= (total * 0.1 - 1.0) / 0.25 + 2
    assert (
        out[-2].rsplit("\r", 1)[1].startswith(f"built the DOM store in {0.1 * (total - 1):.1f}s")
        and out[-1] == ""
    )


def test_a_quick_store_build_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _progress_run(monkeypatch, tty=False, step=0.0) == [""]
    assert _progress_run(monkeypatch, tty=True, step=0.0) == [""]


def test_the_cli_reports_nothing_for_a_small_replay_and_once_only(cli: Any, rid: str) -> None:
    first = cli("dom", rid, "--at", "8s")
    assert "DOM store" not in first.stderr  # built in well under a second


def test_a_build_slow_after_its_last_segment_still_ends_with_its_final_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Segments read at once (no start line), then the writing takes 5 s: the final line says so.
    for tty in (False, True):
        err = io.StringIO()
        monkeypatch.setattr(sys, "stderr", err)
        clock = _Clock()
        progress = StoreProgress(tty, clock=clock)
        for done in range(1, 11):
            progress(done, 10)
        clock.now = 5.0
        progress.close()
        assert err.getvalue() == "built the DOM store in 5.0s\n"
        progress.close()  # a second close prints nothing more
        assert err.getvalue() == "built the DOM store in 5.0s\n"
