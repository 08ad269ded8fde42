"""Checkpointed DOM states: a `DomState` written to bytes and read back identical.

A one-shot `dom --at T` on a long replay must not replay the whole history. `framestore` cuts the
replay's frames into chunks and stores, at the start of every chunk, the state a fresh Replayer
paused there would have *before its final flush*: exactly what `Timeline.state_at` holds after
applying the frames from the page's Meta up to that point. `state_at(T)` then loads the last
checkpoint at or before T (of the same page: a Meta starts over) and applies only the frames after
it, so its result is the same object graph as the from-snapshot path, node for node.

What is stored is everything `DomState` carries: every node reachable from the document, the id map
(which also holds detached nodes, shadow roots and iframe documents, as the Replayer's mirror does),
the inputs waiting for the flush, queued iframe documents, URL, viewport, scroll positions, the
fidelity report and build statistics. Nodes are a flat list, edges are list positions, so any
shape (2,000 levels deep, detached subtrees, shadow roots, cycles through `host`) round-trips
without recursion. A node's `meta` (the serialized rrweb node it was built from, used for the
Replayer's identical-node reuse and `_cssText` rebuilds) is kept without its `childNodes`, which no
rule reads. The Meta and FullSnapshot frames the state started from keep their pointers and data
(the snapshot's tree excepted, which the report does not read).

Format: `VERSION` then zlib-compressed orjson. A checkpoint of another version is not read; the store
that holds it is rebuilt (framestore.FORMAT includes `VERSION`).
"""

from __future__ import annotations

import contextlib
import gc
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

import orjson

from .build import BuildStats
from .state import DomState, Frame, Report
from .tree import Node

VERSION = 1
_FIELDS = 15  # entries per node record


def _meta_copy(meta: dict[str, Any] | None) -> dict[str, Any] | None:
    if meta is None or "childNodes" not in meta:
        return meta
    return {k: v for k, v in meta.items() if k != "childNodes"}


def _frame_out(frame: Frame | None) -> list[Any] | None:
    if frame is None:
        return None
    data = {k: v for k, v in frame.data.items() if k != "node"} if frame.type == 2 else frame.data
    return [frame.ts, frame.seg, frame.idx, frame.type, data]


def _frame_in(raw: Any) -> Frame | None:
    if raw is None:
        return None
    ts, seg, idx, kind, data = raw
    return Frame(float(ts), int(seg), int(idx), int(kind), data)


def _collect(state: DomState) -> list[Node]:
    """Every node the state can reach, each once, in a deterministic order."""
    seen: dict[int, int] = {}
    nodes: list[Node] = []
    roots: list[Node] = [state.doc] if state.doc is not None else []
    roots += list(state.mirror.values())
    roots += list(state.pending)
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = len(nodes)
        nodes.append(node)
        for other in (node.parent, node.host, node.content_doc, node.shadow):
            if other is not None and id(other) not in seen:
                stack.append(other)
        stack.extend(c for c in reversed(node.children) if id(c) not in seen)
    return nodes


def encode(state: DomState) -> bytes:
    """The state as checkpoint bytes (`VERSION` + zlib(orjson))."""
    nodes = _collect(state)
    index = {id(n): i for i, n in enumerate(nodes)}

    def ref(node: Node | None) -> int:
        return -1 if node is None else index[id(node)]

    records = [
        [
            n.kind,
            n.tag,
            n.id,
            n.attrs,
            [index[id(c)] for c in n.children],
            ref(n.parent),
            ref(n.shadow),
            ref(n.host),
            ref(n.content_doc),
            n.text,
            _meta_copy(n.meta),
            n.svg,
            n.value,
            n.checked,
            [n.selected, n.sel_dirty],
        ]
        for n in nodes
    ]
    report = state.report
    blob = {
        "nodes": records,
        "doc": ref(state.doc),
        "mirror": [[key, index[id(node)]] for key, node in state.mirror.items()],
        "pending": [[index[id(node)], data] for node, data in state.pending.items()],
        "docQueue": state.doc_queue,
        "vdom": state.vdom,
        "href": state.href,
        "viewport": state.viewport,
        "scroll": [[key, x, y] for key, (x, y) in state.scroll.items()],
        "meta": _frame_out(state.meta),
        "snapshot": _frame_out(state.snapshot),
        "stats": [
            state.stats.invalid_attributes,
            state.stats.invalid_attribute_examples,
            state.stats.unbuildable,
            state.stats.hierarchy_errors,
        ],
        "report": [
            report.frames_applied,
            report.mutations,
            report.inputs,
            report.aborted,
            list(report.dropped.items()),
            report.dropped_examples,
            list(report.missing.items()),
        ],
    }
    return VERSION.to_bytes(2, "big") + zlib.compress(orjson.dumps(blob), 1)


def decode(raw: bytes, target_ms: float | None = None) -> DomState | None:
    """The state written by `encode`, or None for another version or damaged bytes."""
    if len(raw) < 2 or int.from_bytes(raw[:2], "big") != VERSION:
        return None
    with paused_gc():
        try:
            blob = orjson.loads(zlib.decompress(raw[2:]))
            return _state(blob, target_ms)
        except (zlib.error, orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError):
            return None


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection while hundreds of thousands of objects are made: each collection
    would walk every young object again (measured: decoding 80k nodes took 3x longer with it).
    Nothing is freed late: the objects made here are all kept."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _state(blob: dict[str, Any], target_ms: float | None) -> DomState:
    records = blob["nodes"]
    new = Node.__new__
    nodes: list[Node] = [new(Node) for _ in records]
    for node, rec in zip(nodes, records, strict=True):
        if len(rec) != _FIELDS:
            raise ValueError("node record")
        (
            kind,
            tag,
            key,
            attrs,
            children,
            parent,
            shadow,
            host,
            content,
            text,
            meta,
            svg,
            value,
            checked,
            sel,
        ) = rec
        node.kind, node.tag, node.id, node.attrs = kind, tag, key, attrs
        node.children = [nodes[c] for c in children]
        node.parent = nodes[parent] if parent >= 0 else None
        node.shadow = nodes[shadow] if shadow >= 0 else None
        node.host = nodes[host] if host >= 0 else None
        node.content_doc = nodes[content] if content >= 0 else None
        node.text, node.meta, node.svg, node.value, node.checked = text, meta, svg, value, checked
        node.selected, node.sel_dirty = sel
    stats = BuildStats(*blob["stats"])
    frames_applied, mutations, inputs, aborted, dropped, examples, missing = blob["report"]
    report = Report(
        frames_applied, mutations, inputs, aborted, Counter(dict(dropped)), examples, Counter(dict(missing))
    )
    viewport = blob["viewport"]
    return DomState(
        mirror={int(key): nodes[i] for key, i in blob["mirror"]},
        doc=nodes[blob["doc"]] if blob["doc"] >= 0 else None,
        doc_queue=blob["docQueue"],
        vdom=bool(blob["vdom"]),
        pending={nodes[i]: data for i, data in blob["pending"]},
        href=blob["href"],
        viewport=(int(viewport[0]), int(viewport[1])) if viewport else None,
        scroll={int(key): (float(x), float(y)) for key, x, y in blob["scroll"]},
        meta=_frame_in(blob["meta"]),
        snapshot=_frame_in(blob["snapshot"]),
        target_ms=target_ms,
        stats=stats,
        report=report,
    )
