"""The on-disk index: files, freshness, rebuilds, per-kind lines, derived views, streaming."""

from __future__ import annotations

import gc
import stat
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import RECORDINGS, load_json, load_segments

from replaydom.frames.normalize import normalize
from replaydom.index import (
    DERIVED,
    build_index,
    index_is_fresh,
    kind_lines,
    line_kind,
    load_derived,
    load_events,
    load_meta,
)
from replaydom.index.derived import build_derived
from replaydom.store import sdk_errors
from replaydom.store.bundle import Bundle
from replaydom.store.importer import import_recording


def imported(scenario: str) -> Bundle:
    return import_recording(RECORDINGS / scenario)


def expected_events(scenario: str) -> list[dict[str, Any]]:
    details = load_json(scenario, "details.json")
    rows = load_json(scenario, "events_meta.json")
    res = normalize(
        enumerate(load_segments(scenario)),
        replay_id=details["id"],
        details=details,
        errors=rows,
        # the import stores the folder's errors.json (the SDK's error events) as error details
        error_details=sdk_errors.from_folder(RECORDINGS / scenario, rows).details,
    )
    return orjson.loads(orjson.dumps(res.events))  # type: ignore[no-any-return]


def test_import_builds_a_private_index_equal_to_normalize() -> None:
    bundle = imported("checkout-failure")
    index = Path(bundle.index_dir)
    names = {p.name for p in index.iterdir()}
    assert {"meta.json", "events.jsonl", "kinds.bin", *(f"{d}.json" for d in DERIVED)} <= names
    for path in [index, *index.rglob("*")]:
        if path.name == ".lock":
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert index_is_fresh(bundle)
    assert load_events(bundle) == expected_events("checkout-failure")
    meta = load_meta(bundle)
    assert meta["eventCount"] == len(expected_events("checkout-failure"))
    assert meta["counts"]["rage-click"] == 1 and meta["replayId"] == bundle.replay_id
    assert meta["masked"]["maskAllInputs"] is False


def test_kind_files_partition_the_stream_in_order() -> None:
    bundle = imported("widgets")
    everything = kind_lines(bundle)
    clicks = kind_lines(bundle, {"click"})
    assert clicks == [ln for ln in everything if line_kind(ln) == b"click"]
    both = kind_lines(bundle, {"click", "input"})
    assert both == [ln for ln in everything if line_kind(ln) in (b"click", b"input")]
    assert kind_lines(bundle, {"video"}) == []
    assert [e["kind"] for e in load_events(bundle, {"input"})] == ["input"] * len(
        kind_lines(bundle, {"input"})
    )
    per_kind = sum(len(kind_lines(bundle, {k})) for k in load_meta(bundle)["counts"])
    assert per_kind == len(everything)


def test_line_kind_reads_only_the_top_level_kind() -> None:
    line = orjson.dumps(
        {
            "replayId": "r",
            "segmentId": 0,
            "frameIndex": 1,
            "offsetMs": 2,
            "timestamp": "t",
            "kind": "console",
            "data": {"arguments": [{"kind": "click"}]},
        }
    )
    assert line_kind(line) == b"console"


def test_stale_or_corrupt_indexes_are_rebuilt() -> None:
    bundle = imported("slow-and-idle")
    meta_path = Path(bundle.index_dir) / "meta.json"
    good = load_events(bundle)
    meta = orjson.loads(meta_path.read_bytes())
    meta_path.write_bytes(orjson.dumps({**meta, "normalizerVersion": -1}))
    assert not index_is_fresh(bundle)
    assert load_events(bundle) == good and index_is_fresh(bundle)
    meta = orjson.loads(meta_path.read_bytes())
    bundle.update_manifest({"note": "touched"})  # the manifest changed, the segments did not
    assert index_is_fresh(bundle)
    meta_path.write_bytes(orjson.dumps({**meta, "fingerprint": "other segments"}))  # a re-fetch
    assert not index_is_fresh(bundle)
    assert load_events(bundle) == good and index_is_fresh(bundle)
    (Path(bundle.index_dir) / "events.jsonl").write_bytes(b'{"kind": broken\n')
    assert load_events(bundle) == good
    kinds_bin = Path(bundle.index_dir) / "kinds.bin"
    kinds_bin.write_bytes(bytes(reversed(kinds_bin.read_bytes())))
    assert load_events(bundle, {"click"}) == [e for e in good if e["kind"] == "click"]
    meta_path.unlink()
    assert load_events(bundle) == good


