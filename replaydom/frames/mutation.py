"""DOM changes -> `mutation`.

Source frames: IncrementalSnapshot source 0 Mutation (`{adds, removes, texts, attributes}`), applied
to the node map so later clicks are named as of their moment; source 16 CustomElement (`{define}`).
`data` counts each change type (list entries: `adds`, `removes`, `texts`, `attributes`), the nodes
the adds attached and the removes detached, subtrees included (`nodesAdded`, `nodesRemoved`: the
node map knows each removed subtree, so a removed 20,000-row table is one `removes` entry and
~100,000 `nodesRemoved`; the label gives nodes), the masked text values among them, adds whose
parent never arrived (`unresolved`) and the parent nodes with the most changes (`targets`, largest
first), plus the texts the change added and removed and the live regions it touched
(`mutation_text.py`).
"""

from __future__ import annotations

from typing import Any

from ..model.page import node_counts
from . import mutation_text
from .context import Ctx, as_dict, as_str, clip
from .input import extend_editing

_TARGETS = 3


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    d = as_dict(body)
    removed = mutation_text.before(ctx.nodes, d)
    stats = ctx.nodes.apply_mutation(d)
    added, live = mutation_text.after(ctx.nodes, d)
    ctx.masking.masked_text_nodes += stats.masked_texts
    if stats.masked_attrs:
        ctx.masking.masked_attributes.update(stats.masked_attrs)
    data = {
        "adds": stats.adds,
        "removes": stats.removes,
        "texts": stats.texts,
        "attributes": stats.attributes,
        "nodesAdded": stats.nodes_added,
        "nodesRemoved": stats.nodes_removed,
        "maskedTexts": stats.masked_texts,
        "unresolved": stats.unresolved,
        "targets": stats.top_targets(_TARGETS),
        "addedTexts": added,
        "removedTexts": removed,
        "live": live,
    }
    counts = node_counts(stats.nodes_added, stats.nodes_removed, stats.removes)
    label = f"DOM {counts}, {stats.texts:,} text, {stats.attributes:,} attr"
    event = ctx.add(t, seg, idx, "mutation", label, data, "IncrementalSnapshot", "Mutation")
    if ctx.editing is not None:  # text typed into a contenteditable element arrives as DOM changes
        extend_editing(ctx, d, event, t)


def custom_element(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    name = as_str(as_dict(as_dict(body).get("define")).get("name"))
    data = {
        "adds": 0,
        "removes": 0,
        "texts": 0,
        "attributes": 0,
        "nodesAdded": 0,
        "nodesRemoved": 0,
        "maskedTexts": 0,
        "unresolved": 0,
        "targets": [],
        "addedTexts": [],
        "removedTexts": [],
        "live": [],
        "define": name,
    }
    label = clip(f"custom element <{name}> defined" if name else "custom element")
    ctx.add(t, seg, idx, "mutation", label, data, "IncrementalSnapshot", "CustomElement")
