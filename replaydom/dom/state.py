"""The reconstruction state: the tree, the id map and what went wrong while applying frames.

`DomState` is what `timeline.state_at` returns. Besides the tree it carries everything the fidelity
report needs: which Meta and FullSnapshot the rebuild started from, how many frames were applied, and
every add that was dropped, mutation that was aborted or target that was missing, each with the raw
frame's pointer (segmentId, frameIndex).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .build import BuildStats
from .radios import RadioGroups
from .tree import Node

_EXAMPLES = 10


class Frame(NamedTuple):
    """One rrweb frame in the Replayer's order, with its evidence pointer."""

    ts: float
    seg: int
    idx: int
    type: int
    data: dict[str, Any]

    @property
    def source(self) -> int | None:
        value = self.data.get("source") if self.type == 3 else None
        return value if isinstance(value, int) else None


@dataclass
class Report:
    """Counters of everything the Replayer would also have skipped, with a few examples each."""

    frames_applied: int = 0
    mutations: int = 0
    inputs: int = 0
    aborted: list[dict[str, Any]] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_examples: list[dict[str, Any]] = field(default_factory=list)
    missing: Counter[str] = field(default_factory=Counter)

    def drop(self, reason: str, add: dict[str, Any], frame: Frame | None) -> None:
        self.dropped[reason] += 1
        if len(self.dropped_examples) < _EXAMPLES:
            raw = add.get("node")
            node: dict[str, Any] = raw if isinstance(raw, dict) else {}
            self.dropped_examples.append(
                {
                    "reason": reason,
                    "nodeId": node.get("id"),
                    "parentId": add.get("parentId"),
                    "nextId": add.get("nextId"),
                    **_pointer(frame),
                }
            )

    def abort(self, reason: str, frame: Frame | None) -> None:
        if len(self.aborted) < _EXAMPLES:
            self.aborted.append({"reason": reason, **_pointer(frame)})
        else:
            self.aborted.append({"reason": reason})


def _pointer(frame: Frame | None) -> dict[str, Any]:
    if frame is None:
        return {}
    return {"segmentId": frame.seg, "frameIndex": frame.idx}


@dataclass
class DomState:
    """The replayed document at one instant."""

    mirror: dict[int, Node] = field(default_factory=dict)
    doc: Node | None = None
    doc_queue: list[dict[str, Any]] = field(default_factory=list)  # iframe documents waiting
    vdom: bool = False  # inside a run of mutations (the Replayer's virtual-DOM session)
    pending: dict[Node, dict[str, Any]] = field(default_factory=dict)  # inputs applied at flush
    href: str | None = None
    viewport: tuple[int, int] | None = None
    scroll: dict[int, tuple[float, float]] = field(default_factory=dict)
    meta: Frame | None = None
    snapshot: Frame | None = None
    target_ms: float | None = None
    stats: BuildStats = field(default_factory=BuildStats)
    report: Report = field(default_factory=Report)
    # When a list: every subtree a mutation removes is appended (its nodes, root first, and their
    # ids), unless it hosts a shadow root or an iframe document (the DOM store frees them at once).
    removed: list[tuple[list[Node], list[Any]]] | None = None
    # When a set: the ids every add of a mutation names (node and parent, as `touched_ids` reads
    # them), gathered while the adds are applied (the DOM store's touch lists: a 20,000-row render
    # is then not read twice).
    named: set[int] | None = None
    # The radio groups found so far (built on the first checked radio, dropped by `apply_frame`
    # when a frame could change them); never saved in a checkpoint.
    radios: RadioGroups | None = None
