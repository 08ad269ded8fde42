"""Triage of many replays from the loopback Sentry with added latency: wall time and peak memory.

    .venv/bin/python bench/bench_triage.py [--replays 200] [--latency 0.1] [--concurrency 8]
                                           [--json]

The server (its own process, so it does not share the client's GIL) serves `--replays` replays
derived from the five shared recordings: each recording's real details, segments, events-meta rows
and event details (checkout-failure's TypeError), under new ids and start times, round-robin. Every
request waits `--latency` seconds. The client runs `analyze.triage` on all of them into a fresh
cache (`--limit` = `--replays`) and reports:

- cold wall time against the network-bound minimum `requests / concurrency x latency` (requests
  counted by the client: the replay list pages, then per replay the details, the segment pages, the
  two events-meta datasets and one event-details request per linked error). Target: <= 2x.
- local floor: the same cold triage from a server without added latency: what storing (one fsync'd
  file per segment, the index) and analyzing cost on this machine. When it is close to the network
  minimum, the 2x target measures the disk as much as the request scheduling.
- warm wall time: the same triage again, everything cached (only the list is requested).
- peak memory: a second cold triage under `tracemalloc` (Python heap peak of this process), next to
  the heap of the largest replay's normalized events alone (what "one replay's events at a time"
  allows), the process's max RSS, and the max RSS of the analysis process (triage indexes and
  analyzes in one spawned process when there is a second core; it holds one replay's events at a
  time).
- CPU seconds of the client process and of the analysis process, for each cold run: compare these
  rather than wall times while other work loads the machine.

Figures are noisy on a shared machine; the script prints what it measured, nothing is asserted.
"""

from __future__ import annotations

import argparse
import copy
import gc
import hashlib
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sentry_server import SentryServer, ServedReplay  # noqa: E402

from replaydom.analyze.triage import TriageOptions, candidates, triage  # noqa: E402
from replaydom.config import Config, load_config  # noqa: E402
from replaydom.sentry import client as client_mod  # noqa: E402
from replaydom.sentry.client import SentryClient  # noqa: E402

SCENARIOS = ("checkout-failure", "long-session", "masked-default", "slow-and-idle", "widgets")
FINISHED_S = 1795470016 + 5 * 3600


def derived_replays(count: int) -> list[ServedReplay]:
    """`count` replays: the shared recordings round-robin, each copy under a new id and start."""
    bases = [ServedReplay.from_scenario(name) for name in SCENARIOS]
    out = []
    for i in range(count):
        base = bases[i % len(bases)]
        rid = hashlib.sha256(f"triage-bench-{i}".encode()).hexdigest()[:32]
        details = {**copy.deepcopy(base.details), "id": rid}
        details["started_at"] = f"2026-11-23T{10 + i // 60 % 10:02d}:{i % 60:02d}:00+00:00"
        replay = ServedReplay(details, base.segments, copy.deepcopy(base.errors), clicks=base.clicks)
        replay.error_events = base.error_events
        replay._encoded = base.encoded(0, len(base.segments))  # shared, serialized once
        out.append(replay)
    return out


def serve(queue: Any, count: int, latency: float) -> None:
    with SentryServer(replays=derived_replays(count), latency_s=latency) as srv:
        queue.put(srv.env())
        time.sleep(24 * 3600)


def config_for(env: dict[str, str], cache: Path) -> Config:
    return load_config(
        env={**env, "REPLAYDOM_CACHE_DIR": str(cache), "HOME": str(cache), "REPLAYDOM_NOW": str(FINISHED_S)},
        cwd=cache,
    )


class Counter:
    """Counts every request the client makes (retries included)."""

    def __init__(self) -> None:
        self.n = 0
        self.original = SentryClient._get

        def counted(inner: SentryClient, *a: Any, **kw: Any) -> Any:
            self.n += 1
            return self.original(inner, *a, **kw)

        client_mod.SentryClient._get = counted  # type: ignore[method-assign]


def cpu_s() -> tuple[float, float]:
    """CPU seconds of this process and of its reaped children (the analysis process)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


LAST_RUN: dict[str, Any] = {}


def run_triage(env: dict[str, str], cache: Path, count: int, concurrency: int) -> tuple[float, Any]:
    """Wall seconds and report; `LAST_RUN` gets the CPU seconds (client, analysis process) and
    the triage's `stats` (analysis processes, their peak RSS)."""
    config = config_for(env, cache)
    opts = TriageOptions(org="acme", limit=count, concurrency=concurrency)
    stats: dict[str, Any] = {}
    t0, (c0, k0) = time.perf_counter(), cpu_s()
    with SentryClient(config, max_connections=concurrency + 4) as client:
        report = triage(client, config, opts, candidates(client, opts), stats=stats)
    wall, (c1, k1) = time.perf_counter() - t0, cpu_s()
    LAST_RUN.clear()
    LAST_RUN.update(cpuS=c1 - c0, analysisCpuS=k1 - k0, **stats)
    return wall, report


