"""Private, atomic file-system writes.

Replay data is sensitive: directories are 0700 and files 0600 whatever the umask (we chmod
explicitly rather than trusting it). Every write goes to a temp file in the same directory, is
fsynced, then renamed over the target, so a crash or Ctrl-C leaves either the old or the new file.
The exception is a staging directory (import), which is invisible until one rename publishes it:
`write_staged` creates its files directly and `sync_tree` makes them all durable before that rename.
`AtomicBatch` writes many files of one directory atomically with fewer waits: every temp file
first, then their fsyncs side by side (ext4 commits concurrent fsyncs in one journal transaction),
the renames, and one fsync of the directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import stat
import time
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ..errors import DataError

DIR_MODE = 0o700
FILE_MODE = 0o600
WAIT_NOTICE_S = 0.5  # how long a lock waiter stays silent before saying why it waits
Notify = Callable[[str], None]


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with mode 0700 and return it.

    A concurrent `cache clear` may prune an empty parent between two mkdirs: start over then.
    """
    for attempt in range(5):
        missing = []
        p = path
        while not p.exists():
            missing.append(p)
            p = p.parent
        try:
            for d in reversed(missing):
                with contextlib.suppress(FileExistsError):
                    d.mkdir(mode=DIR_MODE)
                os.chmod(d, DIR_MODE)
        except FileNotFoundError:
            if attempt == 4:
                raise
            continue
        return path
    return path


def temp_beside(path: Path) -> tuple[int, str]:
    """A new temp file in `path`'s directory: its descriptor and path, named `.<name>.<random>.tmp`
    (the one name rule of every atomic write, which `cleanup.is_temp_name` recognises)."""
    import tempfile  # here, as gzip and the thread pool: a reading command never writes

    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "wb", *, make_dirs: bool = True) -> Iterator[IO[Any]]:
    """Open a temp file beside `path`; on success fsync and rename it into place (0600).

    `make_dirs=False` raises `FileNotFoundError` when the directory is missing instead of
    creating it: a write into a cached bundle must never recreate a bundle that was removed.
    """
    if make_dirs:
        private_dir(path.parent)
    fd, tmp = temp_beside(path)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


FSYNC_THREADS = 8  # fsyncs of one batch in flight at once (each waits for a journal commit)


