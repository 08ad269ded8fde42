"""One triage row: a replay's struggles scored and its row filled (`triage.py` ranks them).

Score (points, higher is worse; `SCORING`), see `triage.py`'s docstring: findings weighted by
severity, each severity capped, plus Sentry's rage/dead click and error counts, each capped.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from ..errors import ReplayDomError
from ..store.bundle import Bundle
from .defaults import Severity

if TYPE_CHECKING:
    from ..dom.source import DomSource

WEIGHTS = {Severity.HIGH: 3.0, Severity.MEDIUM: 1.0, Severity.LOW: 0.2}
CAPS = {Severity.HIGH: 15.0, Severity.MEDIUM: 5.0, Severity.LOW: 1.0}
SENTRY_WEIGHTS = {"rageClicks": 1.0, "deadClicks": 0.5, "errors": 1.0}
SENTRY_CAP = 5
SCORING = (
    "sum over findings of weight x (0.5 + 0.5 x finding score), weight high 3 / medium 1 / low 0.2, "
    "each severity capped at 15 / 5 / 1; plus Sentry's counts: 1.0 x rage clicks + 0.5 x dead clicks "
    "+ 1.0 x errors, each count capped at 5"
)


class TopFinding(BaseModel):
    severity: Severity
    score: float
    finding: str
    fromOffsetMs: int
    toOffsetMs: int
    signals: list[str]


class TriageRow(BaseModel):
    """One replay of a triage, ranked."""

    rank: int
    id: str
    org: str
    project: str | None = None
    startedAt: str | None = None
    durationS: float | None = None
    user: str | None = None
    url: str | None = Field(None, description="the first URL of the replay")
    score: float = Field(description="triage points, higher is worse (see `scoring`)")
    findings: dict[str, int] = Field(description="number of findings by severity")
    errors: int | None = Field(None, description="Sentry's count_errors")
    deadClicks: int | None = None
    rageClicks: int | None = None
    top: TopFinding | None = Field(None, description="the most severe finding, with its window")
    next: str = Field(description="the command to look at this replay next")
    status: Literal["ok", "failed"] = "ok"
    fetched: Literal["fetched", "cached", "failed"] = "fetched"
    note: str | None = Field(None, description="why a failed row has no findings")


def analyze_safely(bundle: Bundle, row: dict[str, Any], org: str, cached: bool) -> TriageRow:
    try:
        return analyze(bundle, row, org, cached=cached)
    except ReplayDomError as exc:
        return failed_row(row, org, exc.message)


def analyze(bundle: Bundle, row: dict[str, Any], org: str, *, cached: bool = False) -> TriageRow:
    """Index one fetched replay, run `struggles` on it and score it (its events are then dropped)."""
    from ..dom.cache import bundle_source
    from ..index import load_events, load_meta
    from .struggles import find_struggles

    rid = bundle.replay_id
    target = f"{org}/{rid}"
    events = load_events(bundle)

    loaded = False

    # Loaded only when a DOM-reading detector asks, as `struggles` does; in memory, because a
    # checkpoint store per triaged replay would cost more disk and time than it saves.
    def dom() -> DomSource:
        nonlocal loaded
        loaded = True
        nav = [e for e in events if e.get("kind") in ("navigation", "page")]
        return bundle_source(
            bundle,
            float(load_meta(bundle)["startMs"]),
            nav,
            replay_id=rid,
            target_display=target,
            checkpoints=False,
        )

    findings = find_struggles(events, target=target, details=bundle.details(), dom=dom)
    if loaded:
        # The rebuilt documents are cycles (parent links), and the next index build's gc.freeze
        # would move them, unreachable, to the oldest generation, rarely collected: a process
        # triaging hundreds of replays grew by each one's DOM (139 MB after 60 replays; flat at
        # 79 MB with this collection, a few ms each).
        gc.collect()
    by_sev = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    counts = _sentry_counts(row)
    points = 0.0
    for sev in Severity:
        part = sum(WEIGHTS[sev] * (0.5 + 0.5 * f.score) for f in findings if f.severity is sev)
        points += min(CAPS[sev], part)
    points += sum(SENTRY_WEIGHTS[k] * min(SENTRY_CAP, v or 0) for k, v in counts.items())
    top = findings[0] if findings else None
    return TriageRow(
        rank=0,
        **_row_fields(row, org, bundle.project),
        score=round(points, 2),
        findings=by_sev,
        **counts,
        top=TopFinding(
            severity=top.severity,
            score=top.score,
            finding=top.finding,
            fromOffsetMs=top.window.fromOffsetMs,
            toOffsetMs=top.window.toOffsetMs,
            signals=top.signals,
        )
        if top
        else None,
        next=top.nextCommand if top else f"replaydom view {target}",
        fetched="cached" if cached else "fetched",
    )


def failed_row(row: dict[str, Any], org: str, note: str) -> TriageRow:
    rid = str(row.get("id"))
    return TriageRow(
        rank=0,
        **_row_fields(row, org, None),
        score=0.0,
        findings={s.value: 0 for s in Severity},
        **_sentry_counts(row),
        next=f"replaydom fetch {org}/{rid}",
        status="failed",
        fetched="failed",
        note=note,
    )


def _row_fields(row: dict[str, Any], org: str, project: str | None) -> dict[str, Any]:
    raw_user, raw_urls = row.get("user"), row.get("urls")
    user: dict[str, Any] = raw_user if isinstance(raw_user, dict) else {}
    urls: list[Any] = raw_urls if isinstance(raw_urls, list) else []
    duration = row.get("duration")
    return {
        "id": str(row.get("id")),
        "org": org,
        "project": project or (str(row["project_id"]) if row.get("project_id") is not None else None),
        "startedAt": row.get("started_at") if isinstance(row.get("started_at"), str) else None,
        "durationS": duration
        if isinstance(duration, (int, float)) and not isinstance(duration, bool)
        else None,
        "user": user.get("display_name") if isinstance(user.get("display_name"), str) else None,
        "url": urls[0] if urls and isinstance(urls[0], str) else None,
    }


def _sentry_counts(row: dict[str, Any]) -> dict[str, int | None]:
    def num(key: str) -> int | None:
        v = row.get(key)
        return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None

    return {
        "errors": num("count_errors"),
        "deadClicks": num("count_dead_clicks"),
        "rageClicks": num("count_rage_clicks"),
    }


def rank(rows: list[TriageRow]) -> list[TriageRow]:
    ordered = sorted(
        rows,
        key=lambda r: (
            r.status != "ok",
            -r.score,
            -r.findings.get("high", 0),
            _neg_time(r.startedAt),
            r.id,
        ),
    )
    return [r.model_copy(update={"rank": i}) for i, r in enumerate(ordered, 1)]


def _neg_time(started: str | None) -> float:
    from ..timefmt import parse_iso_ms

    t = parse_iso_ms(started)
    return -t if t is not None else 0.0
