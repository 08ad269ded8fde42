"""The state one normalization pass carries from frame to frame, and the event builder.

Frame handlers (one module per family, wired in `registry.py`) have the signature
`handler(ctx, frame, body, t, seg, idx) -> None`, where `body` is the frame's `data` (rrweb) or
`payload` (Sentry custom frames) and `t` its epoch-ms time by the unit rules of `timeunits.py`.
A handler calls `ctx.add(...)` at most once; it may instead fold the frame into an earlier event
(input bursts) or skip it with a counted reason.

Events are built as plain dicts in `Event` field order with `offsetMs`/`timestamp`/`url` left as
placeholders: the replay start and the page URL are only known after every frame has been seen, so
`normalize.finish` fills them in after the stable sort. Each record is
`(t, segmentId, frameIndex, event, aux)`; `(t, segmentId, frameIndex)` is unique per raw frame, so
sorting records never compares the dicts. `aux` carries handler-private matching data (for example a
click's ancestor ids) that never reaches the output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import KIND_CATEGORY
from .nodes import NodeInfo, NodeMap

Rec = tuple[float, int, int, dict[str, Any], Any]
CATEGORY: dict[str, str] = {k.value: c.value for k, c in KIND_CATEGORY.items()}
# The kinds `merge.py` matches across frames. Their records are also listed apart as they are added,
# so that merging never walks (and pulls into the cache) the whole stream.
MATCHED_KINDS = frozenset(
    {"click", "input", "navigation", "dead-click", "rage-click", "slow-click", "multi-click"}
)


IFRAME_NOTE = (
    "inside an iframe: Sentry's dead/rage click detection does not watch it (no ui.click breadcrumb)"
)


@dataclass
class InputBurst:
    """The input event that later keystrokes on the same field are folded into."""

    node_id: int
    last_t: float
    event: dict[str, Any]


@dataclass
class EditBurst:
    """A contenteditable element the user types into: its `ui.input` event, which the text changes
    under the element extend while it keeps the focus (`input.extend_editing`)."""

    node_id: int
    event: dict[str, Any]


@dataclass
class Masking:
    """What the recording says about masking (options frame + what was seen)."""

    mask_all_text: bool | None = None
    mask_all_inputs: bool | None = None
    masked_text_nodes: int = 0
    masked_inputs: int = 0
    blocked_elements: int = 0
    masked_attributes: Counter[str] = field(default_factory=Counter)
    """Masked `aria-label`/`title`/`placeholder`/`alt` values seen (snapshots and added nodes)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "maskAllText": self.mask_all_text,
            "maskAllInputs": self.mask_all_inputs,
            "maskedTextNodes": self.masked_text_nodes,
            "maskedInputs": self.masked_inputs,
            "blockedElements": self.blocked_elements,
            "maskedAttributes": dict(sorted(self.masked_attributes.items())),
        }


@dataclass
class Ctx:
    """Mutable state of one pass over a replay's frames."""

    replay_id: str
    records: list[Rec] = field(default_factory=list)
    matched: list[Rec] = field(default_factory=list)
    """The records of `MATCHED_KINDS` (also in `records`)."""
    nodes: NodeMap = field(default_factory=NodeMap)
    lo: float = float("inf")
    hi: float = float("-inf")
    skipped: dict[str, int] = field(default_factory=dict)
    unknown: int = 0
    masking: Masking = field(default_factory=Masking)
    burst: InputBurst | None = None
    editing: EditBurst | None = None
    frames: int = 0
    has_snapshot: bool = False
    blurred: set[int] = field(default_factory=set)
    """Elements whose last Focus/Blur since the last FullSnapshot was a Blur (they lost the focus)."""
    iframe_urls: list[str] = field(default_factory=list)
    """Distinct `resource.iframe` URLs seen so far: the only record of an iframe's document URL
    (rrweb drops an iframe's `src` when it records its document)."""

    def frame_url(self, frame_id: int | None) -> str | None:
        """The document URL of the iframe element `frame_id`: its `src`/`rr_src` attribute, else the
        replay's only `resource.iframe` URL so far (null when several could be it: never guessed)."""
        if frame_id is None:
            return None
        attrs = self.nodes.attrs.get(frame_id) or {}
        for name in ("src", "rr_src"):
            value = attrs.get(name)
            if isinstance(value, str) and value and not value.startswith("about:"):
                return value
        return self.iframe_urls[0] if len(self.iframe_urls) == 1 else None

    def frame_data(self, info: NodeInfo | None) -> dict[str, Any] | None:
        """`data.frame` of an event on a node inside an iframe's document (None outside iframes)."""
        if info is None or info.frame_id is None:
            return None
        return {
            "selector": info.selector.split(" >> ", 1)[0],
            "url": self.frame_url(info.frame_id),
            "nodeId": info.frame_id,
            "note": IFRAME_NOTE,
        }

    def see(self, t: float, end: float | None = None) -> None:
        """Count a frame time toward replay start/end (conventions.md, "Time")."""
        if t < self.lo:
            self.lo = t
        e = t if end is None else end
        if e > self.hi:
            self.hi = e

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def add(
        self,
        t: float,
        seg: int,
        idx: int,
        kind: str,
        label: str,
        data: dict[str, Any],
        raw_type: str,
        raw_source: str | None = None,
        selector: str | None = None,
        node_id: int | None = None,
        aux: Any = None,
    ) -> dict[str, Any]:
        """Append one event (placeholders for offsetMs/timestamp/url) and return it."""
        event = new_event(self.replay_id, seg, idx, kind, label, data, raw_type, raw_source)
        event["selector"] = selector
        event["nodeId"] = node_id
        rec = (t, seg, idx, event, aux)
        self.records.append(rec)
        if kind in MATCHED_KINDS:
            self.matched.append(rec)
        return event


def new_event(
    replay_id: str,
    seg: int | None,
    idx: int | None,
    kind: str,
    label: str,
    data: dict[str, Any],
    raw_type: str | None,
    raw_source: str | None,
    source: str = "recording",
    event_id: str | None = None,
) -> dict[str, Any]:
    """One event in the schema's key order, with placeholders for what the normalizer stamps later
    (offsetMs, timestamp, url, route); related data passes null pointers and its `source`."""
    return {
        "replayId": replay_id,
        "segmentId": seg,
        "frameIndex": idx,
        "offsetMs": 0,
        "timestamp": "",
        "kind": kind,
        "category": CATEGORY[kind],
        "label": label,
        "url": None,
        "route": None,
        "selector": None,
        "nodeId": None,
        "rawType": raw_type,
        "rawSource": raw_source,
        "source": source,
        "eventId": event_id,
        "data": data,
    }


def pointer(seg: int, idx: int) -> dict[str, int]:
    """A `{segmentId, frameIndex}` reference to another raw frame."""
    return {"segmentId": seg, "frameIndex": idx}


def clip(text: Any, limit: int = 120) -> str:
    """One-line text for labels, cut with an ellipsis."""
    s = " ".join(str(text).split()) if text is not None else ""
    return s if len(s) <= limit else s[: limit - 1] + "…"


def as_int(value: Any) -> int | None:
    """A rounded int from a number (bools and non-finite values are None)."""
    if type(value) is int:
        return value
    if type(value) is float and value == value and abs(value) < 1e18:
        return round(value)
    return None


def as_num(value: Any) -> float | None:
    if type(value) is int or (type(value) is float and value == value and abs(value) != float("inf")):
        return int(value) if type(value) is int else float(value)
    return None


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
