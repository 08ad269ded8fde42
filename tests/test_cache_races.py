"""Readers, fetches and `cache clear` agree through the per-replay lock (`store/locks.py`).

Real processes race here: `replaydom events` building a big index while `cache clear` runs,
`replaydom fetch` against a slow loopback Sentry while `cache clear --all` runs. Whatever the
timing: no exit 1, no traceback, no truncated output with exit 0, no bundle resurrected as an
orphan, no manifest that lost its identity.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import scenario_path
from sentry_server import SentryServer, ServedReplay

from replaydom.config import load_config
from replaydom.store import layout
from replaydom.store.bundle import BundleGone
from replaydom.store.cache import clear, resolve_bundle
from replaydom.store.importer import import_recording
from replaydom.store.locks import release_readers

FINISHED_S = 1795470016 + 5 * 3600


@pytest.fixture(autouse=True)
def _release() -> Iterator[None]:
    yield
    release_readers()  # in-process readers below hold their locks like a command would


def cache_root() -> Path:
    return Path(os.environ["REPLAYDOM_CACHE_DIR"])


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "replaydom", *args],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def held_by_someone(lock: Path) -> bool:
    """True when another process holds `lock` (shared or exclusive)."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def wait_for(predicate: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


@pytest.fixture
def big_import(tmp_path: Path) -> str:
    """A long recording (real frames of long-session, repeated) imported; its id."""
    base = json.loads(gzip.decompress((scenario_path("long-session") / "segments.json.gz").read_bytes()))
    body = tmp_path / "big.json"
    body.write_text(json.dumps(base * 4))
    return import_recording(body).replay_id


@pytest.fixture
def small_import() -> str:
    return import_recording(scenario_path("widgets")).replay_id


def presence_lock(rid: str, identity: str = "local") -> Path:
    return layout.lock_path(cache_root(), identity, rid)


def test_clear_waits_for_a_reader_whose_output_stays_whole(big_import: str) -> None:
    rid = big_import
    first = run("events", rid, "--jsonl", "--limit", "10000000")
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    total = len(out.splitlines())
    bundle = next((cache_root() / "replays").glob(f"local/*/*/{rid}"))
    shutil.rmtree(bundle / "index")  # the next reader rebuilds it: a long read to race with
    out_path = cache_root().parent / "reader.jsonl"
    with out_path.open("w") as out_file:  # a file, not a pipe: the reader never blocks on output
        reader = subprocess.Popen(
            [sys.executable, "-m", "replaydom", "events", rid, "--jsonl", "--limit", "10000000"],
            stdout=out_file,
            stderr=subprocess.PIPE,
            text=True,
        )
    wait_for(lambda: held_by_someone(presence_lock(rid)) or reader.poll() is not None, "the reader's lock")
    # The clear runs in this process, milliseconds after the reader took its lock and long before
    # its index build ends: it must wait for the reader.
    notes: list[str] = []
    assert clear(cache_root(), target_text=rid, notify=notes.append) == [rid]
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    assert len(out_path.read_text().splitlines()) == total  # never truncated
    assert not bundle.exists()
    assert not list((cache_root() / "replays").rglob(rid))  # not resurrected by the index writer
    # (whether the clear had to say it was waiting depends on the machine's speed: not asserted)


def test_a_reader_that_arrives_during_a_clear_never_recreates_the_bundle(small_import: str) -> None:
    rid = small_import
    lock = presence_lock(rid)
    bundle = next((cache_root() / "replays").glob(f"local/*/*/{rid}"))
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a clear in progress
    try:
        reader = run("events", rid, "--jsonl")
        time.sleep(0.5)
        assert reader.poll() is None  # waits for the clear
        shutil.rmtree(bundle)
    finally:
        os.close(fd)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 3, err  # not cached (no Sentry configured): a clear message
    assert "not cached" in err and "Traceback" not in err and out == ""
    assert not bundle.exists()


def test_a_reader_that_loses_its_bundle_fails_clearly(small_import: str) -> None:
    from replaydom.index import load_events

    bundle = resolve_bundle(small_import)
    shutil.rmtree(bundle.path)  # removed behind the lock's back (rm -rf)
    with pytest.raises(BundleGone, match="removed while in use"):
        load_events(bundle)
    assert not bundle.path.exists()  # the index build did not recreate it


