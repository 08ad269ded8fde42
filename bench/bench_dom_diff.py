"""`dom --diff A..B` with its transient part on a derived heavy replay: is the walk linear?

    .venv/bin/python bench/bench_dom_diff.py [--copies 5,10,20,40] [--json]

The replay is slow-and-idle's real recording with its 500-row report render (one mutation of 2,504
adds, segment 3 frame 8) repeated `copies` times after the original, 1 s apart: each copy removes the
previous report (table and heading) and adds the same rows again with fresh ids, as a table
re-render does; so every copy but the last comes and goes inside the range. Provenance: the frames
are the recording's own, ids shifted by a multiple of 100,000 per copy, timestamps shifted.

For each size, the median of 3 runs of: `Timeline.state_at(B)` alone (one rebuild, the floor), and
`dom_diff(A, B)` over the whole replay (two rebuilds plus the transient walk). Linear means the
diff/state ratio stays flat as copies grow. Figures are wall-clock and noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import load_json, load_segments  # noqa: E402

from replaydom.dom.diff import dom_diff  # noqa: E402
from replaydom.dom.source import DomSource, source_from_segments  # noqa: E402
from replaydom.frames.start import replay_start_ms  # noqa: E402

SCENARIO = "slow-and-idle"
REPORT = (3, 8)  # segment, frame of the 500-row render
ID_STEP = 100_000


def _shift_ids(frame: dict[str, Any], own: set[int], delta: int) -> dict[str, Any]:
    """A copy of the mutation with the ids it creates shifted (references to existing nodes kept)."""
    out = copy.deepcopy(frame)
    stack = [a["node"] for a in out["data"]["adds"]]
    while stack:
        node = stack.pop()
        node["id"] += delta
        stack.extend(node.get("childNodes") or [])
    for add in out["data"]["adds"]:
        for key in ("parentId", "nextId"):
            if add.get(key) in own:
                add[key] += delta
    return out


def derived(copies: int) -> DomSource:
    segments = copy.deepcopy(load_segments(SCENARIO))
    report = segments[REPORT[0]][REPORT[1]]
    own = {a["node"]["id"] for a in report["data"]["adds"]}
    tops = [a for a in report["data"]["adds"] if a["parentId"] not in own]
    extra = []
    previous = [(a["parentId"], a["node"]["id"]) for a in tops]
    last_ts = max(e["timestamp"] for seg in segments for e in seg)
    for k in range(1, copies + 1):
        frame = _shift_ids(report, own, k * ID_STEP)
        frame["timestamp"] = last_ts + k * 1000
        frame["data"]["removes"] = [{"parentId": p, "id": i} for p, i in previous]
        previous = [(a["parentId"], a["node"]["id"] + k * ID_STEP) for a in tops]
        extra.append(frame)
    segments.append(extra)
    start = replay_start_ms(enumerate(segments), load_json(SCENARIO, "details.json"))
    return source_from_segments(enumerate(segments), start, replay_id=SCENARIO)


def _median(fn: Any, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="5,10,20,40")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for copies in [int(c) for c in args.copies.split(",")]:
        src = derived(copies)
        b = src.offset(src.timeline.last_ms or 0) + 1
        items = dom_diff(src, 0, b)
        transient = sum(1 for i in items if i["part"] == "transient")
        state_ms = _median(lambda src=src, b=b: src.timeline.state_at(src.instant(b)))
        diff_ms = _median(lambda src=src, b=b: dom_diff(src, 0, b))
        rows.append(
            {
                "copies": copies,
                "adds": copies * 2504,
                "transientItems": transient,
                "stateAtBMs": state_ms,
                "diffMs": diff_ms,
                "ratio": round(diff_ms / state_ms, 2),
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'copies':>6} {'adds':>7} {'transient':>9} {'state_at(B) ms':>14} {'diff ms':>8} {'ratio':>5}")
    for r in rows:
        print(
            f"{r['copies']:>6} {r['adds']:>7} {r['transientItems']:>9} {r['stateAtBMs']:>14} "
            f"{r['diffMs']:>8} {r['ratio']:>5}"
        )


if __name__ == "__main__":
    main()
