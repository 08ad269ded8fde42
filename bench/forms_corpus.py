"""Form controls at scale, derived from the real `widgets` recording (never hand-written shapes).

The recording's FullSnapshot (segment 0, frame 4) holds a real `<select id=shipping>` (id 98,
options 100 `selected` and 103, each with its text child) and a real radio group `grind` (labels
153-165 in fieldset 148 of form 77, each `label > input[type=radio] + text`); segment 2 holds the
real Input events the recorder emitted when a radio was picked (the checked one, then `isChecked:
false` for the others of its group). From them:

- `select_mutation(options)`: one Mutation adding a copy of the select with `options` copies of
  the real options (fresh ids, values numbered), each option and its text listed as its own add,
  last sibling first with `nextId` chains, as the recorder emits a new subtree; one option (at
  `selected_at`) is a copy of the real `selected` one.
- `select_snapshot(options)`: the same options inside the real select of the FullSnapshot itself
  (what a page load of a country picker records).
- `radio_mutation(radios, group_size)` and `radio_inputs(...)`: copies of the real label+radio in
  the real fieldset, `group_size` per group (names numbered), and for each group the recorder's
  events for picking its first radio (checked, then the others unchecked).

Used by tests/test_forms_linear.py (operation counts) and bench/bench_forms.py (timings).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import orjson
from scale_corpus import Ids, _max_id  # fresh ids above the source's, as the scale corpus takes them

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "recordings" / "widgets"
SNAPSHOT = (0, 4)
SELECT, SELECTED_OPTION, OPTION = 98, 100, 103
FORM, FIELDSET, RADIO_LABEL, RADIO = 77, 148, 157, 158
RADIOS = (154, 158, 162, 166)
CHECK_EVENT, UNCHECK_EVENT = (2, 42), (2, 43)
Event = dict[str, Any]
Segments = list[list[Event]]


def load() -> Segments:
    segments: Segments = orjson.loads(gzip.decompress((SOURCE / "segments.json.gz").read_bytes()))
    return segments


def _copy(value: Any) -> Any:
    return orjson.loads(orjson.dumps(value))


def find(node: dict[str, Any], node_id: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The serialized node with `node_id` under `node`, and its parent."""
    stack: list[tuple[dict[str, Any], dict[str, Any] | None]] = [(node, None)]
    while stack:
        current, parent = stack.pop()
        if current.get("id") == node_id:
            return current, parent
        stack.extend((child, current) for child in current.get("childNodes", []))
    raise LookupError(f"node {node_id} is not in the recording")


def _snapshot_root(segments: Segments) -> dict[str, Any]:
    root: dict[str, Any] = segments[SNAPSHOT[0]][SNAPSHOT[1]]["data"]["node"]
    return root


def _option_copies(
    segments: Segments, options: int, ids: Ids, selected_at: int | None
) -> list[dict[str, Any]]:
    """`options` serialized options (each with its text child), fresh ids, values numbered."""
    root = _snapshot_root(segments)
    plain, _ = find(root, OPTION)
    chosen, _ = find(root, SELECTED_OPTION)
    out = []
    for k in range(options):
        option = _copy(chosen if k == selected_at else plain)
        option["id"] = ids.take()
        option["attributes"]["value"] = f"{option['attributes']['value']}-{k}"
        for child in option["childNodes"]:
            child["id"] = ids.take()
        out.append(option)
    return out


def _mutation_at(segments: Segments, ts: float, **data: Any) -> Event:
    """A Mutation event with the envelope of the recording's first real one."""
    template = next(e for seg in segments for e in seg if e["type"] == 3 and e["data"]["source"] == 0)
    event: Event = _copy(template)
    event["timestamp"] = ts
    event["data"] = {"source": 0, "texts": [], "attributes": [], "removes": [], "adds": [], **data}
    return event


def _subtree_adds(node: dict[str, Any], parent_id: int, next_id: int | None) -> list[Event]:
    """The recorder's adds for a new subtree: the node, then its descendants, each on its own
    (children last sibling first, each naming the sibling after it)."""
    top = {k: v for k, v in node.items() if k != "childNodes"}
    top["childNodes"] = []
    adds: list[Event] = [{"parentId": parent_id, "nextId": next_id, "node": top}]
    children = node.get("childNodes", [])
    for index in range(len(children) - 1, -1, -1):
        after = children[index + 1]["id"] if index + 1 < len(children) else None
        adds.extend(_subtree_adds(children[index], node["id"], after))
    return adds


def select_mutation(
    segments: Segments,
    options: int,
    *,
    selected_at: int | None = 0,
    multiple: bool = False,
    ids: Ids | None = None,
) -> tuple[Event, int]:
    """A Mutation adding, into the real form, a copy of the real select holding `options` option
    copies (see the module doc). Returns the event (stamped just after the snapshot) and the new
    select's id. Pass one `ids` to every derivation that goes into the same recording."""
    ids = ids or Ids(_max_id(segments))
    root = _snapshot_root(segments)
    select, parent = find(root, SELECT)
    assert parent is not None
    copy = {k: v for k, v in _copy(select).items() if k != "childNodes"}
    copy["id"] = ids.take()
    if multiple:
        copy["attributes"]["multiple"] = True
    copy["childNodes"] = _option_copies(segments, options, ids, selected_at)
    snapshot_ts = segments[SNAPSHOT[0]][SNAPSHOT[1]]["timestamp"]
    event = _mutation_at(segments, snapshot_ts + 1, adds=_subtree_adds(copy, parent["id"], None))
    return event, copy["id"]