def one_replay_events_heap(cache: Path) -> tuple[int, str]:
    """Heap bytes of the largest cached replay's normalized events, loaded alone."""
    from replaydom.index import load_events
    from replaydom.store.bundle import Bundle

    dirs = sorted(p for p in cache.rglob("manifest.json") if (p.parent / "segments").is_dir())
    biggest = max(dirs, key=lambda p: sum(f.stat().st_size for f in (p.parent / "segments").iterdir()))
    bundle = Bundle(biggest.parent)
    load_events(bundle)  # build the index outside the measurement
    gc.collect()
    tracemalloc.start()
    events = load_events(bundle)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del events
    return size, bundle.replay_id


def measure(args: argparse.Namespace) -> dict[str, Any]:
    queue: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue, args.replays, args.latency), daemon=True)
    server.start()
    counter = Counter()
    out: dict[str, Any] = {"replays": args.replays, "latencyS": args.latency, "concurrency": args.concurrency}
    try:
        env = queue.get(timeout=120)
        with tempfile.TemporaryDirectory() as tmp:
            cold_s, report = run_triage(env, Path(tmp), args.replays, args.concurrency)
            cold_cpu = dict(LAST_RUN)
            requests = counter.n
            counter.n = 0
            warm_s, warm = run_triage(env, Path(tmp), args.replays, args.concurrency)
            out["warm"] = {"wallS": warm_s, "requests": counter.n, "counts": warm.counts}
            one_heap, biggest = one_replay_events_heap(Path(tmp))
        floor_queue: Any = multiprocessing.Queue()
        floor_server = multiprocessing.Process(
            target=serve, args=(floor_queue, args.replays, 0.0), daemon=True
        )
        floor_server.start()
        try:
            floor_env = floor_queue.get(timeout=120)
            with tempfile.TemporaryDirectory() as tmp:
                out["localFloorS"] = run_triage(floor_env, Path(tmp), args.replays, args.concurrency)[0]
                out["localFloorCpu"] = dict(LAST_RUN)
        finally:
            floor_server.terminate()
        minimum = requests / args.concurrency * args.latency
        out["cold"] = {
            "wallS": cold_s,
            "requests": requests,
            "networkBoundMinS": minimum,
            "ratio": cold_s / minimum,
            "targetMet": cold_s <= 2 * minimum,
            "counts": report.counts,
            "cpuS": cold_cpu["cpuS"],
            "analysisCpuS": cold_cpu["analysisCpuS"],
            "analysisWorkers": cold_cpu.get("analysisWorkers"),
            "top": [(r.id, r.score) for r in report.items[:3]],
        }
        with tempfile.TemporaryDirectory() as tmp:
            gc.collect()
            tracemalloc.start()
            run_triage(env, Path(tmp), args.replays, args.concurrency)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        out["memory"] = {
            "triagePeakHeapBytes": peak,
            "oneReplayEventsHeapBytes": one_heap,
            "largestReplay": biggest,
            "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "analysisWorkerMaxRssBytes": LAST_RUN.get("workerMaxRssBytes", 0),
        }
    finally:
        server.terminate()
    return out


def report(r: dict[str, Any]) -> str:
    c, w, m = r["cold"], r["warm"], r["memory"]
    mb = 1024 * 1024
    return "\n".join(
        [
            f"{r['replays']} replays, +{r['latencyS'] * 1000:.0f} ms per request, "
            f"concurrency {r['concurrency']}",
            f"cold      {c['wallS']:.2f} s for {c['requests']} requests; network-bound minimum "
            f"{c['requests']} / {r['concurrency']} x {r['latencyS'] * 1000:.0f} ms = "
            f"{c['networkBoundMinS']:.2f} s; ratio {c['ratio']:.2f}x "
            f"(target <= 2x: {'met' if c['targetMet'] else 'MISSED'})",
            f"cpu       client {c['cpuS']:.1f} s, analysis process(es) ({c['analysisWorkers']}) "
            f"{c['analysisCpuS']:.1f} s",
            f"floor     {r['localFloorS']:.2f} s: the same cold triage without added latency "
            f"(storage + analysis; cpu client {r['localFloorCpu']['cpuS']:.1f} s, analysis "
            f"{r['localFloorCpu']['analysisCpuS']:.1f} s)",
            f"warm      {w['wallS']:.2f} s, {w['requests']} requests (all cached: {w['counts']})",
            f"memory    triage peak heap {m['triagePeakHeapBytes'] / mb:.1f} MB; one replay's events alone "
            f"{m['oneReplayEventsHeapBytes'] / mb:.1f} MB (largest, {m['largestReplay'][:8]}); "
            f"max RSS {m['maxRssBytes'] / mb:.0f} MB; analysis process max RSS "
            f"{m['analysisWorkerMaxRssBytes'] / mb:.0f} MB",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replays", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every request")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
