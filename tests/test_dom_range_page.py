"""`dom --from/--to` one page at a time (`rangepage.dom_events_page`) gives exactly the slice of the
full listing (`inspect.dom_events`, which applies every frame of the range and builds every item)
and its exact total, while its work follows the page asked for.

Checked on every shared recording (an in-memory timeline, and the DOM store cut into tiny chunks
with a checkpoint at each, so that deep pages start from a checkpoint), at several kinds and
ranges (one starting inside a typing run, one inside a burst), with pages whose edges fall inside
a burst of mutations and right around a collapsed typing run; and on a small derived heavy replay
(bench/scale_corpus.py: real 2,000-row renders removed and rendered again), where the work and
memory of a deep page are compared with the whole listing's."""

from __future__ import annotations

import itertools
import sys
import tracemalloc
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, scenario_path
from conftest import small_chunks as _small_chunks

from replaydom.dom import rangepage
from replaydom.dom.cache import load_timeline
from replaydom.dom.inspect import KINDS, dom_events
from replaydom.dom.rangepage import PageWork, dom_events_page
from replaydom.dom.source import DomSource, source_from_timeline
from replaydom.dom.timeline import Timeline
from replaydom.index import load_events, load_meta
from replaydom.store.bundle import Bundle
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus

KIND_SETS = [frozenset(KINDS), frozenset({"mutation"}), frozenset({"input", "scroll"})]


def _sources(folder: Path) -> tuple[DomSource, DomSource, list[dict[str, Any]]]:
    """(store-backed source, in-memory source over the same frames, normalized events)."""
    bundle = import_recording(folder)
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None
    start = float(load_meta(bundle)["startMs"])
    stored = source_from_timeline(timeline, start, replay_id=bundle.replay_id)
    memory = source_from_timeline(Timeline(list(timeline.frames)), start, replay_id=bundle.replay_id)
    return stored, memory, load_events(bundle)


def _page_cases(full: list[dict[str, Any]]) -> list[tuple[int, int | None]]:
    """(offset, limit) pairs: the usual pages, and edges inside bursts and around typing runs."""
    n = len(full)
    cases: set[tuple[int, int | None]] = {(0, None), (0, 200), (0, 1), (n // 2, 5), (max(0, n - 3), 10)}
    cases |= {(n, 5), (n + 7, 3)}  # past the end: nothing, the same total
    inside = 0
    for i in range(1, n):
        a, b = full[i - 1]["data"]["dom"].get("burst"), full[i]["data"]["dom"].get("burst")
        if a is not None and b is not None and a["index"] == b["index"] and inside < 3:
            cases |= {(i, 2), (max(0, i - 3), 3)}  # starts at a burst's second member; ends at its first
            inside += 1
    typed = [i for i, item in enumerate(full) if len(item["data"].get("frames") or []) > 1]
    for i in typed[:3]:
        cases |= {(i, 1), (i + 1, 3), (max(0, i - 1), 1)}
    return sorted(cases, key=lambda c: (c[0], c[1] or 0))


def _starts(source: DomSource, events: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """Ranges: the whole replay; from inside a typing run; from the second member of a burst."""
    timeline = source.timeline
    first, last = source.offset(timeline.first_ms or 0), source.offset(timeline.last_ms or 0)
    ranges = [(float(first), float(last))]
    runs = [e for e in events if e["kind"] == "input" and len(e["data"].get("frames") or []) > 2]
    if runs:
        middle = runs[0]["data"]["frames"][1]
        at = next(
            f.ts for f in timeline.frames if (f.seg, f.idx) == (middle["segmentId"], middle["frameIndex"])
        )
        ranges.append((float(source.offset(at)), float(last)))
    mutations = [e["offsetMs"] for e in events if e["kind"] == "mutation"]
    close = [b for a, b in itertools.pairwise(mutations) if 0 < b - a < rangepage.BURST_GAP_MS]
    if close:
        ranges.append((float(close[len(close) // 2]), float(last)))
    return ranges


def _check(
    paged: DomSource, reference: DomSource, events: list[dict[str, Any]], kinds: frozenset[str]
) -> int:
    """Every case equal to the reference; returns how many pages started past the range's start."""
    skipped = 0
    for lo, hi in _starts(reference, events):
        full = dom_events(reference, events, lo, hi, kinds)
        for offset, limit in _page_cases(full):
            work = PageWork()
            page, total = dom_events_page(paged, events, lo, hi, kinds, offset=offset, limit=limit, work=work)
            end = None if limit is None else offset + limit
            assert total == len(full), (lo, hi, offset, limit)
            assert page == full[offset:end], (lo, hi, offset, limit)
            assert work.built == len(page)
            skipped += work.started_at > paged.timeline.end_index(paged.instant(lo))
    return skipped


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pages_equal_the_full_listing_on_every_recording(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_chunks(monkeypatch)
    stored, memory, events = _sources(scenario_path(scenario))
    skipped = 0
    for kinds in KIND_SETS:
        skipped += _check(stored, memory, events, kinds)
        _check(memory, memory, events, kinds)
    assert skipped > 0  # deep pages started from a checkpoint, not from the range's start


@cache
def _heavy(tmp: Path) -> Path:
    folder = tmp / "heavy"
    scale_corpus.write(folder, *scale_corpus.hour_long(rows=2_000, minutes=2, renders=6))
    return folder


@pytest.fixture
def heavy(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Any:
    _small_chunks(monkeypatch, frames=200, budget=5_000)
    return _sources(_heavy(tmp_path_factory.getbasetemp()))


@pytest.mark.slow
def test_pages_equal_the_full_listing_on_a_derived_heavy_replay(heavy: Any) -> None:
    stored, memory, events = heavy
    assert _check(stored, memory, events, frozenset(KINDS)) > 0


def _segments_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    read: list[int] = []
    real = Bundle.read_segment

    def counted(self: Bundle, position: int) -> list[Any]:
        read.append(position)
        return real(self, position)

    monkeypatch.setattr(Bundle, "read_segment", counted)
    return read


def test_a_deep_page_costs_the_page_not_the_range(heavy: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Work and memory of a page at the end of the range against the whole listing's: frames
    applied, segments read and peak traced memory."""
    stored, _memory, events = heavy
    timeline = stored.timeline
    lo, hi = -1000.0, float(stored.offset(timeline.last_ms or 0)) + 1000
    kinds = frozenset(KINDS)
    _, total = dom_events_page(stored, events, lo, hi, kinds, offset=0, limit=0)
    offset, limit = total - 30, 20
    read = _segments_read(monkeypatch)
    work = PageWork()
    tracemalloc.start()
    page, _ = dom_events_page(stored, events, lo, hi, kinds, offset=offset, limit=limit, work=work)
    page_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    page_reads = len(set(read))
    assert len(page) == limit and work.built == limit
    frames = len(timeline.stamps)
    assert work.planned == frames and work.read_to_plan == 0  # kinds from the events, none read
    assert work.started_at > frames // 2  # from a checkpoint near the page
    assert work.walked < frames // 5
    read.clear()
    tracemalloc.start()
    full = dom_events(stored, events, lo, hi, kinds)
    full_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert full[offset : offset + limit] == page
    assert page_reads * 4 < len(set(read))
    assert page_peak * 3 < full_peak
