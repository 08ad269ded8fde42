"""Removing what interrupted or killed processes leave in the cache, without touching live work.

- Temp files of atomic writes (`.<name>.<random>.tmp`, see `fsutil.temp_beside`) in a bundle's
  directories: removed by the next fetch of that bundle, which holds its write lock (no other
  writer can be mid-write there), or by the next reader when no fetch holds that lock
  (`clean_if_idle`); the index's own temp files by the next index build, under the index lock.
- Import staging directories `tmp/import-*`: each live import holds an exclusive flock on its
  staging directory for its whole run (the kernel drops it when the process dies, even on
  kill -9), so a directory whose lock can be taken belongs to a dead import and is removed. Every
  import cleans them first; `cache clear --all` too.
- `tmp/trash-*`: bundles being deleted by `cache clear`/`prune` (renamed there first, so removal is
  atomic for readers); a killed clear leaves one, removed by the next clean.
- Lock files nobody holds (`cache clear --all`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from ..errors import DataError
from . import layout
from .fsutil import open_lock_file, private_dir, still_named

STAGING_PREFIX = "import-"
TRASH_PREFIX = "trash-"
_NEW_PREFIX = ".new-import-"  # a staging dir before its lock is taken (never cleaned as dead)


def is_temp_name(name: str) -> bool:
    """True for the temp files of atomic writes (`fsutil.temp_beside`: `.<name>.<random>.tmp`)."""
    return name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3


def clean_temp_files(directory: Path) -> int:
    """Remove leftover atomic-write temp files directly in `directory`; return how many."""
    removed = 0
    try:
        with os.scandir(directory) as it:
            names = [e.name for e in it if is_temp_name(e.name) and e.is_file(follow_symlinks=False)]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(directory / name)
            removed += 1
    return removed


def clean_bundle_temps(bundle_path: Path) -> int:
    """Leftover temp files of a bundle (not its index): call with the bundle's write lock held."""
    return sum(clean_temp_files(bundle_path / d) for d in ("segments", "related")) + clean_temp_files(
        bundle_path
    )


def clean_if_idle(root: Path, bundle_path: Path) -> int:
    """A reader's cleaning: the bundle's leftover temp files, if no fetch or import holds its
    write lock right now (else that writer cleans them itself); return how many were removed."""
    lock = layout.write_lock_path(root, layout.bundle_identity(bundle_path), bundle_path.name)
    try:
        fd = open_lock_file(lock)
    except (DataError, OSError):
        return 0  # cannot lock: leave the cleaning to the next writer
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return clean_bundle_temps(bundle_path) if still_named(fd, lock) else 0
    except BlockingIOError:
        return 0
    finally:
        os.close(fd)


@contextlib.contextmanager
def staging_dir(root: Path) -> Iterator[Path]:
    """A new private `tmp/import-*` directory, locked (see the module docstring), removed after.

    It is created under a name only `cache clear --all` touches, locked, then renamed; should a
    clear remove it in that instant, a new one is made.
    """
    import tempfile  # here: only an import stages (a reading command does not pay for it)

    base = private_dir(layout.staging_root(root))
    clean_staging(root)
    for _ in range(5):
        fresh = Path(tempfile.mkdtemp(prefix=_NEW_PREFIX, dir=private_dir(base)))
        try:
            fd = os.open(fresh, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            path = base / (STAGING_PREFIX + fresh.name[len(_NEW_PREFIX) :])
            try:
                os.rename(fresh, path)
            except FileNotFoundError:
                continue  # removed by a concurrent `cache clear --all`: make another
            try:
                yield path
            finally:
                shutil.rmtree(path, ignore_errors=True)
            return
        finally:
            os.close(fd)
    raise DataError(f"cannot create a staging directory in {base}: something keeps removing it")


def clean_staging(root: Path, *, everything: bool = False) -> int:
    """Remove staging directories of dead imports and leftover trash; return how many.

    `everything` also removes `.new-import-*` directories (a crash between mkdtemp and flock);
    only `cache clear --all` asks for that.
    """
    base = layout.staging_root(root)
    removed = 0
    try:
        with os.scandir(base) as it:
            entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in it]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name, is_dir in entries:
        path = base / name
        dead = name.startswith(TRASH_PREFIX)
        staged = name.startswith(STAGING_PREFIX) or (everything and name.startswith(_NEW_PREFIX))
        if dead or (staged and is_dir and _owner_dead(path)):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def _owner_dead(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a live import holds it
    finally:
        os.close(fd)
    return True


def move_to_trash(root: Path, path: Path) -> None:
    """Rename a bundle directory out of the tree in one step, then delete it."""
    trash = private_dir(layout.staging_root(root)) / f"{TRASH_PREFIX}{path.name}-{uuid.uuid4().hex[:8]}"
    try:
        os.rename(path, trash)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)  # another file system: delete in place
        return
    shutil.rmtree(trash, ignore_errors=True)


def clean_locks(root: Path) -> int:
    """Remove the lock files nobody holds now; return how many."""
    base = root / "locks"
    removed = 0
    try:
        with os.scandir(base) as it:
            names = [e.name for e in it if e.name.endswith(".lock")]
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for name in names:
        path = base / name
        try:
            fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
        except IsADirectoryError:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if still_named(fd, path):
                os.unlink(path)
                removed += 1
        except (BlockingIOError, FileNotFoundError):
            pass
        finally:
            os.close(fd)
    return removed
