"""Normalize + index throughput on a large replay, and `events --kind click --jsonl` against jq.

    .venv/bin/python bench/bench_normalize.py [--copies 92] [--runs 10] [--json]

The large replay is long-session repeated `--copies` times, each copy shifted in time by the
session's length (rrweb `timestamp` in ms, breadcrumb `payload.timestamp` and span
`payload.startTimestamp`/`endTimestamp` in seconds, top-level custom timestamps in their own unit),
so it is a real SDK stream, only longer: 92 copies give ~130k frames, ~100k events, ~115 MB of
segment JSON. It is imported into a private temporary cache (`REPLAYDOM_CACHE_DIR`), then:

- parse: bare `orjson.loads` of every decompressed segment (the bytes already in memory);
- index: parse + `normalize` + `write_index_files` (events.jsonl, per-kind files, derived views)
  on the same bytes; the target is index <= 3 x parse. `build_index(bundle)` is also timed as a
  whole, with the store's own segment reading (gunzip + checksum + parse) shown apart;
- memory: peak traced Python allocations of the parse + normalize + index pass (tracemalloc), and
  the largest raw segment for scale;
- query: `replaydom events <id> --kind click --jsonl --limit 10000000` vs
  `jq -c 'select(.kind=="click")' index/events.jsonl`, wall time including start-up (hyperfine
  when installed, else a timed loop), next to `replaydom --version` (the CLI's start-up alone);
  the target is faster than jq and < 300 ms.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import orjson
from benchenv import private_env

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "recordings" / "long-session"
BIN = Path(sys.executable).parent / "replaydom"


def _shift(frame: Any, dt_ms: float) -> Any:
    """A copy of `frame` moved `dt_ms` later, every time field in its own unit."""
    if not isinstance(frame, dict):
        return frame
    out = dict(frame)
    ts = out.get("timestamp")
    if isinstance(ts, int | float):
        out["timestamp"] = ts + (dt_ms if ts > 9_999_999_999 else dt_ms / 1000)
    data = out.get("data")
    if isinstance(data, dict) and isinstance(data.get("payload"), dict):
        payload = dict(data["payload"])
        for key in ("timestamp", "startTimestamp", "endTimestamp"):
            if isinstance(payload.get(key), int | float):
                payload[key] = payload[key] + dt_ms / 1000
        out["data"] = {**data, "payload": payload}
    return out


def build_recording(copies: int, folder: Path) -> dict[str, Any]:
    """Write a scaled `segments.json` + `details.json` into `folder`; return its sizes."""
    segments = json.loads(gzip.decompress((SOURCE / "segments.json.gz").read_bytes()))
    details = json.loads((SOURCE / "details.json").read_text())
    stamps = [f["timestamp"] for seg in segments for f in seg if f.get("type") != 5]
    span_ms = max(stamps) - min(stamps) + 1000
    folder.mkdir(parents=True, exist_ok=True)
    total = frames = largest = 0
    with open(folder / "segments.json", "wb") as fh:
        fh.write(b"[")
        first = True
        for c in range(copies):
            for seg in segments:
                body = orjson.dumps([_shift(f, c * span_ms) for f in seg])
                fh.write(body if first else b"," + body)
                first = False
                total += len(body)
                frames += len(seg)
                largest = max(largest, len(body))
        fh.write(b"]")
    end = details["finished_at"]
    shifted_end = time.strftime(
        "%Y-%m-%dT%H:%M:%S+00:00",
        time.gmtime(
            time.mktime(time.strptime(end[:19], "%Y-%m-%dT%H:%M:%S"))
            - time.timezone
            + (copies - 1) * span_ms / 1000
        ),
    )
    details = {
        **copy.deepcopy(details),
        "id": "b" * 32,
        "finished_at": shifted_end,
        "count_segments": copies * len(segments),
    }
    (folder / "details.json").write_text(json.dumps(details))
    return {
        "copies": copies,
        "segments": copies * len(segments),
        "frames": frames,
        "bytes": total,
        "largestSegmentBytes": largest,
    }


def _timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def measure_index(bundle: Any, work: Path) -> dict[str, Any]:
    """Bare parse vs parse + normalize + index writes, on the same decompressed bytes."""
    from replaydom.frames.normalize import normalize
    from replaydom.index import build_index, write_index_files

    raws = [gzip.decompress(bundle.segment_path(p).read_bytes()) for p in bundle.positions()]

    (work / "index").mkdir(exist_ok=True)  # write_index_files writes into an existing directory

    def parse_only() -> None:
        for raw in raws:
            orjson.loads(raw)

    def pipeline() -> int:
        segments = ((i, orjson.loads(raw)) for i, raw in enumerate(raws))
        result = normalize(
            segments, replay_id=bundle.replay_id, details=bundle.details(), errors=bundle.errors()
        )
        write_index_files(work / "index", result)
        return len(result.events)

    parse_s = min(_timed(parse_only)[0] for _ in range(3))
    pipeline_s, events = min(_timed(pipeline) for _ in range(2))
    tracemalloc.start()
    pipeline()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    raws.clear()
    read_s, _ = _timed(lambda: sum(len(seg) for _, seg in bundle.iter_segments()))
    index_s, info = _timed(lambda: build_index(bundle))
    size = sum(p.stat().st_size for p in Path(bundle.index_dir).rglob("*") if p.is_file())
    return {
        "events": events,
        "orjsonParseS": round(parse_s, 3),
        "normalizeIndexS": round(pipeline_s, 3),
        "ratioToParse": round(pipeline_s / parse_s, 2),
        "peakTracedMB": round(peak / 1e6, 1),
        "storeReadSegmentsS": round(read_s, 3),
        "buildIndexS": round(index_s, 3),
        "indexBytes": size,
        "clicks": info.counts.get("click", 0),
    }


def measure_query(replay_id: str, events_file: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    ours = f"{BIN} events {replay_id} --kind click --jsonl --limit 10000000"
    jq = f"jq -c 'select(.kind==\"click\")' {events_file}"
    startup = f"{BIN} --version"
    same = subprocess.run(ours, shell=True, env=env, capture_output=True).stdout
    theirs = subprocess.run(jq, shell=True, capture_output=True).stdout
    agree = [json.loads(x) for x in same.splitlines()] == [json.loads(x) for x in theirs.splitlines()]
    if shutil.which("hyperfine"):
        out = Path(tempfile.mkdtemp()) / "hf.json"
        subprocess.run(
            [
                "hyperfine",
                "-N",
                "--warmup",
                "2",
                "--runs",
                str(runs),
                "--export-json",
                str(out),
                "--output",
                "null",
                ours,
                jq,
                startup,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        results = json.loads(out.read_text())["results"]
        ms = [round(r["mean"] * 1000, 1) for r in results]
        tool = "hyperfine"
    else:
        ms = [_loop(cmd, runs, env) for cmd in (ours, jq, startup)]
        tool = "loop"
    return {
        "replaydomMs": ms[0],
        "jqMs": ms[1],
        "cliStartupMs": ms[2],
        "sameOutput": agree,
        "tool": tool,
        "lines": len(same.splitlines()),
    }


def _loop(cmd: str, runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, shell=True, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return round(statistics.mean(times) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=92)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="replaydom-bench-"))
    private_env(str(work))
    try:
        sys.path.insert(0, str(ROOT))
        from replaydom.store.importer import import_recording

        sizes = build_recording(args.copies, work / "recording")
        import_s, bundle = _timed(lambda: import_recording(work / "recording"))
        report = {"recording": sizes, "importS": round(import_s, 2), "index": measure_index(bundle, work)}
        report["query"] = measure_query(
            bundle.replay_id, Path(bundle.index_dir) / "events.jsonl", args.runs, dict(os.environ)
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    r, i, q = report["recording"], report["index"], report["query"]
    print(
        f"recording: {r['frames']} frames in {r['segments']} segments, {r['bytes'] / 1e6:.1f} MB JSON "
        f"(largest segment {r['largestSegmentBytes'] / 1e6:.2f} MB); import {report['importS']} s"
    )
    print(
        f"index:     {i['events']} events; orjson parse {i['orjsonParseS']} s; parse + normalize + index "
        f"writes {i['normalizeIndexS']} s = {i['ratioToParse']}x parse; peak traced {i['peakTracedMB']} MB; "
        f"index {i['indexBytes'] / 1e6:.1f} MB"
    )
    print(
        f"store:     build_index from the bundle {i['buildIndexS']} s, of which reading the stored segments "
        f"(gunzip + checksum + parse) {i['storeReadSegmentsS']} s"
    )
    print(
        f"query:     events --kind click --jsonl ({q['lines']} lines) {q['replaydomMs']} ms vs jq "
        f"{q['jqMs']} ms; CLI start-up alone (--version) {q['cliStartupMs']} ms ({q['tool']}; "
        f"same output: {q['sameOutput']})"
    )


if __name__ == "__main__":
    main()
