"""`dom --at T`: the reconstructed DOM at an instant as an inert HTML excerpt plus a fidelity report.

The default view is the `<body>` (or the document element) with `data-rr-id` on every element and
at most `DEFAULT_MAX_NODES` elements. It is what a person could see: subtrees hidden by their own
`hidden`, inline `display:none` or `aria-hidden="true"` are left out, each replaced by a comment, and
counted in `shown.hidden` (`show_all` keeps them, as `--all` does). `node`/`css` root the excerpt
at one element (the css selector is matched in the tree at T, shadow roots and iframe documents
included); `whole` prints the entire document with its doctype and no limits unless given (with
`node`/`css`: that element's entire subtree, e.g. every row of a table);
`lens="interactive"` lists the controls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ..errors import NotFoundError, UsageError
from ..timefmt import format_clock, format_offset
from .census import count_elements
from .fidelity import fidelity_census, status_of
from .lens import interactive
from .nodes import attached_index, selector_for
from .serialize import Excerpt, Limits, SerializeStats, to_lxml
from .source import DomSource
from .state import DomState
from .tree import DOCUMENT, ELEMENT, Node
from .visibility import hidden_reason

if TYPE_CHECKING:
    from lxml import etree

DEFAULT_MAX_NODES = 500
CSS_IDS = 20  # node ids of the first matches listed in `cssMatch`
STYLE_CHARS = 300
LENSES = ("interactive",)
CLICK_KINDS = frozenset({"click", "dead-click", "rage-click", "slow-click", "multi-click"})


@dataclass(frozen=True)
class ViewOptions:
    """How to show the DOM at T (frozen from the CLI flags)."""

    node: int | None = None
    css: str | None = None
    depth: int | None = None
    max_nodes: int | None = None
    lens: str | None = None
    whole: bool = False
    redact: bool = False
    show_all: bool = False  # keep hidden subtrees (`--all`; `--html` always shows everything)

    def check(self) -> None:
        if self.node is not None and self.css is not None:
            raise UsageError("give --node or --css, not both")
        if self.lens is not None and self.lens not in LENSES:
            raise UsageError(f"unknown lens {self.lens!r}: use {', '.join(LENSES)}")


def state_at(source: DomSource, offset_ms: float) -> DomState:
    """The reconstruction at an offset, or `NotFoundError` when there is no document then."""
    state = source.timeline.state_at(source.instant(offset_ms))
    if state.doc is None:
        nxt = source.next_document_offset(offset_ms)
        where = f"; the next one is applied from {format_offset(nxt)}" if nxt is not None else ""
        raise NotFoundError(
            f"no DOM at {format_offset(round(offset_ms))}: no full snapshot of the page yet{where}",
            hint=f"try --at {nxt}ms" if nxt is not None else None,
        )
    return state


def find_root(state: DomState, options: ViewOptions, offset_ms: float) -> Node:
    """The element the excerpt starts at."""
    assert state.doc is not None
    if options.node is not None:
        node = attached_index(state.doc).get(options.node)
        if node is None:
            raise NotFoundError(
                f"node {options.node} is not in the DOM at {format_offset(round(offset_ms))}",
                hint=f"see when it existed: replaydom dom <target> --history {options.node}",
            )
        return node if node.kind in (ELEMENT, DOCUMENT) else (node.parent or node)
    if options.css is not None:
        return css_matches(state.doc, options.css, offset_ms)[0]
    if options.whole:
        return state.doc
    html = next((c for c in state.doc.children if c.kind == ELEMENT), None)
    if html is None:
        return state.doc
    body = next((c for c in html.children if c.kind == ELEMENT and c.tag == "body"), None)
    return body or html


def match_css(doc: Node, selector: str, offset_ms: float) -> Node:
    """First element matching a CSS selector in the tree at T."""
    return css_matches(doc, selector, offset_ms)[0]


def css_matches(doc: Node, selector: str, offset_ms: float) -> list[Node]:
    """Every element matching a CSS selector in the tree at T, in document order (at least one:
    `NotFoundError` otherwise)."""
    from cssselect import SelectorError  # lazy: only --css needs it
    from lxml.cssselect import CSSSelector

    try:
        matcher = CSSSelector(selector)
    except (SelectorError, ValueError, SyntaxError) as exc:
        raise UsageError(f"bad CSS selector {selector!r}: {exc}") from None
    tree = to_lxml(doc)
    index = attached_index(doc)
    found = []
    for element in cast("list[etree._Element]", matcher(tree)):
        raw = element.get("data-rr-id")
        if raw is not None and raw.isdigit() and int(raw) in index:
            found.append(index[int(raw)])
    if not found:
        raise NotFoundError(f"no element matches {selector!r} at {format_offset(round(offset_ms))}")
    return found


def css_report(
    source: DomSource, offset_ms: float, options: ViewOptions, matches: list[Node]
) -> dict[str, Any]:
    """`cssMatch` of `dom --at --css`: how many elements match, which one the excerpt shows (the
    first, in document order), the first ids (`--node ID` roots the excerpt at one) and the command
    that shows the next match, with the same view flags."""
    ids = [node.id for node in matches[:CSS_IDS] if node.id is not None]
    nxt = None
    if len(matches) > 1 and matches[1].id is not None:
        flags = [
            f"--depth {options.depth}" if options.depth is not None else "",
            f"--max-nodes {options.max_nodes}" if options.max_nodes is not None else "",
            f"--lens {options.lens}" if options.lens is not None else "",
            "--html" if options.whole else "",
            "--all" if options.show_all else "",
            "--redact" if options.redact else "",
        ]
        nxt = " ".join(
            [
                f"replaydom dom {source.target_display or source.replay_id}",
                f"--at {format_clock(round(offset_ms))} --node {matches[1].id}",
                *filter(None, flags),
            ]
        )
    return {
        "selector": options.css,
        "total": len(matches),
        "shown": 1,
        "nodeId": matches[0].id,
        "nodeIds": ids,
        "next": nxt,
    }


def clicks_at(events: Iterable[dict[str, Any]], offset_ms: float) -> list[dict[str, Any]]:
    """The click events (`click`, `dead-click`, `rage-click`, `slow-click`, `multi-click`) whose
    `offsetMs` is exactly the instant, with a node id: `dom --at <offsetMs of a click>` (the
    offset an agent reads in `events` or `window`) shows the page the user clicked on."""
    if offset_ms != round(offset_ms):
        return []
    at = round(offset_ms)
    return [
        e
        for e in events
        if e.get("offsetMs") == at and e.get("kind") in CLICK_KINDS and isinstance(e.get("nodeId"), int)
    ]


def _clicked(state: DomState, clicks: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, Node | None]:
    """`clicked` of the result: the first click at T (its kind, the node, where it is in the
    recording) and the clicked node when it is in the page at T."""
    if not clicks:
        return None, None
    first = clicks[0]
    key = first["nodeId"]
    node = attached_index(state.doc).get(key) if state.doc is not None else None
    kinds = list(dict.fromkeys(str(e.get("kind")) for e in clicks if e.get("nodeId") == key))
    return {
        "nodeId": key,
        "kinds": kinds,
        "label": first.get("label"),
        "selector": selector_for(node) if node is not None else first.get("selector"),
        "inPage": node is not None,
        "marked": False,
        "segmentId": first.get("segmentId"),
        "frameIndex": first.get("frameIndex"),
    }, node


def dom_at(
    source: DomSource,
    offset_ms: float,
    options: ViewOptions,
    clicks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The JSON object of `dom --at` (the table view prints its `html`). `clicks` are the click
    events at exactly T (`clicks_at`): the clicked element is marked `data-rr-clicked="<kind>"`
    in the excerpt and described in `clicked`."""
    options.check()
    state = state_at(source, offset_ms)
    assert state.doc is not None
    matches = css_matches(state.doc, options.css, offset_ms) if options.css is not None else None
    root = matches[0] if matches else find_root(state, options, offset_ms)
    limits = Limits(depth=options.depth, max_nodes=options.max_nodes, redact=options.redact)
    clicked, clicked_node = _clicked(state, clicks or [])
    if clicked is not None and clicked_node is not None:
        limits.marks = {clicked["nodeId"]: clicked["kinds"][0]}
    filtered = not options.whole and not options.show_all
    if not options.whole:
        limits.max_nodes = options.max_nodes if options.max_nodes is not None else DEFAULT_MAX_NODES
        limits.style_chars = STYLE_CHARS
    if filtered:
        limits.hide = hidden_reason
    stats = SerializeStats()
    result: dict[str, Any] = {
        "replayId": source.replay_id,
        "offsetMs": round(offset_ms),
        "timestamp": source.timestamp(offset_ms),
        "url": source.url_at(offset_ms, state.href),
        "viewport": {"width": state.viewport[0], "height": state.viewport[1]} if state.viewport else None,
        "root": {"nodeId": root.id, "tag": root.tag, "selector": selector_for(root)},
        "cssMatch": css_report(source, offset_ms, options, matches) if matches else None,
        "view": "interactive"
        if options.lens
        else ("document" if root is state.doc else "subtree")
        if options.whole
        else "excerpt",
    }
    # With --css/--node, the chosen element's subtree is counted in the same walk as the page.
    chosen: list[tuple[Node, Node]] = (
        [(root, root)] if options.css is not None or options.node is not None else []
    )
    if options.lens == "interactive":
        hidden = stats.hidden if filtered else None
        found = interactive(root, redact=options.redact, hidden=hidden, marks=limits.marks)
        shown = found[: options.max_nodes] if options.max_nodes is not None else found
        stats.elements, stats.elided = len(shown), len(found) - len(shown)
        # The clicked element is marked when it is one of the controls shown (matched by node id).
        stats.marked = [c["nodeId"] for c in shown if c["nodeId"] in limits.marks]
        result["controls"] = shown
        result["html"] = "\n".join(c["html"] for c in shown)
        report, page = fidelity_census(state, source.start_ms, chosen)
    else:
        # The subtrees the excerpt leaves out are counted in the fidelity report's walk over the
        # whole page (one walk, not two: they are most of a big page).
        excerpt = Excerpt(root, limits, stats)
        report, page = fidelity_census(state, source.start_ms, [*excerpt.spans, *chosen])
        excerpt.finish(page.counts)
        result["html"] = excerpt.html()
    result["shown"] = {
        "elements": stats.elements,
        "elided": stats.elided,
        "attributesLeftOut": stats.skipped_attributes,
        "hidden": stats.hidden.as_json() if filtered else None,
    }
    result["fidelity"], result["elements"] = report, page.elements
    if chosen:
        # The chosen element's own count beside the page's (its excerpt is measured against it);
        # the census counts element spans only, so a chosen document is counted apart.
        result["root"]["elements"] = page.counts.get(chosen[0]) or count_elements(root)
    if clicked is not None:
        clicked["marked"] = bool(stats.marked)
    result["clicked"] = clicked
    ended = past_end(source, offset_ms)
    result["replayEndsMs"] = ended[0] if ended is not None else source.ends_at()
    if ended is not None:
        result["fidelity"]["notes"].append(ended[1])
    if stats.skipped_attributes or stats.renamed_tags:
        # Names the DOM accepts but HTML output cannot carry (e.g. `@click`): said, not hidden.
        result["fidelity"]["htmlOutput"] = {
            "attributesLeftOut": stats.skipped_attributes,
            "tagsRenamed": stats.renamed_tags,
        }
        result["fidelity"]["notes"].append(
            f"{len(stats.skipped_attributes)} attribute(s) left out of the HTML (names HTML cannot write)"
        )
    return result


def past_end(source: DomSource, offset_ms: float) -> tuple[int, str] | None:
    """(offset of the replay's end, a note) when `offset_ms` is after it: the DOM shown is then the
    one every frame built, the last the recording knows, not a later page. The end is the one
    `stats` and `view` give as the duration (`DomSource.ends_at`), so every view says the same."""
    end = source.ends_at()
    if end is None or offset_ms <= end:
        return None
    return end, (
        f"the replay ends at {format_offset(end)}: {format_offset(round(offset_ms))} "
        f"is after it, so this is the DOM at the end of the replay"
    )


def is_partial(result: dict[str, Any]) -> bool:
    return bool(result.get("fidelity", {}).get("status") == "partial")


__all__ = [
    "CLICK_KINDS",
    "ViewOptions",
    "clicks_at",
    "css_matches",
    "dom_at",
    "find_root",
    "is_partial",
    "match_css",
    "past_end",
    "state_at",
    "status_of",
]
