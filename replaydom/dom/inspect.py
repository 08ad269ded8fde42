"""`dom --from T --to T`: the DOM-related events of a time range, with node-level detail.

Kinds: `mutation`, `input`, `scroll`, `viewport`, `dom-snapshot` (default all). Every rrweb frame
of those kinds in the range is one item in the event schema (the normalized event of that frame
when there is one). Mutations get `data.dom` with, per added, removed, text-changed and
attribute-changed node: its id, tag, selector and description; removed nodes, added text nodes and
the tops of added subtrees (`top: true`) carry their full `text` (`masked` when the recording
masked it) and the live `region` they are in (`role=alert`, `aria-live=polite`...); at most
`MAX_DETAILS` entries of each kind (`counts` has the totals: list entries, a removed subtree being
one; `nodes` the nodes attached and detached, subtrees included, as `--history` and `window` count
them). With `--css`, only the changes inside the scope (`rangescope`; `frameCounts` has the
frame's own `counts`). Other kinds get the target node's
id, selector and description. Mutations are grouped into bursts (frames less than
`BURST_GAP_MS` apart): `data.dom.burst` holds the burst's index (`number` from 1, of `count` in the
listing) and totals (list entries, as `counts`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .events import Pointer, by_pointer, frame_event, frame_kind
from .fidelity import is_masked
from .ids import node_id
from .nodes import describe, selector_for, squash, visible_text
from .source import DomSource
from .state import DomState, Frame
from .timeline import Timeline, step
from .tree import ELEMENT, TEXT, Node, is_attached
from .visibility import live_region

if TYPE_CHECKING:
    from .rangescope import Picked

KINDS = ("mutation", "input", "scroll", "viewport", "dom-snapshot")
BURST_GAP_MS = 100
MAX_DETAILS = 50
TEXT_CHARS = 10_000  # the longest `text` shown (what `nodes.visible_text` keeps)


def parse_kinds(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset(KINDS)
    kinds = frozenset(k.strip() for k in text.split(",") if k.strip())
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise UsageError(f"unknown --kind {', '.join(unknown)}: use {','.join(KINDS)}")
    return kinds


def _present(state: DomState, raw: Any) -> Node | None:
    key = node_id(raw)
    node = state.mirror.get(key) if key is not None else None
    return node if node is not None and is_attached(node, state.doc) else None


def _node_info(node: Node | None, raw_id: Any) -> dict[str, Any]:
    if node is None:
        return {"nodeId": node_id(raw_id), "known": False}
    info: dict[str, Any] = {
        "nodeId": node.id,
        "tag": node.tag if node.kind == ELEMENT else None,
        "selector": selector_for(node),
        "description": describe(node),
    }
    return info


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _picked(data: dict[str, Any], name: str, picked: Picked | None) -> list[dict[str, Any]]:
    """`_list`, with `--css` the entries inside the scope only (`rangescope.Picked`)."""
    entries = _list(data, name)
    if picked is None:
        return entries
    return [entry for k, entry in enumerate(entries) if picked.keeps(name, k)]


def _nodes_in(state: DomState, keys: list[Any]) -> int:
    """Nodes in the attached subtrees of the nodes named by `keys` (each counted once, the node
    itself included): `data.dom.nodes`, the count `--history` and `window` give."""
    from .history_counts import subtree_size

    found: dict[int, Node] = {}
    for raw in keys:
        key = node_id(raw)
        node = state.mirror.get(key) if key is not None else None
        if node is not None:
            found[id(node)] = node
    total = 0
    for node in found.values():
        parent = node.parent if node.parent is not None else node.host
        if parent is not None and id(parent) in found:
            continue  # inside another one listed: counted with it
        if _above_listed(node, found) or not is_attached(node, state.doc):
            continue
        total += subtree_size(node)
    return total


def _above_listed(node: Node, found: dict[int, Node]) -> bool:
    """An ancestor of `node` (past its parent) is listed too; listed nodes are mostly tops or
    whole subtrees, so this walk is short where it matters (cut at the first listed one)."""
    parent = node.parent if node.parent is not None else node.host
    # a shadow child's parent is its shadow root, whose own way up is its host (not `parent`)
    current = None if parent is None else parent.parent if parent.parent is not None else parent.host
    depth = 0
    while current is not None and depth < 64:
        if id(current) in found:
            return True
        current = current.parent if current.parent is not None else current.host
        depth += 1
    return False


def _text_of(node: Node | None) -> dict[str, Any]:
    """The full text a node shows (element: visible text; text node: its value), masked flagged."""
    if node is None:
        return {}
    if node.kind == ELEMENT:
        # `visible_text` keeps TEXT_CHARS characters; asked for no more than those, it stops reading
        # a 100k-node table after its first rows, with the same first characters.
        text = squash(visible_text(node, enough=TEXT_CHARS), TEXT_CHARS)
    else:
        text = node.text if node.kind == TEXT else ""
    text = " ".join(text.split())
    return {"text": text, "masked": is_masked(text), "region": live_region(node)}


def _mutation_before(state: DomState, data: dict[str, Any], picked: Picked | None = None) -> dict[str, Any]:
    """What must be read before the frame applies: removed nodes (with their text and parent) and
    old texts/attributes. Details are read for the first `MAX_DETAILS` entries of each kind only."""
    items = _picked(data, "removes", picked)
    removes = []
    for item in items[:MAX_DETAILS]:
        node = _present(state, item.get("id"))
        info = _node_info(node, item.get("id"))
        info["parentId"] = node_id(item.get("parentId"))
        info.update(_text_of(node))
        removes.append(info)
    old_texts = {}
    for item in _picked(data, "texts", picked)[:MAX_DETAILS]:
        node = _present(state, item.get("id"))
        old_texts[id(item)] = node.text if node is not None else None
    old_attrs = {}
    for item in _picked(data, "attributes", picked)[:MAX_DETAILS]:
        node = _present(state, item.get("id"))
        old_attrs[id(item)] = dict(node.attrs) if node is not None else {}
    return {
        "removes": removes,
        "removeCount": len(items),
        "removedNodes": _nodes_in(state, [item.get("id") for item in items]),
        "texts": old_texts,
        "attributes": old_attrs,
    }


def _mutation_detail(
    state: DomState, data: dict[str, Any], before: dict[str, Any], picked: Picked | None = None
) -> dict[str, Any]:
    every = _list(data, "adds")
    added_ids = _added_ids(every)  # the frame's own adds: a top's parent was there before it
    added = every if picked is None else _picked(data, "adds", picked)
    adds = []
    for item in added[:MAX_DETAILS]:
        sn = _dict(item.get("node"))
        node = _present(state, sn.get("id"))
        info = _node_info(node, sn.get("id"))
        info["parentId"] = item.get("parentId")
        # The top of a subtree added by this frame (its parent was already there): what a table shows.
        info["top"] = node_id(item.get("parentId")) not in added_ids
        if info["top"] or (node is not None and node.kind == TEXT):
            info.update(_text_of(node))
        adds.append(info)
    text_items = _picked(data, "texts", picked)
    texts = []
    for item in text_items[:MAX_DETAILS]:
        value = item.get("value")
        info = _node_info(_present(state, item.get("id")), item.get("id"))
        info.update(
            {
                "from": before["texts"].get(id(item)),
                "to": value,
                "masked": isinstance(value, str) and is_masked(value),
            }
        )
        texts.append(info)
    attribute_items = _picked(data, "attributes", picked)
    attributes = []
    for item in attribute_items[:MAX_DETAILS]:
        changes = _dict(item.get("attributes"))
        old = before["attributes"].get(id(item), {})
        info = _node_info(_present(state, item.get("id")), item.get("id"))
        info["changes"] = {name: [old.get(name), value] for name, value in changes.items()}
        attributes.append(info)
    masked_texts = sum(
        1 for item in text_items if isinstance(item.get("value"), str) and is_masked(item["value"])
    )
    added_keys = [node.get("id") if type(node := item.get("node")) is dict else None for item in added]
    return {
        "counts": {
            "adds": len(added),
            "removes": before["removeCount"],
            "texts": len(text_items),
            "attributes": len(attribute_items),
        },
        # Nodes attached and detached, subtrees included (`counts` has list entries: a removed
        # 100k-node table is one entry in `removes`).
        "nodes": {
            "added": _nodes_in(state, added_keys),
            "removed": before["removedNodes"],
            "addedRoots": _roots(added, added_ids),
        },
        "adds": adds,
        "removes": before["removes"],
        "texts": texts,
        "attributes": attributes,
        "maskedTexts": masked_texts,
    }


def _roots(added: list[dict[str, Any]], added_ids: set[int | None]) -> int:
    """How many adds are the top of a subtree this frame added (their parent was there before):
    the rest are inside those subtrees. Counted in C (`map`) over a render's 100k adds."""
    parents = [item.get("parentId") for item in added]
    if not set(map(type, parents)) <= {int}:
        parents = [node_id(value) for value in parents]
    return len(parents) - sum(map(added_ids.__contains__, parents))


