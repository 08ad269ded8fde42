"""Canvas drawing -> `canvas`.

Source frames: IncrementalSnapshot source 9 CanvasMutation (`{id, type: 0 2d | 1 webgl | 2 webgl2,
commands: [...]}` or the single-command form `{id, type, property, args}`), only present when the
ReplayCanvas integration records canvases.
"""

from __future__ import annotations

from typing import Any

from .consts import CANVAS_CONTEXT, name_of
from .context import Ctx, as_dict, as_int


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    commands = d.get("commands")
    count = len(commands) if isinstance(commands, list) else (1 if "property" in d else 0)
    context = name_of(CANVAS_CONTEXT, d.get("type"))
    data = {"context": context, "commands": count}
    ctx.add(
        t,
        seg,
        idx,
        "canvas",
        f"canvas {context or '?'} ({count} commands)",
        data,
        "IncrementalSnapshot",
        "CanvasMutation",
        node_id=as_int(d.get("id")),
    )
