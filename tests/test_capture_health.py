"""`stats`' capture notes fold the SDK's replay-health events: one line per kind, with how often and
when (the hour-long derived replay has the SDK's large-mutation-batch breadcrumb before every
re-render: one line each before)."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from replaydom.analyze.bursts import largest_bursts, mutation_bursts
from replaydom.analyze.capture import capture
from replaydom.index import load_events
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus


def test_replay_health_notes_are_one_line_per_kind(tmp_path: Path) -> None:
    # 1,000-row renders: 3,001 MutationObserver records each, over the SDK's 750-record limit
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=1_000, minutes=4, renders=8))
    kinds: dict[str, list[Any]] = defaultdict(list)
    for event in load_events(import_recording(tmp_path / "hour")):
        kinds[event["kind"]].append(event)
    health = kinds["replay-health"]
    labels = {str(e.get("label") or e.get("rawSource")) for e in health}
    assert len(health) > 5 and 1 <= len(labels) <= 5  # the SDK's breadcrumb, once per render
    notes = capture(kinds, {}, {}).notes
    folded = [n for n in notes if any(n.startswith(label) for label in labels)]
    assert len(folded) == len(labels)
    assert sum(int(n.split(" x")[1].split(",")[0]) if " x" in n else 1 for n in folded) == len(health)


def test_the_sdk_count_is_named_mutation_records_and_repeated_bursts_are_one_row(tmp_path: Path) -> None:
    # The SDK's `replay.mutations` count is MutationObserver records, not nodes: a 1,000-row render
    # is 3,001 records and about 5,000 added nodes. The label must not read as the node count.
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=1_000, minutes=4, renders=8))
    events = load_events(import_recording(tmp_path / "hour"))
    health = [e for e in events if e["kind"] == "replay-health"]
    count = health[0]["data"]["count"]
    assert f"large DOM mutation batch (SDK-reported {count:,} mutation records)" == health[0]["label"]
    assert "changes)" not in health[0]["label"]
    # every render is the same change: stats lists it once, at its first time (the burst
    # `struggles` shows first), with how often it repeats, though later ones gather a few more
    # changes in the same second and, ranked one by one, pushed the first out of the top list
    bursts = mutation_bursts(events)
    renders = [b for b in bursts if b.largest["data"]["adds"] > 1_000]
    assert len(renders) > 5 and max(b.changes for b in renders) > renders[0].changes
    top = largest_bursts(events, 3)
    assert top[0].fromOffsetMs == renders[0].fromOffsetMs and top[0].repeats == len(renders)
    assert top[0].lastOffsetMs == renders[-1].fromOffsetMs
    assert top[0].maxChanges == max(b.changes for b in renders)
    largest = next(b for b in renders if b.changes == top[0].maxChanges)
    assert top[0].maxChangesOffsetMs == largest.largest["offsetMs"] > top[0].fromOffsetMs
    assert largest.largest["data"]["adds"] > 1_000  # the render itself, not the burst's first event
    assert len({(b.fromOffsetMs) for b in top}) == len(top)