def _added_ids(added: list[dict[str, Any]]) -> set[int | None]:
    """`{node_id(add's node id)}` over a mutation's adds (100k of them for a rendered table): the
    raw ids first, converted one by one only when some are not plain ints."""
    raw = [node.get("id") if type(node := item.get("node")) is dict else None for item in added]
    if set(map(type, raw)) <= {int}:
        return set(raw)
    return {node_id(value) for value in raw}


def _target_detail(state: DomState, frame: Frame) -> dict[str, Any]:
    raw = frame.data.get("id")
    if frame.type != 3 or raw is None:
        return {}
    detail = _node_info(_present(state, raw), raw)
    if frame.source == 5:
        text = frame.data.get("text")
        detail.update(
            {
                "text": text,
                "isChecked": frame.data.get("isChecked"),
                "masked": isinstance(text, str) and is_masked(text),
            }
        )
    return detail


def _input_groups(events: list[dict[str, Any]]) -> dict[Pointer, dict[str, Any]]:
    """Every Input frame's pointer -> the normalized input event that collapsed it."""
    groups: dict[Pointer, dict[str, Any]] = {}
    for event in events:
        if event.get("kind") != "input":
            continue
        frames = (event.get("data") or {}).get("frames") or []
        for ref in [{"segmentId": event.get("segmentId"), "frameIndex": event.get("frameIndex")}, *frames]:
            if isinstance(ref, dict):
                groups.setdefault((ref.get("segmentId"), ref.get("frameIndex")), event)
    return groups


