"""Reading and importing a bundle stay linear in its segment count, with the same guarantees.

- `Bundle.read_segment` looks entries up in a map built once per manifest (it was rebuilt per
  read, which made reading a 13k-segment bundle quadratic), and the map follows manifest changes;
- an import writes its staged segment files without a temp file or fsync each, then syncs the
  staging tree before the one rename that publishes it: files stay 0600 and no temp file remains;
- manifests are written by orjson (fetch rewrites one per page), with a stdlib fallback.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from replaydom.errors import DataError
from replaydom.store.bundle import Bundle
from replaydom.store.fsutil import write_json
from replaydom.store.importer import import_recording


def _body(tmp_path: Path, segments: int) -> Path:
    body = [[{"type": 3, "timestamp": 1_700_000_000_000 + i, "data": {"source": 1}}] for i in range(segments)]
    path = tmp_path / "segments.json"
    path.write_text(json.dumps(body))
    return path


class _CountingList(list[Any]):
    """A manifest `segments` list that counts the passes made over it."""

    passes = 0

    def __iter__(self) -> Any:
        type(self).passes += 1
        return super().__iter__()


def test_reading_every_segment_passes_over_the_manifest_once(tmp_path: Path) -> None:
    fresh = Bundle(import_recording(_body(tmp_path, 300)).path)
    fresh._manifest = {**fresh.manifest, "segments": _CountingList(fresh.manifest["segments"])}
    assert sum(len(events) for _, events in fresh.iter_segments()) == 300
    assert _CountingList.passes == 1  # was one pass per segment read: quadratic


def test_the_entry_map_follows_manifest_changes(tmp_path: Path) -> None:
    bundle = Bundle(import_recording(_body(tmp_path, 5)).path)
    assert bundle.positions() == [0, 1, 2, 3, 4]
    entries = bundle.entries()
    entries.pop(0)  # callers get their own dict
    assert bundle.segment_count() == 5
    bundle.update_manifest({"segments": [e for e in bundle.manifest["segments"] if e["position"] != 4]})
    assert bundle.positions() == [0, 1, 2, 3]
    with pytest.raises(DataError, match="segment 4 is not stored"):
        bundle.read_segment(4)
    other = Bundle(bundle.path)
    other.update_manifest({"segments": [*other.manifest["segments"], {"position": 9, "sha256": None}]})
    bundle.reload()
    assert bundle.positions() == [0, 1, 2, 3, 9]


def test_a_staged_import_leaves_private_files_and_no_temp_files(tmp_path: Path) -> None:
    bundle = import_recording(_body(tmp_path, 20))
    files = [p for p in bundle.path.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.endswith(".tmp")]
    segments = [p for p in files if p.parent == bundle.segments_dir]
    assert len(segments) == 20
    for path in [*files, *[p for p in bundle.path.rglob("*") if p.is_dir()]]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert [len(events) for _, events in bundle.iter_segments()] == [1] * 20


def test_write_json_falls_back_to_the_stdlib_for_what_orjson_refuses(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    write_json(path, {"big": 2**70, "n": 1})
    assert json.loads(path.read_text()) == {"big": 2**70, "n": 1}
    write_json(path, {1: "int key"})
    assert json.loads(path.read_text()) == {"1": "int key"}
    write_json(path, {"set": {1}}, pretty=False)
    assert json.loads(path.read_text()) == {"set": "{1}"}
