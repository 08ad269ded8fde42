"""The dead, rage, slow and multi clicks `stats` counts, named one by one.

A count ("2 dead, 1 rage") alone sends an agent to another command; each row here names the
element (selector, short name, visible text), the time, the evidence pointer of Sentry's finding
frame and of the click it is about (`data.qualifies`), how many clicks Sentry counted, and the
`window` command that shows what happened around it. Rows are in time order, at most `limit`;
`truncated` says how many there are and gives the `events` command that lists them all (its
`--limit` is their count: `events` pages at 200 by default).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from ..model import Truncated
from ..timefmt import format_clock
from .evutil import Ev, data, offset, visible_text

FINDING_KINDS = ("dead-click", "rage-click", "slow-click", "multi-click")


class ClickFinding(BaseModel):
    kind: str = Field(description="dead-click, rage-click, slow-click or multi-click")
    offsetMs: int
    segmentId: int | None = Field(description="Sentry's finding frame (with frameIndex)")
    frameIndex: int | None
    selector: str | None
    name: str = Field(description="short name of the element (rows that read alike get ancestors)")
    text: str | None = Field(description="visible text, null when masked or absent")
    masked: bool = Field(description="the element's text was recorded masked")
    clickCount: int | None = Field(description="clicks Sentry counted in the finding")
    click: dict[str, int] | None = Field(
        None, description="pointer (segmentId, frameIndex) of the click the finding is about"
    )
    show: str = Field(description="the command that shows what happened around it")


class ClickFindings(BaseModel):
    items: list[ClickFinding]
    truncated: Truncated | None = None


def click_findings(events: Sequence[Ev], target: str, limit: int) -> ClickFindings:
    """Every dead/rage/slow/multi click of a stream sorted by `offsetMs`, the first `limit` of them.

    `target` is how commands name the replay (its id) in the `show` and `next` commands.
    """
    from .stats import tell_apart  # stats imports this module; the helper lives there

    found = [ev for ev in events if ev.get("kind") in FINDING_KINDS]
    shown = found[:limit]
    texts = [visible_text(ev) for ev in shown]
    selectors = [str(ev.get("selector") or data(ev).get("tag") or "?") for ev in shown]
    # One element's findings (a multi click and its rage click) are one row to tell apart.
    distinct = dict(zip(selectors, texts, strict=True))
    short = dict(zip(distinct, tell_apart(list(distinct), list(distinct.values())), strict=True))
    names = [short[s] for s in selectors]
    items = [_row(ev, name, text, target) for ev, name, text in zip(shown, names, texts, strict=True)]
    truncated = None
    if len(found) > len(shown):
        kinds = ",".join(FINDING_KINDS)
        # `--limit` as many as there are: `events` pages at 200 by default, and "all" means all
        truncated = Truncated(
            shown=len(shown),
            total=len(found),
            next=f"replaydom events {target} --kind {kinds} --limit {len(found)}",
        )
    return ClickFindings(items=items, truncated=truncated)


def _row(ev: Ev, name: str, text: str | None, target: str) -> ClickFinding:
    d = data(ev)
    count = d.get("clickCount")
    click = d.get("qualifies") if isinstance(d.get("qualifies"), dict) else None
    at = offset(ev)
    return ClickFinding(
        kind=str(ev.get("kind")),
        offsetMs=at,
        segmentId=ev.get("segmentId"),
        frameIndex=ev.get("frameIndex"),
        selector=ev.get("selector"),
        name=name,
        text=text,
        masked=text is None and bool(d.get("masked")),
        clickCount=count if isinstance(count, int) and not isinstance(count, bool) else None,
        click=click,
        show=f"replaydom window {target} --at {format_clock(at)} --before 2s --after 10s",
    )