def dom_events(
    source: DomSource,
    events: list[dict[str, Any]],
    from_offset: float,
    to_offset: float,
    kinds: frozenset[str],
) -> list[dict[str, Any]]:
    """DOM items between two offsets (both inclusive), in the Replayer's order. Typing is one item
    per normalized input event (its frames collapsed), carrying the value after the last keystroke."""
    timeline = source.timeline
    from_ms, to_ms = source.instant(from_offset), source.instant(to_offset)
    known = by_pointer(events)
    groups = _input_groups(events)
    window = timeline.frames_between(from_ms, to_ms)
    raw = _input_frames(timeline, window, groups, bisect.bisect_right(timeline.stamps, to_ms))
    shown: set[int] = set()  # id() of input events already listed
    state = timeline.state_at(from_ms)
    items: list[dict[str, Any]] = []
    for frame in window:
        kind = frame_kind(frame)
        group = groups.get((frame.seg, frame.idx)) if kind == "input" else None
        if kind not in kinds or (group is not None and id(group) in shown):
            step(state, frame)
            continue
        event = build_item(source, state, frame, known, partial(_last_of, group, frame, raw))
        if group is not None:
            shown.add(id(group))
        items.append(event)
    _bursts(items)
    return items


def build_item(
    source: DomSource,
    state: DomState,
    frame: Frame,
    known: dict[Pointer, dict[str, Any]],
    last_input: Callable[[], Frame],
    picked: Picked | None = None,
) -> dict[str, Any]:
    """One item of a DOM range (the frame is applied here): a mutation with what it changed, or an
    interaction with its target; `last_input` gives the last Input frame of a collapsed typing run.
    With `picked` (`--css`), a mutation's changes inside the scope only (`frameCounts` has the
    frame's own counts)."""
    event = frame_event(source, frame, url=state.href, known=known)
    if frame_kind(frame) == "mutation":
        before = _mutation_before(state, frame.data, picked)
        step(state, frame)
        event["data"]["dom"] = _mutation_detail(state, frame.data, before, picked)
        if picked is not None:
            event["data"]["dom"]["frameCounts"] = {
                name: len(_list(frame.data, name)) for name in ("adds", "removes", "texts", "attributes")
            }
    else:
        step(state, frame)
        event["data"]["dom"] = _target_detail(state, last_input())
        _name_target(event)
    return event


