"""Documented JSON shapes of the commands whose output is assembled from cache and API data.

Event-shaped outputs (events, window, search, struggles, stats) have their models next to the code
that computes them; these models describe the rest. `extra="forbid"` on every top-level model means a
test (`tests/test_output_schemas.py`) fails when a command starts printing an undocumented key, and
the command reference in the skill is generated from the field descriptions.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SegmentEntry(_Strict):
    position: int = Field(description="segmentId: position in the server's list, 0-based")
    file: str = Field(description="path of the gzip file, relative to the bundle")
    size: int = Field(description="uncompressed bytes")
    sha256: str = Field(description="sha256 of the uncompressed JSON")
    events: int = Field(description="number of raw frames in the segment")


class FetchRun(_Strict):
    skipped: bool = Field(description="a finished, complete replay: no segment was requested")
    segmentRequests: int = Field(description="segment page requests made by this run")
    segmentsWritten: int = Field(description="segment files written by this run")
    warnings: list[str] = []


class Manifest(_Strict):
    """The bundle manifest (`manifest.json`), as printed by `fetch --json` and `import --json`."""

    format: int = Field(description="cache format version")
    replayId: str
    identity: str = Field(description="short hash of host + token fingerprint, or `local`")
    org: str | None = None
    project: str | None = None
    host: str | None = Field(None, description="Sentry host the bundle came from (null for imports)")
    source: str = Field(description="`fetch` or `import`")
    createdAt: str | None = None
    fetchedAt: str | None = Field(None, description="time of the last fetch (ISO)")
    startedAt: str | None = Field(None, description="replay started_at from details")
    platform: str | None = None
    expectedSegments: int | None = Field(None, description="count_segments from details (a hint)")
    storedSegments: int = Field(description="segments stored in the bundle")
    receivedEnd: int | None = Field(None, description="one past the last position received")
    complete: bool = Field(description="every expected segment stored and no next page remains")
    nextPending: bool = Field(False, description="the server still advertised a next page")
    live: bool = Field(description="the replay may still grow (not finished)")
    countHistory: list[Any] = Field([], description="segment counts seen by earlier fetches")
    segmentIds: dict[str, int] | None = Field(None, description="position -> Sentry segment_id, when known")
    related: dict[str, Any] = Field(
        {}, description="extras stored under related/ (errors, error-details, traces, clicks, logs)"
    )
    derived: list[str] = Field([], description="metadata fields derived from the events, not the API")
    metadata: dict[str, Any] | None = Field(
        None, description="size and sha256 of metadata.json, checked when read (fetch repairs damage)"
    )
    warnings: list[str] = []
    segments: list[SegmentEntry] = []
    normalizerVersion: int | None = None
    paths: dict[str, str] | None = Field(None, description="absolute paths of the bundle's parts")
    temporary: bool | None = Field(None, description="a --no-cache bundle, removed afterwards")
    run: FetchRun | None = Field(None, description="what this fetch did (fetch --json only)")


class CacheState(_Strict):
    cached: bool
    temporary: bool = False
    complete: bool | None = None
    live: bool | None = None
    storedSegments: int | None = None
    expectedSegments: int | None = None
    fetchedAt: str | None = None
    source: str | None = None
    identity: str | None = None
    path: str | None = None


class ViewResult(_Strict):
    """`view --json`: the replay at a glance (Sentry's details plus the cache state)."""

    replayId: str
    org: str | None = None
    project: str | None = None
    startedAt: str | None = None
    finishedAt: str | None = None
    durationS: int | None = Field(None, description="Sentry's duration, whole seconds")
    platform: str | None = None
    replayType: str | None = None
    environment: str | None = None
    releases: list[str] = []
    dist: str | None = None
    urls: list[str] = []
    counts: dict[str, int | None] = Field(
        description="segments, errors, warnings, deadClicks, rageClicks, urls (Sentry's counts)"
    )
    user: dict[str, Any] | None = None
    browser: dict[str, Any] | None = None
    os: dict[str, Any] | None = None
    device: dict[str, Any] | None = None
    sdk: dict[str, Any] | None = None
    traceIds: list[str] = []
    errorIds: list[str] = []
    errors: list[dict[str, Any]] = Field([], description="linked error rows (events-meta API)")
    derived: list[str] = Field([], description="fields derived from the recording, not the API")
    cache: CacheState


class CacheEntry(_Strict):
    """One `cache ls` item."""

    replayId: str
    identity: str
    org: str | None = None
    project: str | None = None
    source: str | None = None
    storedSegments: int
    expectedSegments: int | None = None
    complete: bool
    live: bool
    sizeBytes: int
    fetchedAt: str | None = None
    expired: bool = Field(description="older than the expiry (REPLAYDOM_CACHE_TTL, default 30d)")
    path: str


class ReplayListItem(_Strict):
    """One `list` item (from Sentry's replay index)."""

    id: str
    startedAt: str | None = None
    finishedAt: str | None = None
    durationS: int | None = None
    segments: int | None = None
    errors: int | None = None
    deadClicks: int | None = None
    rageClicks: int | None = None
    user: str | None = None
    url: str | None = Field(None, description="first URL of the replay")
    platform: str | None = None
    projectId: str | None = None
    cached: bool = Field(description="already in the local cache")


class Viewport(_Strict):
    width: int
    height: int


class SnapshotItem(_Strict):
    """One `snapshot --json` item (one per `--at`)."""

    replayId: str
    offsetMs: int
    timestamp: str
    hasDocument: bool = Field(description="false before the first snapshot of a page")
    note: str | None = None
    html: str | None = Field(None, description="path of the written HTML")
    png: str | None = Field(None, description="path of the written PNG (--render)")
    viewport: Viewport | None = None
    css: str | None = None
    requestsBlocked: int = Field(description="requests of the replayed page aborted by the seal")
    pointer: dict[str, Any] | None = Field(
        None, description="evidence pointer of the last event at or before T"
    )
    finding: str | None = Field(None, description="with --findings: the finding this instant shows")


class DomRoot(_Strict):
    nodeId: int
    tag: str | None = None
    selector: str | None = None
    elements: int | None = Field(
        None,
        description="with --css/--node: the elements in the chosen subtree (the page's: `elements`)",
    )


class CssMatch(_Strict):
    """`dom --at T --css SELECTOR`: the excerpt is rooted at one match of many."""

    selector: str
    total: int = Field(description="elements matching the selector at T (shadow roots and iframes included)")
    shown: int = Field(description="matches shown: 1, the first in document order")
    nodeId: int = Field(description="rrweb id of the match shown")
    nodeIds: list[int] = Field(
        description="ids of the first matches in document order (at most 20): `--node ID` shows one"
    )
    next: str | None = Field(description="the command that shows the next match (null when only one)")


class DomClicked(_Strict):
    """`dom --at T` where T is exactly a click's `offsetMs`: the element the user clicked."""

    nodeId: int = Field(description="rrweb id of the clicked element (the click event's nodeId)")
    kinds: list[str] = Field(description="click kinds recorded at T on it: click, dead-click, rage-click...")
    label: str | None = Field(None, description="the click event's label")
    selector: str | None = Field(
        None, description="CSS path of the element at T (the event's selector when it is gone)"
    )
    inPage: bool = Field(description="the element is in the page at T")
    marked: bool = Field(description='the excerpt shows it, marked data-rr-clicked="<kind>"')
    segmentId: int | None = Field(None, description="pointer to the click event")
    frameIndex: int | None = None


class DomAtResult(_Strict):
    """`dom --at T --json`: the page at T rebuilt from the recording, with a fidelity report.

    `--from/--to` and `--history` print events in the event schema (DOM details under `data.dom`);
    `--diff A..B` prints `DomChange` items.
    """

    replayId: str
    offsetMs: int
    timestamp: str
    url: str | None = Field(None, description="page URL at T")
    viewport: Viewport | None = None
    root: DomRoot | None = Field(None, description="the element the excerpt is rooted at")
    cssMatch: CssMatch | None = Field(None, description="with --css: how many elements match, which is shown")
    view: str = Field(description="excerpt, interactive (--lens) or document (--html)")
    html: str = Field(description="inert HTML with data-rr-id on every element")
    shown: dict[str, Any] = Field(
        description="elements shown, elided, attributesLeftOut; hidden: subtrees left out because they "
        "hide themselves (hidden attribute, inline display:none, aria-hidden=true) with subtrees, "
        "elements, byReason, examples and showWith (`--all`), null with --all/--html"
    )
    fidelity: dict[str, Any] = Field(
        description="status (complete/partial), startedFrom (meta and snapshot pointers), frames, "
        "mutations and inputs applied, droppedAdds by reason, missingTargets, masked, blocked, "
        "notCaptured, invalidAttributes, notes"
    )
    replayEndsMs: int | None = Field(
        None,
        description="offset of the replay's end (the duration `stats` and `view` give); a T after it "
        "shows the DOM at the end of the replay (a fidelity note and a stderr note say so)",
    )
    elements: int = Field(
        description="elements in the page at T (shadow roots and iframe documents included), shown or not"
    )
    clicked: DomClicked | None = Field(
        None, description="when T is exactly a click's offsetMs: the clicked element (marked in the excerpt)"
    )


class DomPointer(_Strict):
    """Evidence pointer of one frame (resolves to the raw frame)."""

    segmentId: int
    frameIndex: int
    offsetMs: int
    timestamp: str


class DomChange(_Strict):
    """One `dom --diff A..B` item: part of the net change, or something that came and went.

    `part: "net"` items compare the DOM at A with the DOM at B (`added`, `removed`, `changed`,
    `moved`, `replaced`). `part: "transient"` items are what appeared and went again inside the
    range: `came-and-went` (a node attached and detached again), `text-came-and-went` (a text value
    set and replaced; a fast run of values on one node is one item listing them) and
    `shown-and-hidden` (an element unhidden and hidden again). Items are in chronological order
    (a transient item at the instant it appeared).
    """

    part: str = Field(description="net (DOM at A vs DOM at B) or transient (came and went inside)")
    change: str = Field(
        description="net: added, removed, changed, moved, replaced; transient: came-and-went, "
        "text-came-and-went, shown-and-hidden"
    )
    nodeId: int | None = None
    nodeType: str | None = Field(None, description="element, text, comment, document...")
    tag: str | None = None
    selector: str | None = Field(None, description="the element (or the text node's parent)")
    parentId: int | None = None
    description: str = ""
    text: str | None = Field(
        None,
        description="full text (whitespace collapsed) of an added/removed subtree, or of a "
        "transient item when it appeared",
    )
    textWhenGone: str | None = Field(
        None, description="transient: its text just before it went, when different"
    )
    masked: bool | None = Field(None, description="the text is masked by the recording (`***`)")
    sameAs: int | None = Field(
        None, description="added: the removed node it re-renders (same place, kind and text)"
    )
    descendants: int = Field(0, description="nodes added or removed with it")
    nodes: int | None = Field(
        None,
        description="added/removed/came-and-went: the size of the subtree, itself included "
        "(descendants + 1; the table shows it as (+N nodes) / (-N nodes))",
    )
    changes: dict[str, Any] | None = Field(
        None, description="changed: text/value/checked/attributes as [before, after]"
    )
    was: str | None = Field(None, description="replaced: the kind and tag the id named before")
    fromParentId: int | None = Field(None, description="moved: the parent at A")
    segmentId: int | None = Field(
        None, description="net: pointer of the last frame that touched the node; transient: = appeared"
    )
    frameIndex: int | None = None
    offsetMs: int | None = None
    timestamp: str | None = None
    touchedAfterStop: bool | None = Field(
        None,
        description="net, when the walk stopped at its budget: a frame after the stop may have "
        "touched the node last, so the pointer is null (the next page, `--diff STOP..B`, or `--full` "
        "points at it)",
    )
    appeared: DomPointer | None = Field(None, description="transient: the frame that showed it")
    gone: DomPointer | None = Field(None, description="transient: the frame that took it away")
    lifetimeMs: int | None = Field(None, description="transient: gone - appeared")
    goneBy: str | None = Field(
        None, description="transient: removed, snapshot (new page), text-changed, hidden (<reason>)"
    )
    hiddenBy: str | None = Field(
        None,
        description="transient: hidden, display:none or aria-hidden when the node itself or an "
        "ancestor hid it as it went (a person could not see it), else null",
    )
    region: str | None = Field(
        None,
        description="added/removed/transient: the live region it is in (itself or an ancestor): "
        "role=alert|status|log|..., aria-live=polite|assertive; toasts and alerts are announced",
    )
    values: list[dict[str, Any]] | None = Field(
        None, description="text-came-and-went: each value (text, offsetMs, lifetimeMs), first 50"
    )
    valueCount: int | None = Field(None, description="text-came-and-went: values in the run")
    label: str = ""


class SubtreeCounts(_Strict):
    """What one frame changed inside the node of a `dom --history` row (the node itself included)."""

    nodesAdded: int = Field(description="nodes the frame attached inside the node's subtree")
    nodesRemoved: int = Field(description="nodes the frame detached from inside it")
    texts: int = Field(description="text edits (`texts` entries) aimed inside it")
    attributes: int = Field(description="attribute edits (`attributes` entries) aimed inside it")


class SubtreeSample(_Strict):
    added: str | None = Field(description="the start of the text the frame added inside the node (80 chars)")
    removed: str | None = Field(
        description="the start of the text it removed from inside the node (80 chars)"
    )


class HistoryDom(_Strict):
    """`data.dom` of one `dom --history` item (an event of the event schema). Structural rows (from
    snapshots and mutations) carry `subtree` and `sample`; interactions carry `action` alone."""

    action: str = Field(
        description="in snapshot, gone (new snapshot), created, moved, removed, removed with an "
        "ancestor, attached with an ancestor, children changed, text changed, attributes changed; "
        "or an interaction: clicked, typed into, focused, blurred, scrolled, key pressed..."
    )
    parentId: int | None = Field(None, description="created/moved/removed: the parent the frame names")
    added: int | None = Field(None, description="children changed: adds naming the node as parent")
    removed: int | None = Field(None, description="children changed: removes naming the node as parent")
    subtree: SubtreeCounts | None = Field(None, description="what the frame changed inside the node")
    sample: SubtreeSample | None = Field(None, description="bounded text of what came and went inside it")
    from_: str | None = Field(None, alias="from", description="text changed: the text before")
    to: str | None = Field(None, description="text changed: the text after")
    masked: bool | None = Field(None, description="text changed: the new text is masked (`***`)")
    attributes: dict[str, list[str | None]] | None = Field(
        None, description="attributes changed: name -> [before, after]"
    )
