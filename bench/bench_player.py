"""Time the browser player on the long-session recording at 10 evenly spaced offsets.

    .venv/bin/python bench/bench_player.py [--scenario long-session] [--offsets 10] [--json]

Reports the browser start (launch + page with the rrweb bundle), the hand-over of the frames, and
per offset: HTML only, HTML + PNG, and the canonical DOM tree. "Excluded" is the mean per offset
with one warm browser; "included" adds start + load to each offset as a one-shot
`replaydom snapshot --at T` would pay them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replaydom.frames.start import replay_start_ms  # noqa: E402
from replaydom.player import Player, rrweb_frames  # noqa: E402


def _load(scenario: str) -> tuple[list[dict[str, Any]], float]:
    folder = ROOT / "fixtures" / "recordings" / scenario
    segments = json.loads(gzip.decompress((folder / "segments.json.gz").read_bytes()))
    frames = [frame for segment in segments for frame in segment]
    details = json.loads((folder / "details.json").read_text())
    return frames, replay_start_ms(enumerate(segments), details)


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def run(scenario: str, count: int) -> dict[str, Any]:
    frames, start_ms = _load(scenario)
    stamps = [f["timestamp"] for f in rrweb_frames(frames)]
    first, last = min(stamps) - start_ms, max(stamps) - start_ms
    offsets = [round(first + (last - first) * (i + 0.5) / count) for i in range(count)]
    t = time.perf_counter()
    with Player() as player:
        start = _ms(t)
        t = time.perf_counter()
        kept = player.load(frames, start_ms)
        load = _ms(t)
        rows = [_measure(player, offset) for offset in offsets]
    per = {key: statistics.mean(r[key] for r in rows) for key in ("html_ms", "png_ms", "tree_ms")}
    return {
        "scenario": scenario,
        "frames": len(frames),
        "rrweb_frames": kept,
        "duration_ms": round(last),
        "browser_start_ms": start,
        "load_ms": load,
        "offsets": rows,
        "mean_excluded_ms": {k: round(v, 1) for k, v in per.items()},
        "mean_included_ms": {k: round(v + start + load, 1) for k, v in per.items()},
    }


def _measure(player: Player, offset: int) -> dict[str, Any]:
    t = time.perf_counter()
    html = player.render(offset).html
    html_ms = _ms(t)
    t = time.perf_counter()
    png = player.render(offset, screenshot=True).png
    png_ms = _ms(t)
    t = time.perf_counter()
    player.dom_tree(offset)
    tree_ms = _ms(t)
    return {
        "offset_ms": offset,
        "html_ms": html_ms,
        "png_ms": png_ms,
        "tree_ms": tree_ms,
        "html_kb": round(len(html or "") / 1024, 1),
        "png_kb": round(len(png or b"") / 1024, 1),
    }


def _table(report: dict[str, Any]) -> str:
    lines = [
        f"{report['scenario']}: {report['frames']} frames ({report['rrweb_frames']} rrweb), "
        f"{report['duration_ms'] / 1000:.0f} s; browser start {report['browser_start_ms']:.0f} ms, "
        f"load {report['load_ms']:.0f} ms",
        f"{'offset':>9} {'html ms':>8} {'+png ms':>8} {'tree ms':>8} {'html KB':>8} {'png KB':>7}",
    ]
    for r in report["offsets"]:
        lines.append(
            f"{r['offset_ms']:>9} {r['html_ms']:>8.0f} {r['png_ms']:>8.0f} {r['tree_ms']:>8.0f} "
            f"{r['html_kb']:>8.1f} {r['png_kb']:>7.1f}"
        )
    ex, inc = report["mean_excluded_ms"], report["mean_included_ms"]
    lines.append(f"{'mean excl':>9} {ex['html_ms']:>8.0f} {ex['png_ms']:>8.0f} {ex['tree_ms']:>8.0f}")
    lines.append(f"{'mean incl':>9} {inc['html_ms']:>8.0f} {inc['png_ms']:>8.0f} {inc['tree_ms']:>8.0f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="long-session")
    parser.add_argument("--offsets", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    report = run(args.scenario, args.offsets)
    print(json.dumps(report, indent=1) if args.json else _table(report))


if __name__ == "__main__":
    main()
