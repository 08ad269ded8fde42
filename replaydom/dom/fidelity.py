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

from typing import Any

from .forms import live_state, options_of
from .state import DomState, Frame
from .tree import ELEMENT, TEXT, Node, walk

_EXAMPLES = 10
_FORM_FIELDS = frozenset({"input", "textarea", "select"})  # what `live_state` reads a value of


def is_masked(text: str) -> bool:
    """True for text made only of mask characters (`*`) and whitespace, with at least one `*`."""
    stripped = "".join(text.split())
    return bool(stripped) and set(stripped) == {"*"}


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
    report = state.report
    status = status_of(state)
    masked, blocked, frames_without_doc, multi, elements = _captured(state)
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
    return out, elements


def _captured(
    state: DomState,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[int], list[int | None], int]:
    texts = inputs = elements = 0
    examples: list[int] = []
    blocked: list[dict[str, Any]] = []
    iframes: list[int] = []
    multi: list[int | None] = []
    if state.doc is not None:
        # One pass over every node of the page (100k+ on big ones): the cheap tests come first (a
        # masked text holds a `*`; only form fields have a live value; rr_ sizes sit in attributes).
        for node in walk(state.doc):
            kind = node.kind
            if kind == TEXT:
                if "*" in node.text and is_masked(node.text):
                    texts += 1
                    if node.parent is not None and node.parent.id is not None and len(examples) < _EXAMPLES:
                        examples.append(node.parent.id)
            elif kind == ELEMENT:
                elements += 1
                tag = node.tag
                if tag in _FORM_FIELDS:
                    inputs += _masked_input(node)
                    if tag == "select" and "multiple" in node.attrs and _changed(node):
                        multi.append(node.id)
                meta = node.meta
                if (
                    meta
                    and isinstance(attrs := meta.get("attributes"), dict)
                    and ("rr_width" in attrs or "rr_height" in attrs)
                ):
                    _blocked(node, blocked)
                if tag == "iframe" and node.content_doc is None and node.id is not None:
                    iframes.append(node.id)
    masked = {"textNodes": texts, "inputs": inputs, "exampleParents": examples}
    return masked, blocked, iframes, multi, elements


def _changed(select: Node) -> bool:
    """A select the recording changed: rrweb records `select.value`, the first selected option
    only, so on a multi-select every other selection the user made is unknown."""
    return any(option.sel_dirty for option in options_of(select))


def _masked_input(node: Node) -> int:
    value = live_state(node).get("value")
    return 1 if isinstance(value, str) and is_masked(value) else 0


def _blocked(node: Node, out: list[dict[str, Any]]) -> None:
    attrs = (node.meta or {}).get("attributes")
    if isinstance(attrs, dict) and ("rr_width" in attrs or "rr_height" in attrs):
        out.append(
            {
                "nodeId": node.id,
                "tag": node.tag,
                "width": attrs.get("rr_width"),
                "height": attrs.get("rr_height"),
            }
        )


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
