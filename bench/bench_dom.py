"""Time `replaydom dom --at` (pure Python) against the browser player on the long-session recording.

    .venv/bin/python bench/bench_dom.py [--scenario long-session] [--at 60s] [--runs 5] [--json]

Measures, with the recording imported into a private temporary cache:
- one-shot `replaydom dom ID --at T` and `replaydom snapshot ID --at T`, process start to output
  (median of `--runs`; the snapshot includes launching Chromium); targets: dom >= 5x faster and
  < 300 ms. `replaydom --version` and `python -c pass` give the CLI's and the interpreter's floor;
- 10 evenly spaced offsets in one process: `dom_at` per offset versus `Player.render` (HTML) and
  `Player.dom_tree` per offset with one warm browser; target: dom faster per offset.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchenv import private_env

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def _run(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = _ms(t)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return elapsed


def _median(args: list[str], env: dict[str, str], runs: int) -> dict[str, Any]:
    times = [_run(args, env) for _ in range(runs)]
    return {"median_ms": statistics.median(times), "runs_ms": times}


def one_shots(replay_id: str, at: str, runs: int, env: dict[str, str], out: Path) -> dict[str, Any]:
    replaydom = str(BIN / "replaydom")
    cold = _run([replaydom, "dom", replay_id, "--at", at], env)  # builds the index and the frame cache
    dom = _median([replaydom, "dom", replay_id, "--at", at], env, runs)
    snapshot = _median(
        [replaydom, "snapshot", replay_id, "--at", at, "--out", str(out)], env, max(3, runs // 2)
    )
    return {
        "interpreter_ms": _median([str(BIN / "python"), "-c", "pass"], env, runs)["median_ms"],
        "cli_floor_ms": _median([replaydom, "--version"], env, runs)["median_ms"],
        "dom_first_run_ms": cold,
        "dom": dom,
        "snapshot": snapshot,
        "speedup": round(snapshot["median_ms"] / dom["median_ms"], 1),
    }


def in_process(replay_id: str, count: int) -> dict[str, Any]:
    from replaydom.cli.dom import load_source
    from replaydom.dom.at import ViewOptions, dom_at
    from replaydom.player import Player
    from replaydom.replay import open_replay

    t = time.perf_counter()
    replay = open_replay(replay_id)
    source = load_source(replay)
    load_ms = _ms(t)
    first, last = (source.offset(x) for x in (source.timeline.first_ms or 0, source.timeline.last_ms or 0))
    offsets = [round(first + (last - first) * (i + 0.5) / count) for i in range(count)]
    dom_times = []
    for offset in offsets:
        t = time.perf_counter()
        dom_at(source, offset, ViewOptions(whole=True))
        dom_times.append(_ms(t))
    frames = [f for _, segment in replay.iter_segments() for f in segment]
    t = time.perf_counter()
    with Player() as player:
        start_ms = _ms(t)
        t = time.perf_counter()
        player.load(frames, replay.start_ms)
        player_load = _ms(t)
        html_times, tree_times = [], []
        for offset in offsets:
            t = time.perf_counter()
            player.render(offset)
            html_times.append(_ms(t))
            t = time.perf_counter()
            player.dom_tree(offset)
            tree_times.append(_ms(t))
    return {
        "offsets": offsets,
        "dom": {
            "load_ms": load_ms,
            "per_offset_ms": dom_times,
            "mean_ms": round(statistics.mean(dom_times), 1),
        },
        "player": {
            "browser_start_ms": start_ms,
            "load_ms": player_load,
            "render_html_ms": html_times,
            "mean_render_html_ms": round(statistics.mean(html_times), 1),
            "mean_dom_tree_ms": round(statistics.mean(tree_times), 1),
        },
        "speedup_per_offset": round(statistics.mean(html_times) / statistics.mean(dom_times), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="long-session")
    parser.add_argument("--at", default="60s")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--offsets", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dom-") as tmp:
        env = private_env(tmp)
        from replaydom.store.importer import import_recording

        replay_id = import_recording(ROOT / "fixtures" / "recordings" / args.scenario).replay_id
        report = {
            "scenario": args.scenario,
            "at": args.at,
            "one_shot": one_shots(replay_id, args.at, args.runs, env, Path(tmp) / "snapshots"),
            "ten_offsets": in_process(replay_id, args.offsets),
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    shot, ten = report["one_shot"], report["ten_offsets"]
    dom, player, one = ten["dom"], ten["player"], shot["dom"]
    print(f"{args.scenario} at {args.at}")
    print(f"  one-shot dom --at      {one['median_ms']:8.1f} ms (first run {shot['dom_first_run_ms']} ms)")
    snap = shot["snapshot"]["median_ms"]
    print(f"  one-shot snapshot --at {snap:8.1f} ms -> dom is {shot['speedup']}x faster")
    print(f"  floors: python {shot['interpreter_ms']} ms, `replaydom --version` {shot['cli_floor_ms']} ms")
    print(f"  {len(ten['offsets'])} offsets in one process:")
    print(f"    dom    {dom['mean_ms']} ms/offset (+{dom['load_ms']} ms load)")
    render, tree = player["mean_render_html_ms"], player["mean_dom_tree_ms"]
    print(f"    player {render} ms/offset render, {tree} ms/offset dom_tree")
    print(f"           (+{player['browser_start_ms']} ms start, +{player['load_ms']} ms load)")
    print(f"    -> dom {ten['speedup_per_offset']}x faster per offset")


if __name__ == "__main__":
    main()
