"""The hostile corpus (tests/hostile_corpus.py) through every entry point: no exit 1, no traceback,
every repair and skip counted, and the HTML printed for it inert.

Each variant is imported from a file and fetched from the loopback Sentry (tests/sentry_server.py),
then read back with `events --jsonl` and `dom --at --html`. `test_hostile_browser.py` opens the HTML
outputs in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import Variant, _plausible, corpus
from sentry_server import SentryServer, ServedReplay

CORPUS = corpus()
BY_NAME = {v.name: v for v in CORPUS}


def _served(variant: Variant) -> ServedReplay:
    details = json.loads(
        (Path(__file__).parent.parent / "fixtures" / "recordings" / variant.base / "details.json").read_text()
    )
    details = {**details, "id": variant.replay_id, "count_segments": len(variant.texts)}
    replay = ServedReplay(details, [[] for _ in variant.texts], [])
    replay._encoded = list(variant.texts)  # the exact bodies: deep ones no JSON encoder could write
    return replay


def _sane(result: Any, *allowed: int) -> None:
    assert result.exit_code in allowed, (result.exit_code, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr[-2000:]


def _count(pattern: str, text: str) -> int:
    m = re.search(pattern, text)
    assert m is not None, (pattern, text[-2000:])
    return int(m.group(1))


def _read_back(cli: Any, rid: str, variant: Variant) -> tuple[Any, Any]:
    events = cli("events", rid, "--jsonl", "--limit", "100000")
    _sane(events, 0)
    at = f"@{variant.expect['at']}" if "at" in variant.expect else "20s"
    html = cli("dom", rid, "--at", at, "--html")
    _sane(html, 0, 3)  # 3: no DOM at that instant (a hostile timestamp moved the page's snapshot)
    if html.exit_code == 3:
        assert variant.kind == "timestamps" and "no DOM" in html.stderr
    return events, html


def _check_counts(variant: Variant, stderr: str, events: Any, html: Any) -> None:
    if variant.kind == "surrogates":
        assert _count(r"(\d+) lone UTF-16 surrogate", stderr) == variant.expect["surrogates"]
        assert "\ufffd" in events.stdout
    elif variant.kind == "nonfinite":
        assert _count(r"(\d+) malformed number", stderr) == variant.expect["numbers"]
    elif variant.kind == "timestamps":
        skipped = _count(r"(\d+) malformed frames were skipped", events.stderr)
        assert skipped >= variant.expect["unusable"]
    elif variant.kind == "depth":
        levels = variant.expect["levels"]
        # The snapshot's tree is whole (the Replayer builds a Mutation add without its childNodes).
        if levels < 900:
            assert html.stdout.count(f"level {levels}") == 1
        else:  # deeper than the serializer's hard depth: the cut is said in the output
            cuts = re.findall(r"<!-- (\d+) element\(s\) not shown -->", html.stdout)
            assert len(cuts) == 1 and int(cuts[0]) > 0


@pytest.mark.parametrize("name", list(BY_NAME))
def test_import_then_read_back(cli: Any, tmp_path: Path, name: str) -> None:
    variant = BY_NAME[name]
    folder = variant.write(tmp_path / name)
    imported = cli("import", str(folder))
    _sane(imported, 0)
    events, html = _read_back(cli, variant.replay_id, variant)
    _check_counts(variant, imported.stderr, events, html)
    if variant.kind == "timestamps":  # without details the start is derived from the frames
        bare = cli("import", str(folder / "segments.json"), "--json")
        _sane(bare, 0)
        assert (
            _count(r"(\d+) event\(s\) without a usable timestamp", bare.stderr) == variant.expect["unusable"]
        )
        _read_back(cli, bare.json()["replayId"], variant)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_fetch_then_read_back(cli: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    variant = BY_NAME[name]
    with SentryServer(replays=[_served(variant)]) as srv:
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        fetched = cli("fetch", f"acme/{variant.replay_id}")
    _sane(fetched, 0)
    events, html = _read_back(cli, variant.replay_id, variant)
    _check_counts(variant, fetched.stderr, events, html)


def test_every_class_is_in_the_corpus() -> None:
    assert {v.kind for v in CORPUS} == {"markup", "timestamps", "surrogates", "depth", "nonfinite"}
    for v in CORPUS:
        assert v.note and v.base and v.texts


def test_counts_of_the_corpus_are_independent_of_the_code() -> None:
    """The expected counts are computed from the variant's own texts, not by replaydom."""
    for v in CORPUS:
        if v.kind == "timestamps":
            frames = [f for t in v.texts for f in json.loads(t)]
            assert v.expect["unusable"] == sum(not _plausible(f.get("timestamp")) for f in frames) > 50
