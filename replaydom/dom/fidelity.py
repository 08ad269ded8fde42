"""The fidelity report of a reconstruction: how far to trust the tree, and why.

`status` is one of:
- `complete`: every frame up to the instant applied as the Replayer applies it;
- `partial`: the tree is the Replayer's, but the recording has gaps there (adds dropped because their
  parent or sibling never arrived, mutations aborted, targets that were never recorded);
- `no-document`: there is no page at that instant (before the first FullSnapshot, or between a
  navigation's Meta and its FullSnapshot), so nothing is shown rather than an older page.

It also says where the rebuild started (Meta and FullSnapshot pointers), how much was applied, and
what the page did not capture: masked text and inputs, blocked placeholders with their sizes,
iframes without a document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import census
from .census import is_masked
from .state import DomState, Frame

_EXAMPLES = 10

__all__ = ["fidelity", "fidelity_and_elements", "fidelity_census", "is_masked", "notes", "status_of"]


def _pointer(frame: Frame | None, start_ms: float) -> dict[str, Any] | None:
    if frame is None:
        return None
    return {"segmentId": frame.seg, "frameIndex": frame.idx, "offsetMs": round(frame.ts - start_ms)}


def status_of(state: DomState) -> str:
    if state.doc is None:
        return "no-document"
    report = state.report
    if report.dropped or report.aborted or sum(report.missing.values()) or _broken(state):
        return "partial"
    return "complete"


def _broken(state: DomState) -> bool:
    stats = state.stats
    return bool(stats.unbuildable or stats.hierarchy_errors)


def fidelity(state: DomState, start_ms: float) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    return fidelity_and_elements(state, start_ms)[0]


def fidelity_and_elements(state: DomState, start_ms: float) -> tuple[dict[str, Any], int]:
    """The report and how many elements the page holds (shadow roots and iframe documents
    included), counted in the report's own walk over every node."""
    out, found = fidelity_census(state, start_ms)
    return out, found.elements


def fidelity_census(
    state: DomState, start_ms: float, spans: Iterable[census.Span] = ()
) -> tuple[dict[str, Any], census.Census]:
    """The report and the census of the page it was made from (`census.take`: the element count,
    and the element counts of the `spans` subtrees, counted in the same walk)."""
    report = state.report
    status = status_of(state)
    found = census.take(state.doc, spans)
    masked = {
        "textNodes": found.masked_texts,
        "inputs": found.masked_inputs,
        "exampleParents": found.example_parents,
    }
    blocked, frames_without_doc, multi = (
        found.blocked,
        found.iframes_without_document,
        found.multi_selects_changed,
    )
    out: dict[str, Any] = {
        "status": status,
        "startedFrom": {
            "meta": _pointer(state.meta, start_ms),
            "snapshot": _pointer(state.snapshot, start_ms),
        },
        "framesApplied": report.frames_applied,
        "mutationsApplied": report.mutations,
        "inputsApplied": report.inputs,
        "droppedAdds": {
            "total": sum(report.dropped.values()),
            "byReason": dict(report.dropped),
            "examples": report.dropped_examples,
        },
        "abortedMutations": {"total": len(report.aborted), "examples": report.aborted[:_EXAMPLES]},
        "missingTargets": dict(report.missing),
        "masked": masked,
        "blocked": blocked,
        "notCaptured": {
            "iframesWithoutDocument": frames_without_doc,
            "pendingIframeDocuments": len(state.doc_queue),
            "multiSelectsChanged": multi,
        },
        "invalidAttributes": {
            "total": state.stats.invalid_attributes,
            "examples": state.stats.invalid_attribute_examples,
        },
        "unbuildableNodes": state.stats.unbuildable + state.stats.hierarchy_errors,
        "notes": notes(state, status, masked, blocked, multi),
    }
    return out, found


def notes(
    state: DomState,
    status: str,
    masked: dict[str, Any],
    blocked: list[dict[str, Any]],
    multi: list[int | None] | None = None,
) -> list[str]:
    """One human sentence per thing worth knowing."""
    out: list[str] = []
    report = state.report
    if status == "no-document":
        out.append("no full snapshot of the page at this instant: nothing to show")
    for reason, count in report.dropped.items():
        out.append(f"{count} added node(s) dropped: {reason}")
    if report.aborted:
        out.append(
            f"{len(report.aborted)} mutation(s) stopped part-way (a node was not where the "
            f"recording said); the Replayer skips the rest of such a mutation too"
        )
    for what, count in report.missing.items():
        out.append(f"{count} {what} target(s) were never recorded")
    if state.stats.invalid_attributes:
        out.append(f"{state.stats.invalid_attributes} attribute(s) with names the DOM rejects were left out")
    if masked["textNodes"] or masked["inputs"]:
        out.append(
            f"masked by the SDK: {masked['textNodes']} text node(s), {masked['inputs']} input value(s)"
        )
    if blocked:
        out.append(f"{len(blocked)} blocked element(s) recorded only as placeholders with a size")
    if multi:
        out.append(
            f"{len(multi)} multi-select(s) changed by the user (node {', '.join(map(str, multi[:3]))}): "
            "the recording keeps only the first selected option; other selections are unknown"
        )
    return out
