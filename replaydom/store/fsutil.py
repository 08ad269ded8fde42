"""Private, atomic file-system writes.

Replay data is sensitive: directories are 0700 and files 0600 whatever the umask (we chmod
explicitly rather than trusting it). Every write goes to a temp file in the same directory, is
fsynced, then renamed over the target, so a crash or Ctrl-C leaves either the old or the new file.
The exception is a staging directory (import), which is invisible until one rename publishes it:
`write_staged` creates its files directly and `sync_tree` makes them all durable before that rename.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with mode 0700 and return it."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        with contextlib.suppress(FileExistsError):
            d.mkdir(mode=DIR_MODE)
        os.chmod(d, DIR_MODE)
    return path


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temp file beside `path`; on success fsync and rename it into place (0600)."""
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def write_staged(path: Path, data: bytes) -> None:
    """Create `path` (0600) holding `data`, with no temp file and no fsync.

    Only for a new file inside a private staging directory that is published by one rename:
    `sync_tree` makes everything in it durable first. One fsync per file while writing would cost
    more (each waits for a journal commit that also blocks the next file's creation).
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def sync_tree(root: Path) -> None:
    """fsync every file under `root`, then every directory, deepest first (before publishing it)."""
    dirs: list[str] = []
    for parent, _, files in os.walk(root):
        dirs.append(parent)
        for name in files:
            fd = os.open(os.path.join(parent, name), os.O_RDONLY | os.O_NOFOLLOW)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    for d in reversed(dirs):
        _fsync_dir(Path(d))


def write_json(path: Path, obj: Any, *, pretty: bool = True) -> None:
    """Write `obj` as UTF-8 JSON, indented by two spaces when `pretty`.

    orjson keeps a manifest rewrite cheap: fetch rewrites it after every page, and the stdlib's
    indenting encoder (pure Python) took ~65 ms for a 13k-segment manifest.
    """
    try:
        data = orjson.dumps(obj, default=str, option=orjson.OPT_INDENT_2 if pretty else 0)
    except (TypeError, orjson.JSONEncodeError):
        # orjson refuses integers beyond 64 bits and non-string keys; the stdlib writes both.
        data = json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None, default=str).encode()
    write_bytes(path, data)


def write_json_gz(path: Path, obj: Any) -> bytes:
    """Write `obj` as gzip-compressed compact JSON; return the uncompressed bytes written."""
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 keeps the compressed bytes deterministic for the same content.
    write_bytes(path, gzip.compress(raw, compresslevel=6, mtime=0))
    return raw


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock (flock) held for the duration of the block."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
