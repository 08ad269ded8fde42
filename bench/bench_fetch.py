"""Segment download: serial versus concurrent pages, from the loopback Sentry with added latency.

    .venv/bin/python bench/bench_fetch.py [--segments 500] [--latency 0.1] [--concurrency 6]
                                          [--runs 5] [--json]

The replay is long-session's real segments repeated to `--segments` (times shifted per copy), served
by `tests/sentry_server.py` with `--latency` seconds added to every request. Two figures per mode,
each the median of `--runs` runs:

- download: every recording-segments page requested through `SentryClient` with a pool of 1
  (serial) or `--concurrency` workers, bodies decoded, nothing stored. This is the segment-download
  phase; the target is concurrent <= 1.5 x ceil(pages / concurrency) round trips.
- fetch: a whole `replaydom fetch`: the details request (one more round trip), the same pages,
  atomic storage of one gzip file per segment (temp file, fsync, rename, directory fsync) and the
  manifest updates, into a fresh temporary cache. The index build is left out (bench_normalize.py
  measures it).

The server runs in its own process so that it does not compete with the client for the GIL.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import statistics
import sys
import tempfile
import time
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sentry_server import SentryServer, ServedReplay  # noqa: E402

from replaydom.config import Config, load_config  # noqa: E402
from replaydom.sentry import api  # noqa: E402
from replaydom.sentry.client import SentryClient  # noqa: E402
from replaydom.store.fetch import FetchOptions, fetch_replay  # noqa: E402
from replaydom.targets import parse_target  # noqa: E402

FINISHED = 1795470016000 + 5 * 3_600_000


def serve(queue: Any, segments: int, latency: float) -> None:
    """Run the loopback Sentry in its own process, so it does not share the client's GIL."""
    replay = ServedReplay.synthetic(segments)
    replay.encoded(0, segments)  # serialize once, outside the timings
    with SentryServer(replays=[replay], latency_s=latency) as srv:
        queue.put((srv.env(), replay.id))
        time.sleep(24 * 3600)


def config_for(env: dict[str, str], cache: Path) -> Config:
    return load_config(env={**env, "REPLAYDOM_CACHE_DIR": str(cache), "HOME": str(cache)}, cwd=cache)


def download(env: dict[str, str], rid: str, segments: int, workers: int) -> float:
    """Wall seconds to request and decode every page with `workers` concurrent requests."""
    offsets = range(0, segments, api.SEGMENTS_PER_PAGE)
    with tempfile.TemporaryDirectory() as tmp, SentryClient(config_for(env, Path(tmp))) as client:
        api.replay_details(client, "acme", rid)  # warm up like a fetch does
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pages = list(pool.map(lambda o: api.segment_page(client, "acme", "web", rid, o), offsets))
        elapsed = time.perf_counter() - t0
    assert sum(len(p.segments) for p in pages) == segments
    return elapsed


def full_fetch(env: dict[str, str], rid: str, segments: int, workers: int) -> float:
    """Wall seconds of a whole fetch: details, pages, atomic storage and manifest updates."""
    with tempfile.TemporaryDirectory() as tmp:
        config = config_for(env, Path(tmp))
        options = FetchOptions(include=frozenset(), concurrency=workers)
        with SentryClient(config) as client:
            t0 = time.perf_counter()
            report = fetch_replay(
                client, parse_target(f"acme/web/{rid}"), config, options, clock=lambda: FINISHED
            )
            elapsed = time.perf_counter() - t0
        assert report.bundle.is_complete and report.bundle.segment_count() == segments
        return elapsed


def measure(args: argparse.Namespace) -> dict[str, Any]:
    pages = math.ceil(args.segments / api.SEGMENTS_PER_PAGE)
    rounds = math.ceil(pages / args.concurrency)
    out: dict[str, Any] = {
        "segments": args.segments,
        "pages": pages,
        "latencyS": args.latency,
        "concurrency": args.concurrency,
        "runs": args.runs,
    }
    queue: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue, args.segments, args.latency), daemon=True)
    server.start()
    try:
        env, rid = queue.get(timeout=60)
        for name, workers in (("serial", 1), ("concurrent", args.concurrency)):
            runs = range(args.runs)
            out[name] = {
                "downloadS": statistics.median(download(env, rid, args.segments, workers) for _ in runs),
                "fetchS": statistics.median(full_fetch(env, rid, args.segments, workers) for _ in runs),
            }
    finally:
        server.terminate()
    # Two readings of "round trip": the added latency alone, and what one page really costs
    # (serial download / pages: latency + transfer + JSON decoding, which holds the GIL).
    measured_rt = out["serial"]["downloadS"] / pages
    out["target"] = {
        "roundTrips": rounds,
        "latencyRoundTripS": args.latency,
        "measuredRoundTripS": measured_rt,
        "byLatencyS": 1.5 * rounds * args.latency,
        "byMeasuredS": 1.5 * rounds * measured_rt,
    }
    out["target"]["metByLatency"] = out["concurrent"]["downloadS"] <= out["target"]["byLatencyS"]
    out["target"]["metByMeasured"] = out["concurrent"]["downloadS"] <= out["target"]["byMeasuredS"]
    out["speedup"] = {k: out["serial"][k] / out["concurrent"][k] for k in ("downloadS", "fetchS")}
    return out


def report(r: dict[str, Any]) -> str:
    s, c, t, n = r["serial"], r["concurrent"], r["target"], r["concurrency"]
    head = f"{r['segments']} segments in {r['pages']} pages, +{r['latencyS'] * 1000:.0f} ms per request"
    lines = [f"{head}, median of {r['runs']} runs"]
    notes = (("downloadS", "download", ""), ("fetchS", "fetch", "  (details + pages + atomic storage)"))
    for key, label, note in notes:
        times = f"serial {s[key]:.3f} s   concurrent({n}) {c[key]:.3f} s"
        lines.append(f"{label:<9} {times}   x{r['speedup'][key]:.1f}{note}")
    for label, rt, goal, met in (
        ("added latency", t["latencyRoundTripS"], t["byLatencyS"], t["metByLatency"]),
        ("measured page", t["measuredRoundTripS"], t["byMeasuredS"], t["metByMeasured"]),
    ):
        rule = f"1.5 x {t['roundTrips']} x {rt * 1000:.0f} ms ({label}) = {goal:.3f} s"
        lines.append(f"target    concurrent download <= {rule}: {'met' if met else 'MISSED'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every request")
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    # The index build is benchmarked elsewhere; keep it out of these timings.
    sys.modules["replaydom.index"] = types.ModuleType("replaydom.index")
    result = measure(args)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
