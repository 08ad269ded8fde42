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
without recursion; edges are stored relative to the node's position and ids as deltas, so the
rows of a re-rendered table are identical records and compress well. A node's `meta` (the
serialized rrweb node it was built from, used for the Replayer's identical-node reuse and
`_cssText` rebuilds) is kept without its `childNodes`, which no rule reads, and written as `0`
when it is exactly what the node itself rebuilds (type, tag or text, attributes in order, id: the
usual case). The Meta and FullSnapshot frames the state started from keep their pointers and data
(the snapshot's tree excepted, which the report does not read).

Format: `VERSION` then xz-compressed (LZMA preset 1) orjson: pages repeat themselves (rows, cards,
list items), which LZMA's long matches catch: measured 2.3x smaller than zlib on the shared
recordings' pages and 7x on the derived 100k-node table, decompressing as fast, at a few ms more per
checkpoint written. A checkpoint of another version is not read; the store that holds it is rebuilt
(framestore.FORMAT includes `VERSION`).
"""

from __future__ import annotations

import contextlib
import lzma
from collections import Counter
from collections.abc import Iterator
from typing import Any

import orjson

from .. import dom as _package
from ..store.jsonstream import collector_paused
from .build import BuildStats
from .state import DomState, Frame, Report
from .tree import COMMENT, ELEMENT, TEXT, Node

VERSION = 4  # 4: xz instead of zlib
_FIELDS = 15  # entries per node record


def _derived(node: Node) -> dict[str, Any] | None:
    """The meta most nodes carry, rebuilt from the node itself (the recorder's key order)."""
    if node.kind == ELEMENT:
        return {"type": ELEMENT, "tagName": node.tag, "attributes": dict(node.attrs), "id": node.id}
    if node.kind in (TEXT, COMMENT):
        return {"type": node.kind, "textContent": node.text, "id": node.id}
    return None


def _meta_out(node: Node) -> dict[str, Any] | int | None:
    """The node's meta without `childNodes`, or 0 when it is exactly what `_derived` rebuilds
    (same keys, order and values, attribute order included): most nodes, half the bytes."""
    meta = node.meta
    if meta is None:
        return None
    if "childNodes" in meta:
        meta = {k: v for k, v in meta.items() if k != "childNodes"}
    derived = _derived(node)
    if (
        derived is not None
        and meta == derived
        and type(meta["id"]) is int  # == alone would take 5.0 or True for 5 and 1
        and type(meta["type"]) is int
        and list(meta) == list(derived)
        and (node.kind != ELEMENT or list(meta["attributes"]) == list(node.attrs))
    ):
        return 0
    return meta


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
    """The state as checkpoint bytes (`VERSION` + xz(orjson))."""
    nodes = _collect(state)
    index = {id(n): i for i, n in enumerate(nodes)}

    def ref(node: Node | None) -> int:
        return -1 if node is None else index[id(node)]

    def rel(node: Node | None, at: int) -> int | None:
        return None if node is None else index[id(node)] - at

    # Edges relative to the node's own position and ids as the difference from the previous id:
    # rows of a re-rendered table then encode to identical records, which compress 10x better.
    records = []
    previous = 0
    for i, n in enumerate(nodes):
        key: int | None = n.id
        if type(key) is int:
            key, previous = key - previous, key
            delta: Any = key
        else:
            delta = [key]  # a non-int id (never from a build, but kept as is)
        records.append(
            [
                n.kind,
                n.tag,
                delta,
                n.attrs,
                [index[id(c)] - i for c in n.children],
                rel(n.parent, i),
                rel(n.shadow, i),
                rel(n.host, i),
                rel(n.content_doc, i),
                n.text,
                _meta_out(n),
                n.svg,
                n.value,
                n.checked,
                [n.selected, n.sel_dirty],
            ]
        )
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
    return VERSION.to_bytes(2, "big") + lzma.compress(orjson.dumps(blob), preset=1)


def decode(raw: bytes, target_ms: float | None = None) -> DomState | None:
    """The state written by `encode`, or None for another version or damaged bytes."""
    if len(raw) < 2 or int.from_bytes(raw[:2], "big") != VERSION:
        return None
    with paused_gc():
        try:
            blob = orjson.loads(lzma.decompress(raw[2:], format=lzma.FORMAT_XZ))
            return _state(blob, target_ms)
        except (lzma.LZMAError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError):
            return None


@contextlib.contextmanager
def paused_gc(*, keep: bool = False) -> Iterator[None]:
    """No cyclic collection while hundreds of thousands of objects are made: each collection
    would walk every young object again (measured: decoding 80k nodes took 3x longer with it).
    Nothing is freed late: the objects made here are all kept. With `keep` (and
    `replaydom.dom.KEEP_STATES_UNTIL_EXIT`), everything tracked so far is frozen before the
    collector resumes."""
    with collector_paused(freeze=keep and _package.KEEP_STATES_UNTIL_EXIT):
        yield


def _state(blob: dict[str, Any], target_ms: float | None) -> DomState:
    records = blob["nodes"]
    new = Node.__new__
    nodes: list[Node] = [new(Node) for _ in records]
    previous = 0
    for i, (node, rec) in enumerate(zip(nodes, records, strict=True)):
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
        if type(key) is int:
            previous += key
            node.id = previous
        else:
            node.id = key[0]
        node.kind, node.tag, node.attrs = kind, tag, attrs
        node.children = [nodes[i + c] for c in children]
        node.parent = nodes[i + parent] if parent is not None else None
        node.shadow = nodes[i + shadow] if shadow is not None else None
        node.host = nodes[i + host] if host is not None else None
        node.content_doc = nodes[i + content] if content is not None else None
        node.text, node.svg, node.value, node.checked = text, svg, value, checked
        node.selected, node.sel_dirty = sel
        node.meta = _derived(node) if meta == 0 else meta
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
