"""Every other breadcrumb -> `replay-health`, `hydration-error`, `tap`, `scroll`, `mobile`,
`breadcrumb`.

Source frames (Custom `breadcrumb`, by category):
- `replay.mutations` (`{count, limit}`; `limit: true` means recording stopped) and
  `replay.throttled` (the SDK dropped breadcrumbs/spans) -> `replay-health`;
- `replay.hydrate-error` (`{url}`) -> `hydration-error`;
- mobile `ui.tap` -> `tap`; mobile `ui.scroll` -> `scroll`; `ui.swipe`, `device.*`, `app.*` -> `mobile`;
- `sentry.feedback` / `feedback`, and any custom or unknown category -> `breadcrumb`.
Free-form breadcrumb `data` is kept under `data.details` when small.
"""

from __future__ import annotations

from typing import Any

import orjson

from .context import Ctx, as_dict, as_int, as_str, clip

DETAILS_MAX = 2000


def _details(payload: dict[str, Any]) -> dict[str, Any] | None:
    d = payload.get("data")
    if not isinstance(d, dict) or not d:
        return None
    try:
        small = len(orjson.dumps(d, option=orjson.OPT_NON_STR_KEYS)) <= DETAILS_MAX
    except (TypeError, orjson.JSONEncodeError):
        small = False
    return d if small else {"truncated": True}


def mutations(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(as_dict(body).get("data"))
    count = as_int(d.get("count"))
    stopped = d.get("limit") is True
    data = {"signal": "mutations", "count": count, "stopped": stopped, "details": None}
    # `count` is the SDK's count of MutationObserver records in the batch (one record can add a
    # whole subtree), not of DOM nodes: the mutation event itself says how many nodes changed.
    records = f"SDK-reported {count:,} mutation records" if count is not None else "no count reported"
    label = (
        f"mutation limit hit ({records}): recording stopped"
        if stopped
        else f"large DOM mutation batch ({records})"
    )
    ctx.add(t, seg, idx, "replay-health", label, data, "Custom", "replay.mutations")


def throttled(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    data = {"signal": "throttled", "count": None, "stopped": False, "details": None}
    ctx.add(
        t,
        seg,
        idx,
        "replay-health",
        "SDK throttled: some breadcrumbs/spans were dropped",
        data,
        "Custom",
        "replay.throttled",
    )


def hydrate_error(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(as_dict(body).get("data"))
    data = {"pageUrl": as_str(d.get("url"))}
    ctx.add(t, seg, idx, "hydration-error", "React hydration error", data, "Custom", "replay.hydrate-error")


def tap(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    from .pointer import click_data

    payload = as_dict(body)
    d = as_dict(payload.get("data"))
    message = as_str(payload.get("message"))
    data = click_data(None, None, None)
    view = as_str(d.get("view.id")) or as_str(d.get("view.class"))
    data.update(tag=as_str(d.get("view.class")), text=message, details=_details(payload))
    ctx.add(t, seg, idx, "tap", clip(f"tap {message or view or '?'}"), data, "Custom", "ui.tap", view)


def mobile_scroll(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    data = {"target": "view", "x": None, "y": None, "details": _details(payload)}
    ctx.add(
        t, seg, idx, "scroll", clip(f"scroll {payload.get('message') or 'view'}"), data, "Custom", "ui.scroll"
    )


def mobile(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    category = as_str(payload.get("category")) or "mobile"
    message = as_str(payload.get("message"))
    data = {"category": category, "message": message, "details": _details(payload)}
    label = clip(f"{category}: {message}" if message else category)
    ctx.add(t, seg, idx, "mobile", label, data, "Custom", category)


def other(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    category = as_str(payload.get("category"))
    message = as_str(payload.get("message"))
    data = {
        "category": category,
        "message": clip(message, 2000) if message else None,
        "level": as_str(payload.get("level")),
        "type": as_str(payload.get("type")),
        "details": _details(payload),
        "filtered": message is not None and "[Filtered]" in message,
    }
    label = clip(f"{category or 'custom'}: {message}" if message else (category or "custom breadcrumb"))
    ctx.add(t, seg, idx, "breadcrumb", label, data, "Custom", category)
