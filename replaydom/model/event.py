"""The event itself: `Event`, the kind -> `data` model registry (`DATA_MODELS`), the truncation
note and the JSON Schema `replaydom schema` prints."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .base import _Data
from .interaction import ClickData, FocusData, InputData, KeyData, PointerData, ScrollData, SelectionData
from .kinds import KIND_CATEGORY, KIND_SOURCES, Category, Kind
from .messages import BreadcrumbData, ConsoleData, ErrorData, HydrationData, LogData
from .network import MemoryData, NetworkData, SpanData, WebVitalData
from .page import MutationData, NavigationData, PageData, SnapshotData, StyleData, ViewportData
from .recording import CanvasData, HealthData, MediaData, MobileData, OptionsData, UnknownData, VideoData

SCHEMA_VERSION = 1


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


class WalkTruncated(Truncated):
    """`dom --history` stopped at its work budget: how far it walked, and the command that walks it all."""

    total: int | None = Field(  # type: ignore[assignment]
        description="null: counting what follows would cost the walk the page saves"
    )
    walkedUntil: str = Field(description="the offset the walk stopped at (nothing after it was read)")
    full: str = Field(description="the command that walks the whole range at once (`--full`)")


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
