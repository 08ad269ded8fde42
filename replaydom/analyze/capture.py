"""What a recording says about masking and what it did not (or did) capture: `stats`' capture report.

- options: the SDK's privacy and network options as recorded (`options` frame);
- masking: what the normalizer saw masked (text nodes, inputs, blocked elements, and attributes:
  `aria-label`, `title`, `placeholder`, `alt` recorded as `*`, which hide the names of buttons
  even when page text is not masked);
- requests without captured headers/bodies (URL not allow-listed), and the request paths whose
  bodies *were* captured: bodies can hold what input masking hid (a typed e-mail in a POST body).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from .evutil import Ev, data, offset, request_name


class Capture(BaseModel):
    """What the recording says about masking and what it did not capture."""

    options: dict[str, Any] = Field(description="the SDK's privacy/network options, when recorded")
    masking: dict[str, Any] = Field(
        description="what the normalizer saw masked (text nodes, inputs, blocked)"
    )
    skippedFrames: dict[str, int] = Field(description="frames the normalizer skipped, by reason")
    maskedClickTexts: int
    maskedInputs: int
    maskedMutationTexts: int
    requestsWithoutDetails: int = Field(description="requests whose headers/bodies were not captured")
    maskedAttributes: dict[str, int] = Field(
        {}, description="aria-label/title/placeholder/alt values recorded masked (occurrences)"
    )
    bodiesCaptured: list[str] = Field(
        [], description="request paths whose request or response body was captured"
    )
    notes: list[str]


_OPTION_KEYS = (
    "maskAllText",
    "maskAllInputs",
    "blockAllMedia",
    "networkDetailHasUrls",
    "networkCaptureBodies",
    "networkRequestHasHeaders",
    "networkResponseHasHeaders",
    "shouldRecordCanvas",
)


def capture(kinds: dict[str, list[Ev]], masking: dict[str, Any], skipped: dict[str, int]) -> Capture:
    opts_events = kinds.get("options", [])
    opts = data(opts_events[-1]) if opts_events else {}
    options = {k: opts[k] for k in _OPTION_KEYS if k in opts}
    network = kinds.get("network", [])
    undetailed = sum(1 for ev in network if _network_like(ev) and not _captured(ev))
    notes = _notes(options, kinds, undetailed)
    masked_attrs = {
        str(k): v for k, v in (masking.get("maskedAttributes") or {}).items() if isinstance(v, int) and v
    }
    if masked_attrs and not options.get("maskAllText"):
        names = ", ".join(f"{k} ({v})" for k, v in sorted(masked_attrs.items()))
        notes.append(
            f"attributes are masked while page text is not: {names}; buttons named only by them "
            "show as '*' (their id/selector still names them)"
        )
    elif masked_attrs:
        names = ", ".join(f"{k} ({v})" for k, v in sorted(masked_attrs.items()))
        notes.append(f"masked attributes: {names}")
    bodies = sorted({request_name(ev) for ev in network if _has_body(ev)})
    if bodies:
        notes.append(
            f"bodies captured for {len(bodies)} URLs ({', '.join(bodies[:5])}"
            f"{', …' if len(bodies) > 5 else ''}); they can hold what input masking hid"
        )
    if skipped:
        notes.append(
            f"{sum(skipped.values())} frames skipped by the normalizer: "
            + ", ".join(f"{reason} ({n})" for reason, n in sorted(skipped.items()))
        )
    return Capture(
        options=options,
        masking=masking,
        skippedFrames=dict(skipped),
        maskedClickTexts=sum(1 for ev in kinds.get("click", []) if data(ev).get("masked")),
        maskedInputs=sum(1 for ev in kinds.get("input", []) if data(ev).get("masked")),
        maskedMutationTexts=sum(
            _int_or_none(data(ev).get("maskedTexts")) or 0 for ev in kinds.get("mutation", [])
        ),
        requestsWithoutDetails=undetailed,
        maskedAttributes=masked_attrs,
        bodiesCaptured=bodies,
        notes=notes,
    )


def _notes(options: dict[str, Any], kinds: dict[str, list[Ev]], undetailed: int) -> list[str]:
    notes = []
    if options.get("maskAllText"):
        notes.append("all page text is masked (maskAllText): text is recorded as '*' of the same length")
    elif options.get("maskAllText") is False:
        notes.append("page text is recorded unmasked (maskAllText: false)")
    if options.get("maskAllInputs"):
        notes.append("input values are masked (maskAllInputs): only their length is known")
    elif options.get("maskAllInputs") is False:
        notes.append("input values are recorded unmasked (maskAllInputs: false), except passwords")
    if options.get("blockAllMedia"):
        notes.append("media (img, svg, video, canvas...) is blocked (blockAllMedia): placeholders only")
    if undetailed:
        notes.append(
            f"{undetailed} fetch/xhr requests without captured headers or bodies (URL not allow-listed)"
        )
    if not options:
        notes.append("no SDK options frame: masking settings unknown")
    notes += _health(kinds.get("replay-health", []))
    unknown = len(kinds.get("unknown", []))
    if unknown:
        notes.append(f"{unknown} frames could not be interpreted (kind 'unknown')")
    return notes


_HEALTH_LABELS = 5  # distinct replay-health notes listed; the rest are counted


def _health(events: list[Ev]) -> list[str]:
    """One note per kind of replay-health event (the SDK's own warnings, such as a large mutation
    batch), with how often and when: an hour of them is one line, not hundreds."""
    seen: dict[str, list[Any]] = {}
    for ev in events:
        label = str(ev.get("label") or ev.get("rawSource") or "replay health event")
        seen.setdefault(label, []).append(offset(ev))
    notes = [
        f"{label} at {at[0]} ms" if len(at) == 1 else f"{label} x{len(at)}, from {at[0]} ms to {at[-1]} ms"
        for label, at in list(seen.items())[:_HEALTH_LABELS]
    ]
    if len(seen) > _HEALTH_LABELS:
        rest = sum(len(at) for at in list(seen.values())[_HEALTH_LABELS:])
        notes.append(
            f"{rest} more replay-health events of {len(seen) - _HEALTH_LABELS} other kinds: "
            f"`replaydom events REPLAY --kind replay-health --limit {len(events)}` lists all {len(events)}"
        )
    return notes


def _network_like(ev: Ev) -> bool:
    return str(data(ev).get("initiator") or "").lower() in ("fetch", "xhr")


def _captured(ev: Ev) -> bool:
    d = data(ev)
    return any(isinstance(d.get(side), dict) and d[side].get("captured") for side in ("request", "response"))


def _has_body(ev: Ev) -> bool:
    d = data(ev)
    sides = (d.get("request"), d.get("response"))
    return any(isinstance(side, dict) and side.get("body") is not None for side in sides)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
