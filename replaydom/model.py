"""The normalized replay event: one stable schema for every command (the single source of truth).

Every event carries its evidence pointer (`replayId`, `segmentId`, `frameIndex`, `offsetMs`,
`timestamp`) plus a `kind`, its `category`, and a kind-specific `data` object whose shape is given by
`DATA_MODELS[kind]`. Unknown values are null, never guessed. `replaydom schema` prints the JSON
Schema generated from these models, and `skills/replaydom/references/events.md` is generated from
them too.

Hot paths build events as plain dicts in this field order (`Event.model_fields`); tests validate
every event of every fixture against `Event`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Category(StrEnum):
    INTERACTION = "interaction"
    FRUSTRATION = "frustration"
    NAVIGATION = "navigation"
    NETWORK = "network"
    CONSOLE = "console"
    ERROR = "error"
    DOM = "dom"
    PERFORMANCE = "performance"
    MEDIA = "media"
    MOBILE = "mobile"
    REPLAY = "replay"


class Kind(StrEnum):
    NAVIGATION = "navigation"
    CLICK = "click"
    DEAD_CLICK = "dead-click"
    RAGE_CLICK = "rage-click"
    SLOW_CLICK = "slow-click"
    MULTI_CLICK = "multi-click"
    TAP = "tap"
    INPUT = "input"
    FOCUS = "focus"
    BLUR = "blur"
    KEYDOWN = "keydown"
    SCROLL = "scroll"
    VIEWPORT = "viewport"
    POINTER = "pointer"
    MUTATION = "mutation"
    DOM_SNAPSHOT = "dom-snapshot"
    STYLE = "style"
    SELECTION = "selection"
    MEDIA = "media"
    CANVAS = "canvas"
    PAGE = "page"
    BREADCRUMB = "breadcrumb"
    NETWORK = "network"
    CONSOLE = "console"
    ERROR = "error"
    LOG = "log"
    SPAN = "span"
    WEB_VITAL = "web-vital"
    MEMORY = "memory"
    VIDEO = "video"
    MOBILE = "mobile"
    HYDRATION_ERROR = "hydration-error"
    OPTIONS = "options"
    REPLAY_HEALTH = "replay-health"
    UNKNOWN = "unknown"


KIND_CATEGORY: dict[Kind, Category] = {
    Kind.NAVIGATION: Category.NAVIGATION,
    Kind.CLICK: Category.INTERACTION,
    Kind.DEAD_CLICK: Category.FRUSTRATION,
    Kind.RAGE_CLICK: Category.FRUSTRATION,
    Kind.SLOW_CLICK: Category.FRUSTRATION,
    Kind.MULTI_CLICK: Category.FRUSTRATION,
    Kind.TAP: Category.INTERACTION,
    Kind.INPUT: Category.INTERACTION,
    Kind.FOCUS: Category.INTERACTION,
    Kind.BLUR: Category.INTERACTION,
    Kind.KEYDOWN: Category.INTERACTION,
    Kind.SCROLL: Category.INTERACTION,
    Kind.VIEWPORT: Category.DOM,
    Kind.POINTER: Category.INTERACTION,
    Kind.MUTATION: Category.DOM,
    Kind.DOM_SNAPSHOT: Category.DOM,
    Kind.STYLE: Category.DOM,
    Kind.SELECTION: Category.INTERACTION,
    Kind.MEDIA: Category.MEDIA,
    Kind.CANVAS: Category.MEDIA,
    Kind.PAGE: Category.NAVIGATION,
    Kind.BREADCRUMB: Category.REPLAY,
    Kind.NETWORK: Category.NETWORK,
    Kind.CONSOLE: Category.CONSOLE,
    Kind.ERROR: Category.ERROR,
    Kind.LOG: Category.CONSOLE,
    Kind.SPAN: Category.PERFORMANCE,
    Kind.WEB_VITAL: Category.PERFORMANCE,
    Kind.MEMORY: Category.PERFORMANCE,
    Kind.VIDEO: Category.MEDIA,
    Kind.MOBILE: Category.MOBILE,
    Kind.HYDRATION_ERROR: Category.ERROR,
    Kind.OPTIONS: Category.REPLAY,
    Kind.REPLAY_HEALTH: Category.REPLAY,
    Kind.UNKNOWN: Category.REPLAY,
}


class _Data(BaseModel):
    # Extra keys are allowed so that a newer SDK field is kept rather than dropped.
    model_config = ConfigDict(extra="allow")


class Pointer(_Data):
    """Where a related raw frame lives (e.g. the `ui.click` breadcrumb merged into a click)."""

    segmentId: int
    frameIndex: int


class Body(_Data):
    """One side of a captured request/response (JS SDK network details)."""

    size: int | None = None
    headers: dict[str, str] | None = None
    body: Any = None
    bodyTruncated: bool = False
    captured: bool = Field(False, description="headers or body were recorded (URL allow-listed)")
    warnings: list[str] = Field([], description="SDK warnings, e.g. URL_SKIPPED (not allow-listed)")
    filtered: bool = Field(False, description="the server scrubbed part of it ([Filtered])")


class FrameRef(_Data):
    """The iframe whose document holds the element (events on nodes inside an iframe)."""

    selector: str | None = Field(None, description="the iframe element, e.g. iframe#order-chat")
    url: str | None = Field(
        None,
        description="the iframe document's URL: its src, else the replay's only resource.iframe URL",
    )
    nodeId: int | None = Field(None, description="the iframe element's rrweb node id")
    note: str | None = Field(None, description="what Sentry does not see inside iframes")


class LiveRegion(_Data):
    """A toast/alert/status element (role alert|status, aria-live) touched by a DOM change."""

    nodeId: int
    selector: str | None = None
    role: str | None = Field(None, description="alert or status, when that is the role")
    ariaLive: str | None = Field(None, description="assertive/polite (explicit, or implied by the role)")
    text: str | None = Field(None, description="its visible text after the change (bounded)")
    hidden: bool = Field(False, description="it carries `hidden` or aria-hidden=true after the change")


class NetworkData(_Data):
    method: str | None = None
    status: int | None = Field(None, description="HTTP status; null when there was no response")
    durationMs: int | None = None
    url: str | None = None
    initiator: str | None = Field(None, description="fetch, xhr, img, script, css, link, other...")
    failed: bool = Field(False, description="status >= 400, or a fetch/xhr without response")
    requestSize: int | None = None
    responseSize: int | None = None
    request: Body | None = None
    response: Body | None = None
    transferSize: int | None = Field(None, description="resource timing transferSize (resources)")
    decodedBodySize: int | None = None


class ConsoleData(_Data):
    level: str | None = None
    message: str | None = None
    arguments: list[Any] | None = Field(None, description="kept only when small")
    messageTruncated: bool = False
    filtered: bool = Field(False, description="the server scrubbed part of it ([Filtered])")


class ClickData(_Data):
    """click, dead-click, rage-click, slow-click, multi-click, tap."""

    x: float | None = None
    y: float | None = None
    tag: str | None = None
    text: str | None = Field(None, description="visible text of the element at that moment")
    masked: bool = Field(False, description="text was made of mask characters")
    clickCount: int | None = None
    timeAfterClickMs: int | None = None
    endReason: str | None = None
    clickOffsetMs: int | None = Field(None, description="for click variants: the qualified click")
    breadcrumb: Pointer | None = None
    qualifies: Pointer | None = Field(None, description="the click this slow/dead/rage event is about")
    interaction: str | None = Field(None, description="rrweb MouseInteraction name (Click, ContextMenu)")
    pointerType: str | None = Field(None, description="mouse, pen or touch, when recorded")
    blocked: bool = Field(False, description="the element was blocked (rr_width/rr_height placeholder)")
    attributes: dict[str, str] = Field({}, description="identifying attributes (bounded; no input values)")
    sentrySelector: str | None = Field(None, description="Sentry's selector path from the breadcrumb")
    pageUrl: str | None = Field(None, description="page URL the SDK wrote on the breadcrumb")
    route: str | None = Field(
        None,
        description="the SDK's `route` field of the breadcrumb: its active transaction name (e.g. "
        "'POST 127.0.0.1' right after a fetch), NOT the page route (that is the event's `route`)",
    )
    details: dict[str, Any] | None = Field(None, description="mobile tap data")
    frame: FrameRef | None = Field(None, description="set when the element is inside an iframe")
    clicks: list[Pointer] | None = Field(
        None, description="multi-click: the clicks it counts (same element, within the SDK's 7 s watch)"
    )


class InputData(_Data):
    textLength: int | None = None
    masked: bool = False
    text: str | None = Field(None, description="only when captured unmasked")
    isChecked: bool | None = None
    tag: str | None = None
    inputType: str | None = None
    frames: list[Pointer] = Field([], description="all Input frames collapsed into this event")
    breadcrumb: Pointer | None = None
    unchecked: list[int] = Field([], description="radios of the group unchecked by this choice")
    sentrySelector: str | None = None
    setByPage: bool = Field(
        False,
        description="the page's script set the value: the field had lost the focus (a Blur of it "
        "came after its last Focus) and no ui.input (keypress) breadcrumb matched",
    )
    lastOffsetMs: int | None = Field(None, description="the last frame folded in (last keystroke)")
    frame: FrameRef | None = Field(None, description="set when the field is inside an iframe")


class MutationData(_Data):
    adds: int = 0
    removes: int = 0
    texts: int = 0
    attributes: int = 0
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


class NavigationData(_Data):
    op: str | None = None
    fromUrl: str | None = None
    toUrl: str | None = None
    durationMs: int | None = None
    breadcrumb: Pointer | None = Field(None, description="the duplicate navigation breadcrumb")
    domContentLoadedMs: int | None = None
    loadMs: int | None = None
    transferSize: int | None = None


class WebVitalData(_Data):
    name: str | None = None
    value: float | None = None
    rating: str | None = None
    poor: bool = False
    nodeIds: list[int] = []
    selectors: list[str | None] = Field(
        [], description="the nodeIds as selectors (node map at the span's arrival; null if unknown)"
    )


class StackFrame(_Data):
    """One stack frame of a linked error (from its event details), innermost first."""

    function: str | None = None
    file: str | None = Field(None, description="filename (the URL path for browser frames)")
    absPath: str | None = None
    line: int | None = None
    column: int | None = None
    inApp: bool = False
    module: str | None = None


class ErrorCrumb(_Data):
    """A breadcrumb the SDK attached to the error event (the error's own trail, not the replay's)."""

    timestamp: str | None = Field(None, description="ISO 8601 UTC with ms and Z")
    offsetMs: int | None = Field(None, description="ms from replay start")
    category: str | None = None
    level: str | None = None
    type: str | None = None
    message: str | None = None
    data: dict[str, Any] | None = None


class ErrorData(_Data):
    eventId: str | None = None
    title: str | None = None
    level: str | None = None
    issue: str | None = None
    issueId: int | None = None
    types: list[str] = []
    project: str | None = None
    details: str = Field(
        "missing",
        description="event details: fetched, imported (from the SDK event in a recording folder's "
        "errors.json), missing (not fetched), forbidden (403) or deleted (404)",
    )
    detailsNote: str | None = Field(None, description="why the details are not shown, when they are not")
    exceptionType: str | None = Field(None, description="type of the outermost exception")
    exceptionValue: str | None = None
    culprit: str | None = None
    handled: bool | None = Field(None, description="mechanism.handled of the exception")
    mechanism: str | None = None
    frames: list[StackFrame] = Field([], description="in-app stack frames, innermost (where it threw) first")
    topFrames: list[str] = Field([], description="the first in-app frames as `function (file:line:column)`")
    frameCount: int | None = Field(None, description="all frames of the stack, in-app or not")
    breadcrumbs: list[ErrorCrumb] = Field([], description="the error event's own breadcrumbs, oldest first")
    traceId: str | None = None
    release: str | None = None


class LogData(_Data):
    """A Sentry log (logs dataset) on one of the replay's traces."""

    level: str | None = Field(None, description="severity: trace, debug, info, warn, error, fatal")
    severityNumber: int | None = None
    message: str | None = None
    logId: str | None = Field(None, description="sentry.item_id")
    traceId: str | None = None
    spanId: str | None = None
    project: str | None = None
    attributes: dict[str, Any] = Field({}, description="every other field Sentry returned for the log")