def test_an_unreadable_segment_is_reported_and_the_rest_indexed() -> None:
    bundle = imported("checkout-failure")
    bundle.segment_path(4).write_bytes(b"not gzip")
    info = build_index(bundle)
    assert [pos for pos, _ in info.segment_errors] == [4]
    meta = load_meta(bundle)
    assert meta["segmentErrors"][0]["segmentId"] == 4
    events = load_events(bundle)
    assert events and all(e["segmentId"] != 4 for e in events)


class _Segment(list[Any]):
    """A list that can be weakly referenced, to see when a raw segment is released."""


def test_building_holds_one_raw_segment_at_a_time() -> None:
    bundle = imported("widgets")
    alive: list[weakref.ref[_Segment]] = []
    original = bundle.iter_segments

    def tracked(on_error: Any = None) -> Iterator[tuple[int, list[Any]]]:
        for pos, events in original(on_error=on_error):
            gc.collect()
            assert sum(ref() is not None for ref in alive) == 0, f"segment kept while reading {pos}"
            seg = _Segment(events)
            del events
            alive.append(weakref.ref(seg))
            yield pos, seg
            del seg

    bundle.iter_segments = tracked  # type: ignore[method-assign]
    build_index(bundle)
    assert len(alive) == bundle.segment_count()


def test_derived_views() -> None:
    bundle = imported("checkout-failure")
    events = load_events(bundle)
    nav = load_derived(bundle, "navigation")
    assert [p["url"] for p in nav["pages"]] == [e["url"] for e in events if e["kind"] == "navigation"]
    assert all(p["startOffsetMs"] <= p["endOffsetMs"] for p in nav["pages"])
    problems = load_derived(bundle, "problems")
    assert problems["counts"]["rage-click"] == 1 and problems["counts"]["dead-click"] == 1
    assert problems["counts"]["error"] == 1 and problems["counts"]["network-failed"] == 6
    assert [i["event"]["offsetMs"] for i in problems["items"]] == sorted(
        i["event"]["offsetMs"] for i in problems["items"]
    )
    network = load_derived(bundle, "network")
    assert network["summary"]["count"] == len(network["items"]) == sum(e["kind"] == "network" for e in events)
    assert network["summary"]["byStatus"]["5xx"] == 6
    interactions = load_derived(bundle, "interactions")
    assert interactions["counts"]["click"] == sum(1 for i in interactions["items"] if i["kind"] == "click")
    dom = load_derived(bundle, "dom-summary")
    assert len(dom["snapshots"]) == sum(e["kind"] == "dom-snapshot" for e in events)
    assert dom["mutations"]["events"] == sum(e["kind"] == "mutation" for e in events)
    assert dom["masked"]["blockedElements"] >= 1
    details = load_json("checkout-failure", "details.json")
    rows = load_json("checkout-failure", "events_meta.json")
    res = normalize(
        enumerate(load_segments("checkout-failure")),
        replay_id=details["id"],
        details=details,
        errors=rows,
        error_details=sdk_errors.from_folder(RECORDINGS / "checkout-failure", rows).details,
    )
    for name, view in build_derived(res).items():  # assembled from the lines == serialized whole
        assert load_derived(bundle, name) == orjson.loads(orjson.dumps(view))
    with pytest.raises(ValueError, match="unknown derived index"):
        load_derived(bundle, "nope")
