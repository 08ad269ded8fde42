"""Evidence items of the `dom` views, in the event schema (`replaydom.model.Event`).

A view item reuses the normalized event of the same raw frame when there is one (same label, url and
kind-specific data) and adds what the DOM knows under `data.dom`; otherwise it is built from the
frame with the same field order. Built as plain dicts: `dom` must not pay for pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .source import DomSource
from .state import Frame

_RAW_TYPES = {2: "FullSnapshot", 3: "IncrementalSnapshot", 4: "Meta"}
_SOURCES = {0: "Mutation", 3: "Scroll", 4: "ViewportResize", 5: "Input"}
_KINDS = {0: "mutation", 3: "scroll", 4: "viewport", 5: "input"}
_CATEGORIES = {
    "mutation": "dom",
    "dom-snapshot": "dom",
    "viewport": "dom",
    "input": "interaction",
    "scroll": "interaction",
}

Pointer = tuple[int | None, int | None]


def by_pointer(events: Iterable[dict[str, Any]]) -> dict[Pointer, dict[str, Any]]:
    """Normalized recording events keyed by (segmentId, frameIndex); the first one wins."""
    index: dict[Pointer, dict[str, Any]] = {}
    for event in events:
        key = (event.get("segmentId"), event.get("frameIndex"))
        if key[0] is not None and key not in index:
            index[key] = event
    return index


def frame_kind(frame: Frame) -> str:
    if frame.type == 2:
        return "dom-snapshot"
    if frame.type == 4:
        return "page"  # a Meta: the normalizer's page event
    return _KINDS.get(frame.source if frame.source is not None else -1, "unknown")


def frame_event(
    source: DomSource, frame: Frame, *, url: str | None, known: dict[Pointer, dict[str, Any]]
) -> dict[str, Any]:
    """The normalized event of `frame` (a copy), or one built from the frame itself."""
    found = known.get((frame.seg, frame.idx))
    if found is not None:
        return {**found, "data": dict(found.get("data") or {})}
    kind = frame_kind(frame)
    return {
        "replayId": source.replay_id,
        "segmentId": frame.seg,
        "frameIndex": frame.idx,
        "offsetMs": source.offset(frame.ts),
        "timestamp": source.timestamp(frame.ts - source.start_ms),
        "kind": kind,
        "category": _CATEGORIES.get(kind, "dom"),
        "label": kind,
        "url": url,
        "selector": None,
        "nodeId": None,
        "rawType": _RAW_TYPES.get(frame.type),
        "rawSource": _SOURCES.get(frame.source) if frame.source is not None else None,
        "source": "recording",
        "eventId": None,
        "data": {},
        "raw": None,
    }


def sort_key(event: dict[str, Any]) -> tuple[int, int, int]:
    return (event.get("offsetMs") or 0, event.get("segmentId") or 0, event.get("frameIndex") or 0)
