"""`dom --diff A..B`: the net change between two instants, and what came and went in between.

The net part (`part: "net"`): both sides are full reconstructions (`Timeline.state_at`), compared
by rrweb id over the nodes connected to each document. A subtree that appeared or went away is one
item for its top node (with the number of descendants and its full `text`, `masked` when the
recording masked it). A node present on both sides is `changed` when its text, attributes or live
form state differ, `moved` when its parent changed, `replaced` when the id now names a different
kind of node. An added node with the parent, kind and text of a removed one is marked `sameAs` it
(a re-render). Each item points at the last frame between A and B that touched the node
(`segmentId`, `frameIndex`, `offsetMs`, `timestamp`), so it can be checked against the raw recording.

The transient part (`part: "transient"`, `transients.came_and_went`): nodes, text values and shown
elements that appeared and went again inside the range, with their lifetimes.

Bounded (`walkbudget.WalkBudget`, the CLI's default): the transient walk stops after about a second
of replaying and says where; the net part stays complete. `--css` (`diffscope.Scope`): only the
items inside the elements that match at A or at B.
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from .diffscope import Scope
from .fidelity import is_masked
from .forms import live_state
from .framestore import contains
from .ids import node_id
from .nodes import attached_index, describe, selector_for, visible_text
from .serialize import redaction
from .source import DomSource
from .state import DomState, Frame
from .timeline import INPUT, MUTATION
from .transients import came_and_went
from .tree import ELEMENT, KIND_NAMES, TEXT, Node, walk
from .visibility import live_region
from .walkbudget import WalkBudget

# A frame's place and time, without its data: a walk noting the last frame that touched each node
# must not keep every 100k-node render's data alive through the ids it added (gigabytes an hour).
Touch = tuple[int | None, int | None, float]


def touched_by(source: DomSource, a_ms: float, b_ms: float) -> dict[int, Touch]:
    """The last frame in [A, B) that added, removed, edited or typed into each node id."""
    last: dict[int, Touch] = {}
    timeline = source.timeline
    for frame in timeline.iter_range(timeline.end_index(a_ms), timeline.end_index(b_ms)):
        note_targets(last, frame)
    return last


def note_targets(last: dict[int, Touch], frame: Frame, wanted: set[int] | None = None) -> None:
    """Record `frame` as the last one that touched each node it names (`touched_by`, one frame);
    with `wanted`, of those nodes only."""
    touch = (frame.seg, frame.idx, frame.ts)
    found = frame_targets(frame)
    for key in found if wanted is None else found & wanted:
        last[key] = touch


def last_touches(
    source: DomSource, keys: set[int], start: int, stop: int
) -> tuple[dict[int, Touch], set[int]]:
    """For the frames[start:stop] a budgeted walk left: the last frame that touched each key when
    it is known without reading segments (an in-memory timeline: `touched_by` over them), and with a
    store the keys its touch index names in a chunk there (`touch-N`, a superset of what
    `frame_targets` reads): their last touch may be after the stop, and finding the frame would
    parse the chunk's segments (a 100k-node render each), which is the cost the budget saves."""
    timeline = source.timeline
    store = timeline.store
    if start >= stop or not keys:
        return {}, set()
    if store is None:
        last: dict[int, Touch] = {}
        for frame in timeline.iter_range(start, stop):
            if not keys.isdisjoint(found := frame_targets(frame)):
                touch = (frame.seg, frame.idx, frame.ts)
                for key in found & keys:
                    last[key] = touch
        return last, set()
    later: set[int] = set()
    for number in range(store.chunk_of(start), store.chunk_of(stop - 1) + 1):
        touched = store.touched_ids(number)
        later.update(key for key in keys - later if contains(touched, key))
    return {}, later


def frame_targets(frame: Frame) -> set[int]:
    """Node ids a frame touches directly (adds, removes, texts, attributes, inputs)."""
    data = frame.data
    found: set[int] = set()
    if frame.source == MUTATION:
        for key, field in (("adds", None), ("removes", "id"), ("texts", "id"), ("attributes", "id")):
            items = data.get(key)
            for item in items if isinstance(items, list) else ():
                if not isinstance(item, dict):
                    continue
                raw = added_id(item) if field is None else item.get(field)
                key_id = node_id(raw) if not isinstance(raw, dict) else None
                if key_id is not None:
                    found.add(key_id)
    elif frame.source == INPUT:
        key_id = node_id(data.get("id"))
        if key_id is not None:
            found.add(key_id)
    return found