class AtomicBatch:
    """Files written atomically as a group: `add` each, then `commit` (or `discard`).

    `add` writes a temp file beside its target (no fsync); `commit` fsyncs every temp file, the
    concurrent fsyncs sharing journal commits, renames each into place and fsyncs each directory
    once: a file is in place only when its data is durable, and all are durable when `commit`
    returns. Directories are never created: a write into a removed directory raises
    `FileNotFoundError` (a removed bundle is never resurrected). A crash before `commit` leaves temp
    files only (`cleanup.clean_bundle_temps` removes them).
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []

    def add(self, path: Path, data: bytes) -> None:
        fd, tmp = temp_beside(path)
        try:
            try:
                os.fchmod(fd, FILE_MODE)
                _write_all(fd, data)
            finally:
                os.close(fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self._pending.append((tmp, path))

    def commit(self) -> list[Path]:
        """Make every added file durable and put it in place; return their paths, in order."""
        pending, self._pending = self._pending, []
        if not pending:
            return []
        placed = 0
        try:
            if len(pending) == 1:
                _fsync_path(pending[0][0])
            else:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(min(FSYNC_THREADS, len(pending))) as pool:
                    list(pool.map(_fsync_path, [tmp for tmp, _ in pending]))
            for tmp, path in pending:
                os.replace(tmp, path)
                placed += 1
        except BaseException:
            _unlink_all(tmp for tmp, _ in pending[placed:])
            raise
        for parent in dict.fromkeys(path.parent for _, path in pending):
            _fsync_dir(parent)
        return [path for _, path in pending]

    def discard(self) -> None:
        """Remove the temp files of everything added since the last commit."""
        pending, self._pending = self._pending, []
        _unlink_all(tmp for tmp, _ in pending)


def _write_all(fd: int, data: bytes) -> None:
    """Write all of `data` (`os.write` may write less than it is given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_all(paths: Iterable[str]) -> None:
    for tmp in paths:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_bytes(path: Path, data: bytes, *, make_dirs: bool = True) -> None:
    with atomic_open(path, "wb", make_dirs=make_dirs) as fh:
        fh.write(data)


def write_staged(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Create `path` (0600) holding `data`, with no temp file and (unless `sync`) no fsync.

    Only for a new file inside a private staging directory that is published by one rename:
    `sync_tree` makes everything in it durable first. One fsync per file while writing would cost
    more (each waits for a journal commit that also blocks the next file's creation), except in a
    worker thread that writes while the caller computes (import): `sync` fsyncs the file there, and
    `sync_tree(..., synced=...)` skips it.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        _write_all(fd, data)
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def sync_tree(root: Path, *, synced: Container[str] = ()) -> None:
    """fsync every file under `root`, then every directory, deepest first (before publishing it).

    `synced`: paths (as `os.path.join` of the walk spells them) of files already fsynced since
    they were last written: an fsync costs a device flush even for a clean file, so they are skipped.
    """
    dirs: list[str] = []
    for parent, _, files in os.walk(root):
        dirs.append(parent)
        for name in files:
            path = os.path.join(parent, name)
            if path not in synced:
                _fsync_path(path)
    for d in reversed(dirs):
        _fsync_dir(Path(d))


def write_json(path: Path, obj: Any, *, pretty: bool = True, make_dirs: bool = True) -> None:
    """Write `obj` as UTF-8 JSON, indented by two spaces when `pretty`.

    orjson keeps a manifest rewrite cheap: fetch rewrites it after every page, and the stdlib's
    indenting encoder (pure Python) took ~65 ms for a 13k-segment manifest.
    """
    try:
        data = orjson.dumps(obj, default=str, option=orjson.OPT_INDENT_2 if pretty else 0)
    except (TypeError, orjson.JSONEncodeError):
        # orjson refuses integers beyond 64 bits and non-string keys; the stdlib writes both.
        data = json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None, default=str).encode()
    write_bytes(path, data, make_dirs=make_dirs)


def write_json_gz(path: Path, obj: Any) -> bytes:
    """Write `obj` as gzip-compressed compact JSON; return the uncompressed bytes written."""
    import gzip

    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 keeps the compressed bytes deterministic for the same content.
    write_bytes(path, gzip.compress(raw, compresslevel=6, mtime=0))
    return raw


@contextlib.contextmanager
def file_lock(path: Path, *, make_dirs: bool = True) -> Iterator[None]:
    """An exclusive advisory lock (flock) held for the duration of the block."""
    fd = acquire(path, fcntl.LOCK_EX, make_dirs=make_dirs)
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def open_lock_file(path: Path, *, make_dirs: bool = True) -> int:
    """Open (creating, 0600) a lock file; repair a directory or symlink squatting its path.

    The locks live in the private cache, so anything else at a lock path is debris of an
    earlier fault: it is removed rather than reported, or no command (not even `cache clear`)
    could take the lock again. `make_dirs=False`: `FileNotFoundError` when the directory is gone.
    """
    if make_dirs:
        private_dir(path.parent)
    for _ in range(3):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
        except FileNotFoundError:
            if not make_dirs:
                raise
            private_dir(path.parent)  # removed meanwhile (cache clear --all): the locks dir is ours
            continue
        except OSError as exc:
            if not _repair_lock_path(path):
                raise DataError(
                    f"cannot open the lock {path} ({type(exc).__name__})",
                    hint=f"remove {path} and retry",
                ) from None
            continue
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
        return fd
    raise DataError(f"cannot open the lock {path}: something keeps replacing it", hint=f"remove {path}")


def _repair_lock_path(path: Path) -> bool:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True  # gone meanwhile: just retry
    except OSError:
        return False
    try:
        if stat.S_ISDIR(st.st_mode):
            shutil.rmtree(path)
        elif stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            os.unlink(path)
        else:
            return False  # a regular file we cannot open: permissions; report it
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


def still_named(fd: int, path: Path) -> bool:
    """True when `path` still names the file open as `fd` (it was not unlinked by a clear)."""
    try:
        a, b = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def acquire(
    path: Path, mode: int, *, notify: Notify | None = None, what: str = "", make_dirs: bool = True
) -> int:
    """Open `path` and flock it in `mode`; return the descriptor (the caller closes it)."""
    while True:
        fd = open_lock_file(path, make_dirs=make_dirs)
        try:
            flock_waiting(fd, mode, notify, what)
        except BaseException:
            os.close(fd)
            raise
        if still_named(fd, path):
            return fd
        os.close(fd)  # a clear unlinked the file while we waited: lock the new one


def flock_waiting(fd: int, mode: int, notify: Notify | None, what: str) -> None:
    """flock, telling `notify` (when given) if the wait lasts more than a moment."""
    if notify is None:
        fcntl.flock(fd, mode)
        return
    deadline = time.monotonic() + WAIT_NOTICE_S
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                notify(f"waiting for another replaydom process using {what or 'this replay'}")
                fcntl.flock(fd, mode)
                return
            time.sleep(0.02)
