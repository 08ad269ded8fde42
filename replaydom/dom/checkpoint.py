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
fidelity report and build statistics. Nodes are columns (one list per field, written by orjson in
C), edges are list positions, so any shape (2,000 levels deep, detached subtrees, shadow roots,
cycles through `host`) round-trips without recursion; edges are stored relative to the node's
position and ids as deltas, so the rows of a re-rendered table are identical and compress well.
A node's `meta` (the serialized rrweb node it was built from, used for the Replayer's
identical-node reuse and `_cssText` rebuilds) is kept without its `childNodes`, which no rule
reads, and not written at all when it is exactly what the node itself rebuilds (type, tag or
text, attributes in order, id: the usual case). What few nodes have (such a meta, shadow roots,
hosts, iframe documents, form state, SVG) is written as sparse rows. The Meta and FullSnapshot
frames the state started from keep their pointers and data (the snapshot's tree excepted, which
the report does not read).

Format: `VERSION` then xz-compressed (LZMA preset 0) orjson: pages repeat themselves (rows, cards,
list items), which LZMA's long matches catch (6x smaller than zlib on a 100k-node table state).
Encoding a 100k-node state takes about 0.24 s, about half of it the walk and the columns;
decoding it 0.17 s (xz and orjson 0.05 s, the rest one Python step per node), a little less than
parsing the segment of the render that built it and applying its 100k adds (0.23 s): too little
for `framestore` to checkpoint right after a render by default (`framestore.SPACING`). A
checkpoint of another version is not read; the store that holds it is rebuilt (framestore.FORMAT
includes `VERSION`).
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
from .tree import COMMENT, ELEMENT, TEXT, Node, link_children

VERSION = 5  # 4: xz instead of zlib; 5: columns instead of one record per node
_ELEMENT_KEYS = ("type", "tagName", "attributes", "id")
_TEXT_KEYS = ("type", "textContent", "id")


