"""Replay-details fields derived from the events, for imports that come without (full) details.

Only what the recording itself shows is derived (start and end, duration, segment and URL counts,
the platform of a DOM recording, the error count of supplied events-meta rows); everything else
stays null, never guessed. `derive_details` returns the names of the derived keys, which the
manifest lists under `derived`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..timefmt import epoch_ms, iso_ms

# Every key of the API's `data` object (sentry-replay-model.md section 2) with its empty value.
DETAILS_SKELETON: dict[str, Any] = {
    "id": None,
    "project_id": None,
    "trace_ids": [],
    "error_ids": [],
    "environment": None,
    "tags": {},
    "user": None,
    "sdk": None,
    "os": None,
    "browser": None,
    "device": None,
    "ota_updates": None,
    "urls": [],
    "count_urls": None,
    "is_archived": False,
    "clicks": [],
    "count_dead_clicks": None,
    "count_rage_clicks": None,
    "count_errors": None,
    "count_warnings": None,
    "count_infos": None,
    "count_segments": None,
    "started_at": None,
    "finished_at": None,
    "duration": None,
    "activity": None,
    "replay_type": None,
    "platform": None,
    "releases": [],
    "dist": None,
    "has_viewed": False,
}


@dataclass
class RecordingStats:
    """Running facts about the events, gathered one segment at a time."""

    segments: int = 0
    events: int = 0
    first_ms: float | None = None
    last_ms: float | None = None
    urls: list[str] = field(default_factory=list)
    dom: bool = False
    video: bool = False
    bad_times: int = 0  # events whose timestamp is not a usable time (left out of start/end)

    def add(self, events: list[Any]) -> None:
        self.segments += 1
        for event in events:
            if isinstance(event, dict):
                self._add_event(event)

    def _add_event(self, event: dict[str, Any]) -> None:
        self.events += 1
        ms = epoch_ms(event.get("timestamp"))
        if ms is None:
            self.bad_times += 1
        else:
            self.first_ms = ms if self.first_ms is None else min(self.first_ms, ms)
            self.last_ms = ms if self.last_ms is None else max(self.last_ms, ms)
        raw = event.get("data")
        data: dict[str, Any] = raw if isinstance(raw, dict) else {}
        kind = event.get("type")
        if kind == 4 and isinstance(data.get("href"), str):
            self.urls.append(data["href"])
        elif kind == 2:
            self.dom = True
        elif kind == 5 and data.get("tag") == "video":
            self.video = True


def derive_details(
    details: dict[str, Any] | None, stats: RecordingStats, replay_id: str, errors: list[dict[str, Any]] | None
) -> tuple[dict[str, Any], list[str]]:
    """The full details object (given values win) and the sorted names of derived keys."""
    full = {**DETAILS_SKELETON, **(details or {}), "id": replay_id}
    candidates = _candidates(stats, errors)
    derived = []
    for key, value in candidates.items():
        if full.get(key) in (None, []) and value not in (None, []):
            full[key] = value
            derived.append(key)
    return full, sorted(derived)


def _candidates(stats: RecordingStats, errors: list[dict[str, Any]] | None) -> dict[str, Any]:
    first, last = stats.first_ms, stats.last_ms
    duration = int((last - first) // 1000) if first is not None and last is not None else None
    platform = "javascript" if stats.dom and not stats.video else None
    return {
        "started_at": iso_ms(first) if first is not None else None,
        "finished_at": iso_ms(last) if last is not None else None,
        "duration": duration,
        "count_segments": stats.segments,
        "urls": stats.urls,
        "count_urls": len(stats.urls),
        "platform": platform,
        "count_errors": len(errors) if errors is not None else None,
        "error_ids": [str(r["id"]) for r in errors or [] if r.get("id")],
    }
