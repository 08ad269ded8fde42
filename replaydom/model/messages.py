"""`data` of what the page and the SDK reported: console messages, linked errors (with their stack
and breadcrumbs), Sentry logs, breadcrumbs and hydration errors."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import _Data


class ConsoleData(_Data):
    level: str | None = None
    message: str | None = None
    arguments: list[Any] | None = Field(None, description="kept only when small")
    messageTruncated: bool = False
    filtered: bool = Field(False, description="the server scrubbed part of it ([Filtered])")


class StackFrame(_Data):
    """One stack frame of a linked error (from its event details), innermost first."""

    function: str | None = None
    file: str | None = Field(None, description="filename (the URL path for browser frames)")
    absPath: str | None = None
    line: int | None = None
    column: int | None = None
    inApp: bool = False
    module: str | None = None


class ErrorCrumb(_Data):
    """A breadcrumb the SDK attached to the error event (the error's own trail, not the replay's)."""

    timestamp: str | None = Field(None, description="ISO 8601 UTC with ms and Z")
    offsetMs: int | None = Field(None, description="ms from replay start")
    category: str | None = None
    level: str | None = None
    type: str | None = None
    message: str | None = None
    data: dict[str, Any] | None = None


class ErrorData(_Data):
    eventId: str | None = None
    title: str | None = None
    level: str | None = None
    issue: str | None = None
    issueId: int | None = None
    types: list[str] = []
    project: str | None = None
    details: str = Field(
        "missing",
        description="event details: fetched, imported (from the SDK event in a recording folder's "
        "errors.json), missing (not fetched), forbidden (403) or deleted (404)",
    )
    detailsNote: str | None = Field(None, description="why the details are not shown, when they are not")
    exceptionType: str | None = Field(None, description="type of the outermost exception")
    exceptionValue: str | None = None
    culprit: str | None = None
    handled: bool | None = Field(None, description="mechanism.handled of the exception")
    mechanism: str | None = None
    frames: list[StackFrame] = Field([], description="in-app stack frames, innermost (where it threw) first")
    topFrames: list[str] = Field([], description="the first in-app frames as `function (file:line:column)`")
    frameCount: int | None = Field(None, description="all frames of the stack, in-app or not")
    breadcrumbs: list[ErrorCrumb] = Field([], description="the error event's own breadcrumbs, oldest first")
    traceId: str | None = None
    release: str | None = None


class LogData(_Data):
    """A Sentry log (logs dataset) on one of the replay's traces."""

    level: str | None = Field(None, description="severity: trace, debug, info, warn, error, fatal")
    severityNumber: int | None = None
    message: str | None = None
    logId: str | None = Field(None, description="sentry.item_id")
    traceId: str | None = None
    spanId: str | None = None
    project: str | None = None
    attributes: dict[str, Any] = Field({}, description="every other field Sentry returned for the log")


class BreadcrumbData(_Data):
    category: str | None = None
    message: str | None = None
    level: str | None = None
    type: str | None = None
    details: dict[str, Any] | None = None
    filtered: bool = Field(False, description="the server scrubbed part of the message ([Filtered])")


class HydrationData(_Data):
    pageUrl: str | None = None