class UnknownData(_Data):
    reason: str = ""
    type: Any = Field(None, description="the raw frame's type")
    tag: str | None = Field(None, description="the custom frame's tag, if any")


class FocusData(_Data):
    target: str = Field("element", description="element, or window (ui.focus/ui.blur)")
    tag: str | None = None
    frame: FrameRef | None = Field(None, description="set when the element is inside an iframe")


class KeyData(_Data):
    key: str | None = None
    ctrlKey: bool = False
    altKey: bool = False
    shiftKey: bool = False
    metaKey: bool = False
    tag: str | None = None


class ScrollData(_Data):
    target: str = Field("window", description="window, element or view (mobile)")
    x: float | None = None
    y: float | None = None
    details: dict[str, Any] | None = None


class ViewportData(_Data):
    width: int | None = None
    height: int | None = None


class PointerData(_Data):
    action: str | None = Field(None, description="move, touchmove, drag, MouseDown, MouseUp, ...")
    positions: int | None = Field(None, description="number of recorded positions (moves)")
    x: float | None = None
    y: float | None = None
    firstTimeOffsetMs: int | None = None
    pointerId: int | None = None
    pointerType: str | None = None


class SnapshotData(_Data):
    nodes: int = 0
    maskedTexts: int = 0
    blockedElements: int = 0
    scrollTop: int | None = None
    scrollLeft: int | None = None


