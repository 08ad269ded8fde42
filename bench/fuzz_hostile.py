"""The 10,000-variant hostile fuzz of issue 15 (tests/test_fuzz_hostile.py at full size).

CI runs that test with 300 examples; this script runs `--examples` (default 10,000) split over
`--shards` pytest processes with different seeds, and prints the figure: variants run, crashes,
time. Exit 1 when any shard failed (its pytest output is printed).

    .venv/bin/python bench/fuzz_hostile.py                # 10,000 variants, 2 shards
    .venv/bin/python bench/fuzz_hostile.py --examples 500 --shards 1
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    per = -(-args.examples // args.shards)
    started = time.monotonic()
    procs = []
    for shard in range(args.shards):
        log = f"/tmp/replaydom-fuzz-{os.getpid()}-{shard}.progress"
        env = {**os.environ, "REPLAYDOM_FUZZ_EXAMPLES": str(per), "REPLAYDOM_FUZZ_LOG": log}
        print(f"shard {shard}: {per} variants, progress in {log}", flush=True)
        cmd = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
            f"--hypothesis-seed={args.seed + shard}", "tests/test_fuzz_hostile.py",
        ]  # fmt: skip
        procs.append(
            subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        )
    failed = 0
    for shard, proc in enumerate(procs):
        out, _ = proc.communicate()
        if proc.returncode != 0:
            failed += 1
            print(f"--- shard {shard} failed:\n{out.decode(errors='replace')[-6000:]}")
    seconds = time.monotonic() - started
    total = per * args.shards
    print(
        f"hostile fuzz: {total} mutated real recordings in {args.shards} shard(s), "
        f"{'0 crashes' if not failed else f'{failed} shard(s) with a crash'}, {seconds:.0f} s "
        f"({seconds / total * 1000:.0f} ms of wall time per variant; shared machine: noisy)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
