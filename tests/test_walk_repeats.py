"""Walkthrough friction 2: identical findings are one finding with a count (repeats.py).

long-session clicks "Check stock" eight times; each time GET /api/inventory/sku-999 answers 404
(and its image 404s): eight identical MEDIUM findings became one, marked x8, with every
occurrence's pointers. It also abandons the checkout form three times (once while the sales table
re-renders) and renders the table twice: one finding each, whatever coincided.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from conftest import RECORDINGS, SCENARIOS, load_json
from test_struggles import findings, normalized

from replaydom.analyze.struggles import StruggleConfig, detect, repeats, thresholds
from replaydom.analyze.struggles.core import Context
from replaydom.analyze.struggles.merge import cluster, to_finding
from replaydom.store.importer import import_recording


def _ungrouped(scenario: str) -> list[Any]:
    ctx = Context.build(normalized(scenario).events, load_json(scenario, "details.json"))
    merge = thresholds()["merge"]
    groups = cluster(detect(ctx, StruggleConfig()), merge["gapMs"], merge["maxSpanMs"])
    parts = [p for g in groups for p in repeats.split(g)]
    return [to_finding(p, "acme/web/x", int(merge["maxEvidence"])) for p in parts]


def test_the_eight_stock_404s_are_one_finding_x8() -> None:
    sc = "long-session"
    stock = [f for f in findings(sc) if "sku-999" in f.finding]
    assert len(stock) == 1
    [f] = stock
    assert f.count == 8 and len(f.occurrences) == 8
    assert f.severity == "medium" and "repeated x8 from 00:13.803 to 02:16.830" in f.finding
    requests = [
        ev
        for ev in normalized(sc).events
        if ev["kind"] == "network" and str(ev["data"].get("url", "")).endswith("/api/inventory/sku-999")
    ]
    assert len(requests) == 8 and {ev["data"]["status"] for ev in requests} == {404}
    # Every occurrence's pointers, each landing on its own request.
    listed = [
        (r.segmentId, r.frameIndex)
        for o in f.occurrences
        for r in o.evidence
        if r.kind == "network" and r.segmentId is not None
    ]
    assert {(ev["segmentId"], ev["frameIndex"]) for ev in requests} <= set(listed)
    assert f.firstOffsetMs == f.occurrences[0].window.fromOffsetMs == f.window.fromOffsetMs
    assert f.lastOffsetMs == f.occurrences[-1].window.fromOffsetMs
    ats = [o.nextCommand.split("--at ")[1].split()[0] for o in f.occurrences]
    assert ats[:2] == ["00:13.803", "00:31.818"]
    # The first occurrence points at the finding's own evidence (and any primary the cap left out).
    assert {(ev["segmentId"], ev["frameIndex"]) for ev in f.evidence} <= {
        (r.segmentId, r.frameIndex) for r in f.occurrences[0].evidence
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_grouping_keeps_every_occurrence_and_its_severity(scenario: str) -> None:
    before = _ungrouped(scenario)
    after = findings(scenario)
    assert sum(f.count for f in after) == len(before)
    assert Counter(o.severity for f in after for o in f.occurrences) == Counter(f.severity for f in before)
    for f in after:
        assert f.count == len(f.occurrences) >= 1
        assert f.severity == min((o.severity for o in f.occurrences), key=lambda s: s.rank)
        assert set(f.signals) == {name for o in f.occurrences for name in o.signals}
        # Repeats do not raise the score: the group's is its best occurrence's.
        own = [b for b in before if b.window.fromOffsetMs in {o.window.fromOffsetMs for o in f.occurrences}]
        assert f.score == max(b.score for b in own)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_dead_and_rage_clicks_stay_as_sentry_counts_them(scenario: str) -> None:
    details = load_json(scenario, "details.json")
    refs = [r for f in findings(scenario) for o in f.occurrences for r in o.evidence]
    kinds = Counter(r.kind for r in refs if r.kind.endswith("-click"))
    # Sentry's count_dead_clicks includes rage clicks.
    assert kinds["dead-click"] + kinds["rage-click"] == details["count_dead_clicks"]
    assert kinds["rage-click"] == details["count_rage_clicks"]


def test_table_and_json_show_the_count(cli: Any) -> None:
    rid = import_recording(RECORDINGS / "long-session").replay_id
    table = cli("struggles", rid).stdout
    assert table.count("GET /api/inventory/sku-999 failed with 404") == 1
    assert "repeated x8 at 00:13.803, 00:31.818," in table
    items = cli("struggles", rid, "--json").json()["items"]
    [stock] = [f for f in items if "sku-999" in f["finding"]]
    assert stock["count"] == 8 and len(stock["occurrences"]) == 8
    counts = sorted((f["count"], f["signals"]) for f in items)
    assert counts == [(2, ["mutation-burst"]), (3, ["form-abandonment"]), (8, ["failed-request"])]
    assert all(len(f["occurrences"]) == f["count"] for f in items)