class StyleData(_Data):
    change: str | None = None
    styleId: int | None = None
    adds: int = 0
    removes: int = 0
    fontFamily: str | None = None
    fontSource: str | None = None


class SelectionData(_Data):
    ranges: int = 0
    startNodeId: int | None = None
    startOffset: int | None = None
    endNodeId: int | None = None
    endOffset: int | None = None


class MediaData(_Data):
    action: str | None = None
    currentTime: float | None = None
    volume: float | None = None
    muted: bool | None = None
    playbackRate: float | None = None


class CanvasData(_Data):
    context: str | None = None
    commands: int = 0


class PageData(_Data):
    event: str | None = Field(None, description="Meta, Load or DomContentLoaded")
    href: str | None = None
    width: int | None = None
    height: int | None = None


class BreadcrumbData(_Data):
    category: str | None = None
    message: str | None = None
    level: str | None = None
    type: str | None = None
    details: dict[str, Any] | None = None
    filtered: bool = Field(False, description="the server scrubbed part of the message ([Filtered])")


class SpanData(_Data):
    op: str | None = None
    description: str | None = None
    durationMs: int | None = None
    details: dict[str, Any] | None = None


class MemoryData(_Data):
    usedJSHeapSize: int | None = None
    totalJSHeapSize: int | None = None
    jsHeapSizeLimit: int | None = None


