"""Replay start and end, Sentry's UI definition (conventions.md "Time", sentry-replay-model.md §4.7).

start = min(details `started_at`, every rrweb timestamp, every breadcrumb `payload.timestamp`, every
span `payload.startTimestamp`), end = max(details `finished_at`, the same frame times, span
`endTimestamp`); web-vital and largest-contentful-paint spans are excluded (their time is
`timeOrigin + value`), errors are not considered, falsy or unusable times are ignored. Without
details (an import), only the frames count. `normalize` collects the frame bounds in its single pass
(`Ctx.see`); `replay_start_ms` computes the same start from raw segments for callers that do not
normalize.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..timefmt import parse_iso_ms
from .context import Ctx
from .registry import UNBOUNDED_SPANS
from .timeunits import crumb_ms, rrweb_ms, span_ms


def bounds(details: dict[str, Any] | None, frames_lo: float, frames_hi: float) -> tuple[float, float]:
    """(start_ms, end_ms) from the details' API times and the frames' min/max (inf when none).

    With nothing at all to go on, both are 0.0.
    """
    lo, hi = frames_lo, frames_hi
    if details:
        started = parse_iso_ms(details.get("started_at"))
        finished = parse_iso_ms(details.get("finished_at"))
        if started:
            lo = min(lo, started)
        if finished:
            hi = max(hi, finished)
    if lo == float("inf"):
        lo = hi if hi != float("-inf") else 0.0
    if hi == float("-inf") or hi < lo:
        hi = lo
    return lo, hi


def replay_start_ms(
    segments: Iterable[tuple[int, list[Any]]], details: dict[str, Any] | None = None
) -> float:
    """Replay start in epoch ms from raw `(position, frames)` segments and optional details."""
    ctx = Ctx(replay_id="")
    for _seg, frames in segments:
        for frame in frames if isinstance(frames, list) else ():
            see_frame(ctx, frame)
    return bounds(details, ctx.lo, ctx.hi)[0]


def see_frame(ctx: Ctx, frame: Any) -> None:
    """Count one raw frame's time(s) toward the bounds, with the same rules as `registry.dispatch`."""
    if type(frame) is not dict:
        return
    data = frame.get("data")
    if frame.get("type") != 5:
        t = rrweb_ms(frame)
        if t is not None and frame.get("type") in (0, 1, 2, 3, 4, 6):
            ctx.see(t)
        return
    tag = data.get("tag") if type(data) is dict else None
    payload = data.get("payload") if type(data) is dict else None
    if tag == "breadcrumb" and type(payload) is dict:
        t = crumb_ms(payload)
        if t is not None:
            ctx.see(t)
    elif tag == "performanceSpan" and type(payload) is dict:
        times = span_ms(payload)
        if times is not None and payload.get("op") not in UNBOUNDED_SPANS:
            ctx.see(*times)
    elif tag not in ("options", "video"):
        t = rrweb_ms(frame)
        if t is not None:
            ctx.see(t)
