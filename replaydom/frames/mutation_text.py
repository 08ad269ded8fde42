"""What a DOM change showed and hid: the texts a Mutation added and removed, and live regions.

`window` answers "what happened next" with these, so that a reader sees "Payment failed. Please try
again." appear rather than "+1 node". Work is bounded per mutation (`SCAN` entries of each list,
`MAX_TEXTS` texts of `TEXT_MAX` characters, `_VISIT_MAX` nodes read per text, the first
`ROOT_SAMPLE` adds), so a 100 000-node burst costs no more than a small one.

- removed texts: the visible text of each removed subtree root, and the old value of each changed
  text, read *before* the change is applied (`before`);
- added texts: the visible text of each added subtree root (an add whose parent is not added in the
  same batch), and the new value of each changed text, read after (`after`);
- live regions: elements with `role="alert"`, `role="status"` or an `aria-live` other than `off`
  that contain (or are) a node the change touched, with their text after the change: how toasts,
  alerts and status lines announce themselves to screen readers, and so to a reader of a replay.

Texts are kept as recorded: a masked text stays a run of `*` (its length is all that is known).
"""

from __future__ import annotations

from typing import Any

from .node_reader import INVISIBLE, TEXT, NodeState

SCAN = 24
ROOT_SAMPLE = 256
MAX_TEXTS = 6
TEXT_MAX = 200
MAX_REGIONS = 3
_LIVE_ROLES = frozenset({"alert", "status"})
_ANCESTOR_STEPS = 12
_VISIT_MAX = 200


def _text_of(nodes: NodeState, nid: Any) -> str | None:
    if type(nid) is not int:
        return None
    tag = nodes.tag.get(nid)
    if tag == TEXT:
        text = " ".join((nodes.text.get(nid) or "").split())
        return text[:TEXT_MAX] or None
    if tag is None or tag.startswith("#") or tag in INVISIBLE:
        return None
    return text_of_subtree(nodes, nid)


def text_of_subtree(nodes: NodeState, nid: int) -> str | None:
    """The subtree's text, a space between text nodes (a product card reads "Mug $29.00", not
    "Mug$29.00"), bounded like `NodeState.visible_text`."""
    chunks: list[str] = []
    size = 0
    for t in nodes.texts_under(nid, _VISIT_MAX):
        if t.strip():
            chunks.append(t.strip())
            size += len(t)
            if size >= TEXT_MAX:
                break
    text = " ".join(" ".join(chunks).split())
    return text[:TEXT_MAX] or None


def _push(out: list[str], text: str | None) -> None:
    if text and text not in out and len(out) < MAX_TEXTS:
        out.append(text)


def _entries(d: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = d.get(key)
    if not isinstance(value, list):
        return []
    return [e for e in value[:SCAN] if isinstance(e, dict)]


def before(nodes: NodeState, d: dict[str, Any]) -> list[str]:
    """Texts the change will remove: removed subtrees' text, old values of changed texts."""
    out: list[str] = []
    for r in _entries(d, "removes"):
        if len(out) >= MAX_TEXTS:
            break
        _push(out, _text_of(nodes, r.get("id")))
    for t in _entries(d, "texts"):
        if len(out) >= MAX_TEXTS:
            break
        _push(out, _text_of(nodes, t.get("id")))
    return out


def after(nodes: NodeState, d: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """(texts the change added, live regions it touched with their text now)."""
    added: list[str] = []
    adds = d.get("adds")
    touched: list[Any] = []
    if isinstance(adds, list) and adds:
        for a in _roots(adds)[:SCAN]:
            nid = a["node"].get("id")
            if len(added) < MAX_TEXTS:
                _push(added, _text_of(nodes, nid))
            if type(nid) is int:
                touched.append(nid)
    for t in _entries(d, "texts"):
        if len(added) < MAX_TEXTS:
            _push(added, _text_of(nodes, t.get("id")))
        touched.append(t.get("id"))
    touched += [a.get("id") for a in _entries(d, "attributes")]
    touched += [r.get("parentId") for r in _entries(d, "removes")]
    return added, live_regions(nodes, touched)


def _roots(adds: list[Any]) -> list[dict[str, Any]]:
    """The adds whose parent is not added in the same batch (the roots of the added subtrees),
    among the first `ROOT_SAMPLE` adds of the batch.

    Bounded so that a 100 000-node batch costs no more than a small one. Any added node's text is
    text that appeared, so a sampled "root" whose parent was added further on still reports true
    text (only possibly part of a bigger root's). The well-formed batch takes two comprehensions;
    anything malformed falls back to the checked loop.
    """
    adds = adds[:ROOT_SAMPLE]
    try:
        ids = {a["node"]["id"] for a in adds}
        return [a for a in adds if a["parentId"] not in ids]
    except (KeyError, TypeError, IndexError):
        pass
    good = [a for a in adds if isinstance(a, dict) and isinstance(a.get("node"), dict)]
    ids = {nid for a in good if type(nid := a["node"].get("id")) is int}
    return [a for a in good if type(pid := a.get("parentId")) is not int or pid not in ids]


def live_regions(nodes: NodeState, touched: list[Any]) -> list[dict[str, Any]]:
    """The live regions (see the module docstring) holding any of the `touched` nodes."""
    found: list[int] = []
    seen: set[int] = set()
    parent, attrs_of = nodes.parent, nodes.attrs
    for nid in touched:
        cur = nid if type(nid) is int else None
        for _ in range(_ANCESTOR_STEPS):
            if cur is None or cur in seen:
                break
            seen.add(cur)
            attrs = attrs_of.get(cur)
            if attrs and ("role" in attrs or "aria-live" in attrs) and _politeness(attrs) is not None:
                if cur not in found:
                    found.append(cur)
                break
            cur = parent.get(cur)
        if len(found) >= MAX_REGIONS:
            break
    out = []
    for rid in found:
        attrs = nodes.attrs.get(rid) or {}
        out.append(
            {
                "nodeId": rid,
                "selector": nodes.selector(rid),
                "role": attrs.get("role") if attrs.get("role") in _LIVE_ROLES else None,
                "ariaLive": _politeness(attrs),
                "text": text_of_subtree(nodes, rid),
                "hidden": "hidden" in attrs or attrs.get("aria-hidden") == "true",
            }
        )
    return out


def _politeness(attrs: dict[str, Any] | None) -> str | None:
    """`assertive`/`polite` for a live region element (role alert/status imply them), else None."""
    if not attrs:
        return None
    live = attrs.get("aria-live")
    if isinstance(live, str) and live and live != "off":
        return live
    role = attrs.get("role")
    if role == "alert":
        return "assertive"
    if role == "status":
        return "polite"
    return None
