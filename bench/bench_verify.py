"""What a plain `fetch` of a finished replay costs now that it verifies the bundle first.

    .venv/bin/python bench/bench_verify.py [--segments 2000] [--runs 5] [--json]

The replay is long-session's real segments repeated to `--segments`, fetched once from the loopback
Sentry into a temporary cache. Then, each the median of `--runs`:

- verify: `verify_bundle` alone (every segment decompressed and its sha256 compared, the metadata
  and related files checked);
- no-op fetch: a whole `fetch_replay` of the finished, complete bundle (locks, leftover cleaning,
  verification, no segment request).

The index build is left out (bench_normalize.py measures it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.modules["replaydom.index"] = types.SimpleNamespace()  # type: ignore[assignment]

from sentry_server import SentryServer, ServedReplay  # noqa: E402

from replaydom.config import load_config  # noqa: E402
from replaydom.sentry.client import SentryClient  # noqa: E402
from replaydom.store.fetch import fetch_replay  # noqa: E402
from replaydom.store.verify import verify_bundle  # noqa: E402
from replaydom.targets import parse_target  # noqa: E402

FINISHED = 1795470016000 + 5 * 3_600_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    replay = ServedReplay.synthetic(args.segments)
    with SentryServer(replays=[replay]) as srv, tempfile.TemporaryDirectory() as tmp:
        config = load_config(env={**srv.env(), "REPLAYDOM_CACHE_DIR": tmp, "HOME": tmp}, cwd=Path(tmp))
        target = parse_target(f"acme/{replay.id}")
        with SentryClient(config) as client:
            first = fetch_replay(client, target, config, clock=lambda: FINISHED)
            raw_bytes = sum(e["size"] for e in first.bundle.entries().values())
            verify, noop = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                assert not verify_bundle(first.bundle)
                verify.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                again = fetch_replay(client, target, config, clock=lambda: FINISHED)
                noop.append(time.perf_counter() - t0)
                assert again.skipped and again.segment_requests == 0
    result = {
        "segments": args.segments,
        "rawMB": round(raw_bytes / 1e6, 1),
        "verifyMs": round(statistics.median(verify) * 1000),
        "noopFetchMs": round(statistics.median(noop) * 1000),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['segments']} segments ({result['rawMB']} MB of JSON): verify {result['verifyMs']} ms, "
            f"no-op fetch of the finished bundle {result['noopFetchMs']} ms (medians of {args.runs})"
        )


if __name__ == "__main__":
    main()
