"""The import's read path on a big body, beside an orjson parse of the same bytes.

    .venv/bin/python bench/bench_import_io.py [--corpus DIR] [--rounds N] [--json]

`DIR` is a recording folder made by `bench/scale_corpus.py` (the hour-long derived replay is
generated first when none is given); its details give the replay id. Each round, every figure from
a fresh process in a private cache:

- `parse`: orjson of the whole `segments.json` (`bench_dom_scale.py`'s baseline);
- `read`: `jsonstream.iter_array` over the body alone (user and system CPU, minor page faults: the
  fault count does not depend on the machine's load);
- `import`: `replaydom import DIR`, then `reimport` (the same recording again: replaced, not refused);
- `refused`: `import DIR` while another recording (a shared fixture imported with `--id` of DIR's
  replay) holds its id: refused with exit 2 at the first differing segment.

Wall and CPU ms (user and system apart, every thread and the import's segment-writer child) and
minor page faults; min and median over the rounds, and import over parse (best over best, median
over median). Figures on a shared machine are noisy: compare CPU within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchenv import private_env

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
OTHER = ROOT / "fixtures" / "recordings" / "long-session"

_READ = """
import gc, resource, sys
from pathlib import Path
from replaydom.store.jsonstream import iter_array
gc.disable()  # as the importer reads (`collector_paused`)
r0 = resource.getrusage(resource.RUSAGE_SELF)
count = sum(1 for _ in iter_array(Path(sys.argv[1])))
r1 = resource.getrusage(resource.RUSAGE_SELF)
user, system = (r1.ru_utime - r0.ru_utime) * 1000, (r1.ru_stime - r0.ru_stime) * 1000
print(count, user, system, r1.ru_minflt - r0.ru_minflt)
"""


# `bench_dom_scale.py`'s parse baseline (wall: orjson.loads of the whole body, after reading it,
# in a fresh process), with its user and system CPU and minor page faults told apart.
_PARSE = """
import gc, resource, sys, time, orjson
raw = open(sys.argv[1], "rb").read()
gc.disable()
r0 = resource.getrusage(resource.RUSAGE_SELF)
t = time.perf_counter()
orjson.loads(raw)
wall = (time.perf_counter() - t) * 1000
r1 = resource.getrusage(resource.RUSAGE_SELF)
user, system = (r1.ru_utime - r0.ru_utime) * 1000, (r1.ru_stime - r0.ru_stime) * 1000
print(wall, user, system, r1.ru_minflt - r0.ru_minflt)
"""


def run(args: list[str], env: dict[str, str], expect: int = 0) -> tuple[dict[str, float], str]:
    """Wall and CPU ms of one process and the children it reaped (the import's segment writer),
    user and system apart, and its minor page faults; it must exit `expect`. Also its stdout."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if code != expect:
        raise SystemExit(f"{' '.join(args)} exited {code}, not {expect}: {err[-400:]}")
    out = proc.stdout.read().decode() if proc.stdout else ""
    user, system = usage.ru_utime * 1000, usage.ru_stime * 1000
    figures = {"wall_ms": wall, "cpu_ms": user + system, "user_ms": user, "sys_ms": system}
    return {**figures, "minflt": float(usage.ru_minflt)}, out


def one_round(corpus: Path, rid: str, env: dict[str, str]) -> dict[str, dict[str, float]]:
    body = corpus / "segments.json"
    _, out = run([PY, "-c", _PARSE, str(body)], env)
    wall, user, system, faults = map(float, out.split())
    parse = {"wall_ms": wall, "cpu_ms": user + system, "user_ms": user, "sys_ms": system}
    figures: dict[str, dict[str, float]] = {"parse": {**parse, "minflt": faults}}
    read, out = run([PY, "-c", _READ, str(body)], env)
    _, user, system, faults = map(float, out.split())
    figures["read"] = {**read, "user_ms": user, "sys_ms": system, "minflt": faults}
    cache = Path(env["REPLAYDOM_CACHE_DIR"])
    subprocess.run(["rm", "-rf", str(cache)], check=True)
    figures["import"] = run([PY, "-m", "replaydom", "import", str(corpus)], env)[0]
    figures["reimport"] = run([PY, "-m", "replaydom", "import", str(corpus)], env)[0]
    subprocess.run(["rm", "-rf", str(cache)], check=True)
    run([PY, "-m", "replaydom", "import", str(OTHER), "--id", rid], env)
    figures["refused"] = run([PY, "-m", "replaydom", "import", str(corpus)], env, expect=2)[0]
    return figures


def summary(rounds: list[dict[str, dict[str, float]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in rounds[0]:
        for key in rounds[0][name]:
            values = [r[name][key] for r in rounds]
            out[f"{name}.{key}"] = {
                "min": round(min(values), 1),
                "median": round(statistics.median(values), 1),
            }
    for unit in ("cpu", "wall"):  # best against best, as bench_dom_scale.py compares, and medians
        for stat in ("min", "median"):
            ratio = out[f"import.{unit}_ms"][stat] / out[f"parse.{unit}_ms"][stat]
            out[f"import_over_parse_{unit}_{'best' if stat == 'min' else stat}"] = round(ratio, 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder made by bench/scale_corpus.py")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="replaydom-bench-io-") as tmp:
        env = private_env(tmp)
        corpus = args.corpus
        if corpus is None:
            import scale_corpus

            corpus = Path(tmp) / "hour"
            scale_corpus.write(corpus, *scale_corpus.hour_long())
        rid = str(json.loads((corpus / "details.json").read_text())["id"]).replace("-", "")
        rounds = []
        for i in range(args.rounds):
            rounds.append(one_round(corpus, rid, env))
            print(f"round {i + 1}: {json.dumps(rounds[-1])}", file=sys.stderr, flush=True)
    result = summary(rounds)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:40} {value}")


if __name__ == "__main__":
    main()
