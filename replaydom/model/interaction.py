"""`data` of what the user did: clicks and their frustration variants, input, focus, keys, scroll,
pointer and selection."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import FrameRef, Pointer, _Data


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


class PointerData(_Data):
    action: str | None = Field(None, description="move, touchmove, drag, MouseDown, MouseUp, ...")
    positions: int | None = Field(None, description="number of recorded positions (moves)")
    x: float | None = None
    y: float | None = None
    firstTimeOffsetMs: int | None = None
    pointerId: int | None = None
    pointerType: str | None = None


class SelectionData(_Data):
    ranges: int = 0
    startNodeId: int | None = None
    startOffset: int | None = None
    endNodeId: int | None = None
    endOffset: int | None = None
