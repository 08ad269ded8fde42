"""Tables of `replaydom dom`'s list views: `--from/--to` (events, with the node-level changes of each
mutation) and `--diff` (the net change, then what came and went). JSON carries everything; a table
cell that is cut ends with `…`, and rows left out are counted with where to find them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..dom.inspect import MAX_DETAILS
from ..render.output import table
from ..timefmt import format_offset

MAX_ROWS_PER_FRAME = 10  # node rows under one mutation in the table (JSON lists up to 50 per kind)


def event_table(items: list[dict[str, Any]]) -> Iterator[str]:
    """One row per event; under each mutation, one row per node it added, removed or changed:
    node id, selector and the text before and after (a text node replaced under the same parent in
    one frame reads as one text change)."""
    rows: list[tuple[Any, ...]] = []
    bursts: set[Any] = set()  # the bursts already labelled: a later frame of one says so briefly
    for item in items:
        dom = (item.get("data") or {}).get("dom") or {}
        rows.append(
            (
                format_offset(item.get("offsetMs")),
                item.get("kind"),
                item.get("nodeId") or "",
                dom.get("selector") or item.get("selector") or "",  # the short one when there is one
                _summary(item, dom, bursts),
                f"{item.get('segmentId')}/{item.get('frameIndex')}",
            )
        )
        if item.get("kind") == "mutation" and "counts" in dom:
            rows.extend(("", "", node, selector, what, "") for node, selector, what in _node_rows(dom))
    if not rows:
        return iter(["(none: no DOM event of those kinds in the range)"])
    return table(rows, ("at", "kind", "node", "selector", "what", "seg/frame"), max_width=70)


def _node_rows(dom: dict[str, Any]) -> list[tuple[Any, str, str]]:
    """(node, selector, what) for one mutation's details, text replacements paired; at most
    `MAX_ROWS_PER_FRAME`, then how many more rows and changes there are."""
    rows = _node_rows_uncut(dom)
    more, hidden = _left_out(dom, len(rows))
    inside = _inside_listed_roots(dom)
    rows = rows[:MAX_ROWS_PER_FRAME]
    # Short, so that no cell cuts them; what to run for the rest is said once, on stderr
    # (`rows_left_out`).
    if more:
        rows.append(("", "", f"… +{more:,} more row(s)"))
    if inside and not more:
        rows.append(("", "", f"… +{inside:,} node(s) inside the subtree(s) added above"))
    if hidden - inside > 0:
        rows.append(("", "", f"… +{hidden - inside:,} more change(s)"))
    return rows


def _inside_listed_roots(dom: dict[str, Any]) -> int:
    """The adds past the JSON's list that are inside subtrees it lists the top of (every top of
    the frame's added subtrees is listed: `nodes.addedRoots`), so a table row already shows them."""
    roots = (dom.get("nodes") or {}).get("addedRoots")
    listed = dom.get("adds") or []
    if not isinstance(roots, int) or roots != sum(1 for entry in listed if entry.get("top")):
        return 0
    return max(0, int((dom.get("counts") or {}).get("adds", 0)) - len(listed))


def _node_rows_uncut(dom: dict[str, Any]) -> list[tuple[Any, str, str]]:
    """(node, selector, what) for every detail of one mutation, text replacements paired."""
    removed_texts: dict[Any, dict[str, Any]] = {}
    rows: list[tuple[Any, str, str]] = []
    for entry in dom.get("removes") or []:
        if entry.get("tag") is None and entry.get("known", True) and entry.get("parentId") is not None:
            removed_texts.setdefault(entry["parentId"], entry)
    paired: set[int] = set()
    for entry in dom.get("adds") or []:
        if not entry.get("top"):
            continue
        old = removed_texts.pop(entry.get("parentId"), None) if entry.get("tag") is None else None
        if old is not None:
            paired.add(id(old))
            if old.get("text") == entry.get("text") and not entry.get("masked"):
                what = f"text {_text(entry)} re-rendered (replaces {old.get('nodeId')})"
            else:
                what = f"text {_text(old)} -> {_text(entry)} (replaces {old.get('nodeId')})"
        else:
            what = f"+ {_text(entry) if entry.get('text') else entry.get('description') or ''}"
        rows.append((entry.get("nodeId"), entry.get("selector") or "", what))
    for entry in dom.get("removes") or []:
        if id(entry) not in paired:
            label = (
                (_text(entry) if entry.get("text") else "")
                or entry.get("description")
                or ("(unknown node)" if not entry.get("known", True) else "")
            )
            rows.append((entry.get("nodeId"), entry.get("selector") or "", f"- {label}"))
    for entry in dom.get("texts") or []:
        masked = " (masked)" if entry.get("masked") else ""
        rows.append(
            (
                entry.get("nodeId"),
                entry.get("selector") or "",
                f"text {entry.get('from')!r} -> {entry.get('to')!r}{masked}",
            )
        )
    for entry in dom.get("attributes") or []:
        changes = "; ".join(f"{k}: {v[0]!r} -> {v[1]!r}" for k, v in (entry.get("changes") or {}).items())
        rows.append((entry.get("nodeId"), entry.get("selector") or "", f"attr {changes}"))
    return rows


