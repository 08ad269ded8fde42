"""`import` under an id the cache already holds: another recording is refused as soon as one of its
segments differs (`importguard`), with the message and exit code of the refusal after the whole
import; the same recording again (also re-serialized, gzipped, or under a stale early look) is
never refused; what is stored is byte for byte what the whole-document decode gives."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import load_json, load_segments, scenario_path
from sentry_server import derive_segments

from replaydom.jsonlenient import loads
from replaydom.store import importer, importguard, layout
from replaydom.store.bundle import Bundle
from replaydom.store.importer import import_recording
from replaydom.store.segfile import dumps_compact
from replaydom.store.segworker import SegmentProcess
from replaydom.store.stagewriter import AHEAD, StagedSegmentWriter

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
SHARED = Path("/work/shared/recordings")


def cache_files() -> list[Path]:
    root = Path(os.environ["REPLAYDOM_CACHE_DIR"])
    return sorted(p for p in (root / "replays").rglob("*") if p.is_file())


def staging_left() -> list[Path]:
    tmp = Path(os.environ["REPLAYDOM_CACHE_DIR"]) / "tmp"
    return list(tmp.iterdir()) if tmp.exists() else []


def folder(tmp_path: Path, name: str, segments: bytes, details: dict[str, Any] | None = None) -> Path:
    """A recording folder with checkout-failure's details (so its id) and the given body."""
    out = tmp_path / name
    out.mkdir()
    details = details if details is not None else load_json("checkout-failure", "details.json")
    (out / "details.json").write_text(json.dumps(details))
    (out / "segments.json").write_bytes(segments)
    return out


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The positions of the segments the importer stored (each also normalized)."""
    positions: list[int] = []
    for writer in (StagedSegmentWriter, SegmentProcess):  # a thread, or the child process
        monkeypatch.setattr(writer, "submit", _counting(writer.submit, positions))
    return positions


def _counting(real: Any, positions: list[int]) -> Any:
    def counting(self: Any, position: int, *args: Any, **kwargs: Any) -> None:
        positions.append(position)
        real(self, position, *args, **kwargs)

    return counting


def test_another_recording_is_refused_at_its_first_differing_segment(
    cli: Any, tmp_path: Path, submitted: list[int]
) -> None:
    """300 segments derived from long-session under checkout-failure's id: refused after storing a
    few of them, not all, with the message the refusal after a whole import gave."""
    import_recording(scenario_path("checkout-failure"))
    before = cache_files()
    other = folder(tmp_path, "other", orjson.dumps(derive_segments(load_segments("long-session"), 300)))
    submitted.clear()
    refused = cli("import", str(other))
    assert refused.exit_code == 2, refused.stderr
    assert (
        f"replay {CHECKOUT} is already in the cache and holds another recording "
        "(9 segment(s), this one 300): nothing was imported" in refused.stderr
    )
    assert "--replace" in refused.stderr and "Traceback" not in refused.stderr
    assert len(submitted) <= 1 + AHEAD + 1, submitted
    assert cache_files() == before and staging_left() == []
    assert cli("import", str(other), "--replace").exit_code == 0
    assert len(submitted) > 300


def test_more_segments_than_held_are_refused_early_and_fewer_at_the_end(
    cli: Any, tmp_path: Path, submitted: list[int]
) -> None:
    segments = load_segments("checkout-failure")
    import_recording(scenario_path("checkout-failure"))
    longer = folder(tmp_path, "longer", orjson.dumps(segments + derive_segments(segments, 40)[9:]))
    submitted.clear()
    refused = cli("import", str(longer))
    assert refused.exit_code == 2 and "(9 segment(s), this one 40)" in refused.stderr
    assert len(submitted) <= 9 + AHEAD + 1
    shorter = folder(tmp_path, "shorter", orjson.dumps(segments[:5]))
    refused = cli("import", str(shorter))
    assert refused.exit_code == 2 and "(9 segment(s), this one 5)" in refused.stderr
    assert staging_left() == []


def test_a_malformed_body_is_reported_as_malformed_not_refused(cli: Any, tmp_path: Path) -> None:
    import_recording(scenario_path("checkout-failure"))
    body = orjson.dumps(load_segments("long-session"))
    bad = folder(tmp_path, "bad", body[: len(body) - 50])
    result = cli("import", str(bad))
    assert result.exit_code == 6 and "malformed or truncated JSON" in result.stderr
    mixed = folder(tmp_path, "mixed", body[:-1] + b',{"type": 4}]')
    result = cli("import", str(mixed))
    assert result.exit_code == 6 and "expected a list of segments" in result.stderr


@pytest.mark.parametrize("form", ["same", "indented", "ascii-escaped", "gzip", "--id"])
def test_the_same_recording_again_is_never_refused(cli: Any, tmp_path: Path, form: str) -> None:
    """Re-serialized with other whitespace or escapes it is the same recording: its stored segments
    are the compact JSON of the parsed segments, whatever the body's spelling."""
    first = import_recording(scenario_path("checkout-failure"))
    manifest = first.manifest
    segments = load_segments("checkout-failure")
    bodies = {
        "same": orjson.dumps(segments),
        "indented": json.dumps(segments, indent=2, ensure_ascii=False).encode(),
        "ascii-escaped": json.dumps(segments).encode(),
        "gzip": gzip.compress(json.dumps(segments, indent=1).encode()),
        "--id": json.dumps(segments).encode(),
    }
    again = folder(tmp_path, "again", bodies[form])
    args = ["--id", CHECKOUT] if form == "--id" else []
    if form == "--id":
        (again / "details.json").unlink()
    result = cli("import", str(again), *args, "--json")
    assert result.exit_code == 0, result.stderr
    # said, not silent: the cached copy (the demo's, say) was replaced by this one
    note = f"note: replaced the earlier import of replay {CHECKOUT} (imported at {manifest['fetchedAt']}; "
    assert note in result.stderr and "the bundle was rewritten, imported at" in result.stderr
    root = Path(os.environ["REPLAYDOM_CACHE_DIR"])
    (replaced,) = layout.find_bundle_dirs(root, [layout.LOCAL_IDENTITY], prefix=CHECKOUT)
    assert Bundle(replaced).manifest["segments"] == manifest["segments"]


