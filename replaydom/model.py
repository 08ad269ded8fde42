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

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Category(str, Enum):
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


class Kind(str, Enum):
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
    warnings: list[str] = []


class NetworkData(_Data):
    method: str | None = None
    status: int | None = Field(None, description="HTTP status; null when there was no response")
    durationMs: int | None = None
    url: str | None = None
    initiator: str | None = Field(None, description="fetch, xhr, img, script, css, link, other...")
    failed: bool = Field(False, description="status >= 400 or no response")
    requestSize: int | None = None
    responseSize: int | None = None
    request: Body | None = None
    response: Body | None = None


class ConsoleData(_Data):
    level: str | None = None
    message: str | None = None
    arguments: list[Any] | None = None


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


class InputData(_Data):
    textLength: int | None = None
    masked: bool = False
    text: str | None = Field(None, description="only when captured unmasked")
    isChecked: bool | None = None
    tag: str | None = None
    inputType: str | None = None
    frames: list[Pointer] = Field([], description="all Input frames collapsed into this event")
    breadcrumb: Pointer | None = None


class MutationData(_Data):
    adds: int = 0
    removes: int = 0
    texts: int = 0
    attributes: int = 0
    maskedTexts: int = 0
    targets: list[int] = Field([], description="parent node ids with the most changes, largest first")


class NavigationData(_Data):
    op: str | None = None
    fromUrl: str | None = None
    toUrl: str | None = None
    durationMs: int | None = None


class WebVitalData(_Data):
    name: str | None = None
    value: float | None = None
    rating: str | None = None
    poor: bool = False
    nodeIds: list[int] = []


class ErrorData(_Data):
    eventId: str | None = None
    title: str | None = None
    level: str | None = None
    issue: str | None = None
    issueId: int | None = None
    types: list[str] = []
    project: str | None = None


class UnknownData(_Data):
    reason: str = ""


DATA_MODELS: dict[Kind, type[_Data]] = {
    Kind.NETWORK: NetworkData,
    Kind.CONSOLE: ConsoleData,
    Kind.CLICK: ClickData,
    Kind.DEAD_CLICK: ClickData,
    Kind.RAGE_CLICK: ClickData,
    Kind.SLOW_CLICK: ClickData,
    Kind.MULTI_CLICK: ClickData,
    Kind.TAP: ClickData,
    Kind.INPUT: InputData,
    Kind.MUTATION: MutationData,
    Kind.NAVIGATION: NavigationData,
    Kind.WEB_VITAL: WebVitalData,
    Kind.ERROR: ErrorData,
    Kind.UNKNOWN: UnknownData,
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
    selector: str | None = None
    nodeId: int | None = None
    rawType: str | None = Field(None, description="rrweb event type name")
    rawSource: str | None = Field(
        None, description="incremental source name, breadcrumb category or span op"
    )
    source: Literal["recording", "errors"] = "recording"
    eventId: str | None = Field(None, description="Sentry event id, for items from related errors")
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
    return schema