def test_losing_the_bundle_mid_read_is_an_error_not_a_skip(small_import: str) -> None:
    bundle = resolve_bundle(small_import)
    seen = []
    with pytest.raises(BundleGone):
        for position, _events in bundle.iter_segments():
            seen.append(position)
            if position == 1:
                shutil.rmtree(bundle.path)
    assert seen == [0, 1]
    assert not bundle.path.exists()


def test_clear_in_the_process_that_reads_does_not_wait_for_itself(small_import: str) -> None:
    bundle = resolve_bundle(small_import)
    assert clear(cache_root(), target_text=small_import) == [small_import]
    assert not bundle.path.exists()


def test_readers_share_the_lock(small_import: str) -> None:
    resolve_bundle(small_import)  # this process reads...
    other = run("stats", small_import, "--json")  # ...and so does another, at the same time
    out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    assert json.loads(out)


# -- clear --all against a running fetch ---------------------------------------------------------


@pytest.fixture
def slow_sentry() -> Iterator[tuple[SentryServer, ServedReplay]]:
    big = ServedReplay.synthetic(250)
    with SentryServer(replays=[big]) as srv:
        srv.slow("recording-segments", 0.5)
        yield srv, big


def _fetch_env(srv: SentryServer) -> dict[str, str]:
    return {**srv.env(), "REPLAYDOM_NOW": str(FINISHED_S)}


def _check_after(fetch_out: str, fetch_err: str, code: int | None, rid: str) -> None:
    """The invariants whatever the interleaving."""
    assert code == 0, fetch_err
    assert "Traceback" not in fetch_err
    result = json.loads(fetch_out)
    assert result["replayId"] == rid and result["org"] == "acme" and result["identity"]
    assert result["complete"] is True
    left = list((cache_root() / "replays").rglob("manifest.json"))
    for manifest in left:  # a bundle that survived is whole, never an identity-less orphan
        data = json.loads(manifest.read_text())
        assert data["replayId"] == rid and data["org"] == "acme" and data["complete"] is True


def test_clear_all_waits_for_a_running_fetch(slow_sentry: tuple[SentryServer, ServedReplay]) -> None:
    srv, big = slow_sentry
    fetcher = run("fetch", f"acme/{big.id}", "--json", "--concurrency", "1", env=_fetch_env(srv))
    wait_for(lambda: bool(list((cache_root() / "replays").rglob("manifest.json"))), "the first manifest")
    clearer = run("cache", "clear", "--all", env=_fetch_env(srv))
    f_out, f_err = fetcher.communicate(timeout=120)
    _, c_err = clearer.communicate(timeout=120)
    _check_after(f_out, f_err, fetcher.returncode, big.id)
    assert clearer.returncode == 0, c_err
    assert "waiting for another replaydom process" in c_err
    assert not list((cache_root() / "replays").rglob("manifest.json"))  # cleared after the fetch
    assert not list((cache_root() / "replays").rglob(big.id))


def test_clear_all_and_fetch_in_random_interleavings(slow_sentry: tuple[SentryServer, ServedReplay]) -> None:
    srv, big = slow_sentry
    srv.slow_rules.clear()
    srv.slow("recording-segments", 0.1)
    rng = random.Random(15)
    for _ in range(4):
        fetcher = run("fetch", f"acme/{big.id}", "--json", "--force", env=_fetch_env(srv))
        time.sleep(rng.uniform(0, 1.5))
        clearer = run("cache", "clear", "--all", env=_fetch_env(srv))
        f_out, f_err = fetcher.communicate(timeout=120)
        _, c_err = clearer.communicate(timeout=120)
        _check_after(f_out, f_err, fetcher.returncode, big.id)
        assert clearer.returncode == 0 and "Traceback" not in c_err, c_err


def test_fetch_result_is_read_under_the_lock(slow_sentry: tuple[SentryServer, ServedReplay]) -> None:
    # A clear that runs right after the fetch released its locks must not break its output.
    srv, big = slow_sentry
    srv.slow_rules.clear()
    config = load_config(env={**os.environ, **srv.env()})
    from replaydom.sentry.client import SentryClient
    from replaydom.store.fetch import fetch_replay
    from replaydom.targets import parse_target

    with SentryClient(config) as client:
        report = fetch_replay(client, parse_target(f"acme/{big.id}"), config, clock=lambda: FINISHED_S * 1e3)
    clear(cache_root(), target_text=None)
    from replaydom.cli.fetch import fetch_result

    out = fetch_result(report.bundle, report)
    assert out["replayId"] == big.id and out["complete"] is True