class VideoData(_Data):
    segmentId: int | None = None
    durationMs: int | None = None
    size: int | None = None
    width: int | None = None
    height: int | None = None
    frameCount: int | None = None
    frameRate: float | None = None
    encoding: str | None = None
    container: str | None = None


class MobileData(_Data):
    category: str | None = None
    message: str | None = None
    details: dict[str, Any] | None = None


class HydrationData(_Data):
    pageUrl: str | None = None


class HealthData(_Data):
    signal: str | None = Field(None, description="mutations or throttled")
    count: int | None = None
    stopped: bool = Field(False, description="the SDK stopped recording (mutation limit)")
    details: dict[str, Any] | None = None


class OptionsData(_Data):
    """The SDK's `options` frame as recorded (scalar values; mobile SDKs add their own keys)."""

    maskAllText: bool | None = None
    maskAllInputs: bool | None = None
    blockAllMedia: bool | None = None
    sessionSampleRate: float | None = None
    errorSampleRate: float | None = None


DATA_MODELS: dict[Kind, type[_Data]] = {
    Kind.NAVIGATION: NavigationData,
    Kind.CLICK: ClickData,
    Kind.DEAD_CLICK: ClickData,
    Kind.RAGE_CLICK: ClickData,
    Kind.SLOW_CLICK: ClickData,
    Kind.MULTI_CLICK: ClickData,
    Kind.TAP: ClickData,
    Kind.INPUT: InputData,
    Kind.FOCUS: FocusData,
    Kind.BLUR: FocusData,
    Kind.KEYDOWN: KeyData,
    Kind.SCROLL: ScrollData,
    Kind.VIEWPORT: ViewportData,
    Kind.POINTER: PointerData,
    Kind.MUTATION: MutationData,
    Kind.DOM_SNAPSHOT: SnapshotData,
    Kind.STYLE: StyleData,
    Kind.SELECTION: SelectionData,
    Kind.MEDIA: MediaData,
    Kind.CANVAS: CanvasData,
    Kind.PAGE: PageData,
    Kind.BREADCRUMB: BreadcrumbData,
    Kind.NETWORK: NetworkData,
    Kind.CONSOLE: ConsoleData,
    Kind.ERROR: ErrorData,
    Kind.LOG: LogData,
    Kind.SPAN: SpanData,
    Kind.WEB_VITAL: WebVitalData,
    Kind.MEMORY: MemoryData,
    Kind.VIDEO: VideoData,
    Kind.MOBILE: MobileData,
    Kind.HYDRATION_ERROR: HydrationData,
    Kind.OPTIONS: OptionsData,
    Kind.REPLAY_HEALTH: HealthData,
    Kind.UNKNOWN: UnknownData,
}

