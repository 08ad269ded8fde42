"""The event kinds and categories: what `kind` and `category` may be, and which raw frames
become each kind (`KIND_SOURCES`, documentation). Plain enums and dicts, no pydantic."""

from __future__ import annotations

from enum import StrEnum


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