def added_id(add: dict[str, Any]) -> Any:
    """The node id of one `adds` entry (None when the entry is malformed)."""
    node = add.get("node")
    return node.get("id") if isinstance(node, dict) else None


def _position(doc: Node | None) -> dict[int, int]:
    return {n.id: i for i, n in enumerate(walk(doc)) if n.id is not None} if doc is not None else {}


def _subtree_size(node: Node) -> int:
    return sum(1 for _ in walk(node)) - 1


def _parent_id(node: Node) -> int | None:
    parent = node.parent
    if parent is None and node.host is not None:
        return node.host.id
    if parent is not None and parent.host is not None and parent.id is None:
        return parent.host.id  # a shadow root's child: its host
    return parent.id if parent is not None else None


def _state_changes(old: Node, new: Node, redact: bool) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    if old.kind == TEXT and old.text != new.text:
        changes["text"] = [old.text, new.text]
    before, after = live_state(old), live_state(new)
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            values = [before.get(key), after.get(key)]
            if redact and key == "value":
                values = [redaction(v) if isinstance(v, str) else v for v in values]
            changes[key] = values
    return changes


def attribute_changes(old: Node, new: Node) -> dict[str, list[str | None]]:
    names = list(dict.fromkeys([*old.attrs, *new.attrs]))
    return {n: [old.attrs.get(n), new.attrs.get(n)] for n in names if old.attrs.get(n) != new.attrs.get(n)}


def compare(before: DomState, after: DomState, *, redact: bool = False) -> list[dict[str, Any]]:
    """Change items (without pointers), in the order of the later document (removals: earlier)."""
    old_index, new_index = attached_index(before.doc), attached_index(after.doc)
    items: list[dict[str, Any]] = []
    for key, node in old_index.items():
        parent = _parent_id(node)
        if key not in new_index and (parent is None or parent in new_index or parent not in old_index):
            items.append(_item("removed", node, descendants=_subtree_size(node), **_text(node)))
    for key, node in new_index.items():
        old = old_index.get(key)
        if old is None:
            parent = _parent_id(node)
            if parent is None or parent in old_index:
                items.append(_item("added", node, descendants=_subtree_size(node), **_text(node)))
            continue
        if old.kind != node.kind or old.tag != node.tag:
            items.append(_item("replaced", node, was=f"{KIND_NAMES.get(old.kind)} {old.tag}"))
            continue
        changes: dict[str, Any] = dict(_state_changes(old, node, redact))
        attributes = attribute_changes(old, node) if node.kind == ELEMENT else {}
        if attributes:
            changes["attributes"] = attributes
        if changes:
            items.append(_item("changed", node, changes=changes))
        if _parent_id(old) != _parent_id(node):
            items.append(_item("moved", node, fromParentId=_parent_id(old)))
    return items


def _text(node: Node) -> dict[str, Any]:
    """The full text a subtree showed (element: its visible text; text node: its value), and the
    live region (toast, alert, status) it is in."""
    text = node.text if node.kind == TEXT else visible_text(node) if node.kind == ELEMENT else ""
    text = " ".join(text.split())
    return {"text": text, "masked": is_masked(text), "region": live_region(node)}


def _item(change: str, node: Node, **extra: Any) -> dict[str, Any]:
    if "descendants" in extra:  # a subtree that came or went: its size, itself included
        extra["nodes"] = extra["descendants"] + 1
    return {
        "part": "net",
        "change": change,
        "nodeId": node.id,
        "nodeType": KIND_NAMES.get(node.kind),
        "tag": node.tag if node.kind == ELEMENT else None,
        "selector": selector_for(node),
        "parentId": _parent_id(node),
        "description": describe(node),
        **extra,
    }


