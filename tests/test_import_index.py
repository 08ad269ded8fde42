"""`import` normalizes each segment as it stores it and writes the index into the staged bundle.

The index an import writes must be the one `build_index` writes from the stored files (same
events.jsonl, kinds.bin, derived views and meta, byte for byte), on every real recording and on
derived bodies that take the unusual paths: a content-derived replay id (the events are stamped
with it only at the end), a flat rrweb array, values the lenient decoder repairs (NaN, lone
surrogates, integers past 64 bits, nesting past orjson's depth), and the scale corpus's big
mutations. The stored files are never read back by the import, and when the streaming pass is
unavailable or fails, the import falls back to building the index from the stored files.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import types
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDINGS, load_segments, scenario_path

import replaydom.index as index_module
from replaydom.index import build_index, index_is_fresh
from replaydom.store import bundle as bundle_module
from replaydom.store import segworker
from replaydom.store.bundle import Bundle
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus

FIXTURES = RECORDINGS.parent
FOLDERS = sorted(
    [p for p in RECORDINGS.iterdir() if p.is_dir()]
    + [p for p in (FIXTURES / "struggles").iterdir() if p.is_dir()]
    + [FIXTURES / "calm"]
)


def _index_files(bundle: Bundle) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(bundle.index_dir.iterdir()) if p.is_file()}


def _rebuilt(bundle: Bundle) -> dict[str, bytes]:
    """The index files `build_index` writes from the stored segment files."""
    for path in bundle.index_dir.iterdir():
        if path.is_file() and path.name != ".lock":
            path.unlink()
    build_index(Bundle(bundle.path))
    return _index_files(bundle)


def _same_index_as_a_rebuild(bundle: Bundle) -> None:
    streamed = _index_files(bundle)
    assert "meta.json" in streamed and index_is_fresh(Bundle(bundle.path))
    rebuilt = _rebuilt(bundle)
    assert sorted(streamed) == sorted(rebuilt)
    for name in streamed:
        assert streamed[name] == rebuilt[name], name


@pytest.fixture
def no_read_back(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Positions of segment files read back while importing (the import must read none)."""
    reads: list[int] = []
    original = bundle_module.Bundle.read_segment

    def read_segment(self: Bundle, position: int) -> list[Any]:
        reads.append(position)
        return original(self, position)

    monkeypatch.setattr(bundle_module.Bundle, "read_segment", read_segment)
    return reads


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_imported_index_is_the_rebuilt_one(folder: Path, no_read_back: list[int]) -> None:
    bundle = import_recording(folder)
    assert no_read_back == [] and bundle.warnings == []
    _same_index_as_a_rebuild(bundle)


def test_a_content_derived_id_is_stamped_on_every_event(tmp_path: Path, no_read_back: list[int]) -> None:
    body = tmp_path / "segments.json"
    body.write_text(json.dumps(load_segments("checkout-failure")))
    bundle = import_recording(body)  # no details, no --id: the id is the content's hash
    assert no_read_back == []
    lines = (bundle.index_dir / "events.jsonl").read_bytes().splitlines()
    assert lines and all(json.loads(line)["replayId"] == bundle.replay_id for line in lines)
    _same_index_as_a_rebuild(bundle)


def test_a_flat_rrweb_array(tmp_path: Path, no_read_back: list[int]) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps([e for s in load_segments("widgets") for e in s]))
    bundle = import_recording(path, replay_id="0123456789abcdef0123456789abcdef")
    assert no_read_back == [] and bundle.positions() == [0]
    _same_index_as_a_rebuild(bundle)


def test_values_the_lenient_decoder_repairs(tmp_path: Path) -> None:
    """Real frames with a NaN, a lone surrogate, a 70-bit integer and 1,100 levels of nesting
    spliced into their payloads: the index from the decoded values is the one from the files."""
    segments = load_segments("checkout-failure")
    text = json.dumps(segments)
    crumb = next(e for s in segments for e in s if e.get("type") == 5)
    tag = json.dumps(crumb["data"]["tag"])
    spliced = f'{tag}, "nan": NaN, "lone": "\\ud800x", "big": {2**70}, "deep": {"[" * 1100}{"]" * 1100}'
    assert text.count(tag) >= 1
    body = tmp_path / "segments.json"
    body.write_text(text.replace(tag, spliced))
    bundle = import_recording(body, replay_id="f" * 32)
    assert any("surrogate" in w for w in bundle.warnings)
    _same_index_as_a_rebuild(bundle)


