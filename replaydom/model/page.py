"""`data` of the page and its DOM: navigation, page lifecycle, viewport, snapshots, mutations
(with the live regions they touched) and style changes."""

from __future__ import annotations

from pydantic import Field

from .base import Pointer, _Data


class NavigationData(_Data):
    op: str | None = None
    fromUrl: str | None = None
    toUrl: str | None = None
    durationMs: int | None = None
    breadcrumb: Pointer | None = Field(None, description="the duplicate navigation breadcrumb")
    domContentLoadedMs: int | None = None
    loadMs: int | None = None
    transferSize: int | None = None


class PageData(_Data):
    event: str | None = Field(None, description="Meta, Load or DomContentLoaded")
    href: str | None = None
    width: int | None = None
    height: int | None = None


class ViewportData(_Data):
    width: int | None = None
    height: int | None = None


class SnapshotData(_Data):
    nodes: int = 0
    maskedTexts: int = 0
    blockedElements: int = 0
    scrollTop: int | None = None
    scrollLeft: int | None = None


class LiveRegion(_Data):
    """A toast/alert/status element (role alert|status, aria-live) touched by a DOM change."""

    nodeId: int
    selector: str | None = None
    role: str | None = Field(None, description="alert or status, when that is the role")
    ariaLive: str | None = Field(None, description="assertive/polite (explicit, or implied by the role)")
    text: str | None = Field(None, description="its visible text after the change (bounded)")
    hidden: bool = Field(False, description="it carries `hidden` or aria-hidden=true after the change")


def node_counts(added: int, removed: int, removed_roots: int) -> str:
    """`+100,004 -100,002 nodes (1 removed root)`: nodes attached and detached, subtrees included,
    worded as `dom --from/--to` and `dom --history` word them; the removed roots (`removes` list
    entries) are named when fewer than the nodes they took away."""
    text = f"+{added:,} -{removed:,} nodes"
    if removed_roots and removed_roots != removed:
        text += f" ({removed_roots:,} removed root{'s' if removed_roots != 1 else ''})"
    return text


def change_summary(added: int, removed: int, removed_roots: int, texts: int, attributes: int) -> str:
    """`+100,004 -100,002 nodes (1 removed root), 2 text, 1 attr`: `node_counts` then the text and
    attribute edits, zero edits left out (the rows of `dom --from/--to` and `dom --history`)."""
    edits = [f"{n:,} {label}" for n, label in ((texts, "text"), (attributes, "attr")) if n]
    return ", ".join([node_counts(added, removed, removed_roots), *edits])


class MutationData(_Data):
    adds: int = Field(
        0, description="entries of the mutation's `adds` list (one per added node as the recorder sends them)"
    )
    removes: int = Field(
        0, description="entries of its `removes` list: removed roots (a removed 20,000-row table is one)"
    )
    texts: int = Field(0, description="entries of its `texts` list (text value changes)")
    attributes: int = Field(0, description="entries of its `attributes` list (attribute changes)")
    nodesAdded: int = Field(0, description="nodes the adds attached, subtrees included")
    nodesRemoved: int = Field(
        0, description="nodes the removes detached, subtrees included (the label's `-N nodes`)"
    )
    maskedTexts: int = 0
    targets: list[int] = Field([], description="parent node ids with the most changes, largest first")
    unresolved: int = Field(0, description="added nodes whose parent never arrived (dropped)")
    define: str | None = Field(None, description="CustomElement: the defined tag name")
    addedTexts: list[str] = Field(
        [], description="visible texts the change added (added subtrees, new text values; bounded)"
    )
    removedTexts: list[str] = Field(
        [], description="visible texts the change removed (removed subtrees, old text values; bounded)"
    )
    live: list[LiveRegion] = Field(
        [], description="toasts/alerts/status regions (role alert|status, aria-live) it touched"
    )
    typedInto: dict[str, int] | None = Field(
        None,
        description="present when the change carried text the user typed into a contenteditable "
        "element: the pointer (segmentId, frameIndex) of that typing's input event",
    )


class StyleData(_Data):
    change: str | None = None
    styleId: int | None = None
    adds: int = 0
    removes: int = 0
    fontFamily: str | None = None
    fontSource: str | None = None
