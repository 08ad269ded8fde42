"""Stylesheet and font changes -> `style`.

Source frames: IncrementalSnapshot sources 8 StyleSheetRule (`{id|styleId, adds, removes, replace}`),
13 StyleDeclaration (`{id|styleId, index, set|remove}`), 15 AdoptedStyleSheet (`{id, styles,
styleIds}`) and 10 Font (`{family, fontSource, buffer}`). They change the CSSOM, not the DOM tree.
"""

from __future__ import annotations

from typing import Any

from .consts import INCREMENTAL_SOURCE, name_of
from .context import Ctx, as_dict, as_int, as_str, clip

_LABEL = {8: "stylesheet rules changed", 13: "style declaration changed", 15: "adopted stylesheets set"}


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    source = d.get("source")
    name = name_of(INCREMENTAL_SOURCE, source) or "?"
    adds = d.get("adds")
    removes = d.get("removes")
    family = as_str(d.get("family"))
    data = {
        "change": name,
        "styleId": as_int(d.get("styleId")),
        "adds": len(adds) if isinstance(adds, list) else 0,
        "removes": len(removes) if isinstance(removes, list) else 0,
        "fontFamily": family,
        "fontSource": clip(d.get("fontSource"), 200) if source == 10 and not d.get("buffer") else None,
    }
    label = clip(f"font {family} loaded") if source == 10 else name_of(_LABEL, source) or name
    ctx.add(t, seg, idx, "style", label, data, "IncrementalSnapshot", name, node_id=as_int(d.get("id")))