KIND_SOURCES: dict[Kind, str] = {
    Kind.NAVIGATION: "performanceSpan navigation.navigate|reload|back_forward|push; "
    "navigation breadcrumb (mobile, or web without a span within 2 ms)",
    Kind.CLICK: "rrweb MouseInteraction Click/ContextMenu (enriched by its ui.click breadcrumb); "
    "ui.click breadcrumb whose rrweb click was lost",
    Kind.DEAD_CLICK: "ui.slowClickDetected: endReason timeout, tag a/button/input, >= 7000 ms, < 5 clicks",
    Kind.RAGE_CLICK: "ui.slowClickDetected: dead click with clickCount >= 5",
    Kind.SLOW_CLICK: "ui.slowClickDetected that is not dead",
    Kind.MULTI_CLICK: "ui.multiClick breadcrumb",
    Kind.TAP: "mobile ui.tap breadcrumb",
    Kind.INPUT: "rrweb Input (a typing burst on one field; enriched by its ui.input breadcrumb); "
    "ui.input breadcrumb without Input frames (e.g. contenteditable)",
    Kind.FOCUS: "rrweb MouseInteraction Focus; ui.focus breadcrumb (window)",
    Kind.BLUR: "rrweb MouseInteraction Blur; ui.blur breadcrumb (window)",
    Kind.KEYDOWN: "ui.keyDown breadcrumb",
    Kind.SCROLL: "rrweb Scroll; mobile ui.scroll breadcrumb",
    Kind.VIEWPORT: "rrweb ViewportResize",
    Kind.POINTER: "rrweb MouseMove, TouchMove, Drag; MouseInteraction MouseDown/MouseUp/DblClick/Touch*",
    Kind.MUTATION: "rrweb Mutation, CustomElement",
    Kind.DOM_SNAPSHOT: "rrweb FullSnapshot",
    Kind.STYLE: "rrweb StyleSheetRule, StyleDeclaration, AdoptedStyleSheet, Font",
    Kind.SELECTION: "rrweb Selection",
    Kind.MEDIA: "rrweb MediaInteraction",
    Kind.CANVAS: "rrweb CanvasMutation",
    Kind.PAGE: "rrweb Meta, Load, DomContentLoaded",
    Kind.BREADCRUMB: "custom/unknown breadcrumb categories, sentry.feedback; User Feedback rows",
    Kind.NETWORK: "performanceSpan resource.* (fetch, xhr, http with details; img, script, css, ...)",
    Kind.CONSOLE: "console breadcrumb (any level), Logcat/Timber, legacy rrweb Log",
    Kind.ERROR: "events-meta rows linked to the replay, with their event details when fetched "
    "(source errors, null pointer)",
    Kind.LOG: "Sentry logs on the replay's trace ids, `--include logs` (source logs, null pointer)",
    Kind.SPAN: "performanceSpan paint and any other op",
    Kind.WEB_VITAL: "performanceSpan web-vital (LCP, CLS, INP, FID), legacy largest-contentful-paint",
    Kind.MEMORY: "performanceSpan memory",
    Kind.VIDEO: "custom video frame (mobile replays)",
    Kind.MOBILE: "ui.swipe, device.*, app.* breadcrumbs",
    Kind.HYDRATION_ERROR: "replay.hydrate-error breadcrumb",
    Kind.OPTIONS: "custom options frame",
    Kind.REPLAY_HEALTH: "replay.mutations, replay.throttled breadcrumbs",
    Kind.UNKNOWN: "any frame that cannot be classified or is malformed (data.reason)",
}


