"""One Mutation frame, applied as the Replayer's `applyMutation` does (rrweb-model.md §3.2-3.5).

Order: removes, then adds (with the resolve queue for adds whose parent or next sibling is not there
yet), then texts (last value per id wins), then attributes (both in `mutate_values`). Shadow
children go into the host's shadow root; an add under an iframe element attaches that iframe's
document; a document whose iframe does not exist yet waits in `state.doc_queue`.

When a step throws in the Replayer (a DOM call on a node that is not where the recording says), the
rest of that mutation is skipped; `DomOpError` reproduces that and the frame is reported as aborted.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from itertools import repeat
from typing import Any

from . import forms
from .addqueue import queue_to_trees, tree_items
from .build import BuildContext, build_element, build_node, build_one, build_with_sn
from .ids import lookup, node_id
from .mutate_values import apply_attributes, apply_texts, items_of
from .state import DomState, Frame
from .tree import (
    DOCTYPE,
    DOCUMENT,
    ELEMENT,
    TEXT,
    DomOpError,
    Node,
    append_child,
    contains,
    ensure_shadow,
    insert_before,
    remove_child,
)

# The Replayer resolves queued adds in rounds until the queue is empty, stops making progress or
# 500 ms have passed. A wall-clock cut cannot be reproduced; these caps stand in for it: a chain
# that resolves one add per round (each add waiting on the next one listed after it) costs
# rounds x queue, so both the rounds and the queued adds visited over all rounds are bounded.
_MAX_QUEUE_ROUNDS = 10_000
_MAX_QUEUE_WORK = 5_000_000

_USUAL_KINDS = (ELEMENT, TEXT)
_PARENT_RULES = ("iframe", "textarea")  # parents whose adds take the general path's rules
_FORM_TAGS = ("option", "optgroup")  # nodes whose insertion has steps (`forms.after_insert`)


def item_ids(item: dict[str, Any], add: Callable[[int], Any], *, is_add: bool) -> None:
    """The ids one mutation item names, given to `add`: its node (an add's serialized node) and
    its parent. Integer ids (every recorder's) directly; anything else as `node_id` reads it."""
    node = item.get("node")
    raw = node.get("id") if is_add and isinstance(node, dict) else item.get("id")
    parent = item.get("parentId")
    if type(raw) is int:
        add(raw)
    elif (key := node_id(raw)) is not None:
        add(key)
    if type(parent) is int:
        add(parent)
    elif (key := node_id(parent)) is not None:
        add(key)


def forget(mirror: dict[int, Node], node: Node) -> tuple[list[Node], list[Any], bool]:
    """`mirror.removeNodeFromMap`: the node and its light descendants, by id (not shadow roots or
    iframe documents, which therefore stay reachable by id, as in the Replayer). Returns them,
    the node first (then its descendants level by level: callers only need the set), their ids in
    the same order, and whether none of them hosts a shadow root or an iframe document (read
    while each node is at hand: the DOM store frees such plain subtrees at once)."""
    nodes = [node]
    ids: list[Any] = []
    append, note = nodes.append, ids.append
    plain = True
    for current in nodes:  # grows as it goes: a breadth-first walk along the sibling links
        note(current.id)  # read now: a second pass over 100k nodes is a cache miss per node
        if current.shadow is not None or current.content_doc is not None:
            plain = False
        child = current.first
        while child is not None:
            append(child)
            child = child.next
    # The pops as a C loop (`map`): a removed 20,000-row table is 100k ids. `None` (a node built
    # without an id) is never a key.
    deque(map(mirror.pop, ids, repeat(None)), maxlen=0)
    return nodes, ids, plain


def apply_mutation(state: DomState, data: dict[str, Any], frame: Frame | None = None) -> None:
    """Apply one Mutation frame's data to `state`; report anything skipped."""
    state.vdom = True
    state.report.mutations += 1
    try:
        removed = _removes(state, data, frame)
        _adds(state, data, frame)
        apply_texts(state, data, removed)
        apply_attributes(state, data, removed, frame)
    except DomOpError as exc:
        state.report.abort(str(exc), frame)


def _removes(state: DomState, data: dict[str, Any], frame: Frame | None) -> set[int]:
    mirror = state.mirror
    requested = {i for r in items_of(data, "removes") if (i := node_id(r.get("id"))) is not None}
    removes = []
    for item in items_of(data, "removes"):
        if node_id(item.get("id")) in mirror:
            removes.append(item)
        else:
            state.report.missing["removes"] += 1
    for item in removes:
        target = lookup(mirror, item.get("id"))
        if target is None:
            continue  # an earlier removal took its ancestor
        parent = lookup(mirror, item.get("parentId"))
        if parent is None:
            state.report.missing["remove parents"] += 1
            continue
        if item.get("isShadow") and parent.shadow is not None:
            parent = parent.shadow
        gone, ids, plain = forget(mirror, target)
        remove_child(parent, target)
        forms.after_remove(parent, target)
        if state.removed is not None and plain:
            state.removed.append((gone, ids))
    return requested


def _adds(state: DomState, data: dict[str, Any], frame: Frame | None) -> None:
    queue: list[dict[str, Any]] = []
    ctx = BuildContext(state.mirror, state.stats)  # one for the whole mutation
    mirror, stats, named = state.mirror, state.stats, state.named
    adds = data.get("adds")
    for item in adds if isinstance(adds, list) else ():  # `_list`'s filter, in the same pass
        if not isinstance(item, dict):
            continue
        sn = item.get("node")
        parent_raw, next_raw = item.get("parentId"), item.get("nextId")
        key = sn.get("id") if isinstance(sn, dict) else None
        if named is not None:
            if type(parent_raw) is int and type(key) is int:
                named.add(key)
                named.add(parent_raw)
            else:
                item_ids(item, named.add, is_add=True)
        if not isinstance(sn, dict):
            state.report.drop("malformed add", item, frame)
            continue
        nxt = None
        if (
            type(parent_raw) is int
            and (parent := mirror.get(parent_raw)) is not None
            and parent.kind == ELEMENT
            and type(key) is int
            and key not in mirror
            and parent.tag not in _PARENT_RULES
            and (kind := sn.get("type")) in _USUAL_KINDS
            and not sn.get("isShadow")
            and not sn.get("rootId")
            and not item.get("previousId")
            and (
                next_raw is None
                or (type(next_raw) is int and next_raw > 0 and (nxt := mirror.get(next_raw)) is not None)
            )
        ):
            # The usual add (a 20,000-row render is 100k of them): a new element or text node
            # under a known element, appended or before a known sibling. `_append_node` does the
            # same for it, with every lookup and check the rare cases need.
            built: Node | None
            if kind != TEXT:
                built = build_element(sn, stats)  # what `build_node` calls for an element
            elif type(text := sn.get("textContent")) is str and not sn.get("isStyle"):
                built = Node(TEXT, "#text")  # `build_node`'s text node, without its calls
                built.text = text
            else:
                built = build_node(sn, stats)
            if built is None:
                raise DomOpError("a node the DOM cannot create")  # appendChild(null) throws
            target = built
            target.id, target.meta = key, sn
            mirror[key] = target
            if target.shadow is not None or target.tag in _FORM_TAGS:
                _insert(parent, target, None, nxt)
            elif nxt is None:
                # `append_child` of a fresh node (no parent, children, shadow root or document,
                # and the parent an element: `_take` has nothing to check or detach).
                last = parent.last
                target.prev = last
                if last is None:
                    parent.first = target
                else:
                    last.next = target
                parent.last = target
                target.parent = parent
                kids = parent._kids
                if kids is not None:
                    kids.append(target)
            elif nxt.parent is parent:
                # `insert_before` a child of the parent (what `contains` then finds at once).
                before = nxt.prev
                target.prev, target.next = before, nxt
                nxt.prev = target
                if before is None:
                    parent.first = target
                else:
                    before.next = target
                target.parent = parent
                parent._kids = None
            else:
                _insert(parent, target, None, nxt)
            continue
        _append_node(state, item, queue, frame, ctx)
    rounds = work = 0
    previous: list[int] = []
    while queue:
        trees = queue_to_trees(queue)
        signature = [id(item) for item in queue]
        work += len(queue)
        queue.clear()
        rounds += 1
        if signature == previous or rounds > _MAX_QUEUE_ROUNDS or work > _MAX_QUEUE_WORK:
            # No progress: the Replayer loops until its 500 ms budget runs out, then gives up.
            for tree in trees:
                for item in tree_items(tree):
                    state.report.drop("next sibling never arrived", item, frame)
            break
        previous = signature
        for tree in trees:
            if lookup(state.mirror, tree.value.get("parentId")) is None:
                for item in tree_items(tree):
                    state.report.drop("parent never arrived", item, frame)
                continue
            for item in tree_items(tree):
                _append_node(state, item, queue, frame, ctx)


def _append_node(
    state: DomState,
    item: dict[str, Any],
    queue: list[dict[str, Any]],
    frame: Frame | None,
    ctx: BuildContext,
) -> None:
    """`appendNode` of one add (the usual add, a node under a known parent before a known or no
    sibling, takes one lookup per id and builds its node directly)."""
    mirror = state.mirror
    sn: dict[str, Any] = item["node"]
    parent_raw = item.get("parentId")
    parent = mirror.get(parent_raw) if type(parent_raw) is int else lookup(mirror, parent_raw)
    if parent is None:
        if sn.get("type") == DOCUMENT:
            state.doc_queue.append(item)
        else:
            queue.append(item)
        return
    if sn.get("isShadow"):
        parent = ensure_shadow(parent)
    previous_raw = item.get("previousId")
    previous = lookup(mirror, previous_raw) if previous_raw else None
    next_raw = item.get("nextId")
    if next_raw:
        nxt = mirror.get(next_raw) if type(next_raw) is int else lookup(mirror, next_raw)
        if nxt is None and next_raw != -1:
            queue.append(item)
            return
    else:
        nxt = None
        if next_raw is not None and next_raw != -1:  # 0, 0.0, "" or false: never resolves
            queue.append(item)
            return
    root_id = sn.get("rootId")
    if root_id:
        target_doc = lookup(mirror, root_id)
        if target_doc is None:
            state.report.drop("iframe document missing", item, frame)
            return
    else:
        target_doc = state.doc
    if parent.tag == "iframe" and parent.kind == ELEMENT and parent.meta is not None:
        attach_document(state, item, parent, collect_nested=False)
        return
    ctx.doc = target_doc
    target = build_one(sn, ctx)
    if target is None:
        raise DomOpError("a node the DOM cannot create")  # appendChild(null) throws
    if previous_raw == -1 or next_raw == -1:
        state.report.drop("legacy -1 sibling", item, frame)
        return
    if parent.kind == DOCUMENT or parent.tag == "textarea":  # what `_prepare_parent` acts on
        _prepare_parent(parent, target, sn)
    _insert(parent, target, previous, nxt)


def _prepare_parent(parent: Node, target: Node, sn: dict[str, Any]) -> None:
    meta = parent.meta
    if meta and meta.get("type") == ELEMENT and meta.get("tagName") == "textarea" and sn.get("type") == TEXT:
        for child in [c for c in parent.children if c.kind == TEXT]:
            remove_child(parent, child)  # a textarea keeps one text child, its value
    elif meta and meta.get("type") == DOCUMENT:
        if sn.get("type") == DOCTYPE and parent.children and parent.children[0].kind == DOCTYPE:
            remove_child(parent, parent.children[0])
        if target.kind == ELEMENT and target.tag == "html":
            html = next((c for c in parent.children if c.kind == ELEMENT and c.tag == "html"), None)
            if html is not None:
                remove_child(parent, html)  # document.open()/write() replaced the page


def _insert(parent: Node, target: Node, previous: Node | None, nxt: Node | None) -> None:
    """Put an added node in place (after `previous`, else before `nxt`, else last), then the
    insertion steps of options (`forms.after_insert`; its select memo relies on every one)."""
    after_previous = _next_sibling(previous) if previous is not None else None
    if after_previous is not None and after_previous.parent is not None:
        insert_before(parent, target, after_previous)
    elif nxt is not None and nxt.parent is not None:
        insert_before(parent, target, nxt if contains(parent, nxt) else None)
    else:
        append_child(parent, target)
    if target.tag in ("option", "optgroup"):  # what `forms.after_insert` acts on
        forms.after_insert(target)


def _next_sibling(node: Node) -> Node | None:
    return node.next if node.parent is not None else None


def attach_document(state: DomState, item: dict[str, Any], iframe: Node, *, collect_nested: bool) -> None:
    """Build an iframe's document from an add whose parent is the iframe (§3.5).

    `collect_nested` is true during a FullSnapshot rebuild, the only time the Replayer also attaches
    queued documents of iframes built inside this one (in a virtual-DOM session its check fails)."""
    collected: list[tuple[dict[str, Any], Node]] = []

    def after_append(node: Node) -> None:
        if collect_nested:
            collect_queued(state, node, collected)

    sn = item["node"]
    existing = lookup(state.mirror, sn.get("id"))
    ctx = BuildContext(state.mirror, state.stats, doc=iframe.content_doc, after_append=after_append)
    built = build_with_sn(sn, ctx, skip_child=False)
    if (
        built is not None
        and built is not existing
        and built.kind == DOCUMENT
        and iframe.attached_document() is not built
    ):
        built.host = iframe
        iframe.content_doc = built
        forms.settle_tree(built)
    elif built is None or built is not existing:
        state.report.drop("iframe content is not a document", item, None)
    for queued, frame_el in collected:
        attach_document(state, queued, frame_el, collect_nested=True)
        state.doc_queue = [q for q in state.doc_queue if q is not queued]


def collect_queued(state: DomState, node: Node, collected: list[tuple[dict[str, Any], Node]]) -> None:
    """`collectIframeAndAttachDocument`: an iframe just built whose document is waiting."""
    if node.kind != ELEMENT or node.tag != "iframe" or node.meta is None or node.id is None:
        return
    for queued in state.doc_queue:
        if node_id(queued.get("parentId")) == node.id:
            collected.append((queued, node))
            return
