"""rrweb and Sentry constants as plain tables (names for `rawType` / `rawSource`).

Values come from `docs/rrweb-model.md` §1.2-1.4 (Sentry's rrweb fork defines event types 0-6 only).
"""

from __future__ import annotations

EVENT_TYPE: dict[int, str] = {
    0: "DomContentLoaded",
    1: "Load",
    2: "FullSnapshot",
    3: "IncrementalSnapshot",
    4: "Meta",
    5: "Custom",
    6: "Plugin",
}

INCREMENTAL_SOURCE: dict[int, str] = {
    0: "Mutation",
    1: "MouseMove",
    2: "MouseInteraction",
    3: "Scroll",
    4: "ViewportResize",
    5: "Input",
    6: "TouchMove",
    7: "MediaInteraction",
    8: "StyleSheetRule",
    9: "CanvasMutation",
    10: "Font",
    11: "Log",
    12: "Drag",
    13: "StyleDeclaration",
    14: "Selection",
    15: "AdoptedStyleSheet",
    16: "CustomElement",
}

MOUSE_INTERACTION: dict[int, str] = {
    0: "MouseUp",
    1: "MouseDown",
    2: "Click",
    3: "ContextMenu",
    4: "DblClick",
    5: "Focus",
    6: "Blur",
    7: "TouchStart",
    8: "TouchMove_Departed",
    9: "TouchEnd",
    10: "TouchCancel",
}

POINTER_TYPE: dict[int, str] = {0: "mouse", 1: "pen", 2: "touch"}

MEDIA_INTERACTION: dict[int, str] = {
    0: "play",
    1: "pause",
    2: "seeked",
    3: "volumechange",
    4: "ratechange",
}

CANVAS_CONTEXT: dict[int, str] = {0: "2d", 1: "webgl", 2: "webgl2"}

# Serialized node types (rrweb-snapshot NodeType).
NODE_DOCUMENT = 0
NODE_DOCTYPE = 1
NODE_ELEMENT = 2
NODE_TEXT = 3
NODE_CDATA = 4
NODE_COMMENT = 5

# Web-vital span descriptions and their short names.
VITAL_NAMES: dict[str, str] = {
    "largest-contentful-paint": "LCP",
    "cumulative-layout-shift": "CLS",
    "interaction-to-next-paint": "INP",
    "first-input-delay": "FID",
    "first-contentful-paint": "FCP",
    "time-to-first-byte": "TTFB",
}

# Sentry's dead-click rule (backend `event_parser.which`, sentry-replay-model.md §5.1).
DEAD_CLICK_TAGS = frozenset({"a", "button", "input"})
DEAD_CLICK_MIN_MS = 7000
RAGE_CLICK_MIN_COUNT = 5

# A `navigation` breadcrumb this close to a `navigation.*` span is the span's duplicate (UI rule).
DUPLICATE_NAV_THRESHOLD_MS = 2.0


def name_of(table: dict[int, str], key: object) -> str | None:
    """`table[key]` for an int key, else None (raw values may be lists or dicts: never hash them)."""
    return table.get(key) if type(key) is int else None
