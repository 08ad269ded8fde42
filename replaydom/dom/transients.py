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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fidelity import is_masked
from .mutate import node_id
from .nodes import describe, selector_for, visible_text
from .source import DomSource
from .state import DomState, Frame
from .timeline import FULL_SNAPSHOT, META, MUTATION, step
from .tree import DOCUMENT, ELEMENT, KIND_NAMES, SHADOW_ROOT, TEXT, Node, walk
from .visibility import hidden_reason, live_region

CAME_AND_WENT = "came-and-went"
TEXT_CAME_AND_WENT = "text-came-and-went"
SHOWN_AND_HIDDEN = "shown-and-hidden"
FAST_MS = 1000  # text values shown less than this long are chained into one item per node
MAX_VALUES = 50  # values listed per chained text item (`valueCount` has them all)


class _Attached:
    """`tree.is_attached` for many nodes at one instant, memoised along the parent chains so a frame
    that adds a deep subtree costs O(nodes), not O(nodes x depth)."""

    def __init__(self, doc: Node | None) -> None:
        self.doc = doc
        self.memo: dict[int, bool] = {}

    def __call__(self, node: Node | None) -> bool:
        if node is None or self.doc is None:
            return False
        path: list[Node] = []
        current: Node | None = node
        result = False
        while current is not None:
            known = self.memo.get(id(current))
            if known is not None:
                result = known
                break
            path.append(current)
            if current.kind == DOCUMENT:
                if current is self.doc:
                    result = True
                    break
                host = current.host  # an iframe's document counts while its iframe is attached
                current = host if host is not None and host.content_doc is current else None
            elif current.parent is not None:
                current = current.parent
            else:
                current = current.host if current.kind == SHADOW_ROOT else None
        for item in path:
            self.memo[id(item)] = result
        return result


@dataclass(slots=True)
class _Open:
    """A node (or text value, or shown element) that appeared inside the range and is still there.
    Naming (selector, description, descendants) is filled in while the node is still attached, just
    before it goes, so records of nodes that stay cost nothing more than this object."""

    change: str
    node: Node
    frame: Frame
    text: str
    descendants: int = 0
    selector: str | None = None
    description: str = ""
    parent_id: int | None = None
    hidden_by: str | None = None
    region: str | None = None

    def name(self, node: Node) -> None:
        self.selector = selector_for(node)
        self.description = describe(node)
        self.parent_id = _parent_id(node)
        # A shown-and-hidden element hides itself at that point: only its ancestors count.
        self.hidden_by = _hidden_by(node, itself=self.change != SHOWN_AND_HIDDEN)
        self.region = live_region(node)