def _left_out(dom: dict[str, Any], rows: int) -> tuple[int, int]:
    """(node rows past `MAX_ROWS_PER_FRAME`, changes past the JSON's `MAX_DETAILS` per kind)."""
    counts = dom["counts"]
    listed = sum(len(dom.get(k) or []) for k in ("adds", "removes", "texts", "attributes"))
    hidden = sum(v for v in counts.values() if isinstance(v, int)) - listed
    return max(0, rows - MAX_ROWS_PER_FRAME), max(0, hidden)


def rows_left_out(items: list[dict[str, Any]], json_command: str) -> str | None:
    """The one stderr line that says where the node rows a table left out are, None when it left
    none out: `--json` lists up to 50 changes per kind of each mutation, `data.dom.counts` counts
    them all."""
    more = hidden = 0
    for item in items:
        dom = (item.get("data") or {}).get("dom") or {}
        if item.get("kind") == "mutation" and "counts" in dom:
            rows = len(_node_rows_uncut(dom))
            extra, past = _left_out(dom, rows)
            if rows <= MAX_ROWS_PER_FRAME:
                past -= _inside_listed_roots(dom)  # shown by their subtree's row
            more, hidden = more + extra, hidden + past
    if not more and not hidden:
        return None
    parts = []
    if more:
        parts.append(f"{more:,} node row(s) past {MAX_ROWS_PER_FRAME} per mutation are in --json")
    if hidden:
        parts.append(
            f"{hidden:,} change(s) past --json's {MAX_DETAILS} per kind are only counted (data.dom.counts)"
        )
    return f"Rows left out of the table: {'; '.join(parts)}: {json_command}"


def _text(entry: dict[str, Any]) -> str:
    text = entry.get("text")
    if text is None:
        return ""
    region = f"[{entry['region']}] " if entry.get("region") else ""
    return region + repr(text) + (" (masked)" if entry.get("masked") else "")


def _summary(item: dict[str, Any], dom: dict[str, Any], bursts: set[Any]) -> str:
    if "action" in dom:
        return str(item.get("label"))
    counts = dom.get("counts")
    if counts:
        return _changes(counts, dom.get("nodes")) + _burst(dom.get("burst"), bursts)
    if item.get("kind") == "input":
        masked = " (masked)" if dom.get("masked") else ""
        return f"= {dom.get('text')!r}{masked}"
    return str(item.get("label"))


def _changes(counts: dict[str, Any], nodes: dict[str, Any] | None) -> str:
    """`+100,004 -100,002 nodes (1 removed root), 2 text, 1 attr`: nodes as `--history` and
    `window` count them (subtrees included; `counts` has the frame's list entries, a removed table
    being one), zero edits left out."""
    from ..model.page import change_summary

    roots = counts.get("removes", 0)
    if nodes is None:  # an item from before `data.dom.nodes`: list entries, no roots named
        added, removed, roots = counts.get("adds", 0), roots, 0
    else:
        added, removed = nodes.get("added", 0), nodes.get("removed", 0)
    return change_summary(added, removed, roots, counts.get("texts", 0), counts.get("attributes", 0))


