"""Keep freed memory in the process while an import reads a big body (glibc's allocator only).

Reading a body allocates and frees buffers of a segment's size again and again: the chunks the
reader joins (up to 64 MiB), the parser's work area, the compact JSON and its gzip. glibc serves
buffers from 128 KiB up (its threshold adapts up to 32 MiB) with a fresh `mmap` and gives them
back on free, and trims the top of the heap above 128 KiB: every one of those pages is a page
fault again the next time, and a page fault costs 1-18 us depending on the host (the fresh
parse of the hour-long derived replay spends 2.7-9.9 s of its 4-14 s in them). While the import
runs, buffers up to 32 MiB come from the heap and the heap is not trimmed, so the pages are
reused: measured on the hour-long derived replay, the importer's page faults 288k -> 51k (0.76 ->
0.31 s of system time) and the segment writer's 611k -> 346k. The defaults come back after (and
the heap is trimmed then), so a long-lived caller keeps its usual footprint.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from collections.abc import Iterator
from typing import Any

_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
_KEEP = {_M_MMAP_THRESHOLD: 32 << 20, _M_TRIM_THRESHOLD: 1 << 30, _M_TOP_PAD: 256 << 20}
_DEFAULTS = {_M_MMAP_THRESHOLD: 128 << 10, _M_TRIM_THRESHOLD: 128 << 10, _M_TOP_PAD: 128 << 10}


def _glibc() -> Any | None:
    """The C library when it is glibc (whose `mallopt` takes these settings), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        version = libc.gnu_get_libc_version  # glibc only (musl has a no-op mallopt)
    except (OSError, AttributeError):
        return None
    return libc if version is not None and hasattr(libc, "mallopt") else None


def keep_freed_memory() -> bool:
    """Keep freed buffers in the heap from now on (see the module docstring); True when set."""
    libc = _glibc()
    if libc is None:
        return False
    return all(libc.mallopt(option, value) == 1 for option, value in _KEEP.items())


@contextlib.contextmanager
def freed_memory_kept() -> Iterator[None]:
    """`keep_freed_memory` inside the block; the defaults again after it, and the heap trimmed."""
    kept = keep_freed_memory()
    try:
        yield
    finally:
        libc = _glibc() if kept else None
        if libc is not None:
            for option, value in _DEFAULTS.items():
                libc.mallopt(option, value)
            libc.malloc_trim(0)
