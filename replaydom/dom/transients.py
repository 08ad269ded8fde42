"""What came and went inside `dom --diff A..B`: the transient part, next to the net change.

A success toast shown for 4 s, a "Saving…" label or a spinner leaves no trace in the net change
(it is neither in the DOM at A nor at B), yet it is often what the user saw. The walk starts from the
state at A and applies the frames of [A, B) once, in order (`timeline.step`), reading each mutation
frame's own rrweb data (`adds`, `removes`, `texts`, `attributes`) and the tree just before and just
after it. It is linear in the frames and nodes it touches: nothing is rebuilt per frame, only the
subtrees a frame adds or removes are walked. Three kinds of transient items:

- `came-and-went`: a node attached by a frame in the range (the top of the subtree it came with) and
  detached again before B, by a mutation (`goneBy: removed`) or a new page snapshot (`snapshot`).
  Nodes that came later into a subtree that then went with it are folded into it.
- `text-came-and-went`: a text value set inside the range (by the node's arrival or a `texts`
  mutation) and replaced before B: React and most frameworks update labels in place this way.
- `shown-and-hidden`: an element made visible inside the range (its own `hidden`, inline
  `display:none` or `aria-hidden` removed) and hidden again before B (the toast kept in the page).

Each item carries its text (full, with `masked` when the recording masked it), `appeared` and `gone`
pointers (segmentId, frameIndex, offsetMs, timestamp) to the frames that did it, and `lifetimeMs`.

This module is the walk; the records and the items they become are in `transient_items.py`, the
node-level questions it asks (attached?, what did a frame attach?) in `transient_nodes.py`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .checkpoint import paused_gc
from .fidelity import is_masked
from .nodes import visible_text
from .source import DomSource
from .state import DomState, Frame
from .timeline import FULL_SNAPSHOT, META, MUTATION, dropped_nodes, step
from .transient_items import (
    CAME_AND_WENT,
    SHOWN_AND_HIDDEN,
    TEXT_CAME_AND_WENT,
    Opened,
    label,
    parent_id_of,
    same_place,
    transient_item,
)
from .transient_nodes import Attached, ids_of, signature, with_subtrees
from .tree import ELEMENT, TEXT, Node, walk
from .visibility import hidden_reason
from .walkbudget import WalkBudget

COLLECT_AFTER = 300_000  # nodes that can have become garbage before the walk collects
FAST_MS = 1000  # text values shown less than this long are chained into one item per node
MAX_VALUES = 50  # values listed per chained text item (`valueCount` has them all)


@dataclass
class _Walk:
    source: DomSource
    state: DomState
    nodes: dict[int, Opened] = field(default_factory=dict)  # node id -> open came-and-went record
    texts: dict[int, Opened] = field(default_factory=dict)  # text node id -> value set in range
    shown: dict[int, Opened] = field(default_factory=dict)  # element id -> shown in range
    items: list[dict[str, Any]] = field(default_factory=list)
    page_href: str | None = None  # URL of the document shown (a snapshot on another URL = new page)
    # text node id -> (the item of its current fast run of values, the frame that last extended it)
    chains: dict[int, tuple[dict[str, Any], Frame] | None] = field(default_factory=dict)
    # `--css`: whether a node that appears is inside the scope (None: everything is)
    keep: Callable[..., bool] | None = None
    _light_of: Frame | None = None  # the last frame `_light` was asked for, and its light copy
    _light_frame: Frame | None = None

    def run(
        self,
        frames: Iterable[Frame],
        seen: Callable[[Frame], None] | None = None,
        budget: WalkBudget | None = None,
    ) -> list[dict[str, Any]]:
        """Walk the frames with the cyclic collector paused, collecting by itself once as many
        nodes can have become garbage as the state holds (at least `COLLECT_AFTER`): a render of
        100k nodes makes the automatic collections walk the whole live page again and again, and a
        removed subtree is a cycle that only a collection frees (as `history.structural` does)."""
        meta: Frame | None = None  # a page load is Meta then FullSnapshot: the old page goes at the Meta
        garbage = 0
        with paused_gc(keep=True):
            for frame in frames:
                if budget is not None and budget.spent(self.source, frame):
                    break  # `budget.resume` says where; the frame is not walked
                if seen is not None:
                    seen(frame)
                if garbage >= max(COLLECT_AFTER, len(self.state.mirror)):
                    gc.collect()
                    garbage = 0
                size = len(self.state.mirror)
                if frame.type == FULL_SNAPSHOT:
                    self._snapshot(frame, meta or frame)
                elif frame.source == MUTATION:
                    self._mutation(frame)
                else:
                    step(self.state, frame)
                garbage += dropped_nodes(frame, size, len(self.state.mirror))
                if budget is not None:
                    budget.walked(frame, size, len(self.state.mirror))
                meta = frame if frame.type == META else None
        return self.items

    def _light(self, frame: Frame) -> Frame:
        """`frame` without its data, one object per frame (records and chains compare frames by
        identity): a record stays open as long as its node stays, and the data of the frame that
        opened it is a whole render (100k adds), which the records of an hour would all keep."""
        if self._light_of is not frame:
            self._light_of, self._light_frame = frame, frame._replace(data={})
        assert self._light_frame is not None
        return self._light_frame

    # --- frames ---------------------------------------------------------------------------------

    def _snapshot(self, frame: Frame, page: Frame) -> None:
        """A FullSnapshot rebuilds every node. After a page load (another URL) everything open went
        (at the page's Meta, `page`, as `state_at` sees it) and the whole new page came. On the same
        URL (a reload or the SDK's periodic re-snapshot) ids are matched: a node whose id now names
        the same kind of node (tag, id and class attributes, text) is the same node."""
        old = self.state.doc
        before = {n.id: signature(n) for n in walk(old) if n.id is not None} if old is not None else {}
        going, folded = self._scan([old] if old is not None and self.nodes else [])
        step(self.state, frame)
        doc = self.state.doc
        now = {n.id: n for n in walk(doc) if n.id is not None} if doc is not None else {}
        same_page = self.state.href == self.page_href
        self.page_href = self.state.href
        for key, record in list(self.nodes.items()):
            node = now.get(key)
            if same_page and node is not None and signature(node) == signature(record.node):
                record.node = node
                continue
            del self.nodes[key]
            if key not in folded:
                self._close(record, page, going.get(key, ""), "snapshot")
        self.texts.clear()  # values are followed on the nodes they were set on: those are gone
        self.shown.clear()
        self.chains.clear()
        fresh = [n for key, n in now.items() if not same_page or before.get(key) != signature(n)]
        self._opened(fresh, frame)

    def _mutation(self, frame: Frame) -> None:
        data = frame.data
        mirror = self.state.mirror
        attached = Attached(self.state.doc)
        add_ids = ids_of(data, "adds")
        was = {key for key in add_ids if attached(mirror.get(key))}
        removed = [mirror.get(key) for key in ids_of(data, "removes")]
        going, folded = self._scan([n for n in removed if n is not None and attached(n)])
        text_nodes = [(key, mirror.get(key)) for key in ids_of(data, "texts")]
        old_texts = {key: node.text for key, node in text_nodes if node is not None}
        attr_nodes = [(key, mirror.get(key)) for key in ids_of(data, "attributes")]
        old_hidden = {key: hidden_reason(node) for key, node in attr_nodes if node is not None}
        step(self.state, frame)
        mirror = self.state.mirror
        attached = Attached(self.state.doc)
        closing: list[tuple[Opened, str]] = []
        for key in going:
            if attached(mirror.get(key)):
                continue  # moved, not gone
            record = self.nodes.pop(key, None)
            if record is not None and key not in folded:
                closing.append((record, going[key]))
            self.texts.pop(key, None)  # values and elements that went with their nodes
            self.shown.pop(key, None)
        listed = [node for key in add_ids if key not in was and attached(node := mirror.get(key))]
        tops = self._opened(with_subtrees([n for n in listed if n is not None], was), frame)
        for record, text in closing:
            twin = tops.pop(same_place(record.parent_id, record.node, text), None)
            if twin is not None:  # re-rendered in place: the same content never left the screen
                twin.frame, twin.text = record.frame, record.text
            else:
                self._close(record, frame, text, "removed")
        self._text_changes(old_texts, frame, attached)
        self._visibility_changes(old_hidden, frame, attached)

    def _scan(self, tops: list[Node]) -> tuple[dict[int, str], set[int]]:
        """Before a frame takes subtrees away: every id inside them, with the text of each open record
        (read now, while it is still there), and the records folded into an enclosing open record."""
        going: dict[int, str] = {}
        folded: set[int] = set()
        for top in tops:
            stack: list[tuple[Node, bool]] = [(top, False)]
            while stack:
                node, covered = stack.pop()
                inside = covered
                if node.id is not None:
                    going[node.id] = ""
                    record = self.nodes.get(node.id)
                    if record is not None:
                        if covered:
                            folded.add(node.id)  # part of the enclosing record's subtree and text
                        else:
                            going[node.id] = node.text if node.kind == TEXT else visible_text(node)
                            record.name(node)
                            record.descendants = sum(1 for _ in walk(node)) - 1
                        inside = True
                stack.extend((c, inside) for c in node.children)
                if node.shadow is not None:
                    stack.extend((c, inside) for c in node.shadow.children)
                if node.content_doc is not None:
                    stack.append((node.content_doc, inside))
        return going, folded

    # --- records --------------------------------------------------------------------------------

    def _opened(self, fresh: list[Node], frame: Frame) -> dict[tuple[Any, ...], Opened]:
        """Nodes attached by this frame, each with a record (a node that came with a bigger subtree
        can go on its own, like a button label replaced later); text values for text nodes. The
        text at arrival is read for text nodes and for the top of each subtree only (linear).
        Returns the top records by place and content (to recognise a re-render in place)."""
        new = {id(n) for n in fresh}
        tops: dict[tuple[Any, ...], Opened] = {}
        inside: dict[int, bool] = {}  # `--css`: in scope, asked of each top, inherited below it
        for node in fresh:
            if node.id is None:
                continue
            parent = node.parent if node.parent is not None else node.host
            top = parent is None or id(parent) not in new
            keep = True
            if self.keep is not None:
                # Under a node out of scope, a matched element (by id) brings its subtree in.
                keep = self.keep(node) if top else inside.get(id(parent), False) or self.keep(node, False)
                inside[id(node)] = keep
            if node.kind == TEXT:
                text = node.text
                if text.strip():
                    self.texts[node.id] = Opened(
                        TEXT_CAME_AND_WENT, node, self._light(frame), text, keep=keep
                    )
            else:
                text = visible_text(node) if top and node.kind == ELEMENT else ""
            record = self.nodes[node.id] = Opened(CAME_AND_WENT, node, self._light(frame), text, keep=keep)
            if top:
                tops.setdefault(same_place(parent_id_of(node), node, text), record)
        return tops

    def _text_changes(self, old: dict[int, str], frame: Frame, attached: Attached) -> None:
        for key, before in old.items():
            node = self.state.mirror.get(key)
            if node is None or node.kind != TEXT or node.text == before or not attached(node):
                continue
            record = self.texts.pop(key, None)
            if record is not None and record.text == before:
                self._close_text(record, frame, node)
            if node.text.strip():
                keep = self.keep is None or self.keep(node)
                self.texts[key] = Opened(TEXT_CAME_AND_WENT, node, self._light(frame), node.text, keep=keep)

    def _close_text(self, record: Opened, frame: Frame, node: Node) -> None:
        """A text value replaced: its own item, or one more value of a fast run on the same node
        (typing into a contenteditable, a counter): values shown under `FAST_MS` each are chained
        into one item listing them, so a typed sentence is one item, not one per keystroke."""
        lived = frame.ts - record.frame.ts
        value = {
            "text": " ".join(record.text.split()),
            "offsetMs": self.source.offset(record.frame.ts),
            "lifetimeMs": round(lived),
        }
        key = node.id if node.id is not None else -1
        chain = self.chains.get(key)
        if chain is not None and chain[1] is record.frame and lived < FAST_MS:
            item = chain[0]
            item["valueCount"] += 1
            if len(item["values"]) < MAX_VALUES:
                item["values"].append(value)
            item["gone"] = self._pointer(frame)
            item["lifetimeMs"] = round(frame.ts - record.frame.ts) + item["lifetimeMs"]
            item["textWhenGone"] = value["text"] if value["text"] != item["text"] else None
            item["masked"] = item["masked"] or is_masked(str(value["text"]))
            item["label"] = label(item)
        else:
            item = self._close(record, frame, record.text, "text-changed", node=node)
            item["values"], item["valueCount"] = [value], 1
            item["textWhenGone"] = None
        self.chains[key] = (item, self._light(frame)) if lived < FAST_MS else None

    def _visibility_changes(self, old: dict[int, str | None], frame: Frame, attached: Attached) -> None:
        for key, reason_before in old.items():
            node = self.state.mirror.get(key)
            if node is None or node.kind != ELEMENT or not attached(node):
                continue
            reason_now = hidden_reason(node)
            if reason_before is not None and reason_now is None:
                keep = self.keep is None or self.keep(node)
                self.shown[key] = Opened(
                    SHOWN_AND_HIDDEN, node, self._light(frame), visible_text(node), keep=keep
                )
            elif reason_before is None and reason_now is not None:
                record = self.shown.pop(key, None)
                if record is not None:
                    self._close(record, frame, visible_text(node), f"hidden ({reason_now})", node=node)

    def _close(
        self, record: Opened, frame: Frame, text_then: str, how: str, node: Node | None = None
    ) -> dict[str, Any]:
        """A record that went before B: one transient item."""
        gone, lifetime = self._pointer(frame), round(frame.ts - record.frame.ts)
        item = transient_item(
            record, node or record.node, text_then, how, self._pointer(record.frame), gone, lifetime
        )
        if record.keep:  # out of the `--css` scope: built (a text run may chain on it), not listed
            self.items.append(item)
        return item

    def _pointer(self, frame: Frame) -> dict[str, Any]:
        source = self.source
        return {
            "segmentId": frame.seg,
            "frameIndex": frame.idx,
            "offsetMs": source.offset(frame.ts),
            "timestamp": source.timestamp(frame.ts - source.start_ms),
        }


def came_and_went(
    source: DomSource,
    state: DomState,
    a_ms: float,
    b_ms: float,
    seen: Callable[[Frame], None] | None = None,
    budget: WalkBudget | None = None,
    keep: Callable[..., bool] | None = None,
) -> list[dict[str, Any]]:
    """Transient items of the range [A, B) (epoch ms), walking `state` (the state at A) forward:
    `state` is consumed (it ends as the state at B). `seen` is called with every frame walked, in
    order (`dom --diff` reads which frame last touched each node in the same pass), and the frames
    are read a chunk at a time (a walk over an hour holds a few segments, not all of them).

    With a `budget` the walk may stop early (`budget.resume`, an offset): the items are then those
    that went before it, exactly the unbounded walk's items of that part (an item is complete when
    its node goes; what is still open at the stop is not listed, and a fast run of text values
    that crosses the stop ends there)."""
    timeline = source.timeline
    frames = timeline.iter_range(timeline.end_index(a_ms), timeline.end_index(b_ms))
    items = _Walk(source, state, page_href=state.href, keep=keep).run(frames, seen, budget)
    items.sort(key=lambda i: (i["offsetMs"], i["gone"]["offsetMs"]))
    return items
