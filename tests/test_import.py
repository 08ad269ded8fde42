"""`replaydom import`: recording folders, segments bodies, flat rrweb arrays, and bad input."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from conftest import load_json, load_segments, scenario_path
from sentry_server import derive_segments

from replaydom.errors import DataError
from replaydom.store.bundle import Bundle
from replaydom.store.importer import import_recording
from replaydom.store.jsonstream import iter_array

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
LONG = "d0da69bdd44b40a182612c15adb76765"
SHARED = Path("/work/shared/recordings")


def cache_root() -> Path:
    return Path(os.environ["REPLAYDOM_CACHE_DIR"])


def cached_files() -> list[Path]:
    root = cache_root() / "replays"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def segments_of(bundle: Bundle) -> list[list[Any]]:
    return [events for _, events in bundle.iter_segments()]


def test_recording_folder(cli: Any) -> None:
    result = cli("import", str(scenario_path("checkout-failure")), "--json")
    assert result.exit_code == 0, result.stderr
    out = result.json()
    assert (out["replayId"], out["identity"], out["storedSegments"], out["complete"]) == (
        CHECKOUT,
        "local",
        9,
        True,
    )
    assert out["derived"] == [] and out["live"] is False and out["source"] == "import"
    bundle = Bundle(Path(out["paths"]["bundle"]))
    assert segments_of(bundle) == load_segments("checkout-failure")
    assert bundle.details() == load_json("checkout-failure", "details.json")
    assert bundle.errors() == load_json("checkout-failure", "events_meta.json")
    assert out["segmentIds"] == {str(i): i for i in range(9)}  # from replay_events.json
    assert f"next: replaydom view {CHECKOUT}" in result.stderr


@pytest.mark.skipif(
    not (SHARED / "long-session" / "segments.json").exists(), reason="shared recordings absent"
)
def test_shared_folder_with_plain_segments_json_matches_the_gzip_fixture() -> None:
    plain = import_recording(SHARED / "long-session")
    assert plain.replay_id == LONG and plain.segment_count() == 143
    shas = [e["sha256"] for e in plain.manifest["segments"]]
    gz = import_recording(scenario_path("long-session"))
    assert gz.path == plain.path  # the same replay replaces the earlier import
    assert [e["sha256"] for e in gz.manifest["segments"]] == shas
    assert len(list((cache_root() / "replays").glob(f"*/*/*/{LONG}"))) == 1


def test_bare_body_gets_a_stable_content_id_and_derived_details(tmp_path: Path) -> None:
    body = tmp_path / "segments.json"
    body.write_text(json.dumps(load_segments("widgets")))
    compressed = tmp_path / "body.bin"  # gzip is detected by content, not by name
    compressed.write_bytes(gzip.compress(body.read_bytes()))
    first = import_recording(body)
    second = import_recording(compressed)
    assert first.replay_id == second.replay_id and len(first.replay_id) == 32
    assert first.manifest["segmentIds"] is None  # no replay_event data: positions only
    assert first.replay_id != load_json("widgets", "details.json")["id"]
    details = second.details() or {}
    assert second.manifest["derived"] == sorted(
        ["started_at", "finished_at", "duration", "count_segments", "urls", "count_urls", "platform"]
    )
    assert details["count_segments"] == 11 and details["platform"] == "javascript"
    first_ts = min(e["timestamp"] for s in load_segments("widgets") for e in s)
    assert details["started_at"].startswith("2026-11-23T22:50:12") and details["id"] == second.replay_id
    assert details["user"] is None and details["count_errors"] is None  # never guessed
    assert first_ts > 0


def test_flat_rrweb_array_is_one_segment(tmp_path: Path) -> None:
    events = [e for s in load_segments("masked-default") for e in s]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events))
    bundle = import_recording(path, replay_id="0123456789abcdef0123456789abcdef")
    assert bundle.positions() == [0] and segments_of(bundle) == [events]
    assert bundle.replay_id == "0123456789abcdef0123456789abcdef"


def test_details_and_errors_files_and_id_flag(cli: Any, tmp_path: Path) -> None:
    body = tmp_path / "body.json.gz"
    body.write_bytes((scenario_path("checkout-failure") / "segments.json.gz").read_bytes())
    wrapped = tmp_path / "details.json"
    wrapped.write_text(json.dumps({"data": load_json("checkout-failure", "details.json")}))
    rows = tmp_path / "meta.json"
    rows.write_text(json.dumps({"data": load_json("checkout-failure", "events_meta.json")}))
    other = "ab" * 16
    result = cli(
        "import", str(body), "--details", str(wrapped), "--errors", str(rows), "--id", other, "--json"
    )
    assert result.exit_code == 0, result.stderr
    out = result.json()
    assert out["replayId"] == other and out["related"]["errors"]["count"] == 1
    assert f"details id {CHECKOUT} replaced by {other}" in result.stderr
    assert Bundle(Path(out["paths"]["bundle"])).details()["id"] == other  # type: ignore[index]


def test_count_mismatch_with_details_is_a_warning(tmp_path: Path) -> None:
    details = load_json("checkout-failure", "details.json")
    details["count_segments"] = 10
    (tmp_path / "details.json").write_text(json.dumps(details))
    bundle = import_recording(scenario_path("checkout-failure"), details_path=tmp_path / "details.json")
    assert bundle.warnings == ["details say 10 segments, the body holds 9"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[[{"type": 4}], [{"type": 3', "malformed or truncated JSON"),
        (b'{"data": []}', "expected a JSON array"),
        (b"[]", "holds no segments"),
        (b'[[{"type": 4}], {"type": 4}]', "expected a list of segments"),
        (b"[1, 2]", "expected a list of segments"),
        (b"[[{}]] trailing", "trailing data"),
        (b'[["\xff\xfe"]]', "not UTF-8"),
        (b"", "expected a JSON array"),
    ],
)
def test_malformed_bodies_are_data_errors_and_write_nothing(
    cli: Any, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = cli("import", str(path))
    assert result.exit_code == 6 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert cached_files() == []
    assert not any((cache_root() / "tmp").iterdir())


def test_truncated_gzip_is_a_data_error_and_writes_nothing(cli: Any, tmp_path: Path) -> None:
    data = (scenario_path("long-session") / "segments.json.gz").read_bytes()
    path = tmp_path / "segments.json.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    result = cli("import", str(path))
    assert result.exit_code == 6 and "truncated or corrupt gzip" in result.stderr
    assert cached_files() == [] and not any((cache_root() / "tmp").iterdir())


def test_a_failed_reimport_keeps_the_previous_bundle(cli: Any, tmp_path: Path) -> None:
    good = import_recording(scenario_path("checkout-failure"))
    bad = tmp_path / "segments.json"
    bad.write_text(json.dumps(load_segments("checkout-failure"))[:-100])
    assert cli("import", str(bad), "--id", CHECKOUT).exit_code == 6
    assert segments_of(Bundle(good.path)) == load_segments("checkout-failure")


def test_another_recording_under_an_id_in_the_cache_is_refused(cli: Any, tmp_path: Path) -> None:
    """The same recording imported again replaces itself; another one under the same id (a copy of
    the folder with fewer segments, as a derived replay that kept its source's details) is refused
    and writes nothing, unless `--replace`; `--id` keeps both."""
    first = import_recording(scenario_path("checkout-failure"))
    assert cli("import", str(scenario_path("checkout-failure"))).exit_code == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "details.json").write_text((scenario_path("checkout-failure") / "details.json").read_text())
    (other / "segments.json").write_text(json.dumps(load_segments("checkout-failure")[:2]))
    before = sorted(cached_files())
    refused = cli("import", str(other))
    assert (
        refused.exit_code == 2
        and "holds another recording" in refused.stderr
        and "--replace" in refused.stderr
    )
    assert sorted(cached_files()) == before
    assert segments_of(Bundle(first.path)) == load_segments("checkout-failure")
    beside = cli("import", str(other), "--id", "0" * 31 + "1", "--json")
    assert beside.exit_code == 0 and segments_of(Bundle(first.path)) == load_segments("checkout-failure")
    replaced = cli("import", str(other), "--replace")
    assert replaced.exit_code == 0
    assert "; another recording (--replace)): the bundle was rewritten" in replaced.stderr
    assert segments_of(Bundle(first.path)) == load_segments("checkout-failure")[:2]
    assert "note: replaced" not in beside.stderr  # a new id replaced nothing


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["/nonexistent/recording"], 2),
        (["{tmp}"], 2),  # a folder without segments.json
        (["{fixture}", "--id", "not-hex"], 2),
        (["{fixture}", "--details", "/nonexistent.json"], 2),
        (["{fixture}", "--details", "{garbage}"], 6),
        (["{fixture}", "--errors", "{object}"], 6),
    ],
)
def test_bad_arguments(cli: Any, tmp_path: Path, args: list[str], code: int) -> None:
    (tmp_path / "garbage.json").write_text("{oops")
    (tmp_path / "object.json").write_text('{"not": "rows"}')
    subs = {
        "tmp": str(tmp_path),
        "fixture": str(scenario_path("widgets")),
        "garbage": str(tmp_path / "garbage.json"),
        "object": str(tmp_path / "object.json"),
    }
    result = cli("import", *[a.format(**subs) for a in args])
    assert result.exit_code == code, result.stderr
    assert cached_files() == []


def test_large_bodies_are_read_one_segment_at_a_time(tmp_path: Path) -> None:
    """The importer splits the body with `iter_array`; its memory stays far below the body size
    (orjson's parse of one element takes ~17x that element transiently: a 35 MB body whose largest
    segment is 0.3 MB peaks near 6 MB, whatever the number of segments)."""
    segments = derive_segments(load_segments("long-session"), 3600)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(segments))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = 0
        for position, element in enumerate(iter_array(path)):
            assert element == segments[position]
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3600 and size > 27_000_000
    assert peak < size / 3, f"peak {peak} bytes for a {size}-byte body"


def test_data_error_type_for_library_callers(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[[{}], ")
    with pytest.raises(DataError):
        import_recording(path)
