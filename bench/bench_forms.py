"""CPU time of form controls at scale, on shapes derived from the real `widgets` recording.

    .venv/bin/python bench/bench_forms.py [--options 20000] [--radios 5000] [--group 5]

Cases (bench/forms_corpus.py makes them):
- a Mutation adding a single `<select>` with N options (the recorder's order: one add per node);
- the same N options inside the FullSnapshot's real select (a page load);
- a Mutation adding R radios in groups, then the recorder's Input events picking one radio per
  group, replayed to the end (`state_at`: inputs batched) and walked frame by frame (`step`, what
  `dom --from/--to`, transients and history do).

CPU time (`time.process_time`), best of `--repeat`: the machine is shared, so wall time is noisy.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import forms_corpus

from replaydom.dom.timeline import Timeline, step


def _best(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=int, default=20_000)
    parser.add_argument("--radios", type=int, default=5_000)
    parser.add_argument("--group", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    segments = forms_corpus.load()
    first = segments[:1]
    end = max(e["timestamp"] for e in first[0] if e["type"] in (2, 3, 4)) + 10_000_000

    mutation, _ = forms_corpus.select_mutation(segments, args.options)
    timeline = Timeline.from_segments(enumerate([first[0] + [mutation]]))
    took = _best(args.repeat, lambda: timeline.state_at(end))
    print(f"select mutation, {args.options} options: {took:.3f} s")

    big = forms_corpus.select_snapshot(first, args.options)
    timeline = Timeline.from_segments(enumerate(big))
    took = _best(args.repeat, lambda: timeline.state_at(end))
    print(f"select in the snapshot, {args.options} options: {took:.3f} s")

    radios, groups = forms_corpus.radio_mutation(segments, args.radios, args.group)
    inputs = forms_corpus.radio_inputs(segments, groups, radios["timestamp"] + 1)
    timeline = Timeline.from_segments(enumerate([first[0] + [radios, *inputs]]))
    label = f"{args.radios} radios, {len(groups)} picked"
    print(f"{label}, state_at: {_best(args.repeat, lambda: timeline.state_at(end)):.3f} s")

    def walk() -> None:
        state = timeline.state_at(inputs[0]["timestamp"])
        for frame in timeline.frames_between(inputs[0]["timestamp"], end):
            step(state, frame)

    print(f"{label}, walked frame by frame: {_best(args.repeat, walk):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