def test_the_scale_corpus_big_mutations(tmp_path: Path, no_read_back: list[int]) -> None:
    scale_corpus.write(tmp_path / "hour", *scale_corpus.hour_long(rows=1_000, minutes=2, renders=3))
    bundle = import_recording(tmp_path / "hour")
    assert no_read_back == []
    _same_index_as_a_rebuild(bundle)
    made = scale_corpus.pathological(reverse_nodes=2_000, depth=1_500, waiting_rows=300)
    scale_corpus.write(tmp_path / "odd", *made)
    _same_index_as_a_rebuild(import_recording(tmp_path / "odd", replay_id="e" * 32))


def test_without_a_streaming_builder_the_index_is_built_from_the_files(
    monkeypatch: pytest.MonkeyPatch, no_read_back: list[int]
) -> None:
    module = types.SimpleNamespace(build_index=build_index)
    monkeypatch.setitem(sys.modules, "replaydom.index", module)
    bundle = import_recording(scenario_path("widgets"))
    assert len(no_read_back) == bundle.segment_count()  # built the old way, from the files
    monkeypatch.setitem(sys.modules, "replaydom.index", index_module)
    _same_index_as_a_rebuild(bundle)


@pytest.mark.parametrize("where", ["add_segment", "write"])
def test_a_failing_streaming_pass_falls_back_to_the_files(
    monkeypatch: pytest.MonkeyPatch, no_read_back: list[int], where: str
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("streaming pass exploded")

    monkeypatch.setattr(index_module.StreamingBuild, where, broken)
    bundle = import_recording(scenario_path("widgets"))
    assert bundle.warnings == [] and len(no_read_back) == bundle.segment_count()
    monkeypatch.undo()
    _same_index_as_a_rebuild(bundle)


def test_a_normalizer_failure_is_still_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(bundle: Bundle) -> None:
        raise RuntimeError("normalizer exploded")

    monkeypatch.setitem(sys.modules, "replaydom.index", types.SimpleNamespace(build_index=broken))
    bundle = import_recording(scenario_path("widgets"))
    assert any("indexing failed (RuntimeError: normalizer exploded)" in w for w in bundle.warnings)
    assert bundle.segment_count() == 11 and bundle.is_complete


def test_segment_files_are_synced_by_the_writer_and_not_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from replaydom.store import fsutil, importer

    seen: dict[str, Any] = {}

    def sync_tree(root: Path, *, synced: Any = ()) -> None:
        walked = {os.path.join(parent, name) for parent, _, files in os.walk(root) for name in files}
        seen["segments"] = {p for p in walked if os.sep + "segments" + os.sep in p}
        seen["synced"] = set(synced)
        fsutil.sync_tree(root, synced=synced)

    monkeypatch.setattr(importer, "sync_tree", sync_tree)
    bundle = import_recording(scenario_path("checkout-failure"))
    assert len(seen["segments"]) == bundle.segment_count() == 9
    assert seen["synced"] == seen["segments"]  # spelled as the walk spells them: none synced twice


def test_a_failed_segment_write_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    original = bundle_module.Bundle.write_segment_bytes

    def write_segment_bytes(
        self: Bundle, position: int, raw: bytes, events: int, **kw: Any
    ) -> dict[str, Any]:
        if position == 5:
            raise OSError(28, "No space left on device")
        return original(self, position, raw, events, **kw)

    monkeypatch.setattr(bundle_module.Bundle, "write_segment_bytes", write_segment_bytes)
    # the in-process writer (the child process's failure: test_import_worker.py)
    monkeypatch.setattr(segworker, "usable_for", lambda body: False)
    with pytest.raises(OSError, match="No space left"):
        import_recording(scenario_path("checkout-failure"))
    root = Path(os.environ["REPLAYDOM_CACHE_DIR"])
    assert not [p for p in root.rglob("*") if p.is_file() and "segments" in p.parts]
    assert not [t for t in threading.enumerate() if t.name.startswith("replaydom-stage")]
