"""Sentry's click detector -> `dead-click`, `rage-click`, `slow-click`, `multi-click`.

Source frames: Custom `breadcrumb` `ui.slowClickDetected` (`{nodeId, node, url, route,
timeAfterClickMs, endReason, clickCount}`) and `ui.multiClick` (`{..., clickCount, metric}`). Their
`payload.timestamp` is the qualified click's time (they are emitted seconds later).

Classification is Sentry's backend rule exactly (`event_parser.which`, sentry-replay-model.md §5.1),
so counts equal the replay's `count_dead_clicks` (rage included) and `count_rage_clicks`:
dead = endReason "timeout" AND node tag in {a, button, input} AND timeAfterClickMs >= 7000;
rage = dead AND clickCount >= 5 (one `rage-click` event, not also a `dead-click`); every other slow
click is `slow-click`; `ui.multiClick` is `multi-click` and never rage. `merge.py` points
`data.qualifies` at the click each one is about.
"""

from __future__ import annotations

from typing import Any

from .breadcrumb_ui import crumb_node
from .consts import DEAD_CLICK_MIN_MS, DEAD_CLICK_TAGS, RAGE_CLICK_MIN_COUNT
from .context import Ctx, as_dict, as_int, as_num, as_str
from .nodes import is_masked
from .pointer import click_data, click_label


def _field(d: dict[str, Any], name: str) -> Any:
    # The backend also accepts all-lower-case keys.
    value = d.get(name)
    return d.get(name.lower()) if value is None else value


def classify(tag: str | None, end_reason: str | None, after_ms: float | None, count: int | None) -> str:
    """`dead-click`, `rage-click` or `slow-click` by Sentry's counting rule."""
    dead = (
        end_reason == "timeout"
        and tag in DEAD_CLICK_TAGS
        and after_ms is not None
        and (after_ms >= DEAD_CLICK_MIN_MS)
    )
    if not dead:
        return "slow-click"
    return "rage-click" if (count or 0) >= RAGE_CLICK_MIN_COUNT else "dead-click"


def _data(payload: dict[str, Any]) -> tuple[dict[str, Any], int | None, str | None]:
    d = as_dict(payload.get("data"))
    nid, tag, text, attrs = crumb_node(payload)
    selector = as_str(payload.get("message"))
    data = click_data(None, None, None)
    data.update(
        tag=tag,
        text=text,
        masked=is_masked(text),
        attributes=attrs,
        sentrySelector=selector,
        clickCount=as_int(_field(d, "clickCount")),
        pageUrl=as_str(d.get("url")),
        route=as_str(d.get("route")),
    )
    return data, nid, selector


def slow_click(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    d = as_dict(payload.get("data"))
    data, nid, selector = _data(payload)
    after = as_num(_field(d, "timeAfterClickMs"))
    reason = as_str(_field(d, "endReason"))
    data["timeAfterClickMs"] = as_int(after)
    data["endReason"] = reason
    kind = classify(data["tag"], reason, after, data["clickCount"])
    if kind == "slow-click":
        label = click_label("slow click", data["text"], None) + f" ({as_int(after)} ms)"
    else:
        verb = "rage click" if kind == "rage-click" else "dead click"
        label = click_label(verb, data["text"], None) + f" (x{data['clickCount'] or 1})"
    ctx.add(t, seg, idx, kind, label, data, "Custom", "ui.slowClickDetected", selector, nid)


def multi_click(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    data, nid, selector = _data(payload)
    # The SDK writes ui.multiClick when the page *did* respond to a click (not a slow click) and
    # the element was clicked more than once while it watched (7 s): repeated clicks, not a dead
    # click. `merge.py` fills `data.clicks` with the clicks it counts.
    data["clicks"] = []
    n = data["clickCount"] or "?"
    label = click_label("multi click", data["text"], None) + f" (x{n}: clicked {n} times within 7 s)"
    ctx.add(t, seg, idx, "multi-click", label, data, "Custom", "ui.multiClick", selector, nid)