@dataclass
class _Walk:
    source: DomSource
    state: DomState
    nodes: dict[int, _Open] = field(default_factory=dict)  # node id -> open came-and-went record
    texts: dict[int, _Open] = field(default_factory=dict)  # text node id -> value set in range
    shown: dict[int, _Open] = field(default_factory=dict)  # element id -> shown in range
    items: list[dict[str, Any]] = field(default_factory=list)
    page_href: str | None = None  # URL of the document shown (a snapshot on another URL = new page)
    # text node id -> (the item of its current fast run of values, the frame that last extended it)
    chains: dict[int, tuple[dict[str, Any], Frame] | None] = field(default_factory=dict)

    def run(self, frames: list[Frame]) -> list[dict[str, Any]]:
        meta: Frame | None = None  # a page load is Meta then FullSnapshot: the old page goes at the Meta
        for frame in frames:
            if frame.type == FULL_SNAPSHOT:
                self._snapshot(frame, meta or frame)
            elif frame.source == MUTATION:
                self._mutation(frame)
            else:
                step(self.state, frame)
            meta = frame if frame.type == META else None
        return self.items

    # --- frames ---------------------------------------------------------------------------------

    def _snapshot(self, frame: Frame, page: Frame) -> None:
        """A FullSnapshot rebuilds every node. After a page load (another URL) everything open went
        (at the page's Meta, `page`, as `state_at` sees it) and the whole new page came. On the same
        URL (a reload or the SDK's periodic re-snapshot) ids are matched: a node whose id now names
        the same kind of node (tag, id and class attributes, text) is the same node."""
        old = self.state.doc
        before = {n.id: _signature(n) for n in walk(old) if n.id is not None} if old is not None else {}
        going, folded = self._scan([old] if old is not None and self.nodes else [])
        step(self.state, frame)
        doc = self.state.doc
        now = {n.id: n for n in walk(doc) if n.id is not None} if doc is not None else {}
        same_page = self.state.href == self.page_href
        self.page_href = self.state.href
        for key, record in list(self.nodes.items()):
            node = now.get(key)
            if same_page and node is not None and _signature(node) == _signature(record.node):
                record.node = node
                continue
            del self.nodes[key]
            if key not in folded:
                self._close(record, page, going.get(key, ""), "snapshot")
        self.texts.clear()  # values are followed on the nodes they were set on: those are gone
        self.shown.clear()
        self.chains.clear()
        fresh = [n for key, n in now.items() if not same_page or before.get(key) != _signature(n)]
        self._opened(fresh, frame)

    def _mutation(self, frame: Frame) -> None:
        data = frame.data
        mirror = self.state.mirror
        attached = _Attached(self.state.doc)
        add_ids = _ids_of(data, "adds")
        was = {key for key in add_ids if attached(mirror.get(key))}
        removed = [mirror.get(key) for key in _ids_of(data, "removes")]
        going, folded = self._scan([n for n in removed if n is not None and attached(n)])
        text_nodes = [(key, mirror.get(key)) for key in _ids_of(data, "texts")]
        old_texts = {key: node.text for key, node in text_nodes if node is not None}
        attr_nodes = [(key, mirror.get(key)) for key in _ids_of(data, "attributes")]
        old_hidden = {key: hidden_reason(node) for key, node in attr_nodes if node is not None}
        step(self.state, frame)
        mirror = self.state.mirror
        attached = _Attached(self.state.doc)
        closing: list[tuple[_Open, str]] = []
        for key in going:
            if attached(mirror.get(key)):
                continue  # moved, not gone
            record = self.nodes.pop(key, None)
            if record is not None and key not in folded:
                closing.append((record, going[key]))
            self.texts.pop(key, None)  # values and elements that went with their nodes
            self.shown.pop(key, None)
        listed = [node for key in add_ids if key not in was and attached(node := mirror.get(key))]
        tops = self._opened(_with_subtrees([n for n in listed if n is not None], was), frame)
        for record, text in closing:
            twin = tops.pop(_same_place(record.parent_id, record.node, text), None)
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

    def _opened(self, fresh: list[Node], frame: Frame) -> dict[tuple[Any, ...], _Open]:
        """Nodes attached by this frame, each with a record (a node that came with a bigger subtree
        can go on its own, like a button label replaced later); text values for text nodes. The
        text at arrival is read for text nodes and for the top of each subtree only (linear).
        Returns the top records by place and content (to recognise a re-render in place)."""
        new = {id(n) for n in fresh}
        tops: dict[tuple[Any, ...], _Open] = {}
        for node in fresh:
            if node.id is None:
                continue
            parent = node.parent if node.parent is not None else node.host
            top = parent is None or id(parent) not in new
            if node.kind == TEXT:
                text = node.text
                if text.strip():
                    self.texts[node.id] = _Open(TEXT_CAME_AND_WENT, node, frame, text)
            else:
                text = visible_text(node) if top and node.kind == ELEMENT else ""
            record = self.nodes[node.id] = _Open(CAME_AND_WENT, node, frame, text)
            if top:
                tops.setdefault(_same_place(_parent_id(node), node, text), record)
        return tops

    def _text_changes(self, old: dict[int, str], frame: Frame, attached: _Attached) -> None:
        for key, before in old.items():
            node = self.state.mirror.get(key)
            if node is None or node.kind != TEXT or node.text == before or not attached(node):
                continue
            record = self.texts.pop(key, None)
            if record is not None and record.text == before:
                self._close_text(record, frame, node)
            if node.text.strip():
                self.texts[key] = _Open(TEXT_CAME_AND_WENT, node, frame, node.text)

    def _close_text(self, record: _Open, frame: Frame, node: Node) -> None:
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
            item["label"] = _label(item)
        else:
            item = self._close(record, frame, record.text, "text-changed", node=node)
            item["values"], item["valueCount"] = [value], 1
            item["textWhenGone"] = None
        self.chains[key] = (item, frame) if lived < FAST_MS else None

    def _visibility_changes(self, old: dict[int, str | None], frame: Frame, attached: _Attached) -> None:
        for key, reason_before in old.items():
            node = self.state.mirror.get(key)
            if node is None or node.kind != ELEMENT or not attached(node):
                continue
            reason_now = hidden_reason(node)
            if reason_before is not None and reason_now is None:
                self.shown[key] = _Open(SHOWN_AND_HIDDEN, node, frame, visible_text(node))
            elif reason_before is None and reason_now is not None:
                record = self.shown.pop(key, None)
                if record is not None:
                    self._close(record, frame, visible_text(node), f"hidden ({reason_now})", node=node)

    def _close(
        self, record: _Open, frame: Frame, text_then: str, how: str, node: Node | None = None
    ) -> dict[str, Any]:
        """A record that went before B: one transient item."""
        target = node or record.node
        if record.change != CAME_AND_WENT:  # the node is still attached: name it as it is now
            record.name(target)
        text = " ".join((record.text if record.text.strip() else text_then).split())
        appeared = self._pointer(record.frame)
        item: dict[str, Any] = {
            "part": "transient",
            "change": record.change,
            "nodeId": target.id,
            "nodeType": KIND_NAMES.get(target.kind),
            "tag": target.tag if target.kind == ELEMENT else None,
            "selector": record.selector,
            "parentId": record.parent_id,
            "description": record.description,
            "text": text,
            "textWhenGone": _when_gone(text, text_then),
            "masked": is_masked(text) or is_masked(text_then),
            "descendants": record.descendants,
            **appeared,
            "appeared": appeared,
            "gone": self._pointer(frame),
            "lifetimeMs": round(frame.ts - record.frame.ts),
            "goneBy": how,
            "hiddenBy": record.hidden_by,
            "region": record.region,
        }
        item["label"] = _label(item)
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


