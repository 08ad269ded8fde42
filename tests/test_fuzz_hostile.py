"""Property-based fuzz: real frames mutated with the hostile values of issue 15 never crash replaydom.

Each example takes the first segments of a real recording (tests/hostile_corpus.py loads them),
applies 1-4 mutations drawn by hypothesis (a hostile timestamp, NaN/Infinity, a lone surrogate,
markup, a deep subtree, a retagged or retyped DOM node, a removed key, random JSON), writes the body
as the JSON text a server would send, and runs it through the code behind every command:

- the import decoder (`jsonstream.iter_array`) and the fetch decoder (`SegmentPage.segments`), which
  must agree byte for byte on what they store;
- storage: `dumps_compact` and the segment reader round-trip;
- the import's derived details (`derive_details`: start and end times);
- the normaliser and the index writer (`events`, `search`, `struggles` read those files);
- the DOM at two instants, whole (`dom --at --html`) and through the interactive lens.

Only the documented errors may come out (`NotFoundError`/`UsageError` of the DOM views). Examples:
`REPLAYDOM_FUZZ_EXAMPLES` (default 300, what CI runs); `bench/fuzz_hostile.py` runs 10,000.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hostile_corpus import load
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from replaydom.dom.at import ViewOptions, dom_at
from replaydom.dom.source import source_from_segments
from replaydom.errors import NotFoundError, UsageError
from replaydom.frames.normalize import normalize
from replaydom.index.files import write_index_files
from replaydom.jsonlenient import Repairs, loads
from replaydom.sentry.api import SegmentPage
from replaydom.sentry.pagesplit import candidate_spans
from replaydom.store.bundle import dumps_compact
from replaydom.store.derive import RecordingStats, derive_details
from replaydom.store.jsonstream import iter_array

EXAMPLES = int(os.environ.get("REPLAYDOM_FUZZ_EXAMPLES", "300"))
RUNS = {"examples": 0}

HOSTILE = st.sampled_from(
    [
        1e30, 1e308, -1e308, 10**30, -(10**30), 2**64, 1795470016402000, 1795470016402000000, -5, 0,
        1.5e-320, float("nan"), float("inf"), float("-inf"), "\ud83d", "\ude00x", "cut \ud83d",
        "</style><img src=x onerror=alert(1)>", "a---b", "ends-", "><b>", "javascript:alert(1)", "",
        "svg", "math", "style", "script", "select", "http://[zz", "http://h:99999/x",
    ]
)  # fmt: skip
TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)  # surrogates too
LEAF = st.one_of(HOSTILE, st.none(), st.booleans(), st.integers(), st.floats(), TEXT)
JSON = st.recursive(
    LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8
)
TAGS = ["svg", "math", "style", "script", "select", "textarea", "iframe", "noscript", "SVG", "Style", "br"]


@cache
def base_segments() -> tuple[str, ...]:
    """The first segment of two real recordings (JSON texts, copied per example): the page's Meta and
    FullSnapshot, its first mutations, inputs, clicks, breadcrumbs and spans."""
    return tuple(json.dumps(load(name)[:1]) for name in ("widgets", "checkout-failure"))


def deep(levels: int, as_node: bool) -> Any:
    """A value nested `levels` deep: rrweb element nodes, or plain arrays."""
    inner: Any = {"type": 3, "textContent": "leaf", "id": 900_000} if as_node else 1
    for i in range(levels):
        inner = (
            {"type": 2, "tagName": "div", "attributes": {}, "childNodes": [inner], "id": 900_001 + i}
            if as_node
            else [inner]
        )
    return inner


def _walk_to(data: st.DataObject, root: Any) -> tuple[Any, Any]:
    """A random (container, key) inside `root`, reached by a random walk down."""
    parent, key = None, None
    node = root
    for _ in range(data.draw(st.integers(1, 12))):
        if isinstance(node, dict) and node:
            keys = list(node)
            parent, key = node, keys[data.draw(st.integers(0, len(keys) - 1))]
        elif isinstance(node, list) and node:
            parent, key = node, data.draw(st.integers(0, len(node) - 1))
        else:
            break
        node = parent[key]
    return parent, key


def _nodes(root: Any) -> list[dict[str, Any]]:
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            out.append(n)
            stack.extend(c for c in n.get("childNodes") or [] if isinstance(c, dict))
    return out


def mutate(data: st.DataObject, segments: list[list[Any]]) -> None:
    frames = [f for seg in segments for f in seg if isinstance(f, dict)]
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["value", "value", "delete", "deep", "node", "timestamp"]))
        frame = frames[data.draw(st.integers(0, len(frames) - 1))]
        if op == "timestamp":
            frame["timestamp"] = data.draw(HOSTILE | st.integers() | st.floats())
            continue
        if op == "node":
            snap = next((f for f in frames if f.get("type") == 2), None)
            nodes = _nodes(snap["data"].get("node")) if snap and isinstance(snap.get("data"), dict) else []
            if nodes:
                node = nodes[data.draw(st.integers(0, len(nodes) - 1))]
                if data.draw(st.booleans()):
                    node["tagName"] = data.draw(st.sampled_from(TAGS))
                    node["isSVG"] = data.draw(st.booleans())
                else:
                    node["type"] = data.draw(st.sampled_from([3, 5, 4, 7]))
                    node["textContent"] = data.draw(HOSTILE | TEXT)
                continue
        parent, key = _walk_to(data, frame)
        if parent is None:
            continue
        if op == "delete" and isinstance(parent, dict):
            parent.pop(key, None)
        elif op == "deep":
            # past orjson's write limit (254) and, as rrweb nodes, its read limit (1,024 levels)
            parent[key] = deep(data.draw(st.integers(260, 700)), data.draw(st.booleans()))
        else:
            parent[key] = data.draw(JSON)


def encode(value: Any) -> bytes:
    """JSON text as a JavaScript sender writes it (lone surrogates escaped) plus NaN/Infinity, at
    any depth (iterative: the stdlib encoder recurses)."""
    parts: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Text):
            parts.append(item.text)
        elif isinstance(item, dict):
            pending: list[Any] = [_Text("{")]
            for i, (k, v) in enumerate(item.items()):
                pending += [_Text(("," if i else "") + json.dumps(str(k)) + ":"), v]
            stack.extend(reversed([*pending, _Text("}")]))
        elif isinstance(item, list):
            pending = [_Text("[")]
            for i, v in enumerate(item):
                pending += [_Text(","), v] if i else [v]
            stack.extend(reversed([*pending, _Text("]")]))
        elif isinstance(item, float) and not math.isfinite(item):
            parts.append("NaN" if item != item else "Infinity" if item > 0 else "-Infinity")
        else:
            parts.append(json.dumps(item))
    return "".join(parts).encode()


class _Text:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def run_pipeline(body: bytes, work: Path) -> None:
    """Everything the commands do with a body, in-process (see the module docstring)."""
    path = work / "segments.json"
    path.write_bytes(body)
    imported = list(iter_array(path, Repairs()))
    fetched = SegmentPage(0, None, body, candidate_spans(body), "GET /fuzz").segments
    for a, b in zip(imported, fetched, strict=True):  # both decoders store the same bytes
        left, right = dumps_compact(a), dumps_compact(b)
        at = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), len(left))
        assert left == right, (left[max(0, at - 80) : at + 80], right[max(0, at - 80) : at + 80])
    for segment in imported:
        raw = dumps_compact(segment)
        assert dumps_compact(loads(raw)) == raw  # what is stored reads back the same
    stats = RecordingStats()
    for segment in imported:
        stats.add(segment)
    derive_details(None, stats, "0" * 32, None)
    result = normalize(enumerate(imported), replay_id="fuzz", details=None, errors=[])
    assert math.isfinite(result.start_ms) and math.isfinite(result.end_ms)
    with mock.patch("os.fsync"):  # durability is not under test here; fsync is most of the time
        write_index_files(work, result)
    source = source_from_segments(enumerate(imported), result.start_ms, replay_id="fuzz")
    first, last = source.timeline.first_ms, source.timeline.last_ms
    views = [
        (first, ViewOptions(whole=True)),
        (last, ViewOptions(whole=True)),
        (last, ViewOptions(lens="interactive")),
    ]
    for instant, options in views:
        if instant is None:
            continue
        # NotFound: no document at that instant; Usage: an instant no calendar can write
        with contextlib.suppress(NotFoundError, UsageError):
            dom_at(source, source.offset(instant + 1), options)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: deep examples shrink for minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(st.data())
def test_mutated_real_frames_never_crash(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    base = base_segments()
    segments = json.loads(base[data.draw(st.integers(0, len(base) - 1))])
    mutate(data, segments)
    run_pipeline(encode(segments), tmp_path_factory.getbasetemp())
    RUNS["examples"] += 1
    log = os.environ.get("REPLAYDOM_FUZZ_LOG")  # progress of long runs (bench/fuzz_hostile.py)
    if log and RUNS["examples"] % 100 == 0:
        Path(log).write_text(f"{RUNS['examples']}\n")
