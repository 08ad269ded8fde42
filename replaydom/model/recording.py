"""`data` of media, mobile and the recording itself: media and canvas, mobile video and breadcrumbs,
replay health, the SDK options frame and unknown frames."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import _Data


class MediaData(_Data):
    action: str | None = None
    currentTime: float | None = None
    volume: float | None = None
    muted: bool | None = None
    playbackRate: float | None = None


class CanvasData(_Data):
    context: str | None = None
    commands: int = 0


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


class UnknownData(_Data):
    reason: str = ""
    type: Any = Field(None, description="the raw frame's type")
    tag: str | None = Field(None, description="the custom frame's tag, if any")