def select_snapshot(segments: Segments, options: int, *, selected_at: int | None = 0) -> Segments:
    """The recording with `options` more option copies in the snapshot's real select."""
    out: Segments = _copy(segments)
    select, _ = find(_snapshot_root(out), SELECT)
    select["childNodes"].extend(_option_copies(out, options, Ids(_max_id(out)), selected_at))
    return out


def radio_mutation(
    segments: Segments, radios: int, group_size: int, ids: Ids | None = None
) -> tuple[Event, list[list[int]]]:
    """A Mutation adding `radios` copies of the real label+radio to the real fieldset, in groups
    of `group_size` (name `grind-<group>`). Returns the event and the radio ids per group."""
    ids = ids or Ids(_max_id(segments))
    root = _snapshot_root(segments)
    label, _ = find(root, RADIO_LABEL)
    labels, groups = [], []
    for k in range(radios):
        copy = _copy(label)
        copy["id"] = ids.take()
        for child in copy["childNodes"]:
            child["id"] = ids.take()
            if child.get("tagName") == "input":
                child["attributes"]["name"] = f"{child['attributes']['name']}-{k // group_size}"
                child["attributes"]["id"] = f"{child['attributes']['id']}-{k}"
                if k % group_size == 0:
                    groups.append([])
                groups[-1].append(child["id"])
        labels.append(copy)
    adds: list[Event] = []
    for index in range(len(labels) - 1, -1, -1):
        after = labels[index + 1]["id"] if index + 1 < len(labels) else None
        adds.extend(_subtree_adds(labels[index], FIELDSET, after))
    snapshot_ts = segments[SNAPSHOT[0]][SNAPSHOT[1]]["timestamp"]
    return _mutation_at(segments, snapshot_ts + 1, adds=adds), groups


def one_label_mutation(segments: Segments, radios: int, ids: Ids | None = None) -> tuple[Event, int]:
    """A Mutation adding to the real fieldset a copy of the real label holding `radios` copies of
    its real radio (and its real text after them): one label naming many controls. Returns the
    event and the label's id."""
    ids = ids or Ids(_max_id(segments))
    label, _ = find(_snapshot_root(segments), RADIO_LABEL)
    copy = _copy(label)
    copy["id"] = ids.take()
    radio, text = copy["childNodes"]
    inputs = []
    for k in range(radios):
        one = _copy(radio)
        one["id"] = ids.take()
        one["attributes"]["id"] = f"{one['attributes']['id']}-{k}"
        inputs.append(one)
    text["id"] = ids.take()
    copy["childNodes"] = [*inputs, text]
    snapshot_ts = segments[SNAPSHOT[0]][SNAPSHOT[1]]["timestamp"]
    event = _mutation_at(segments, snapshot_ts + 1, adds=_subtree_adds(copy, FIELDSET, None))
    return event, copy["id"]


def form_copy_mutation(segments: Segments, ids: Ids | None = None) -> tuple[Event, dict[int, int]]:
    """A Mutation adding a copy of the real gift form (fresh ids, same attributes and names) after
    it. Returns the event and the map of original ids to the copy's."""
    ids = ids or Ids(_max_id(segments))
    form, parent = find(_snapshot_root(segments), FORM)
    assert parent is not None
    copy = _copy(form)
    mapping: dict[int, int] = {}
    stack = [copy]
    while stack:
        node = stack.pop()
        mapping[node["id"]] = node["id"] = ids.take()
        stack.extend(node.get("childNodes", []))
    snapshot_ts = segments[SNAPSHOT[0]][SNAPSHOT[1]]["timestamp"]
    return _mutation_at(segments, snapshot_ts + 1, adds=_subtree_adds(copy, parent["id"], None)), mapping


def radio_inputs(segments: Segments, groups: list[list[int]], start_ts: float) -> list[Event]:
    """The recorder's Input events for picking the first radio of each group: the real check
    event's copy for it, then the real uncheck event's copy for each other radio of the group."""
    check = segments[CHECK_EVENT[0]][CHECK_EVENT[1]]
    uncheck = segments[UNCHECK_EVENT[0]][UNCHECK_EVENT[1]]
    assert check["data"]["isChecked"] is True and uncheck["data"]["isChecked"] is False
    events = []
    ts = start_ts
    for group in groups:
        for position, radio in enumerate(group):
            event = _copy(check if position == 0 else uncheck)
            event["data"]["id"] = radio
            event["timestamp"] = ts
            ts += 1
            events.append(event)
    return events
