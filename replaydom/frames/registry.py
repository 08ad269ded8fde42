"""The explicit frame-family registry, and `dispatch`: one raw frame -> at most one event.

Adding a family = a module with handlers (`handler(ctx, frame, body, t, seg, idx)`), a line in one
of the tables below, a fixture and a test. `dispatch` owns the timestamp unit rules (through
`timeunits`) and the replay-start bookkeeping, so handlers only ever see epoch ms:

- rrweb frames (types 0-4, 6): top-level `timestamp`; they count toward replay start/end;
- `breadcrumb`: `payload.timestamp`; counts;
- `performanceSpan`: `payload.startTimestamp` (end from `endTimestamp`); counts, except web vitals;
- `options`, `video`: top-level `timestamp`; they do not move the start (Sentry's UI ignores them);
- anything else: an `unknown` event (or a counted skip when no time is usable).

A handler that raises on a malformed frame turns the frame into an `unknown` event; the pass never
aborts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import (
    breadcrumb_click_variants,
    breadcrumb_console,
    breadcrumb_navigation,
    breadcrumb_other,
    breadcrumb_ui,
    canvas,
    input,
    media,
    mutation,
    options,
    pointer,
    related_errors,
    related_logs,
    rrweb_meta,
    scroll,
    selection,
    span_memory,
    span_navigation,
    span_other,
    span_resource,
    span_vital,
    style,
    video,
    viewport,
)
from .context import Ctx, Rec
from .related import Related
from .timeunits import MAX_MS, crumb_ms, rrweb_ms, span_ms
from .unknown import add_unknown

Handler = Callable[[Ctx, dict[str, Any], Any, float, int, int], None]

RRWEB_TYPES: dict[int, Handler] = {
    0: rrweb_meta.dom_content_loaded,
    1: rrweb_meta.load,
    2: rrweb_meta.full_snapshot,
    4: rrweb_meta.meta,
}

INCREMENTAL_SOURCES: dict[int, Handler] = {
    0: mutation.handle,
    1: pointer.move,
    2: pointer.interaction,
    3: scroll.handle,
    4: viewport.handle,
    5: input.handle,
    6: pointer.move,
    7: media.handle,
    8: style.handle,
    9: canvas.handle,
    10: style.handle,
    11: breadcrumb_console.rrweb_log,
    12: pointer.move,
    13: style.handle,
    14: selection.handle,
    15: style.handle,
    16: mutation.custom_element,
}

BREADCRUMBS: dict[str, Handler] = {
    "ui.click": breadcrumb_ui.click,
    "ui.input": breadcrumb_ui.input_crumb,
    "ui.keyDown": breadcrumb_ui.keydown,
    "ui.focus": breadcrumb_ui.focus,
    "ui.blur": breadcrumb_ui.blur,
    "ui.slowClickDetected": breadcrumb_click_variants.slow_click,
    "ui.multiClick": breadcrumb_click_variants.multi_click,
    "console": breadcrumb_console.handle,
    "Logcat": breadcrumb_console.handle,
    "Timber": breadcrumb_console.handle,
    "navigation": breadcrumb_navigation.handle,
    "replay.mutations": breadcrumb_other.mutations,
    "replay.throttled": breadcrumb_other.throttled,
    "replay.hydrate-error": breadcrumb_other.hydrate_error,
    "ui.tap": breadcrumb_other.tap,
    "ui.scroll": breadcrumb_other.mobile_scroll,
    "ui.swipe": breadcrumb_other.mobile,
}
BREADCRUMB_PREFIXES: tuple[tuple[str, Handler], ...] = (
    ("device.", breadcrumb_other.mobile),
    ("app.", breadcrumb_other.mobile),
)
BREADCRUMB_DEFAULT: Handler = breadcrumb_other.other

SPANS: dict[str, Handler] = {
    "web-vital": span_vital.handle,
    "largest-contentful-paint": span_vital.handle,
    "memory": span_memory.handle,
}
SPAN_PREFIXES: tuple[tuple[str, Handler], ...] = (
    ("navigation.", span_navigation.handle),
    ("resource.", span_resource.handle),
)
SPAN_DEFAULT: Handler = span_other.handle

CUSTOM_TAGS: dict[str, Handler] = {
    "options": options.handle,
    "video": video.handle,
}

# Related data (not in the recording), by event `source`: `handler(related, replay_id, skipped)`
# returns records with null pointers, added after every frame (`normalize.finish`).
RelatedHandler = Callable[[Related, str, dict[str, int]], list[Rec]]
RELATED: dict[str, RelatedHandler] = {
    "errors": related_errors.records,
    "logs": related_logs.records,
}

# Spans that do not move the replay start/end (their time is timeOrigin + value).
UNBOUNDED_SPANS = frozenset({"web-vital", "largest-contentful-paint"})


def dispatch(ctx: Ctx, frame: Any, seg: int, idx: int) -> None:
    """Turn one raw frame into at most one event on `ctx` (or fold/skip it, counted)."""
    try:
        _dispatch(ctx, frame, seg, idx)
    except Exception as exc:  # a malformed frame must never abort the stream
        add_unknown(ctx, frame, None, seg, idx, f"malformed frame ({type(exc).__name__})")


def dispatch_segment(ctx: Ctx, frames: list[Any], seg: int) -> None:
    """`dispatch` every frame of one segment, in order: the normalizer's hot loop.

    The same rules as `dispatch`, with fewer calls per frame: IncrementalSnapshot frames with an
    int ms timestamp (most of a recording: mutations, mouse moves and interactions, scrolls,
    inputs) go straight to their handler and Custom frames to `_custom`; every other frame (and
    any odd one) takes the general path, `_dispatch`.
    """
    sources = INCREMENTAL_SOURCES
    for idx, frame in enumerate(frames):
        try:
            typ = frame.get("type") if type(frame) is dict else None
            if typ == 3:
                data = frame.get("data")
                ts = frame.get("timestamp")
                source = data.get("source") if type(data) is dict else None
                handler = sources.get(source) if type(source) is int else None
                # ints in this range are the ms `epoch_ms` keeps as they are
                if handler is not None and type(ts) is int and 9_999_999_999 < ts < MAX_MS:
                    t = float(ts)
                    if t < ctx.lo:  # ctx.see(t), inline
                        ctx.lo = t
                    if t > ctx.hi:
                        ctx.hi = t
                    handler(ctx, frame, data, t, seg, idx)
                    continue
            elif typ == 5:
                _custom(ctx, frame, seg, idx)  # what `_dispatch` does with it
                continue
            _dispatch(ctx, frame, seg, idx)
        except Exception as exc:  # a malformed frame must never abort the stream
            add_unknown(ctx, frame, None, seg, idx, f"malformed frame ({type(exc).__name__})")


def _dispatch(ctx: Ctx, frame: Any, seg: int, idx: int) -> None:
    if type(frame) is not dict:
        ctx.skip("not an object")
        return
    typ = frame.get("type")
    if typ == 3:
        t = rrweb_ms(frame)
        data = frame.get("data")
        if t is not None:
            ctx.see(t)
        if t is None or type(data) is not dict:
            add_unknown(ctx, frame, t, seg, idx, "IncrementalSnapshot without timestamp or data")
            return
        source = data.get("source")
        handler = INCREMENTAL_SOURCES.get(source) if type(source) is int else None
        if handler is None:
            add_unknown(ctx, frame, t, seg, idx, f"unknown incremental source {data.get('source')!r}")
            return
        handler(ctx, frame, data, t, seg, idx)
    elif typ == 5:
        _custom(ctx, frame, seg, idx)
    else:
        t = rrweb_ms(frame)
        handler = RRWEB_TYPES.get(typ) if type(typ) is int else None
        if typ == 6 and t is not None:
            ctx.see(t)
            name = data.get("plugin") if type(data := frame.get("data")) is dict else None
            add_unknown(ctx, frame, t, seg, idx, f"rrweb plugin frame {name!r} (Sentry does not emit them)")
            return
        if t is None or handler is None:
            add_unknown(ctx, frame, t, seg, idx, f"unknown or untimed frame type {typ!r}")
            return
        ctx.see(t)
        handler(ctx, frame, frame.get("data"), t, seg, idx)


def _custom(ctx: Ctx, frame: dict[str, Any], seg: int, idx: int) -> None:
    data = frame.get("data")
    tag = data.get("tag") if type(data) is dict else None
    payload = data.get("payload") if type(data) is dict else None
    if tag == "breadcrumb" and type(payload) is dict:
        t = crumb_ms(payload)
        if t is None:  # the top-level time of a breadcrumb is never trusted: count and skip
            ctx.skip("breadcrumb without a usable payload.timestamp")
            return
        ctx.see(t)
        _breadcrumb_handler(payload.get("category"))(ctx, frame, payload, t, seg, idx)
    elif tag == "performanceSpan" and type(payload) is dict:
        times = span_ms(payload)
        if times is None:
            ctx.skip("span without a usable payload.startTimestamp")
            return
        op = payload.get("op")
        if not (isinstance(op, str) and op in UNBOUNDED_SPANS):
            ctx.see(times[0], times[1])
        _span_handler(op)(ctx, frame, payload, times[0], seg, idx)
    elif isinstance(tag, str) and tag in CUSTOM_TAGS and type(payload) is dict:
        t = rrweb_ms(frame)
        if t is None:
            add_unknown(ctx, frame, None, seg, idx, f"{tag} frame without a usable timestamp")
            return
        CUSTOM_TAGS[tag](ctx, frame, payload, t, seg, idx)
    else:
        t = rrweb_ms(frame)
        if t is not None:
            ctx.see(t)  # Sentry's UI keeps unknown custom frames as rrweb frames
        add_unknown(ctx, frame, t, seg, idx, f"unknown custom frame tag {tag!r}")


def _breadcrumb_handler(category: Any) -> Handler:
    if isinstance(category, str):
        handler = BREADCRUMBS.get(category)
        if handler is not None:
            return handler
        for prefix, prefixed in BREADCRUMB_PREFIXES:
            if category.startswith(prefix):
                return prefixed
    return BREADCRUMB_DEFAULT


def _span_handler(op: Any) -> Handler:
    if isinstance(op, str):
        handler = SPANS.get(op)
        if handler is not None:
            return handler
        for prefix, prefixed in SPAN_PREFIXES:
            if op.startswith(prefix):
                return prefixed
    return SPAN_DEFAULT


FAMILIES = (
    rrweb_meta,
    mutation,
    pointer,
    input,
    scroll,
    viewport,
    style,
    media,
    canvas,
    selection,
    breadcrumb_ui,
    breadcrumb_click_variants,
    breadcrumb_console,
    breadcrumb_navigation,
    breadcrumb_other,
    span_navigation,
    span_resource,
    span_vital,
    span_memory,
    span_other,
    options,
    video,
)
"""Every family module (tests check each has a contract docstring and is wired above)."""


def kind_sources() -> dict[str, list[str]]:
    """For each kind, the raw frames it comes from (documentation; from `model.KIND_SOURCES`)."""
    from ..model import KIND_SOURCES

    return {kind.value: [s.strip() for s in text.split("; ")] for kind, text in KIND_SOURCES.items()}