def dom_diff(
    source: DomSource,
    a_ms: float,
    b_ms: float,
    *,
    redact: bool = False,
    budget: WalkBudget | None = None,
    scope: Scope | None = None,
) -> list[dict[str, Any]]:
    """The net change from offset A to offset B (`part: "net"`) and what came and went in between
    (`part: "transient"`), in chronological order (a transient item at the instant it appeared).

    With a `budget` the walk of the transient part may stop early (`budget.resume`): the net part
    is still complete (both sides are reconstructions; the pointers of nodes last touched after the
    stop are read from the chunks the store's touch index names), the transient part lists what
    went before the stop. With a `scope` (`--css`), only the items inside the matched elements."""
    if b_ms < a_ms:
        raise UsageError(f"--diff A..B needs A <= B (got {a_ms:.0f}ms..{b_ms:.0f}ms)")
    timeline = source.timeline
    # B first: the frames from its checkpoint up to B stay cached (`Store.frames`) for the walk's end.
    after = timeline.state_at(source.instant(b_ms))
    before = timeline.state_at(source.instant(a_ms))
    order = _position(after.doc)
    other_page = _other_page(before, after)
    if other_page:
        items = _page_change(source, before, after)
    else:
        items = compare(before, after, redact=redact)
        _same_as(items)
    # `before` is walked forward from here on (the net items above no longer need it), once: the
    # same pass notes the last frame that touched each node, for the net items' pointers.
    touched: dict[int, Touch] = {}
    a_at, b_at = source.instant(a_ms), source.instant(b_ms)
    if scope is not None:
        scope.resolve(before, after)
        if not other_page:  # across a page load the two pages are the change, whatever matched
            items = [item for item in items if scope.keeps_net(item)]
    # Only the net items' nodes need a pointer: an hour of renders touches millions of ids.
    wanted = {item["nodeId"] for item in items}
    transient = came_and_went(
        source,
        before,
        a_at,
        b_at,
        lambda f: note_targets(touched, f, wanted),
        budget,
        scope.keeps_node if scope is not None else None,
    )
    if budget is not None and budget.resume is not None and not other_page:
        # The walk stopped: the frames after it may have touched the net items' nodes last.
        start = timeline.end_index(source.instant(budget.resume))
        keys = {i["nodeId"] for i in items}
        known, unknown = last_touches(source, keys, start, timeline.end_index(b_at))
        touched.update(known)
        for key in unknown:
            touched.pop(key, None)
        for item in items:
            if item["nodeId"] in unknown:
                item["touchedAfterStop"] = True
    if not other_page:
        for item in items:
            item.update(_pointer(source, touched.get(item["nodeId"])))
    for item in items:
        item["label"] = f"{item['change']} {item['description']}"
    items.extend(transient)
    items.sort(
        key=lambda i: (
            i["offsetMs"] is None,
            i["offsetMs"] or 0,
            i["part"] == "transient",
            order.get(i["nodeId"], -1),
        )
    )
    return items


def _other_page(before: DomState, after: DomState) -> bool:
    """B shows another page than A: a FullSnapshot in between, on another URL or with ids that now
    name other kinds of nodes. A page load starts a new recorder whose ids restart at 1, so matching
    nodes by id across it would compare unrelated nodes (within one recorder an id always names the
    same node); the SDK's periodic re-snapshots of one page keep their ids."""
    if before.doc is None or after.doc is None or before.snapshot is after.snapshot:
        return False
    if before.href != after.href:
        return True
    old, new = attached_index(before.doc), attached_index(after.doc)
    return any(
        (node.kind, node.tag) != (new[key].kind, new[key].tag) for key, node in old.items() if key in new
    )


def _page_change(source: DomSource, before: DomState, after: DomState) -> list[dict[str, Any]]:
    """The net change across a page load: the old document went, the new one came (at its Meta)."""
    assert before.doc is not None and after.doc is not None
    pointer = _pointer(source, after.meta or after.snapshot)
    items = []
    for change, state in (("removed", before), ("added", after)):
        doc = state.doc
        assert doc is not None
        html = next((c for c in doc.children if c.kind == ELEMENT), None)
        item = _item(change, doc, descendants=_subtree_size(doc), **_text(html or doc))
        item["description"] = f"page {state.href or '(unknown URL)'}"
        item.update(pointer)
        items.append(item)
    return items


def _same_as(items: list[dict[str, Any]]) -> None:
    """Mark an added node that re-renders a removed one (same parent, kind, tag and text): a new
    id for content that stayed on screen, not a change a person could see."""
    removed: dict[tuple[Any, ...], list[int]] = {}
    for item in items:
        if item["change"] == "removed":
            key = (item["parentId"], item["nodeType"], item["tag"], item["text"])
            removed.setdefault(key, []).append(item["nodeId"])
    for item in items:
        if item["change"] == "added":
            ids = removed.get((item["parentId"], item["nodeType"], item["tag"], item["text"]))
            if ids:
                item["sameAs"] = ids.pop(0)


def _pointer(source: DomSource, frame: Frame | Touch | None) -> dict[str, Any]:
    if frame is None:
        return {"segmentId": None, "frameIndex": None, "offsetMs": None, "timestamp": None}
    seg, idx, ts = (frame.seg, frame.idx, frame.ts) if isinstance(frame, Frame) else frame
    return {
        "segmentId": seg,
        "frameIndex": idx,
        "offsetMs": source.offset(ts),
        "timestamp": source.timestamp(ts - source.start_ms),
    }
