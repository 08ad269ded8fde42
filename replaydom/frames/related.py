"""Related data (not in the recording) handed to the normalizer, and the stamping it needs.

`Related` bundles what a bundle holds beside its segments: the events-meta rows (`errors`), the
event details of those errors (`error_details`, by event id) and the logs on the replay's traces
(`logs`). The families in `registry.RELATED` turn them into records with null pointers; their
records sort after every recording frame of the same millisecond (`RELATED_SEGMENT` + rank).

A record's `aux` may hold epoch-ms times of nested items (an error's own breadcrumbs): `stamp`
turns them into `offsetMs` once the replay start is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .context import Rec

# Above every segment position (positions are small ints): errors, then logs.
RELATED_SEGMENT = 1 << 40


@dataclass(frozen=True)
class Related:
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_details: dict[str, Any] = field(default_factory=dict)
    logs: list[dict[str, Any]] = field(default_factory=list)


def stamp(records: list[Rec], start: float) -> None:
    """Set `offsetMs` of nested items whose epoch-ms times a family left in `aux` (`crumbTimes`)."""
    for _t, _seg, _idx, ev, aux in records:
        if not isinstance(aux, dict):
            continue
        times = aux.get("crumbTimes")
        crumbs = ev["data"].get("breadcrumbs")
        if isinstance(times, list) and isinstance(crumbs, list):
            for crumb, t in zip(crumbs, times, strict=False):
                crumb["offsetMs"] = round(t - start) if t is not None else None