def _input_frames(
    timeline: Timeline, window: list[Frame], groups: dict[Pointer, dict[str, Any]], after: int
) -> dict[Pointer, Frame]:
    """The Input frames `_last_of` may need: those of the window, and the last frame of each typing
    run met in it, found by walking on from the window's end (a run lasts seconds, so this reads a
    few frames, not the whole replay). Only when a run's last frame is missing does it fall back
    to every Input frame of the replay, where `_last_of` then finds the last one that exists."""
    raw: dict[Pointer, Frame] = {(f.seg, f.idx): f for f in window if f.source == 5}
    wanted: set[Pointer] = set()
    for frame in window:
        group = groups.get((frame.seg, frame.idx)) if frame.source == 5 else None
        refs = ((group or {}).get("data") or {}).get("frames") or []
        last = refs[-1] if refs else None
        if isinstance(last, dict):
            pointer = (last.get("segmentId"), last.get("frameIndex"))
            if pointer not in raw:
                wanted.add(pointer)
    frames, pos, step_size = timeline.frames, after, 64
    while wanted and pos < len(frames):
        for frame in frames[pos : pos + step_size]:
            if frame.source == 5:
                key = (frame.seg, frame.idx)
                raw[key] = frame
                wanted.discard(key)
        pos += step_size
        step_size = min(step_size * 2, 4096)
    if wanted:
        return {(f.seg, f.idx): f for f in frames if f.source == 5}
    return raw


def _last_of(group: dict[str, Any] | None, frame: Frame, raw: dict[Pointer, Frame]) -> Frame:
    """The last Input frame of a collapsed typing run (the frame itself when alone)."""
    refs = ((group or {}).get("data") or {}).get("frames") or []
    for ref in reversed(refs):
        found = raw.get((ref.get("segmentId"), ref.get("frameIndex"))) if isinstance(ref, dict) else None
        if found is not None:
            return found
    return frame


def _name_target(event: dict[str, Any]) -> None:
    dom = event["data"]["dom"]
    if dom.get("nodeId") is not None and event.get("nodeId") is None:
        event["nodeId"] = dom["nodeId"]
    if dom.get("selector") and not event.get("selector"):
        event["selector"] = dom["selector"]


def _bursts(items: list[dict[str, Any]]) -> None:
    """Mutations less than BURST_GAP_MS apart form a burst; each gets the burst's totals."""
    bursts: list[list[dict[str, Any]]] = []
    last: int | None = None
    for item in items:
        if item["kind"] != "mutation":
            continue
        offset = item["offsetMs"]
        if last is None or offset - last >= BURST_GAP_MS:
            bursts.append([])
        bursts[-1].append(item)
        last = offset
    for index, burst in enumerate(bursts):
        totals = {
            k: sum(i["data"]["dom"]["counts"][k] for i in burst)
            for k in ("adds", "removes", "texts", "attributes")
        }
        summary = {
            "index": index,
            "number": index + 1,  # counted from 1, as the table says it ("burst 1 of 3")
            "count": len(bursts),
            "frames": len(burst),
            "startOffsetMs": burst[0]["offsetMs"],
            "endOffsetMs": burst[-1]["offsetMs"],
            **totals,
        }
        for item in burst:
            item["data"]["dom"]["burst"] = summary