def _burst(burst: dict[str, Any] | None, labelled: set[Any]) -> str:
    """`  (burst 3 of 7: 2 frames)`: mutations less than 100 ms apart, numbered from 1 in the
    listing, on the first frame of the burst listed; `  (burst 3, continued)` on its later frames;
    nothing for a mutation alone."""
    if not burst or (burst.get("frames") or 0) < 2:
        return ""
    number = burst.get("number")
    if number in labelled:
        return f"  (burst {number}, continued)"
    labelled.add(number)
    of = f" of {burst['count']}" if burst.get("count") else ""
    return f"  (burst {number}{of}: {burst.get('frames')} frames)"


def diff_table(items: list[dict[str, Any]]) -> Iterator[str]:
    """Two sections: the net change from A to B, then what came and went inside the range."""
    net = [i for i in items if i.get("part") != "transient"]
    transient = [i for i in items if i.get("part") == "transient"]
    if not items:
        yield "(none: the DOM is the same at A and B and nothing came and went in between)"
        return
    yield f"net change (DOM at A -> DOM at B): {len(net)} item(s) on this page"
    yield from _net_rows(net) if net else iter(["(none)"])
    yield ""
    yield f"came and went inside the range (transient): {len(transient)} item(s) on this page"
    yield from _transient_rows(transient) if transient else iter(["(none)"])


def _net_rows(items: list[dict[str, Any]]) -> Iterator[str]:
    rows = []
    for item in items:
        if item["change"] == "changed":
            detail = ", ".join(
                f"{k}: {v[0]!r} -> {v[1]!r}" if isinstance(v, list) else f"{k}: {v}"
                for k, v in item.get("changes", {}).items()
            )
        else:
            detail = _quoted(item)
            if item.get("descendants"):  # first, so a cut cell still says it
                detail = f"{_size(item)} {detail}"
            if item.get("region"):
                detail = f"[{item['region']}] {detail}"
            if item.get("sameAs") is not None:  # first, so a cut cell still says it
                detail = f"[re-render of {item['sameAs']}] {detail}"
        rows.append(
            (
                format_offset(item.get("offsetMs")),
                item["change"],
                item["nodeId"],
                item.get("selector") or item["description"],
                detail,
                _pointer_text(item),
            )
        )
    return table(rows, ("at", "change", "node", "selector", "text / details", "seg/frame"), max_width=70)


def _transient_rows(items: list[dict[str, Any]]) -> Iterator[str]:
    rows = []
    for item in items:
        count = item.get("valueCount") or 1
        lived = _duration(item["lifetimeMs"]) + (f" ({count} values)" if count > 1 else "")
        text = _quoted(item)
        if item.get("descendants"):
            text = f"{_size(item)} {text}"
        if item.get("textWhenGone"):
            text += f" -> {item['textWhenGone']!r}"
        if item.get("region"):
            text = f"[{item['region']}] {text}"
        if item.get("hiddenBy"):  # first, so a cut cell still says it
            text = f"[hidden: {item['hiddenBy']}] {text}"
        rows.append(
            (
                format_offset(item["appeared"]["offsetMs"]),
                format_offset(item["gone"]["offsetMs"]),
                lived,
                item["change"],
                item["nodeId"],
                item.get("selector") or item["description"],
                text,
                f"{_pointer_text(item['appeared'])} -> {_pointer_text(item['gone'])}",
            )
        )
    headers = ("appeared", "gone", "lived", "change", "node", "selector", "text", "seg/frame")
    return table(rows, headers, max_width=70)


def _size(item: dict[str, Any]) -> str:
    """`(+100,005 nodes)` for a subtree that came, `(-100,005 nodes)` for one that went (itself
    included), `(100,005 nodes)` for one that came and went."""
    nodes = item.get("nodes") or item.get("descendants", 0) + 1
    sign = {"added": "+", "removed": "-"}.get(item.get("change") or "", "")
    return f"({sign}{nodes:,} nodes)"


def _duration(ms: int) -> str:
    return f"{ms} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def _quoted(item: dict[str, Any]) -> str:
    text = item.get("text")
    if not text:
        return str(item.get("description") or "")
    return repr(text) + (" (masked)" if item.get("masked") else "")


def _pointer_text(item: dict[str, Any]) -> str:
    if item.get("touchedAfterStop"):
        return "after the stop"
    if item.get("segmentId") is None:
        return "-"
    return f"{item['segmentId']}/{item['frameIndex']}"
