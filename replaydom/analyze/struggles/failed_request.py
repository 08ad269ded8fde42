"""`failed-request`: fetch/xhr/resource requests with status >= 400 or no response.

Rule: a network event whose `status >= minStatus` (400), or a fetch/xhr (or mobile http) with no
status (or 0: aborted, blocked or offline). Other resources without a status are unknown, not
failed (some browsers do not report resource statuses). Severity (conventions.md): high for a 5xx or
no-response request on an action path, i.e. starting within `actionWindowMs` (5000) after a
click, tap, input or keydown; medium otherwise and for 4xx. Strength 0.7 for 5xx/no response,
0.4 for 4xx, +0.1 on an action path. Evidence: the request and the action that led to it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..defaults import ACTION_PATH_MS
from ..evutil import Ev, data, request_name
from .core import Context, Detector, Severity, Signal, Thresholds, signal, user_action_before

_NO_RESPONSE_INITIATORS = frozenset({"fetch", "xhr", "http"})


def failure(ev: Ev, min_status: float = 400) -> str | None:
    """`"500"`, `"404"`, `"no response"` for a failed request; None when it did not fail."""
    d = data(ev)
    status = d.get("status")
    if isinstance(status, int) and status >= min_status:
        return str(status)
    if (not isinstance(status, int) or status == 0) and _initiator(ev) in _NO_RESPONSE_INITIATORS:
        return "no response"
    return None


def _initiator(ev: Ev) -> str:
    d = data(ev)
    init = d.get("initiator") or str(ev.get("rawSource") or "").removeprefix("resource.")
    return str(init).lower()


def _run(ctx: Context, th: Thresholds) -> Iterator[Signal]:
    for ev in ctx.of("network"):
        what = failure(ev, th["minStatus"])
        if what is None:
            continue
        action = user_action_before(ctx, int(ev["offsetMs"]), int(th["actionWindowMs"]))
        serious = what == "no response" or what.startswith("5")
        severity = Severity.HIGH if serious and action is not None else Severity.MEDIUM
        strength = (0.7 if serious else 0.4) + (0.1 if action is not None else 0.0)
        verb = "got no response" if what == "no response" else f"failed with {what}"
        evidence = [ev] if action is None else [ev, action]
        yield signal("failed-request", severity, strength, f"{request_name(ev)} {verb}", evidence)


DETECTOR = Detector(
    name="failed-request",
    summary="request with status >= 400, or a fetch/xhr with no response; high for 5xx after an action",
    thresholds={"minStatus": 400, "actionWindowMs": ACTION_PATH_MS},
    run=_run,
)
