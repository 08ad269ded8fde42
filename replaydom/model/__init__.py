"""The normalized replay event: one stable schema for every command (the single source of truth).

Every event carries its evidence pointer (`replayId`, `segmentId`, `frameIndex`, `offsetMs`,
`timestamp`) plus a `kind`, its `category`, and a kind-specific `data` object whose shape is given by
`DATA_MODELS[kind]`. Unknown values are null, never guessed. `replaydom schema` prints the JSON
Schema generated from these models, and `skills/replaydom/references/events.md` is generated from
them too.

Hot paths build events as plain dicts in this field order (`Event.model_fields`); tests validate
every event of every fixture against `Event`.

The package is split by family; every name is importable from `replaydom.model` as before:
- `kinds`: `Category`, `Kind`, `KIND_CATEGORY`, `KIND_SOURCES` (plain enums, no pydantic);
- `base`: the `data` models' base and the references they share (`Pointer`, `FrameRef`);
- `interaction`, `page`, `network`, `messages`, `recording`: the kind-specific `data` models;
- `event`: `Event`, `DATA_MODELS`, `Truncated` and the JSON Schema.
"""

from __future__ import annotations

from .base import FrameRef, Pointer, _Data
from .event import (
    DATA_MODELS,
    EVENT_FIELDS,
    SCHEMA_VERSION,
    Event,
    Truncated,
    WalkTruncated,
    data_model,
    event_json_schema,
)
from .interaction import ClickData, FocusData, InputData, KeyData, PointerData, ScrollData, SelectionData
from .kinds import KIND_CATEGORY, KIND_SOURCES, Category, Kind
from .messages import (
    BreadcrumbData,
    ConsoleData,
    ErrorCrumb,
    ErrorData,
    HydrationData,
    LogData,
    StackFrame,
)
from .network import Body, MemoryData, NetworkData, SpanData, WebVitalData
from .page import LiveRegion, MutationData, NavigationData, PageData, SnapshotData, StyleData, ViewportData
from .recording import CanvasData, HealthData, MediaData, MobileData, OptionsData, UnknownData, VideoData

__all__ = [
    "DATA_MODELS",
    "EVENT_FIELDS",
    "KIND_CATEGORY",
    "KIND_SOURCES",
    "SCHEMA_VERSION",
    "Body",
    "BreadcrumbData",
    "CanvasData",
    "Category",
    "ClickData",
    "ConsoleData",
    "ErrorCrumb",
    "ErrorData",
    "Event",
    "FocusData",
    "FrameRef",
    "HealthData",
    "HydrationData",
    "InputData",
    "KeyData",
    "Kind",
    "LiveRegion",
    "LogData",
    "MediaData",
    "MemoryData",
    "MobileData",
    "MutationData",
    "NavigationData",
    "NetworkData",
    "OptionsData",
    "PageData",
    "Pointer",
    "PointerData",
    "ScrollData",
    "SelectionData",
    "SnapshotData",
    "SpanData",
    "StackFrame",
    "StyleData",
    "Truncated",
    "UnknownData",
    "VideoData",
    "ViewportData",
    "WalkTruncated",
    "WebVitalData",
    "_Data",
    "data_model",
    "event_json_schema",
]