def came_and_went(source: DomSource, state: DomState, a_ms: float, b_ms: float) -> list[dict[str, Any]]:
    """Transient items of the range [A, B) (epoch ms), walking `state` (the state at A) forward:
    `state` is consumed (it ends as the state at B)."""
    frames = source.timeline.frames_between(a_ms, b_ms, include_end=False)
    items = _Walk(source, state, page_href=state.href).run(frames)
    items.sort(key=lambda i: (i["offsetMs"], i["gone"]["offsetMs"]))
    return items


def _items(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _with_subtrees(listed: list[Node], was: set[int]) -> list[Node]:
    """The nodes a frame attached: the listed adds and everything under the tops of what they built
    (an add can carry children, e.g. an iframe's document), minus nodes that were there already."""
    listed_ids = {id(n) for n in listed}
    out: list[Node] = []
    for node in listed:
        parent = node.parent if node.parent is not None else node.host
        if parent is not None and id(parent) in listed_ids:
            continue  # reached from its top below
        out.extend(n for n in walk(node) if n.id is None or n.id not in was)
    return out


def _hidden_by(node: Node, *, itself: bool) -> str | None:
    """Why the node could not be seen when it went: the `hidden_reason` of itself or the nearest
    ancestor that hides (crossing shadow hosts and iframes), or None."""
    current: Node | None = node if itself else (node.parent or node.host)
    while current is not None:
        reason = hidden_reason(current)
        if reason is not None:
            return reason
        current = current.parent if current.parent is not None else current.host
    return None


def _ids_of(data: dict[str, Any], name: str) -> list[int]:
    """The node ids a mutation's `adds`/`removes`/`texts`/`attributes` name (malformed ones left out)."""
    ids = []
    for item in _items(data, name):
        raw = item.get("node") if name == "adds" else item
        key = node_id(raw.get("id")) if isinstance(raw, dict) else None
        if key is not None:
            ids.append(key)
    return ids


def _signature(node: Node) -> tuple[Any, ...]:
    """What a node keeps across a re-snapshot of the same page."""
    attrs = node.attrs
    return (
        node.kind,
        node.tag,
        attrs.get("id"),
        attrs.get("class"),
        node.text if node.kind == TEXT else None,
    )


def _parent_id(node: Node) -> int | None:
    parent = node.parent
    if parent is None:
        return node.host.id if node.host is not None else None
    if parent.id is None and parent.host is not None:
        return parent.host.id  # a shadow root's child: its host
    return parent.id


def _when_gone(text: str, then: str) -> str | None:
    squashed = " ".join(then.split())
    return squashed if squashed and squashed != " ".join(text.split()) else None


def _short(text: str, limit: int = 60) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'


def _same_place(parent_id: int | None, node: Node, text: str) -> tuple[Any, ...]:
    """What a re-render in place keeps: the parent, the kind of node and its text."""
    return (parent_id, node.kind, node.tag, " ".join(text.split()))


def _label(item: dict[str, Any]) -> str:
    shown = _short(item["text"]) if item["text"] else item["description"]
    count = item.get("valueCount") or 1
    values = f", {count} values" if count > 1 else ""
    return f"{item['change']} {shown} ({item['lifetimeMs'] / 1000:.1f} s{values})"
