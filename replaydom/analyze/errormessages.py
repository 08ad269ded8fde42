"""The console errors and error events `stats` counts, named by message.

The header says "7 errors"; these rows say which: one row per distinct message (a console error's
message, an error event's label), with how many times it was recorded, the first and last time,
the first one's evidence pointer (or its `eventId` for an error event from the errors API, which
is not in the recording) and the page route it happened on. Rows are in order of first time, at
most `limit`; `truncated.next` is the `stats --top` that lists every message.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from ..model import Truncated
from .evutil import Ev, data, offset

ERROR_LEVELS = frozenset({"error", "assert"})
MESSAGE_MAX = 300


class ErrorMessage(BaseModel):
    kind: str = Field(description="console (level error or assert) or error (an error event)")
    message: str = Field(description=f"the console message or the error's label (first {MESSAGE_MAX} chars)")
    count: int
    firstOffsetMs: int
    lastOffsetMs: int
    segmentId: int | None = Field(description="the first one's pointer; null for an error event")
    frameIndex: int | None
    eventId: str | None = Field(None, description="the first error event's id (source: errors)")
    route: str | None = Field(None, description="the page route of the first one")


class ErrorMessages(BaseModel):
    items: list[ErrorMessage]
    truncated: Truncated | None = None


def error_messages(console: Sequence[Ev], errors: Sequence[Ev], target: str, limit: int) -> ErrorMessages:
    """Console errors and error events by message, in order of first time (see the docstring)."""
    picked = [ev for ev in console if str(data(ev).get("level") or "").lower() in ERROR_LEVELS]
    rows: dict[tuple[str, str], ErrorMessage] = {}
    for ev in sorted([*picked, *errors], key=offset):
        kind = "error" if ev.get("kind") in ("error", "hydration-error") else "console"
        text = data(ev).get("message") if kind == "console" else ev.get("label")
        message = " ".join(str(text or ev.get("label") or "?").split())[:MESSAGE_MAX]
        row = rows.get((kind, message))
        if row is None:
            rows[(kind, message)] = ErrorMessage(
                kind=kind,
                message=message,
                count=1,
                firstOffsetMs=offset(ev),
                lastOffsetMs=offset(ev),
                segmentId=ev.get("segmentId"),
                frameIndex=ev.get("frameIndex"),
                eventId=ev.get("eventId"),
                route=ev.get("route"),
            )
        else:
            row.count += 1
            row.lastOffsetMs = offset(ev)
    items = list(rows.values())
    truncated = None
    if len(items) > limit:
        truncated = Truncated(
            shown=limit, total=len(items), next=f"replaydom stats {target} --top {len(items)}"
        )
    return ErrorMessages(items=items[:limit], truncated=truncated)
