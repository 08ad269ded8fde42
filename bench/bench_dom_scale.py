"""The DOM path at real-world scale: the hour-long derived replay of bench/scale_corpus.py.

    .venv/bin/python bench/bench_dom_scale.py [--corpus DIR] [--player N] [--json]

With the corpus imported into a private temporary cache (`--corpus` reuses a generated folder,
else it is generated first), measures, every command as a fresh process (start included):

- `import` versus an orjson parse of the same `segments.json` bytes (target <= 3x);
- building the DOM store (chunks + checkpoints) versus building the event index (normalize), and
  the store's disk size versus the stored segment files and the decoded JSON (targets <= 2x the
  normalize time, <= 1x the raw segment size);
- after the store exists: one-shot `dom ID --at T` at 10 evenly spaced T (target <= 1 s each) and
  its peak RSS; `--diff A..B`, `--from/--to` over 10 s and `--history NODE` (target <= 2 s);
- `--from/--to` over the whole replay: the first, middle and last page and `--kind mutation`
  (target <= 2 s and bounded memory for any page), wall, CPU and peak RSS;
- the worst cases of those views: `--history` of the section around the re-rendered table
  (touched all hour: the default, which stops at its budget, and `--full`), `--diff` over 5
  minutes and over the whole replay;
- `events`, `window`, `stats`, `struggles`, `search` (target <= 1 s each);
- side by side, the same one-shot `dom --at T` and a one-shot real rrweb Replayer (`player/`,
  Chromium start and loading the recording included) at the first `--player` of those T
  (target: dom >= 20x faster).

Figures are wall-clock on a shared machine: noisy, compare within one run. The package's bytecode
is compiled first, as an installed wheel has it: with PYTHONDONTWRITEBYTECODE set (as in the
development shells) every process would otherwise compile replaydom's sources again (~0.1 s).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
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
sys.path.insert(0, str(ROOT / "bench"))


CPU_MS: dict[str, float] = {}  # CPU ms (user + system) of the last process run per command line


def _run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall ms and peak RSS (KiB) of one process; its CPU time goes to `CPU_MS` (less sensitive
    than wall time to a loaded machine)."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    CPU_MS[" ".join(args[1:3])] = round((usage.ru_utime + usage.ru_stime) * 1000, 1)
    elapsed = round((time.perf_counter() - t) * 1000, 1)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err[-400:]}")
    return elapsed, usage.ru_maxrss


def _peak_kib(args: list[str], env: dict[str, str]) -> int:
    """Peak RSS of a command, from /usr/bin/time: `wait4`'s `ru_maxrss` of a child started from
    this (large) process counts the pre-exec copy of this process, so it cannot be used."""
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], env=env, capture_output=True, check=True)
    return int(done.stderr.decode().strip().splitlines()[-1])


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _player_one_shot(replay_id: str, offset: int, env: dict[str, str], timeout: float) -> tuple[float, str]:
    """A fresh process that starts Chromium, loads the recording up to T (what `snapshot --at T`
    does: a paused Replayer applies nothing later) and renders the DOM at T: its wall ms and "" or,
    when it ran past `timeout` s or failed, how (the Replayer's own limits count)."""
    script = "\n".join(
        [
            f"import sys; sys.path.insert(0, {str(ROOT)!r})",
            "from replaydom.player import Player",
            "from replaydom.replay import open_replay",
            f"replay = open_replay({replay_id!r})",
            "frames = (f for _, seg in replay.iter_segments() for f in seg)",
            "with Player() as p:",
            f"    p.load(frames, replay.start_ms, until_ms=replay.start_ms + {offset})",
            f"    p.render({offset})",
        ]
    )
    t = time.perf_counter()
    try:
        done = subprocess.run(
            [str(BIN / "python"), "-c", script], env=env, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return round((time.perf_counter() - t) * 1000, 1), "stopped"
    elapsed = round((time.perf_counter() - t) * 1000, 1)
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["?"]
        return elapsed, f"failed ({done.returncode}): {lines[-1][:160]}"
    return elapsed, ""


PARSE_RUNS = 5
IMPORT_RUNS = 3
_PARSE = """
import gc, sys, time, orjson
raw = open(sys.argv[1], "rb").read()
gc.disable()  # the parse alone: with the collector on, 20M new objects trigger full collections
t, c = time.perf_counter(), time.process_time()
orjson.loads(raw)
print((time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000)
"""


def _parse_once(path: Path) -> tuple[float, float]:
    """Wall and CPU ms of one orjson parse of `path` in a fresh process: the baseline. In this
    process the same parse ran 2.4 to 6.7 s depending on what the allocator held before."""
    done = subprocess.run([str(BIN / "python"), "-c", _PARSE, str(path)], capture_output=True, check=True)
    wall, cpu = done.stdout.decode().split()
    return round(float(wall), 1), round(float(cpu), 1)


def _progress(report: dict[str, Any], out: Path | None) -> None:
    print(json.dumps(report), file=sys.stderr, flush=True)
    if out is not None:
        out.write_text(json.dumps(report, indent=2))


def cpu_of_import() -> float:
    return next(v for k, v in CPU_MS.items() if k.startswith("import "))


def measure(
    corpus: Path, env: dict[str, str], player_runs: int, timeout: float, out: Path | None
) -> dict[str, Any]:
    report: dict[str, Any] = {}
    rd = str(BIN / "replaydom")
    raw = (corpus / "segments.json").read_bytes()
    runs = [_parse_once(corpus / "segments.json") for _ in range(PARSE_RUNS)]
    parse_ms, parse_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    provenance = json.loads((corpus / "provenance.json").read_text())
    # best of IMPORT_RUNS imports, each into a fresh cache (the last one is the one measured on)
    imports = []
    for n in range(IMPORT_RUNS):
        cache = env["REPLAYDOM_CACHE_DIR"] if n == IMPORT_RUNS - 1 else f"{env['REPLAYDOM_CACHE_DIR']}-{n}"
        imports.append(
            (_run([rd, "import", str(corpus)], {**env, "REPLAYDOM_CACHE_DIR": cache})[0], cpu_of_import())
        )
        if n < IMPORT_RUNS - 1:
            shutil.rmtree(cache, ignore_errors=True)
    import_ms = min(ms for ms, _ in imports)
    report.update(
        corpus=provenance,
        decoded_json_bytes=len(raw),
        orjson_parse_ms=parse_ms,
        orjson_parse_runs=[r[0] for r in runs],
        import_ms=import_ms,
        import_runs=[ms for ms, _ in imports],
    )
    report["import_vs_parse"] = round(import_ms / parse_ms, 2)
    report["cpu_ms_import_vs_parse"] = [min(cpu for _, cpu in imports), parse_cpu]
    _progress(report, out)
    from replaydom.dom.framestore import open_store, store_dir
    from replaydom.index import ensure_index
    from replaydom.replay import open_replay

    replay = open_replay(details_id(corpus))
    bundle = replay.bundle
    index_files = list(bundle.index_dir.glob("*"))
    for path in index_files:  # time the normalize/index build alone
        if path.is_file():
            path.unlink()
    t, c = time.perf_counter(), time.process_time()
    ensure_index(bundle)
    normalize_ms = round((time.perf_counter() - t) * 1000, 1)
    normalize_cpu = round((time.process_time() - c) * 1000, 1)
    t, c = time.perf_counter(), time.process_time()
    store = open_store(bundle)
    store_ms = round((time.perf_counter() - t) * 1000, 1)
    report["cpu_ms_store_vs_normalize"] = [round((time.process_time() - c) * 1000, 1), normalize_cpu]
    store_bytes = _size(store_dir(bundle, bundle.fingerprint()))
    segment_bytes = _size(bundle.segments_dir)
    rid = bundle.replay_id
    report.update(
        normalize_ms=normalize_ms,
        store_build_ms=store_ms,
        store_vs_normalize=round(store_ms / normalize_ms, 2),
        store_bytes=store_bytes,
        segment_file_bytes=segment_bytes,
        store_vs_segment_files=round(store_bytes / segment_bytes, 2),
        store_vs_decoded_json=round(store_bytes / len(raw), 3),
        chunks=len(store.chunks),
        checkpoints=len(store.checkpoints),
    )
    _progress(report, out)
    first, last = store.stamps[0] - replay.start_ms, store.stamps[-1] - replay.start_ms
    offsets = [round(first + (last - first) * (i + 0.5) / 10) for i in range(10)]
    at_ms, peaks, at_cpu = [], [], []
    for offset in offsets:
        ms, _ = _run([rd, "dom", rid, "--at", f"{offset}ms"], env)
        at_ms.append(ms)
        peaks.append(_peak_kib([rd, "dom", rid, "--at", f"{offset}ms"], env))
        at_cpu.append(CPU_MS[f"dom {rid}"])
    report["dom_at"] = {
        "offsets": offsets,
        "ms": at_ms,
        "max_ms": max(at_ms),
        "median_ms": statistics.median(at_ms),
        "peak_rss_mib": round(max(peaks) / 1024, 1),
        "cpu_ms": at_cpu,
        "max_cpu_ms": max(at_cpu),
    }
    _progress(report, out)
    mid = offsets[5]
    row = _row_node(rid, mid, env)
    cpu: dict[str, float] = {}

    def timed(name: str, args: list[str]) -> float:
        wall = _run(args, env)[0]
        cpu[name] = CPU_MS[" ".join(args[1:3])]
        return wall

    views = {
        "diff": timed("diff", [rd, "dom", rid, "--diff", f"{mid}ms..{mid + 10_000}ms", "--json"]),
        "from_to": timed("from_to", [rd, "dom", rid, "--from", f"{mid}ms", "--to", f"{mid + 10_000}ms"]),
        "history": timed("history", [rd, "dom", rid, "--history", str(row), "--json"]),
    }
    report["views_ms"] = views
    _progress(report, out)
    report["from_to_long"] = _long_span(rd, rid, round(first), round(last), env)
    # The worst cases: the section around the table, touched by every render and removal all hour
    # (the default history stops at its budget and prints the --from that continues; --full walks
    # it all), and diffs whose range holds renders (5 minutes: two; the whole replay: every one).
    hot = _node(rid, mid, "#report", env)
    whole = f"{round(first)}ms..{round(last) + 1}ms"
    report["history_hot_node"] = hot
    long_views = {
        "history_hot": timed("history_hot", [rd, "dom", rid, "--history", str(hot), "--json"]),
        "history_hot_full": timed(
            "history_hot_full", [rd, "dom", rid, "--history", str(hot), "--full", "--json"]
        ),
        "diff_5min": timed("diff_5min", [rd, "dom", rid, "--diff", f"{mid}ms..{mid + 300_000}ms", "--json"]),
        "diff_whole": timed("diff_whole", [rd, "dom", rid, "--diff", whole, "--json"]),
    }
    report["long_views_ms"] = long_views
    _progress(report, out)
    others = {
        "events": timed("events", [rd, "events", rid, "--json"]),
        "window": timed("window", [rd, "window", rid, "--at", f"{mid}ms", "--json"]),
        "stats": timed("stats", [rd, "stats", rid, "--json"]),
        "struggles": timed("struggles", [rd, "struggles", rid, "--json"]),
        "search": timed("search", [rd, "search", rid, "recommendations", "--json"]),
    }
    report["other_commands_ms"] = others
    report["cpu_ms"] = cpu
    _progress(report, out)
    side = []
    for offset in offsets[:player_runs]:
        dom_ms = _run([rd, "dom", rid, "--at", f"{offset}ms"], env)[0]
        player_ms, how = _player_one_shot(rid, offset, env, timeout)
        side.append(
            {
                "offsetMs": offset,
                "dom_ms": dom_ms,
                "replayer_ms": player_ms,
                "replayer": how or "rendered",
                "speedup": f"> {player_ms / dom_ms:.0f}" if how else round(player_ms / dom_ms, 1),
            }
        )
        report["side_by_side"] = side
        _progress(report, out)
    return report


def _timed_page(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall, CPU (user + system) and peak RSS of one `dom --from/--to --json` page (through
    /usr/bin/time: see `_peak_kib`), with its item count and the range's total."""
    t = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M", *args, "--json"], env=env, capture_output=True, check=True
    )
    wall = round((time.perf_counter() - t) * 1000, 1)
    user, system, peak = done.stderr.decode().strip().splitlines()[-1].split()
    page = json.loads(done.stdout)
    truncated = page.get("truncated") or {}
    return {
        "ms": wall,
        "cpu_ms": round((float(user) + float(system)) * 1000, 1),
        "peak_rss_mib": round(int(peak) / 1024, 1),
        "items": len(page["items"]),
        "total": truncated.get("total", len(page["items"])),
    }


def _long_span(rd: str, rid: str, first: int, last: int, env: dict[str, str]) -> dict[str, Any]:
    """`dom --from/--to` over the whole replay, one fresh process per page (target <= 2 s and
    bounded memory for any page): the first, middle and last page of every kind, and the first
    page of `--kind mutation` (every re-render of the table is an item of it)."""
    span = [rd, "dom", rid, "--from", f"{first}ms", "--to", f"{last}ms"]
    first_page = _timed_page(span, env)
    total = int(first_page["total"])
    middle = (total // 2) // 200 * 200
    pages = {
        "offset 0": first_page,
        f"offset {middle}": _timed_page([*span, "--offset", str(middle)], env),
        f"offset {max(0, total - 200)}": _timed_page([*span, "--offset", str(max(0, total - 200))], env),
        "kind mutation, offset 0": _timed_page([*span, "--kind", "mutation"], env),
    }
    return {"fromMs": first, "toMs": last, "total": total, "pages": pages}


def details_id(corpus: Path) -> str:
    return str(json.loads((corpus / "details.json").read_text())["id"])


def _row_node(replay_id: str, offset: int, env: dict[str, str]) -> int:
    """A table row's node id at an offset (what `--history` follows)."""
    return _node(replay_id, offset, "tbody tr", env)


def _node(replay_id: str, offset: int, css: str, env: dict[str, str]) -> int:
    """The node id of the first match of `css` at an offset."""
    out = subprocess.run(
        [str(BIN / "replaydom"), "dom", replay_id, "--at", f"{offset}ms", "--css", css, "--json"],
        env=env,
        capture_output=True,
        check=True,
    )
    return int(json.loads(out.stdout)["root"]["nodeId"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder made by bench/scale_corpus.py")
    parser.add_argument("--player", type=int, default=2, help="instants measured with the Replayer")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a Replayer one-shot may take")
    parser.add_argument("--out", type=Path, help="also write the report here, as it grows")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "replaydom", quiet=1)
    compileall.compile_dir(ROOT / "player", quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-dom-scale-") as tmp:
        env = private_env(tmp)
        corpus = args.corpus
        if corpus is None:
            import scale_corpus

            corpus = Path(tmp) / "hour"
            scale_corpus.write(corpus, *scale_corpus.hour_long())
        report = measure(corpus, env, args.player, args.timeout, args.out)
    report["bench_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
