"""CPU time of one replaydom command run from two source trees, side by side (interleaved runs).

    git archive BASE replaydom | tar -x -C /tmp/base     # the tree before a change
    .venv/bin/python -m compileall -q replaydom /tmp/base/replaydom   # (shells set PYTHONDONTWRITEBYTECODE)
    REPLAYDOM_CACHE_DIR=/tmp/me-cache .venv/bin/python bench/ab_cpu.py /tmp/base . --runs 9 -- \
        dom b14152396eb8c157b4e6b4b0c3755ac5 --at 180748

Each run is a fresh interpreter that puts the tree first on `sys.path` (the editable install would
otherwise win) and calls `replaydom.cli.main`, so both trees pay the same start-up. CPU is user +
system time from `wait4` (microseconds, where `/usr/bin/time` rounds to 10 ms): on a shared machine
it moves much less than wall time. Prints the best and the median of each tree, and their
difference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

_LAUNCH = (
    "import sys\n"
    "sys.path.insert(0, sys.argv.pop(1))\n"
    "sys.argv[0] = 'replaydom'\n"
    "from replaydom.cli import main\n"
    "main()\n"
)


def run_once(tree: Path, args: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, peak RSS in KiB) of one run of `replaydom ARGS` from `tree`."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, str(tree.resolve()), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, _status, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - started, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("give the replaydom arguments after --")
    cut = argv.index("--")
    opts = parser.parse_args(argv[:cut])
    args = argv[cut + 1 :]
    cpu: dict[str, list[float]] = {"base": [], "new": []}
    wall: dict[str, list[float]] = {"base": [], "new": []}
    rss: dict[str, int] = {"base": 0, "new": 0}
    for _ in range(opts.runs):
        for name, tree in (("base", opts.base), ("new", opts.new)):
            used, took, peak = run_once(tree, args)
            cpu[name].append(used)
            wall[name].append(took)
            rss[name] = max(rss[name], peak)
    print(f"replaydom {' '.join(args)}  ({opts.runs} runs each, interleaved)")
    for name in ("base", "new"):
        best, middle = min(cpu[name]) * 1000, statistics.median(cpu[name]) * 1000
        print(
            f"  {name:4s}  cpu best {best:6.0f} ms  median {middle:6.0f}"
            f"  wall best {min(wall[name]) * 1000:6.0f} ms  peak rss {rss[name] // 1024} MB"
        )
    saved = (min(cpu["base"]) - min(cpu["new"])) * 1000
    median = (statistics.median(cpu["base"]) - statistics.median(cpu["new"])) * 1000
    print(f"  cpu saved: best {saved:.0f} ms, median {median:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
