"""Byte-identity check of `replaydom dom --at` between two source trees (a speed change must not
change one byte of stdout, stderr or the exit code).

    # once, with the tree before the change (e.g. `git archive BASE replaydom | tar -x -C /tmp/base`)
    .venv/bin/python bench/dom_at_identity.py record /tmp/base /tmp/out-base --cache /tmp/me-cache \
        [--corpus /work/scale/hour]
    # then with the changed tree, and compare
    .venv/bin/python bench/dom_at_identity.py record . /tmp/out-new --cache /tmp/me-cache [--corpus ...]
    .venv/bin/python bench/dom_at_identity.py compare /tmp/out-base /tmp/out-new

`record` imports every fixture recording (and the corpus, when given) into the private cache, then
runs `dom ID --at T` with several view flags (`--json`, `--lens interactive`, `--css`, `--node`,
`--html`, `--all`, `--depth/--max-nodes`, `--redact`) at evenly spaced instants, at the instants of
clicks (the clicked-element marking) and past the replay's end, on every replay; on the corpus, 10
evenly spaced instants. Each run's stdout, stderr and exit code are written under the output folder.
The source tree is put first on `sys.path` (the editable install would otherwise win), so two trees
run with the same interpreter and the same cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "recordings"
# Runs `replaydom.cli.main` from the tree given as first argument, whatever is installed.
_LAUNCH = (
    "import sys\n"
    "sys.path.insert(0, sys.argv.pop(1))\n"
    "sys.argv[0] = 'replaydom'\n"
    "from replaydom.cli import main\n"
    "main()\n"
)
FIXTURE_VIEWS: list[list[str]] = [
    [],
    ["--json"],
    ["--lens", "interactive"],
    ["--lens", "interactive", "--json"],
    ["--all"],
    ["--html"],
    ["--css", "div"],
    ["--css", "button", "--json"],
    ["--css", "body *", "--depth", "1"],
    ["--depth", "2", "--max-nodes", "20"],
    ["--max-nodes", "5", "--json"],
    ["--redact", "--json"],
    ["--node", "1"],
    ["--node", "12", "--html"],
]
# The command line itself: help, version and usage errors read the same with one command registered.
CLI_CASES: list[list[str]] = [
    [],
    ["--help"],
    ["--version"],
    ["dom", "--help"],
    ["events", "--help"],
    ["cache", "--help"],
    ["cache", "ls", "--help"],
    ["skill", "--help"],
    ["evnts"],
    ["dom"],
    ["dom", "x", "--at", "1s", "--bogus"],
    ["dom", "x", "--depth", "-1", "--at", "1s"],
]
CORPUS_VIEWS: list[list[str]] = [[], ["--json"], ["--lens", "interactive", "--json"], ["--all", "--json"]]
CORPUS_ONCE: list[list[str]] = [["--css", "tbody", "--json"], ["--css", "tr"], ["--html"]]


def _cli(src: Path, args: list[str], cache: Path) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(cache), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, str(src.resolve()), *args], env=env, capture_output=True, check=False
    )
    return done.returncode, done.stdout, done.stderr


def _events(src: Path, replay_id: str, cache: Path) -> list[dict[str, Any]]:
    code, out, err = _cli(src, ["events", replay_id, "--jsonl", "--limit", "100000"], cache)
    if code != 0:
        raise SystemExit(f"events {replay_id} failed: {err.decode()}")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _import(src: Path, folder: Path, cache: Path) -> str:
    """The replay id of a recording folder, imported unless the cache holds it already (a new
    import would drop its DOM store, which takes long to rebuild on the corpus)."""
    details = json.loads((folder / "details.json").read_text())
    replay_id = str(details.get("id") or details.get("data", {}).get("id") or "")
    if not replay_id:
        raise SystemExit(f"no replay id in {folder}/details.json")
    if _cli(src, ["view", replay_id, "--json"], cache)[0] != 0:
        code, _out, err = _cli(src, ["import", str(folder)], cache)
        if code != 0:
            raise SystemExit(f"import {folder} failed ({code}): {err.decode()}")
    return replay_id


def _spaced(events: list[dict[str, Any]], count: int) -> list[int]:
    offsets = [e["offsetMs"] for e in events if isinstance(e.get("offsetMs"), int)]
    if not offsets:
        return [0]
    low, high = min(offsets), max(offsets)
    return sorted({low + (high - low) * i // max(count - 1, 1) for i in range(count)})


def fixture_cases(src: Path, cache: Path) -> list[list[str]]:
    cases: list[list[str]] = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        replay_id = _import(src, folder, cache)
        events = _events(src, replay_id, cache)
        clicks = [e for e in events if str(e.get("kind", "")).endswith("click")][:3]
        instants = _spaced(events, 5) + [e["offsetMs"] for e in clicks]
        instants.append(max(instants) + 60_000)  # past the end: the "replay ends at" note
        for at in dict.fromkeys(instants):
            cases.extend(["dom", replay_id, "--at", f"{at}ms", *view] for view in FIXTURE_VIEWS)
        for click in clicks:
            if isinstance(click.get("nodeId"), int):
                cases.append(
                    ["dom", replay_id, "--at", f"{click['offsetMs']}ms", "--node", str(click["nodeId"])]
                )
        cases.append(["dom", replay_id, "--at", "-5s"])  # bad input keeps its message and exit code
    return cases


def corpus_cases(src: Path, corpus: Path, cache: Path) -> list[list[str]]:
    replay_id = _import(src, corpus, cache)
    code, out, err = _cli(src, ["stats", replay_id, "--json"], cache)
    if code != 0:
        raise SystemExit(f"stats failed: {err.decode()}")
    duration = int(json.loads(out)["durationMs"])
    instants = [duration * i // 10 + 1000 for i in range(10)]
    clicks = [e for e in _events(src, replay_id, cache) if e.get("kind") == "click"]
    instants += [e["offsetMs"] for e in clicks[:: max(len(clicks) // 2, 1)][:2]]  # the clicked marking
    cases = [["dom", replay_id, "--at", f"{at}ms", *view] for at in instants for view in CORPUS_VIEWS]
    cases += [["dom", replay_id, "--at", "180748ms", *view] for view in CORPUS_ONCE]
    return cases


def record(src: Path, out: Path, cache: Path, corpus: Path | None, jobs: int) -> None:
    cases = CLI_CASES + fixture_cases(src, cache)
    if corpus is not None:
        cases += corpus_cases(src, corpus, cache)
    out.mkdir(parents=True, exist_ok=True)

    def one(item: tuple[int, list[str]]) -> dict[str, Any]:
        number, args = item
        code, stdout, stderr = _cli(src, args, cache)
        (out / f"{number:04d}.out").write_bytes(stdout)
        (out / f"{number:04d}.err").write_bytes(stderr)
        return {"n": number, "args": args, "exit": code, "out": hashlib.sha256(stdout).hexdigest()}

    with ThreadPoolExecutor(jobs) as pool:
        rows = list(pool.map(one, enumerate(cases)))
    (out / "index.json").write_text(json.dumps(rows, indent=1))
    print(f"recorded {len(rows)} runs in {out} (exit codes: {sorted({r['exit'] for r in rows})})")


def compare(base: Path, new: Path) -> int:
    left = json.loads((base / "index.json").read_text())
    right = json.loads((new / "index.json").read_text())
    if [r["args"] for r in left] != [r["args"] for r in right]:
        print("the two records ran different cases")
        return 1
    differ = 0
    for a, b in zip(left, right, strict=True):
        name = f"{a['n']:04d}"
        same = a["exit"] == b["exit"] and all(
            (base / f"{name}.{part}").read_bytes() == (new / f"{name}.{part}").read_bytes()
            for part in ("out", "err")
        )
        if not same:
            differ += 1
            print(f"DIFFERS {name}: replaydom {' '.join(a['args'])}")
    print(f"{len(left) - differ} of {len(left)} runs identical (stdout, stderr, exit code)")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="mode", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("src", type=Path, help="the source tree (folder holding replaydom/)")
    rec.add_argument("out", type=Path)
    rec.add_argument("--cache", type=Path, required=True, help="a private cache folder")
    rec.add_argument("--corpus", type=Path, help="the hour-long corpus (bench/scale_corpus.py output)")
    rec.add_argument("--jobs", type=int, default=2)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("base", type=Path)
    cmp_.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.mode == "record":
        record(args.src, args.out, args.cache, args.corpus, args.jobs)
        return 0
    return compare(args.base, args.new)


if __name__ == "__main__":
    raise SystemExit(main())
