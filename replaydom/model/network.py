"""`data` of requests and performance: network requests (with captured bodies), spans, web vitals
and memory."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import _Data


class Body(_Data):
    """One side of a captured request/response (JS SDK network details)."""

    size: int | None = None
    headers: dict[str, str] | None = None
    body: Any = None
    bodyTruncated: bool = False
    captured: bool = Field(False, description="headers or body were recorded (URL allow-listed)")
    warnings: list[str] = Field([], description="SDK warnings, e.g. URL_SKIPPED (not allow-listed)")
    filtered: bool = Field(False, description="the server scrubbed part of it ([Filtered])")


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


class SpanData(_Data):
    op: str | None = None
    description: str | None = None
    durationMs: int | None = None
    details: dict[str, Any] | None = None


class WebVitalData(_Data):
    name: str | None = None
    value: float | None = None
    rating: str | None = None
    poor: bool = False
    nodeIds: list[int] = []
    selectors: list[str | None] = Field(
        [], description="the nodeIds as selectors (node map at the span's arrival; null if unknown)"
    )


class MemoryData(_Data):
    usedJSHeapSize: int | None = None
    totalJSHeapSize: int | None = None
    jsHeapSizeLimit: int | None = None
