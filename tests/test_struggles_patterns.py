"""One repeated pattern on one element is one finding, whatever signals coincide (repeats.py).

Before, findings were told apart by their whole set of signals: on the hour-long derived replay
the "Subscribe to newsletter" button that never answers was one finding for the time the user then
sat idle 20 s and another for the other 244 times; a dead click that happened next to a slow
click on another button made a third. Now the lead signal's subject identifies a finding, merged
groups holding two patterns are split, and each occurrence says which signals it saw.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, load_json
from test_struggles import findings, normalized

from replaydom.analyze.struggles import StruggleConfig, detect, find_struggles, repeats
from replaydom.analyze.struggles.core import Context
from replaydom.analyze.struggles.merge import cluster
from replaydom.index import load_events
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def _signals(scenario: str) -> list[Any]:
    ctx = Context.build(normalized(scenario).events, load_json(scenario, "details.json"))
    return detect(ctx, StruggleConfig())


def test_a_dead_click_next_to_a_slow_click_on_another_button_is_two_findings() -> None:
    """slow-and-idle's dead click on "Subscribe" moved next to its slow click on "Load
    recommendations" (the signals, not the events): one merged group, two parts, each keyed on its
    own button; the slow request after the slow click stays with it."""
    signals = _signals("slow-and-idle")
    dead = next(s for s in signals if s.name == "dead-click")
    slow = next(s for s in signals if s.name == "slow-click")
    request = next(s for s in signals if s.name == "slow-request")
    moved = dataclasses.replace(dead, at_ms=slow.at_ms - 500)
    [group] = cluster([moved, slow, request], 3000, 30000)
    parts = repeats.split(group)
    keys = sorted(repeats.key(p) for p in parts)
    assert len(keys) == 2 and keys[0].endswith("button#btn-slow[type=\"button\"]")
    assert keys[1].endswith("button#btn-subscribe[type=\"button\"]")
    [with_slow] = [p for p in parts if slow in p]
    assert request in with_slow and request not in [s for p in parts if p is not with_slow for s in p]


def test_explaining_signals_alone_stay_one_finding() -> None:
    """widgets' unanswered request that is also slow: one part (both explain the same failure)."""
    signals = [s for s in _signals("widgets") if s.name in ("failed-request", "slow-request")]
    [group] = cluster(signals, 3000, 30000)
    assert len(repeats.split(group)) == 1


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_signal_is_pointed_at_by_one_finding(scenario: str) -> None:
    """Grouping and splitting lose no evidence: every signal's primary event is among the
    occurrences' pointers, and no two findings share a lead subject."""
    found = findings(scenario)

    def where(segment: int | None, frame: int | None, event: str | None) -> tuple[Any, ...]:
        return (segment, frame) if segment is not None else (event,)

    pointers = {
        where(r.segmentId, r.frameIndex, r.eventId) for f in found for o in f.occurrences for r in o.evidence
    }
    for sig in _signals(scenario):
        ev = sig.evidence[0]
        assert where(ev.get("segmentId"), ev.get("frameIndex"), ev.get("eventId")) in pointers, sig.name
    titles = [f.finding.split("; repeated")[0] for f in found]
    assert len(set(titles)) == len(titles)


def test_the_derived_hour_reads_as_one_finding_per_button(tmp_path: Path) -> None:
    made = scale_corpus.hour_long(rows=1_000, minutes=4, renders=4)
    scale_corpus.write(tmp_path / "hour", *made)
    derived = made[2]["derivedSdkFrames"]
    events = load_events(import_recording(tmp_path / "hour"))
    found = find_struggles(events, target="x")
    by_kind = Counter(s for f in found for s in f.signals if s.endswith("-click"))
    assert by_kind["dead-click"] == 1 and by_kind["slow-click"] == 1  # one finding each
    [dead] = [f for f in found if "dead-click" in f.signals]
    assert dead.count == derived["dead"] and "button#btn-subscribe" in dead.finding
    # the idle after the recording's own dead click is one of its occurrences, said in the title
    assert "idle-after-action" in dead.signals and "with idle-after-action in 1 of" in dead.finding
    assert sum(o.signals == ["dead-click", "idle-after-action"] for o in dead.occurrences) == 1
    [slow] = [f for f in found if "slow-click" in f.signals]
    assert slow.count == derived["slow"] and "button#btn-slow" in slow.finding
    # Sentry's count: one dead-click pointer per dead click
    refs = Counter(r.kind for f in found for o in f.occurrences for r in o.evidence)
    assert refs["dead-click"] == derived["dead"] and refs["slow-click"] == derived["slow"]
    bursts = [f for f in found if f.signals == ["mutation-burst"]]
    assert len(bursts) == 1 and bursts[0].count == made[2]["renders"]