def _orders(keys: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The key orders of a derived meta, with `childNodes` (not compared) anywhere or absent."""
    return frozenset({keys} | {(*keys[:i], "childNodes", *keys[i:]) for i in range(len(keys) + 1)})


_ELEMENT_ORDERS = _orders(_ELEMENT_KEYS)
_TEXT_ORDERS = _orders(_TEXT_KEYS)


def _derived(node: Node) -> dict[str, Any] | None:
    """The meta most nodes carry, rebuilt from the node itself (the recorder's key order)."""
    if node.kind == ELEMENT:
        return {"type": ELEMENT, "tagName": node.tag, "attributes": dict(node.attrs), "id": node.id}
    if node.kind in (TEXT, COMMENT):
        return {"type": node.kind, "textContent": node.text, "id": node.id}
    return None


def _is_derived(node: Node, meta: dict[str, Any]) -> bool:
    """True when `meta` without `childNodes` is exactly what `_derived` rebuilds: same keys in the
    same order, same values and types (== alone would take 5.0 or True for 5 and 1), attributes in
    the same order. Most nodes: their meta is then written as nothing at all."""
    kind = node.kind
    key = meta.get("id")
    if type(key) is not int or key != node.id or type(meta.get("type")) is not int or meta["type"] != kind:
        return False
    if kind == ELEMENT:
        attrs = meta.get("attributes")
        return (
            tuple(meta) in _ELEMENT_ORDERS
            and meta["tagName"] == node.tag
            and type(attrs) is dict
            and list(attrs.items()) == list(node.attrs.items())
        )
    if kind in (TEXT, COMMENT):
        return tuple(meta) in _TEXT_ORDERS and meta["textContent"] == node.text
    return False


def _meta_out(meta: dict[str, Any] | None) -> dict[str, Any] | None:
    """The meta as written: without `childNodes`, which no rule reads."""
    if meta is not None and "childNodes" in meta:
        return {k: v for k, v in meta.items() if k != "childNodes"}
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


def _collect(state: DomState) -> tuple[list[Node], dict[int, int]]:
    """Every node the state can reach, each once, in a deterministic order (pre-order from the
    document, then what only the id map or the waiting inputs reach), and each one's position."""
    index: dict[int, int] = {}
    nodes: list[Node] = []
    roots: list[Node] = [state.doc] if state.doc is not None else []
    roots += state.mirror.values()
    roots += state.pending
    for root in roots:
        if id(root) in index:
            continue
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in index:
                continue
            index[id(node)] = len(nodes)
            nodes.append(node)
            # Pushed before the children so that they are visited after the whole subtree.
            parent = node.parent
            if parent is not None and id(parent) not in index:
                stack.append(parent)
            if node.host is not None or node.content_doc is not None or node.shadow is not None:
                for other in (node.host, node.content_doc, node.shadow):
                    if other is not None and id(other) not in index:
                        stack.append(other)
            if node.first is not None:
                stack += reversed(node.children)
    return nodes, index


def encode(state: DomState) -> bytes:
    """The state as checkpoint bytes (`VERSION` + xz(orjson)).

    Nodes are columns (kinds, tags, ids, attributes, texts, parents, children counts and
    positions), each a plain list that orjson writes in C; what most nodes lack (a meta other than
    the derived one, shadow roots, hosts, iframe documents, form state, SVG) is a sparse list of
    `[position, ...]` rows. Edges are relative to the node's own position and ids are deltas, so
    the rows of a re-rendered table repeat exactly and compress well."""
    nodes, index = _collect(state)
    ids: list[Any] = []
    previous = 0
    for key in [n.id for n in nodes]:
        if type(key) is int:
            ids.append(key - previous)
            previous = key
        else:
            ids.append([key])  # None, or a non-int id (never from a build, but kept as is)
    parents = [None if (p := n.parent) is None else index[id(p)] - i for i, n in enumerate(nodes)]
    counts = [len(n.children) for n in nodes]
    kids = [index[id(c)] - i for i, n in enumerate(nodes) if n.children for c in n.children]
    metas: list[list[Any]] = []
    extras: list[list[Any]] = []
    for i, n in enumerate(nodes):
        meta = n.meta
        if meta is None or not _is_derived(n, meta):
            metas.append([i, _meta_out(meta)])
        if (
            n.shadow is not None
            or n.host is not None
            or n.content_doc is not None
            or n.svg
            or n.value is not None
            or n.checked is not None
            or n.selected is not None
            or n.sel_dirty
        ):
            extras.append(
                [
                    i,
                    None if n.shadow is None else index[id(n.shadow)] - i,
                    None if n.host is None else index[id(n.host)] - i,
                    None if n.content_doc is None else index[id(n.content_doc)] - i,
                    n.svg,
                    n.value,
                    n.checked,
                    n.selected,
                    n.sel_dirty,
                ]
            )
    report = state.report
    blob = {
        "kinds": [n.kind for n in nodes],
        "tags": [n.tag for n in nodes],
        "ids": ids,
        "attrs": [n.attrs for n in nodes],
        "texts": [n.text for n in nodes],
        "parents": parents,
        "counts": counts,
        "kids": kids,
        "metas": metas,
        "extras": extras,
        "doc": -1 if state.doc is None else index[id(state.doc)],
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
    return VERSION.to_bytes(2, "big") + lzma.compress(orjson.dumps(blob), preset=_PRESET)


_PRESET = 0  # measured on 100k-node states: 30% faster than preset 1, 2% larger


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
    kinds, tags, ids, attrs, texts = blob["kinds"], blob["tags"], blob["ids"], blob["attrs"], blob["texts"]
    parents, counts, kids = blob["parents"], blob["counts"], blob["kids"]
    total = len(kinds)
    if not total == len(tags) == len(ids) == len(attrs) == len(texts) == len(parents) == len(counts):
        raise ValueError("node columns")
    if sum(counts) != len(kids):
        raise ValueError("children column")
    explicit: dict[int, Any] = {int(i): meta for i, meta in blob["metas"]}
    new = Node.__new__
    nodes: list[Node] = [new(Node) for _ in range(total)]
    previous = 0
    at = 0
    # One pass per node, every slot set once (`prev`/`next` by the parent's `link_children`, or
    # None here for a node nobody links: reset before any linking happens, below).
    for i, node, key, kind, tag, attributes, text, parent in zip(
        range(total), nodes, ids, kinds, tags, attrs, texts, parents, strict=True
    ):
        if type(key) is int:
            previous += key
            node.id = previous
        else:
            node.id = key[0]
        node.kind = kind
        node.tag = tag
        node.attrs = attributes
        node.text = text
        node.prev = node.next = None
        node.parent = None if parent is None else nodes[i + parent]
        node.shadow = node.host = node.content_doc = node.value = node.checked = node.selected = None
        node.svg = node.sel_dirty = False
        if i in explicit:
            node.meta = explicit[i]
        elif kind == ELEMENT:
            node.meta = {"type": ELEMENT, "tagName": tag, "attributes": dict(attributes), "id": node.id}
        else:
            node.meta = _derived(node)
    for i, node, count in zip(range(total), nodes, counts, strict=True):
        if count:
            link_children(node, [nodes[i + c] for c in kids[at : at + count]])
            at += count
        else:
            node.first = node.last = node._kids = None  # a leaf: its (empty) children view on demand
    for i, shadow, host, content, svg, value, checked, selected, dirty in blob["extras"]:
        node = nodes[i]
        node.shadow = None if shadow is None else nodes[i + shadow]
        node.host = None if host is None else nodes[i + host]
        node.content_doc = None if content is None else nodes[i + content]
        node.svg, node.value, node.checked, node.selected, node.sel_dirty = (
            svg,
            value,
            checked,
            selected,
            dirty,
        )
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
