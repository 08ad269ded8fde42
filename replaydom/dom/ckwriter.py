"""Writing the DOM store's big checkpoints beside the build, on the machine's other core.

Encoding a 100k-node state (`checkpoint.encode` and the attached ids beside it) is a Python walk
of about 0.3 s, and a replay whose table re-renders every few minutes has a checkpoint after each
render (`framestore.SPACING` 3: reading one back costs less than re-applying the render): 23 of
them on the hour-long derived replay, doubling a build that is otherwise one sequential walk.

So a big checkpoint is written by a forked child. The child sees the state exactly as it is at the
fork (copy-on-write), encodes it, writes its files into the staging directory and exits; the build
goes on at once. The bytes are the ones an inline write makes (`encode` is deterministic). At most
one child runs at a time (the next big checkpoint waits for it), so memory stays bounded by one
copied state; every child is reaped before the store is published (`finish`), a child that fails
fails the build, and on an error or Ctrl-C the children are killed and reaped (`abort`) before the
staging directory is removed.

Forks only on Linux, from a process running one thread (a fork while another thread holds a lock,
the allocator's for one, could leave the child waiting forever), for states of `FORK_NODES` nodes or
more; otherwise, and wherever `fork` fails, the checkpoint is written inline.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from .state import DomState

FORK_NODES = 10_000  # below this an inline encode (~30 ms) costs about what a fork does

Files = Callable[[int, DomState], list[tuple[str, bytes]]]
"""A checkpoint's files: (name in the staging directory, bytes), from its number and state."""
Names = Callable[[int], list[str]]
"""The names `Files` gives checkpoint `number`: checked on disk once its child is reaped."""


class CheckpointWriteError(OSError):
    """A child that wrote a checkpoint did not finish cleanly."""


class CheckpointWriter:
    """Writes checkpoints into `stage` with `write(path, data)`, big ones from a forked child."""

    def __init__(
        self,
        stage: Path,
        write: Callable[[Path, bytes], None],
        files: Files,
        names: Names,
        *,
        fork_nodes: int | None = None,
    ) -> None:
        self._stage = stage
        self._write = write
        self._files = files
        self._names = names
        self._fork_nodes = FORK_NODES if fork_nodes is None else fork_nodes
        self._child: tuple[int, int] | None = None  # (pid, checkpoint number)
        self.forked = 0

    def __enter__(self) -> CheckpointWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.finish()
        else:
            self.abort()

    def write(self, number: int, state: DomState) -> None:
        self._wait()
        if len(state.mirror) >= self._fork_nodes and _can_fork():
            try:
                pid = os.fork()
            except OSError:
                pid = -1
            if pid == 0:  # the child: write, and leave without running any of the parent's cleanup
                code = 1
                try:
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    self._write_files(number, state)
                    code = 0
                finally:
                    os._exit(code)
            if pid > 0:
                self._child = (pid, number)
                self.forked += 1
                return
        self._write_files(number, state)

    def finish(self) -> None:
        """Wait for the last child; raises `CheckpointWriteError` if it failed."""
        self._wait()

    def abort(self) -> None:
        """Kill and reap the child still writing, if any (the build failed or was interrupted)."""
        if self._child is None:
            return
        pid, _ = self._child
        self._child = None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)

    def _write_files(self, number: int, state: DomState) -> None:
        for name, data in self._files(number, state):
            self._write(self._stage / name, data)

    def _wait(self) -> None:
        if self._child is None:
            return
        pid, number = self._child
        self._child = None
        status = _reap(pid)
        if status != 0:
            how = f"signal {-status}" if status < 0 else f"exit status {status}"
            raise CheckpointWriteError(f"writing DOM checkpoint {number} failed in its child process ({how})")
        missing = [name for name in self._names(number) if not (self._stage / name).is_file()]
        if missing:
            raise CheckpointWriteError(f"writing DOM checkpoint {number}: its child left no {missing[0]}")


def _can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def _reap(pid: int) -> int:
    """The child's exit code (negative: the signal that ended it)."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return 0  # reaped elsewhere (SIGCHLD ignored): the files on disk tell
        return os.waitstatus_to_exitcode(status)
