"""Console output -> `console`.

Source frames: Custom `breadcrumb` with category `console` (`{level, message, data: {logger,
arguments}}`), the Android categories `Logcat` and `Timber` (the UI shows them as console), and the
legacy rrweb IncrementalSnapshot source 11 Log (`{level, payload: [...]}`). Console errors stay
`console` events with `level: "error"`; `error` events come only from the replay's linked errors.
Messages are bounded (`MESSAGE_MAX`); arguments are kept only when small. `filtered` says the server
scrubbed part of the message (`[Filtered]`).
"""

from __future__ import annotations

from typing import Any

import orjson

from .context import Ctx, as_dict, as_str, clip

MESSAGE_MAX = 2000
ARGUMENTS_MAX = 2000


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    d = as_dict(payload.get("data"))
    level = as_str(payload.get("level")) or "log"
    message = as_str(payload.get("message"))
    args = d.get("arguments")
    if message is None and isinstance(args, list):
        message = " ".join(a if isinstance(a, str) else _dump(a) for a in args)
    add_console(ctx, t, seg, idx, level, message, args, "Custom", as_str(payload.get("category")))


def rrweb_log(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    args = d.get("payload")
    message = (
        " ".join(a if isinstance(a, str) else _dump(a) for a in args) if isinstance(args, list) else None
    )
    add_console(
        ctx, t, seg, idx, as_str(d.get("level")) or "log", message, args, "IncrementalSnapshot", "Log"
    )


def add_console(
    ctx: Ctx,
    t: float,
    seg: int,
    idx: int,
    level: str,
    message: str | None,
    args: Any,
    raw_type: str,
    raw_source: str | None,
) -> None:
    msg = message[:MESSAGE_MAX] if message is not None else None
    kept = args if isinstance(args, list) and len(_dump(args)) <= ARGUMENTS_MAX else None
    data = {
        "level": level,
        "message": msg,
        "arguments": kept,
        "messageTruncated": message is not None and len(message) > MESSAGE_MAX,
        "filtered": message is not None and "[Filtered]" in message,
    }
    ctx.add(t, seg, idx, "console", clip(f"console.{level}: {msg or ''}"), data, raw_type, raw_source)


def _dump(value: Any) -> str:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return str(value)
