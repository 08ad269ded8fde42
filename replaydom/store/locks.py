"""The per-replay locks that readers, writers and `cache clear` agree through.

Two lock files per replay and identity live in `<root>/locks/` (`layout.lock_path`,
`layout.write_lock_path`):

- the **presence** lock guards the bundle's existence. Readers (every command that reads a cached
  replay) and fetches hold it shared; `cache clear`, `cache prune` and an import that replaces a
  bundle hold it exclusive. A bundle is therefore never removed under a reader or a fetch, and a
  reader or fetch never starts on a bundle that is being removed.
- the **write** lock serialises fetches and imports of one replay (exclusive), so a reader is never
  blocked by a fetch: files are replaced atomically and read without waiting.

Order: write lock before presence lock, never the reverse, so two processes cannot deadlock.

A reader keeps its shared lock until the command ends (`release_readers`, called by the CLI), so
everything it derives (the index) is written while the bundle is guaranteed to exist. Locks are
flock(2) locks: the kernel drops them when a process dies, even on kill -9.

Within one process, flock locks on separate descriptors of one file conflict with each other, so
the presence locks a process holds are kept in a registry: a clear in the same process converts the
reader's own lock instead of waiting for itself forever.

A lock file may be unlinked only by the holder of its exclusive lock (clear does, to leave nothing
behind); every locker checks after `flock` that the path still names the file it locked and retries
otherwise, so a waiter on an unlinked file never believes it holds the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .fsutil import Notify, acquire, flock_waiting


@dataclass
class _Held:
    fd: int
    count: int  # re-entries (a command may resolve the same replay twice)


_registry: dict[Path, _Held] = {}
_registry_lock = threading.Lock()


def hold_shared(path: Path) -> None:
    """Take (or re-enter) a shared presence lock kept until `release_readers`."""
    key = path.absolute()
    with _registry_lock:
        held = _registry.get(key)
        if held is not None:
            held.count += 1
            return
    fd = acquire(key, fcntl.LOCK_SH)
    with _registry_lock:
        other = _registry.get(key)
        if other is not None:  # another thread registered it meanwhile
            other.count += 1
            os.close(fd)
        else:
            _registry[key] = _Held(fd, 1)


def release_readers() -> None:
    """Drop every presence lock this process holds as a reader (end of a command)."""
    with _registry_lock:
        held = list(_registry.values())
        _registry.clear()
    for h in held:
        with contextlib.suppress(OSError):
            os.close(h.fd)


@contextlib.contextmanager
def shared(path: Path) -> Iterator[None]:
    """A shared presence lock for the block (a fetch); re-uses this process's reader lock."""
    key = path.absolute()
    with _registry_lock:
        held = _registry.get(key)
    if held is not None:
        yield
        return
    fd = acquire(key, fcntl.LOCK_SH)
    try:
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive(
    path: Path, *, notify: Notify | None = None, what: str = "", unlink: bool = False
) -> Iterator[None]:
    """An exclusive presence lock for the block (clear, prune, an import replacing a bundle).

    Waits for every reader and fetch of the replay (saying so through `notify` after a moment).
    This process's own reader lock is converted rather than waited for. With `unlink`, the lock
    file is removed before the lock is released (the bundle is gone; waiters retry on a new file).
    """
    key = path.absolute()
    with _registry_lock:
        held = _registry.get(key)
    if held is not None:
        flock_waiting(held.fd, fcntl.LOCK_EX, notify, what)
        try:
            yield
        finally:
            if unlink:
                # The reader's lock now names a removed file: forget it, so a later read in this
                # process locks the new file instead of trusting the stale descriptor.
                with contextlib.suppress(OSError):
                    os.unlink(key)
                with _registry_lock:
                    _registry.pop(key, None)
                os.close(held.fd)
            else:
                with contextlib.suppress(OSError):
                    fcntl.flock(held.fd, fcntl.LOCK_SH)
        return
    fd = acquire(key, fcntl.LOCK_EX, notify=notify, what=what)
    try:
        yield
        if unlink:
            with contextlib.suppress(OSError):
                os.unlink(key)
    finally:
        os.close(fd)