def data_model(kind: Kind) -> type[_Data]:
    return DATA_MODELS.get(kind, _Data)


class Event(BaseModel):
    """One normalized replay event with its evidence pointer."""

    model_config = ConfigDict(extra="forbid")

    replayId: str
    segmentId: int | None = Field(description="position of the segment in the server's list (0-based)")
    frameIndex: int | None = Field(description="index of the raw frame in its segment")
    offsetMs: int = Field(description="ms from replay start, signed")
    timestamp: str = Field(description="ISO 8601 UTC with ms and Z")
    kind: Kind
    category: Category
    label: str = Field(description="short human text")
    url: str | None = Field(None, description="page URL in effect at that moment")
    route: str | None = Field(
        None, description="page route in effect at that moment: the path of `url` (no query, fragment)"
    )
    selector: str | None = None
    nodeId: int | None = None
    rawType: str | None = Field(None, description="rrweb event type name")
    rawSource: str | None = Field(None, description="incremental source name, breadcrumb category or span op")
    source: Literal["recording", "errors", "logs"] = "recording"
    eventId: str | None = Field(None, description="Sentry event id (errors) or log item id (logs)")
    data: dict[str, Any] = Field(default_factory=dict, description="kind-specific, see DATA_MODELS")
    raw: Any = Field(None, description="the raw frame (bounded), only with --raw")


EVENT_FIELDS: tuple[str, ...] = tuple(Event.model_fields)


class Truncated(BaseModel):
    shown: int
    total: int
    next: str | None = Field(None, description="the exact command for the next page")


def event_json_schema() -> dict[str, Any]:
    """JSON Schema of the event plus one `$defs` entry per kind-specific data model."""
    schema = Event.model_json_schema()
    defs = schema.setdefault("$defs", {})
    by_kind: dict[str, str] = {}
    for kind, model in DATA_MODELS.items():
        sub = model.model_json_schema()
        defs.update(sub.pop("$defs", {}))
        defs[model.__name__] = sub
        by_kind[kind.value] = model.__name__
    schema["x-data-model-by-kind"] = by_kind
    schema["x-category-by-kind"] = {k.value: c.value for k, c in KIND_CATEGORY.items()}
    schema["x-sources-by-kind"] = {k.value: text for k, text in KIND_SOURCES.items()}
    return schema
