"""Timestamp units, in one place (sentry-replay-model.md §4.6).

- rrweb frames (types 0-4, 6) and the `options`/`video` custom frames: top-level `timestamp`, ms.
- breadcrumbs: `payload.timestamp`, seconds. Their top-level `timestamp` is never read: it is ms for
  most categories, seconds for `ui.blur`/`ui.focus`/`replay.mutations`/`replay.throttled`, and for
  slow/multi clicks it is the emission time rather than the click's.
- spans: `payload.startTimestamp` / `payload.endTimestamp`, seconds. Their top-level `timestamp` (also
  seconds) is never read.

Every reader goes through `epoch_ms`, which applies the SDK's own heuristic (a value above
9 999 999 999 is already ms) so that a frame in the "wrong" unit still lands at the right time, and
which rejects anything that is not a finite, plausible epoch (None is returned; callers count it).
"""

from __future__ import annotations

from typing import Any

# One check for every recorded time (store, frames and dom share it): see `timefmt.epoch_ms`.
from ..timefmt import MAX_MS, epoch_ms

__all__ = ["MAX_MS", "crumb_ms", "epoch_ms", "rrweb_ms", "span_ms"]


def rrweb_ms(frame: dict[str, Any]) -> float | None:
    """Time of an rrweb frame (or an options/video custom frame): its top-level `timestamp`."""
    return epoch_ms(frame.get("timestamp"))


def crumb_ms(payload: dict[str, Any]) -> float | None:
    """Time of a breadcrumb: `payload.timestamp` (seconds)."""
    return epoch_ms(payload.get("timestamp"))


def span_ms(payload: dict[str, Any]) -> tuple[float, float] | None:
    """(start, end) of a span from `payload.startTimestamp` / `endTimestamp` (seconds).

    A missing or unusable end falls back to the start; an end before the start is clamped to it.
    """
    start = epoch_ms(payload.get("startTimestamp"))
    if start is None:
        return None
    end = epoch_ms(payload.get("endTimestamp"))
    if end is None or end < start:
        end = start
    return start, end
