"""A damaged cache is never a dead end: readers report it (exit 6) or rebuild derived data, `fetch`
repairs it, `cache clear` removes it from the directory alone, and leftovers of killed processes
are cleaned by the next run of that bundle."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import scenario_path
from sentry_server import SentryServer, ServedReplay, serving

from replaydom.store.bundle import Bundle

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
FINISHED_S = 1795470016 + 5 * 3600


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    with serving(monkeypatch, [ServedReplay.from_scenario("checkout-failure")]) as srv:
        yield srv


def cache_root() -> Path:
    return Path(os.environ["REPLAYDOM_CACHE_DIR"])


def bundle_dir(rid: str = CHECKOUT) -> Path:
    found = list((cache_root() / "replays").glob(f"*/*/*/{rid}"))
    assert len(found) == 1, found
    return found[0]


def fetched(cli: Any) -> Path:
    result = cli("fetch", f"acme/{CHECKOUT}", "--json")
    assert result.exit_code == 0, result.stderr
    return bundle_dir()


def event_count(cli: Any) -> int:
    result = cli("events", CHECKOUT, "--jsonl", "--limit", "100000")
    assert result.exit_code == 0, result.stderr
    return len(result.jsonl())


# -- a truncated, garbled or wrongly typed manifest ----------------------------------------------

GARBLED = {
    "truncated": lambda text: text[: len(text) // 2],
    "garbage": lambda text: "\x00\x01 not json at all",
    "empty": lambda text: "",
    "not an object": lambda text: "[1, 2, 3]",
    "receivedEnd": lambda text: json.dumps({**json.loads(text), "receivedEnd": "z"}),
    "segments": lambda text: json.dumps({**json.loads(text), "segments": "x"}),
    "segment entry": lambda text: json.dumps({**json.loads(text), "segments": [{"position": "0"}]}),
    "complete": lambda text: json.dumps({**json.loads(text), "complete": "yes"}),
    "countHistory": lambda text: json.dumps({**json.loads(text), "countHistory": [{"at": 1, "count": "2"}]}),
    "huge receivedEnd": lambda text: json.dumps({**json.loads(text), "receivedEnd": 10**15}),
    "related": lambda text: json.dumps({**json.loads(text), "related": ["errors"]}),
}


@pytest.mark.parametrize("damage", sorted(GARBLED))
def test_a_damaged_manifest_is_reported_then_repaired_by_fetch(
    cli: Any, sentry: SentryServer, damage: str
) -> None:
    path = fetched(cli)
    total = event_count(cli)
    manifest = path / "manifest.json"
    before = json.loads(manifest.read_text())
    manifest.write_text(GARBLED[damage](manifest.read_text()))
    shutil.rmtree(path / "index")  # readers must not answer from an index of a damaged bundle
    for command in (["events", CHECKOUT], ["stats", CHECKOUT], ["cache", "ls"], ["cache", "path", CHECKOUT]):
        result = cli(*command)
        assert result.exit_code in (0, 6), (command, result.stderr)
        assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
        if result.exit_code == 6:
            assert "manifest" in result.stderr and "replaydom fetch" in result.stderr  # the way out
    repaired = cli("fetch", f"acme/{CHECKOUT}", "--json")
    assert repaired.exit_code == 0, repaired.stderr
    assert "rebuilt" in repaired.stderr
    out = repaired.json()
    assert out["complete"] is True
    assert {k: out[k] for k in ("identity", "org", "project", "replayId", "host", "source")} == {
        k: before[k] for k in ("identity", "org", "project", "replayId", "host", "source")
    }
    assert event_count(cli) == total


@pytest.mark.parametrize("how", ["clear", "force"])
def test_clear_and_force_work_from_the_directory_alone(cli: Any, sentry: SentryServer, how: str) -> None:
    path = fetched(cli)
    (path / "manifest.json").write_text('{"format": 1, "replayId": "f5f6')  # truncated mid-write
    if how == "clear":
        result = cli("cache", "clear", CHECKOUT)
        assert result.exit_code == 0, result.stderr
        assert not path.exists()
        assert not any((cache_root() / "replays").rglob("manifest.json"))
    else:
        result = cli("fetch", f"acme/{CHECKOUT}", "--force", "--json")
        assert result.exit_code == 0, result.stderr
        assert result.json()["complete"] is True


def test_clear_removes_a_bundle_whose_manifest_was_never_written(cli: Any, sentry: SentryServer) -> None:
    path = fetched(cli)
    (path / "manifest.json").unlink()  # a fetch killed before its first manifest write
    assert cli("cache", "clear", CHECKOUT).exit_code == 0
    assert not path.exists()
    path = fetched(cli)
    (path / "manifest.json").unlink()
    assert cli("cache", "clear", "--all").exit_code == 0
    assert not path.exists()


def test_clear_all_with_damaged_manifests_and_debris(cli: Any, sentry: SentryServer) -> None:
    path = fetched(cli)
    assert cli("import", str(scenario_path("widgets"))).exit_code == 0
    (path / "manifest.json").write_text("{")
    locks = cache_root() / "locks"
    (locks / "junk.lock").mkdir()
    result = cli("cache", "clear", "--all")
    assert result.exit_code == 0, result.stderr
    assert "removed 2 cached replays" in result.stderr
    assert not list((cache_root() / "replays").rglob("*.json*"))
    assert not list(locks.iterdir())


# -- index/meta.json, the index directory, lock paths --------------------------------------------

META_DAMAGE = {
    "skipped": "x",
    "segmentErrors": [{"segmentId": "a", "error": 3}],
    "counts": {"click": "many"},
    "kinds": {"click": [0]},
    "startMs": "soon",
    "eventCount": -1,
}


@pytest.mark.parametrize("field", sorted(META_DAMAGE))
def test_a_wrong_typed_index_meta_is_rebuilt(cli: Any, sentry: SentryServer, field: str) -> None:
    path = fetched(cli)
    total = event_count(cli)
    meta_path = path / "index" / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta[field] = META_DAMAGE[field]
    meta_path.write_text(json.dumps(meta))
    for command in (["events", CHECKOUT, "--jsonl", "--limit", "100000"], ["stats", CHECKOUT, "--json"]):
        result = cli(*command)
        assert result.exit_code == 0, result.stderr
    assert event_count(cli) == total
    assert json.loads(meta_path.read_text())[field] != META_DAMAGE[field]


def test_index_being_a_file_is_rebuilt(cli: Any, sentry: SentryServer) -> None:
    path = fetched(cli)
    total = event_count(cli)
    shutil.rmtree(path / "index")
    (path / "index").write_text("not a directory")
    assert event_count(cli) == total
    assert (path / "index").is_dir()


@pytest.mark.parametrize("which", ["presence", "write", "manifest", "index"])
def test_a_directory_at_a_lock_path_is_repaired(cli: Any, sentry: SentryServer, which: str) -> None:
    path = fetched(cli)
    ident = path.parents[2].name
    lock = {
        "presence": cache_root() / "locks" / f"{ident}-{CHECKOUT}.lock",
        "write": cache_root() / "locks" / f"{ident}-{CHECKOUT}.write.lock",
        "manifest": path / ".manifest.lock",
        "index": path / "index" / ".lock",
    }[which]
    if lock.exists():
        lock.unlink()
    (lock / "inner").mkdir(parents=True)
    assert cli("fetch", f"acme/{CHECKOUT}", "--force").exit_code == 0
    assert lock.is_file()
    if lock.exists():
        lock.unlink()
    (lock / "inner").mkdir(parents=True)
    (path / "index" / "meta.json").unlink()  # readers rebuild the index (under the index lock)
    assert event_count(cli) > 0
    assert cli("cache", "clear", CHECKOUT).exit_code == 0


# -- finished bundles: verified and repaired by a plain fetch ------------------------------------


def _segment_cursors(srv: SentryServer, since: int) -> list[str | None]:
    return [r.param("cursor") for r in srv.segment_requests()[since:]]


@pytest.mark.parametrize("damage", ["missing", "truncated", "altered"])
def test_a_damaged_segment_of_a_finished_bundle_is_fetched_again(
    cli: Any, sentry: SentryServer, damage: str
) -> None:
    path = fetched(cli)
    total = event_count(cli)
    seg = path / "segments" / "00002.json.gz"
    original = seg.read_bytes()
    if damage == "missing":
        seg.unlink()
    elif damage == "truncated":
        seg.write_bytes(original[: len(original) // 2])
    else:
        raw = gzip.decompress(original).replace(b'"type":3', b'"type":9', 1)
        seg.write_bytes(gzip.compress(raw))
    seen = len(sentry.segment_requests())
    result = cli("fetch", f"acme/{CHECKOUT}", "--json")
    assert result.exit_code == 0, result.stderr
    assert "repaired" in result.stderr and "1 segment(s) (2)" in result.stderr
    assert _segment_cursors(sentry, seen) == ["0:2:0"]  # one request, from the damaged position
    assert seg.read_bytes() == original
    assert result.json()["complete"] is True
    assert event_count(cli) == total
    seen = len(sentry.requests)
    again = cli("fetch", f"acme/{CHECKOUT}", "--json")  # sound again: no requests at all
    assert again.json()["run"]["skipped"] is True
    assert sentry.count("recording-segments") == len(sentry.segment_requests())
    assert not [r for r in sentry.requests[seen:] if "/replays/" in r.path]


@pytest.mark.parametrize("which", ["metadata.json", "related/errors.json"])
@pytest.mark.parametrize("damage", ["missing", "garbled", "altered"])
def test_damaged_metadata_or_errors_are_reported_on_read_and_fetched_again(
    cli: Any, sentry: SentryServer, which: str, damage: str
) -> None:
    path = fetched(cli)
    target = path / which
    original = target.read_bytes()
    if damage == "missing":
        target.unlink()
    elif damage == "garbled":
        target.write_bytes(original[:10])
    else:
        target.write_bytes(original.replace(b"checkout", b"checkin", 1) if b"checkout" in original else b"[]")
    shutil.rmtree(path / "index")
    read = cli("events", CHECKOUT)
    assert read.exit_code == 6, read.stderr  # verified on read: never silently wrong or empty
    assert which.split("/")[-1] in read.stderr and "replaydom fetch" in read.stderr
    result = cli("fetch", f"acme/{CHECKOUT}")
    assert result.exit_code == 0, result.stderr
    assert "repaired" in result.stderr
    assert target.read_bytes() == original
    assert cli("events", CHECKOUT).exit_code == 0


# -- leftovers of kill -9 ----------------------------------------------------------------------


def test_temp_files_of_a_killed_fetch_are_removed_by_the_next_fetch(cli: Any, sentry: SentryServer) -> None:
    path = fetched(cli)
    debris = [
        path / "segments" / ".00003.json.gz.k2j4h5.tmp",
        path / "related" / ".errors.json.a8b7c6.tmp",
        path / ".manifest.json.zz91ab.tmp",
        path / "index" / ".events.jsonl.q1w2e3.tmp",
    ]
    for p in debris:
        p.write_bytes(b"half written")
    keep = path / "segments" / "notes.txt"  # not ours: left alone
    keep.write_text("x")
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    assert [p for p in debris[:3] if p.exists()] == []
    (path / "index" / "meta.json").unlink()  # the next index build cleans its own directory
    assert event_count(cli) > 0
    assert not debris[3].exists() and keep.exists()


def test_staging_dirs_of_dead_imports_are_removed_and_live_ones_kept(cli: Any) -> None:
    tmp = cache_root() / "tmp"
    (tmp / "import-dead1234" / "bundle" / "segments").mkdir(parents=True)
    live = tmp / "import-live5678"
    live.mkdir()
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running import holds it
    try:
        assert cli("import", str(scenario_path("widgets"))).exit_code == 0
        assert not (tmp / "import-dead1234").exists()
        assert live.exists()
    finally:
        os.close(fd)
    assert cli("import", str(scenario_path("widgets"))).exit_code == 0
    assert not live.exists()


def test_a_killed_import_leaves_a_staging_dir_the_next_import_removes(cli: Any, tmp_path: Path) -> None:
    # A big recording (derived from a real one) so the import is still running when killed.
    base = json.loads(gzip.decompress((scenario_path("long-session") / "segments.json.gz").read_bytes()))
    body = tmp_path / "big.json"
    body.write_text(json.dumps(base * 40))
    proc = subprocess.Popen(
        [sys.executable, "-m", "replaydom", "import", str(body)],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = cache_root() / "tmp"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith("import-") and any(p.rglob("*.gz")) for p in staging.glob("import-*")):
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = list(staging.glob("import-*"))
    if not left:
        pytest.skip("the import finished before it could be killed")
    assert cli("import", str(scenario_path("widgets"))).exit_code == 0
    assert not list(staging.glob("import-*"))
    assert not list(staging.glob(".new-import-*"))


def test_bundle_paths_use_no_manifest(cli: Any, sentry: SentryServer) -> None:
    path = fetched(cli)
    (path / "manifest.json").write_text("{")
    assert Bundle(path).manifest_damage() is not None


@pytest.mark.parametrize(
    "where", ["manifest.json", "metadata.json", "segments/00001.json.gz", "related/errors.json", "segments"]
)
def test_a_directory_or_file_squatting_a_bundle_path_is_repaired_by_fetch(
    cli: Any, sentry: SentryServer, where: str
) -> None:
    path = fetched(cli)
    total = event_count(cli)
    target = path / where
    if target.is_dir():
        shutil.rmtree(target)
        target.write_text("a file where a directory belongs")
    else:
        target.unlink()
        (target / "inner").mkdir(parents=True)
    shutil.rmtree(path / "index")
    read = cli("events", CHECKOUT, "--jsonl", "--limit", "100000")
    assert read.exit_code in (0, 6) and "Traceback" not in read.stderr, read.stderr
    result = cli("fetch", f"acme/{CHECKOUT}")
    assert result.exit_code == 0, result.stderr
    assert event_count(cli) == total
    assert cli("cache", "clear", CHECKOUT).exit_code == 0


def test_a_reader_cleans_leftovers_when_no_fetch_runs(cli: Any, sentry: SentryServer) -> None:
    path = fetched(cli)
    debris = path / "segments" / ".00004.json.gz.x8y7z6.tmp"
    debris.write_bytes(b"half")
    assert cli("stats", CHECKOUT).exit_code == 0
    assert not debris.exists()
    ident = path.parents[2].name
    lock = cache_root() / "locks" / f"{ident}-{CHECKOUT}.write.lock"
    debris.write_bytes(b"half")
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a fetch is writing this bundle: its temp files are live
    try:
        assert cli("stats", CHECKOUT).exit_code == 0
        assert debris.exists()
    finally:
        os.close(fd)
