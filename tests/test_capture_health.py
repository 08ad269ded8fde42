"""`stats`' capture notes fold the SDK's replay-health events: one line per kind, with how often and
when (the hour-long derived replay has the SDK's large-mutation-batch breadcrumb before every
re-render: one line each before)."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

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
