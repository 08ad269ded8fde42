"""The DOM store's big checkpoints written by forked children (`dom/ckwriter.py`): the same files
as written inline, and a child that fails or is killed fails the build and leaves nothing."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from replaydom.dom import ckwriter, framestore, storebuild
from replaydom.dom.ckwriter import CheckpointWriteError, CheckpointWriter
from replaydom.dom.state import DomState
from replaydom.store.bundle import Bundle
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scale_corpus

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="children are forked on Linux only")


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """A derived replay whose 2,000-row table is rendered and removed 3 times (real frames)."""
    root = tmp_path_factory.mktemp("heavy")
    scale_corpus.write(root / "hour", *scale_corpus.hour_long(rows=2_000, minutes=3, renders=3))
    return import_recording(root / "hour")


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def _build(bundle: Bundle) -> Path:
    path = framestore.store_dir(bundle, bundle.fingerprint())
    return storebuild.build(bundle, bundle.fingerprint(), path, None)


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the children `CheckpointWriter` forks during a build."""
    counts: list[int] = []
    finish = CheckpointWriter.finish

    def counted(self: CheckpointWriter) -> None:
        finish(self)
        counts.append(self.forked)

    monkeypatch.setattr(CheckpointWriter, "finish", counted)
    return counts


def test_forked_checkpoints_are_the_files_an_inline_build_writes(
    heavy: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert threading.active_count() == 1, "a fork needs a one-thread process: this test would prove nothing"
    monkeypatch.setattr(ckwriter, "FORK_NODES", 10**9)
    inline = _files(_build(heavy))
    monkeypatch.setattr(ckwriter, "FORK_NODES", 0)  # every checkpoint from a child
    forks = _forks(monkeypatch)
    forked = _files(_build(heavy))
    assert forks and forks[0] >= 4  # the renders' and the removals' checkpoints
    assert sum(1 for name in forked if name.startswith("state-")) == forks[0]
    assert forked == inline
    for name in forked:
        path = framestore.store_dir(heavy, heavy.fingerprint()) / name
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_child_that_fails_fails_the_build_and_leaves_nothing(
    heavy: Bundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ckwriter, "FORK_NODES", 0)
    parent = os.getpid()

    def broken(number: int, state: DomState) -> list[tuple[str, bytes]]:
        assert os.getpid() != parent  # runs in the child
        raise OSError("disk full")

    monkeypatch.setattr(storebuild, "_checkpoint_files", broken)
    path = framestore.store_dir(heavy, heavy.fingerprint())
    if path.exists():
        for leftover in path.iterdir():
            leftover.unlink()
        path.rmdir()
    failed = r"checkpoint \d+ failed in its child process \(exit status 1\)"
    with pytest.raises(CheckpointWriteError, match=failed):
        _build(heavy)
    assert not path.exists()
    assert not list(heavy.index_dir.glob(".dom-*"))  # the staging directory is gone too


def test_a_killed_child_is_reported_and_abort_reaps(tmp_path: Path) -> None:
    state = DomState(removed=[])
    state.mirror.update({i: None for i in range(3)})  # type: ignore[misc]  # only its size is read

    def slow(number: int, state: DomState) -> list[tuple[str, bytes]]:
        signal.pause()  # until killed
        return []

    writer = CheckpointWriter(tmp_path, lambda p, d: p.write_bytes(d), slow, lambda n: [], fork_nodes=0)
    writer.write(1, state)
    assert writer.forked == 1
    pid = writer._child[0] if writer._child else 0
    os.kill(pid, signal.SIGTERM)
    with pytest.raises(CheckpointWriteError, match=r"checkpoint 1 failed in its child process \(signal 15\)"):
        writer.finish()
    writer.write(2, state)
    pid = writer._child[0] if writer._child else 0
    writer.abort()  # the build failed: the child still writing is killed and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_missing_file_after_a_clean_exit_is_an_error(tmp_path: Path) -> None:
    state = DomState(removed=[])
    state.mirror.update({i: None for i in range(3)})  # type: ignore[misc]
    writer = CheckpointWriter(
        tmp_path, lambda p, d: p.write_bytes(d), lambda n, s: [], lambda n: [f"state-{n}.zz"], fork_nodes=0
    )
    writer.write(7, state)
    with pytest.raises(CheckpointWriteError, match=r"left no state-7\.zz"):
        writer.finish()
