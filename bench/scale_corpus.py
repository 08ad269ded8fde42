"""A scale corpus derived from the real `slow-and-idle` recording (never hand-written event shapes).

    .venv/bin/python bench/scale_corpus.py OUT_DIR [--small] [--pathological]

`slow-and-idle` renders a 500-row sales table in one mutation (segment 3, frame 8: `table > tbody >
500 x tr > td > text`, the rows listed last sibling first as the recorder emits them). From it:

- `hour_long(rows=20_000, minutes=60, segment_ms=3_500)`: the recording's own first segments, then
  an hour of the recording's real user actions repeated: every ~160 s the real click on "Render
  sales report" with the table removed and rendered again with `rows` rows (the real rows cloned
  with fresh ids, in the recorder's order), and between renders, one per segment, the real click
  on "Subscribe to newsletter" (nothing happens: a dead click), real scrolling, and the real click
  on "Load recommendations" (its XHR, then the list rendered again with fresh ids); then the
  recording's last segments shifted to the end. About 1,027 segments and 240 MB of JSON by default;
  `small=True` (tests) makes a few minutes with 2,000-row renders.

  The Sentry frames are the SDK's for *these* frames, never copies of the source's verdicts:
  the click detector's `ui.slowClickDetected`/`ui.multiClick` and the `replay.mutations`
  breadcrumbs are derived from the derived rrweb frames by the SDK's rules (sdk_frames.py, which
  reproduces every real recording's breadcrumbs exactly); the XHR span, click breadcrumbs and
  rrweb frames of one action move together; every segment gets its `memory` span at its flush,
  like the SDK; rrweb Blurs name the element focused before; the tail's web vitals keep their
  instants (the page load's timeOrigin + value, or the measured interaction, both unmoved).
  The renders' 60,001 MutationObserver records are over the SDK's default `mutationLimit`
  (10,000, which would stop the recording): the derived replay is what an SDK configured with a
  higher limit records (`limit: false`); `provenance.json` says so and lists the derived counts,
  and `details.json` has Sentry's `count_dead_clicks`/`count_rage_clicks` for them.
- `pathological()`: the recording plus three extreme mutations built from the same rows:
  50,000 nodes in reverse sibling order (every row inserted before the previous one, the recorder's
  order at its worst for a list), a 2,000-level deep subtree (nested copies of the real `td`), and
  5,000 rows whose adds all wait on their table, which is listed last (the resolve queue at scale).
  Its Sentry frames are the recording's own; the three added mutations get no `replay.mutations`
  breadcrumb (shapes for the DOM engine: their MutationObserver record counts are not derivable).

Modules: scale_source.py (the real recording, its render cloned, frames moved), scale_hour.py
(the hour-long replay), sdk_frames.py (the SDK's own breadcrumbs for derived frames), this one
(the pathological shapes, writing, the command line).

Every output is a recording folder `replaydom import` reads (`segments.json`, `details.json` with
the real details' fields and the derived times), with a `provenance.json` saying how it was made.
Nothing here is committed as data: tests and benches generate what they need into a temporary dir.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from scale_hour import hour_long
from scale_source import (
    RENDER_FRAME,
    RENDER_SEGMENT,
    Ids,
    Segments,
    _details,
    _max_id,
    _mutation,
    _render,
    _split_render,
    _stamp_ms,
    clone_render,
    load_source,
)

__all__ = ["RENDER_FRAME", "RENDER_SEGMENT", "hour_long", "load_source", "pathological", "write"]


def pathological(
    *, reverse_nodes: int = 50_000, depth: int = 2_000, waiting_rows: int = 5_000
) -> tuple[Segments, dict[str, Any], dict[str, Any]]:
    """The recording with three extreme mutations appended after its 500-row render."""
    source, details = load_source()
    ids = Ids(_max_id(source))
    render = _render(source)
    render_adds = render["data"]["adds"]
    _header, row_adds, _table, tbody = _split_render(render_adds)
    per_row = len(row_adds) // sum(1 for a in row_adds if a["parentId"] == tbody)
    segments = [list(seg) for seg in source]
    at = _stamp_ms(render)
    tail = segments[RENDER_SEGMENT]
    # 1. reverse sibling order: every row inserted before the previous one, under the real tbody
    adds, _ = clone_render(render_adds, max(1, reverse_nodes // per_row), ids)
    rows_only = _split_render(adds)[1]
    new_tbody = next(a for a in adds if a["node"].get("tagName") == "tbody")["node"]["id"]
    for add in rows_only:
        if add["parentId"] == new_tbody:
            add["parentId"] = tbody
            if add.get("nextId") is None:
                add["nextId"] = next(a["node"]["id"] for a in reversed(row_adds) if a["parentId"] == tbody)
    tail.append(_mutation(at + 100, rows_only, []))
    # 2. a deep subtree: nested copies of a real cell, each the only child of the one before
    cell = next(a for a in render_adds if a["node"].get("tagName") == "td")
    parent = next(a["node"]["id"] for a in render_adds if a["parentId"] == tbody)
    deep = []
    for _ in range(depth):
        add = copy.deepcopy(cell)
        add["node"]["id"], add["parentId"], add["nextId"] = ids.take(), parent, None
        add["node"]["tagName"] = "div"
        deep.append(add)
        parent = add["node"]["id"]
    text = next(a for a in render_adds if a["parentId"] == cell["node"]["id"])
    leaf = copy.deepcopy(text)
    leaf["node"]["id"], leaf["parentId"], leaf["nextId"] = ids.take(), parent, None
    tail.append(_mutation(at + 200, [*deep, leaf], []))
    # 3. every add waits on its table, which is listed last
    adds, _ = clone_render(render_adds, waiting_rows, ids)
    table = next(a for a in adds if a["node"].get("tagName") == "table")
    tail.append(_mutation(at + 300, [a for a in adds if a is not table] + [table], []))
    tail.sort(key=_stamp_ms)
    provenance = {
        "source": "fixtures/recordings/slow-and-idle",
        "shape": "pathological",
        "reverseNodes": len(rows_only),
        "depth": depth,
        "waitingAdds": len(adds),
        "how": "bench/scale_corpus.py pathological: mutations built from the real render's rows",
    }
    shape = f"pathological:{reverse_nodes}:{depth}:{waiting_rows}"
    return segments, _details(details, segments, shape), provenance


def write(out: Path, segments: Segments, details: dict[str, Any], provenance: dict[str, Any]) -> int:
    """A recording folder `replaydom import` reads; returns the bytes of `segments.json`."""
    out.mkdir(parents=True, exist_ok=True)
    size = 0
    with (out / "segments.json").open("w") as fh:
        for chunk in _dump(segments):
            fh.write(chunk)
            size += len(chunk)
    (out / "details.json").write_text(json.dumps(details))
    (out / "provenance.json").write_text(json.dumps({**provenance, "segmentsBytes": size}, indent=1))
    return size


def _dump(segments: Segments) -> Iterator[str]:
    yield "["
    for i, seg in enumerate(segments):
        yield ("," if i else "") + orjson.dumps(seg).decode()
    yield "]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--small", action="store_true", help="a few minutes, 2,000-row renders")
    parser.add_argument("--pathological", action="store_true")
    args = parser.parse_args(argv)
    if args.pathological:
        made = pathological()
    elif args.small:
        made = hour_long(rows=2_000, minutes=3, segment_ms=3_500, renders=4)
    else:
        made = hour_long()
    size = write(args.out, *made)
    print(f"{args.out}: {len(made[0])} segments, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
