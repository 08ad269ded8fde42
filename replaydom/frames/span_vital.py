"""Web vitals -> `web-vital`.

Source frames: Custom `performanceSpan` with op `web-vital` (`description` =
`largest-contentful-paint` | `cumulative-layout-shift` | `interaction-to-next-paint` |
`first-input-delay`; `data` = `{value, size, rating, nodeIds?, attributions?}`) and the legacy op
`largest-contentful-paint` (`{value, size, nodeId}`). The SDK's `rating` is kept as recorded;
`poor` is `rating == "poor"`. These spans are stamped `timeOrigin + value`, not when the metric was
observed, and they do not move the replay start (conventions.md). `nodeIds` are resolved to
selectors through the node map (`data.selectors`, null where the node is unknown; the event's
`selector` is the first one known).
"""

from __future__ import annotations

from typing import Any

from .consts import VITAL_NAMES
from .context import Ctx, as_dict, as_int, as_num, as_str

_NODES_MAX = 8


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    op = str(payload.get("op"))
    d = as_dict(payload.get("data"))
    description = as_str(payload.get("description")) or (op if op != "web-vital" else None)
    name = VITAL_NAMES.get(description or "", description)
    value = as_num(d.get("value"))
    rating = as_str(d.get("rating"))
    node_ids = (
        [n for n in d.get("nodeIds") or () if type(n) is int] if isinstance(d.get("nodeIds"), list) else []
    )
    legacy = as_int(d.get("nodeId"))
    if not node_ids and legacy is not None and legacy >= 0:
        node_ids = [legacy]
    # The nodes as of the span's arrival (the SDK flushes a vital with the segment it was observed in).
    infos = [ctx.nodes.describe(n) for n in node_ids[:_NODES_MAX]]
    selectors = [info.selector if info else None for info in infos]
    data = {
        "name": name,
        "value": value,
        "rating": rating,
        "poor": rating == "poor",
        "nodeIds": node_ids,
        "selectors": selectors,
    }
    shown = "?" if value is None else (f"{value:.3f}" if name == "CLS" else f"{value:.0f} ms")
    label = f"{name or 'web vital'} {shown}" + (f" ({rating})" if rating else "")
    selector = next((s for s in selectors if s), None)
    ctx.add(t, seg, idx, "web-vital", label, data, "Custom", op, selector, node_ids[0] if node_ids else None)
