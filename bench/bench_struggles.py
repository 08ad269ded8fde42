"""Time `find_struggles` with DOM-reading detectors, on the longest real recording and on a big
derived one, and count the DOM reconstructions (`Timeline.state_at`) it needs.

    .venv/bin/python bench/bench_struggles.py [--runs 3] [--tiles 40] [--baseline DIR] [--json]

Replays measured (normalized once, outside the timing):
- `long-session` (143 segments, real);
- `rejected-loop xN`: fixtures/struggles/rejected-loop tiled N times end to end (each copy shifted
  by the previous copies' span; each copy starts with its own Meta and FullSnapshot, like a page
  load), so N x 4 submit tries: more than the probe's budget, which must hold.

For each: median wall time of `find_struggles` without DOM access (events only) and with it, and
the number of `state_at` calls. `--baseline DIR` also times the same replays with the code in
DIR (e.g. `git archive <commit> replaydom | tar -x -C DIR`), which has no DOM access at all.
Figures on a shared machine are noisy: compare runs side by side, not against fixed numbers.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The code measured: this checkout, or the baseline's (`--baseline` reruns this script with it).
sys.path.insert(0, os.environ.get("REPLAYDOM_BENCH_CODE") or str(ROOT))

from replaydom.frames.normalize import normalize  # noqa: E402


def _segments(folder: Path) -> list[list[dict[str, Any]]]:
    with gzip.open(folder / "segments.json.gz", "rt") as fh:
        data: list[list[dict[str, Any]]] = json.load(fh)
    return data


def _shift(frame: dict[str, Any], ms: float) -> dict[str, Any]:
    out = copy.deepcopy(frame)
    ts = out.get("timestamp")
    if isinstance(ts, int | float):
        out["timestamp"] = ts + ms / 1000 if ts < 1e11 else ts + ms
    payload = (out.get("data") or {}).get("payload") if out.get("type") == 5 else None
    if isinstance(payload, dict):
        for key in ("timestamp", "startTimestamp", "endTimestamp"):
            if isinstance(payload.get(key), int | float):
                payload[key] += ms / 1000
    return out


def _span(segments: list[list[dict[str, Any]]]) -> float:
    times = [f["timestamp"] for seg in segments for f in seg if isinstance(f.get("timestamp"), int | float)]
    ms = [t * 1000 if t < 1e11 else t for t in times]
    return max(ms) - min(ms) + 1000


def tiled(folder: Path, n: int) -> list[list[dict[str, Any]]]:
    base = _segments(folder)
    span = _span(base)
    return [[_shift(f, span * k) for f in seg] for k in range(n) for seg in base]


def replays(tiles: int) -> dict[str, tuple[list[list[dict[str, Any]]], dict[str, Any]]]:
    long_dir = ROOT / "fixtures" / "recordings" / "long-session"
    loop_dir = ROOT / "fixtures" / "struggles" / "rejected-loop"
    return {
        "long-session": (_segments(long_dir), json.loads((long_dir / "details.json").read_text())),
        f"rejected-loop x{tiles}": (
            tiled(loop_dir, tiles),
            json.loads((loop_dir / "details.json").read_text()),
        ),
    }


def measure(runs: int, tiles: int) -> dict[str, Any]:
    import inspect

    from replaydom.analyze import struggles

    has_dom = "dom" in inspect.signature(struggles.find_struggles).parameters
    out: dict[str, Any] = {}
    for name, (segments, details) in replays(tiles).items():
        norm = normalize(enumerate(segments), replay_id=details["id"], details=details, errors=[])
        row: dict[str, Any] = {"events": len(norm.events), "segments": len(segments)}
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            struggles.find_struggles(norm.events, details=details)
            times.append((time.perf_counter() - t) * 1000)
        row["events_only_ms"] = round(statistics.median(times), 1)
        if has_dom:
            from replaydom.analyze.struggles.domprobe import DEFAULT_BUDGET
            from replaydom.dom.source import source_from_segments

            source = source_from_segments(enumerate(segments), norm.start_ms)
            real = source.timeline.state_at
            calls: list[float] = []

            def counting(target_ms: float, calls: list[float] = calls, real: Any = real) -> Any:
                calls.append(target_ms)
                return real(target_ms)

            source.timeline.state_at = counting  # type: ignore[method-assign]
            times, found = [], []
            for _ in range(runs):
                calls.clear()
                t = time.perf_counter()
                found = struggles.find_struggles(norm.events, details=details, dom=source)
                times.append((time.perf_counter() - t) * 1000)
            row["with_dom_ms"] = round(statistics.median(times), 1)
            row["state_at_calls"] = len(calls)
            row["budget_exhausted"] = len(calls) >= DEFAULT_BUDGET
            row["findings"] = len(found)
        out[name] = row
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tiles", type=int, default=40)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    result: dict[str, Any] = {"current": measure(args.runs, args.tiles)}
    if args.inner:
        print(json.dumps(result["current"]))
        return 0
    if args.baseline is not None:
        env = {**os.environ, "REPLAYDOM_BENCH_CODE": str(args.baseline.resolve())}
        script = [sys.executable, __file__, "--inner", "--runs", str(args.runs), "--tiles", str(args.tiles)]
        done = subprocess.run(script, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr[-800:], file=sys.stderr)
            return 1
        result["baseline"] = json.loads(done.stdout.strip().splitlines()[-1])
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for which, rows in result.items():
        for name, row in rows.items():
            print(f"{which:9} {name:22} " + "  ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
