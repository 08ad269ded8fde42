"""`store/heap.py`: while an import runs, a freed segment-sized buffer is reused without page faults."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from replaydom.store import heap

_FAULTS = """
import resource, sys
from replaydom.store import heap
def faults():
    a = bytearray(8 << 20); del a  # a buffer the size of a big segment, freed
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    b = bytearray(8 << 20); del b  # the same size again: fresh pages, or the freed ones?
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
plain = faults()
with heap.freed_memory_kept():
    kept = faults()
print(plain, kept, faults())
"""


@pytest.mark.skipif(heap._glibc() is None, reason="glibc's allocator only")
def test_freed_buffers_are_reused_inside_and_the_defaults_come_back_after() -> None:
    out = subprocess.run([sys.executable, "-c", _FAULTS], capture_output=True, text=True, check=True).stdout
    plain, kept, after = map(int, out.split())
    pages = (8 << 20) // resource.getpagesize()
    assert plain >= pages * 0.9  # glibc maps a fresh buffer each time by default
    assert kept < pages * 0.1  # kept in the heap: its pages are already there
    assert after >= pages * 0.9  # the defaults again once the import is done


def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_glibc", lambda: None)
    assert heap.keep_freed_memory() is False
    with heap.freed_memory_kept():
        pass