def test_a_stale_early_look_never_refuses(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The early comparison reads the held checksums before the import lock is taken; when, under
    the lock, they no longer say the body differs (the other import was replaced meanwhile), the
    body is imported whole, and nothing is refused."""
    import_recording(scenario_path("checkout-failure"))
    real = importguard.held_imports
    calls: list[int] = []

    def stale(root: Path, rid: str) -> list[list[Any]]:
        calls.append(1)
        return [["0" * 64] * 9] if len(calls) == 1 else real(root, rid)

    monkeypatch.setattr(importer, "held_imports", stale)
    result = cli("import", str(scenario_path("checkout-failure")))
    assert result.exit_code == 0, result.stderr
    assert len(calls) == 1  # the refusal re-reads through importguard under the lock


def shared_bodies() -> list[Path]:
    found = sorted(SHARED.glob("*/segments.json*")) if SHARED.is_dir() else []
    return found or sorted(scenario_path(n) / "segments.json.gz" for n in ("checkout-failure", "widgets"))


@pytest.mark.parametrize("body", shared_bodies(), ids=lambda p: p.parent.name)
def test_stored_segments_are_the_compact_json_of_the_whole_document(body: Path) -> None:
    """What the import stores, its sizes and checksums, are what storing each segment of the whole
    document decoded at once gives (the previous reader's result), byte for byte: a cache written
    before holds the same checksums, so its re-import is not taken for another recording."""
    raw = body.read_bytes()
    expected = [dumps_compact(s) for s in loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)]
    bundle = import_recording(body.parent)
    entries = bundle.manifest["segments"]
    assert len(entries) == len(expected)
    for entry, compact in zip(entries, expected, strict=True):
        stored = gzip.decompress((bundle.path / entry["file"]).read_bytes())
        assert stored == compact
        assert entry["size"] == len(compact) and entry["sha256"] == hashlib.sha256(compact).hexdigest()


def test_a_reimport_says_when_each_import_was_made_and_cache_ls_agrees(cli: Any, tmp_path: Path) -> None:
    """The bundle is rewritten by a re-import: its import time (`cache ls`' fetchedAt) is the new
    one, and the note names the earlier import's time and what differs, or that nothing does."""
    earlier = import_recording(scenario_path("checkout-failure"), clock=lambda: 1_700_000_000_000.0)
    was = earlier.manifest["fetchedAt"]
    assert was == "2023-11-14T22:13:20.000Z"
    result = cli("import", str(scenario_path("checkout-failure")), "--json")
    assert result.exit_code == 0, result.stderr
    now = result.json()["fetchedAt"]
    assert now != was
    (listed,) = cli("cache", "ls", "--json").json()["items"]
    assert listed["fetchedAt"] == now
    assert (
        f"note: replaced the earlier import of replay {CHECKOUT} (imported at {was}; the same recording: "
        f"segments, details, related files): the bundle was rewritten, imported at {now}"
    ) in result.stderr
    # the same segments with other details: said what differs
    other = tmp_path / "other"
    other.mkdir()
    for name in os.listdir(scenario_path("checkout-failure")):
        src = scenario_path("checkout-failure") / name
        if src.is_file():
            (other / name).write_bytes(src.read_bytes())
    details = json.loads((other / "details.json").read_text())
    details["urls"] = [*details.get("urls", []), "http://example.invalid/extra"]
    (other / "details.json").write_text(json.dumps(details))
    changed = cli("import", str(other))
    assert changed.exit_code == 0, changed.stderr
    assert f"(imported at {now}; differs in the replay details)" in changed.stderr
