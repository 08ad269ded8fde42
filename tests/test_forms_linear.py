"""Form controls stay linear: operations are counted, never timed, and the results are unchanged.

Shapes come from the real `widgets` recording (bench/forms_corpus.py): its `<select>` with copies of
its real options added by one Mutation in the recorder's order or listed in its FullSnapshot, the
options then removed one by one, and copies of its real radio group picked with the recorder's
Input events. A linear step does about 4x the operations on 4x the controls, a quadratic one 16x
(the counters are test_dom_linear's: reads of `Node.kind` and nodes put into rebuilt child lists).

The selectedness rules are checked against the literal algorithm this module keeps as the
reference (the code before the memo): random sequences of inserts, moves, removals, attribute
changes and `select.value` writes over copies of the real options must leave every option with
the same selectedness and dirtiness.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from test_dom_linear import _count_operations

from replaydom.dom import forms, selects
from replaydom.dom.build import BuildStats, build_node
from replaydom.dom.lens import interactive
from replaydom.dom.radios import RadioGroups
from replaydom.dom.state import DomState, Frame
from replaydom.dom.timeline import Timeline, apply_frame, step
from replaydom.dom.tree import ELEMENT, Node, append_child, insert_before, remove_child, walk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import forms_corpus

SEGMENTS = forms_corpus.load()
FIRST = SEGMENTS[0]
END = max(e["timestamp"] for e in FIRST if e["type"] in (2, 3, 4)) + 10_000_000


def _frame(event: dict[str, Any]) -> Frame:
    return Frame(float(event["timestamp"]), 0, 0, event["type"], event["data"])


def _before(event: dict[str, Any]) -> DomState:
    """The widgets page just before `event` (the snapshot applied, nothing after it)."""
    return Timeline.from_segments(enumerate([FIRST])).state_at(event["timestamp"])


def _scaling(measure: Any, small: int, monkeypatch: pytest.MonkeyPatch) -> None:
    few, many = measure(small, monkeypatch), measure(4 * small, monkeypatch)
    for shape, count in many.items():
        # 4x the controls: a linear step does at most ~4x the operations, a quadratic one ~16x.
        assert count <= 5 * max(few[shape], 1), (shape, few[shape], count)


def _options(select: Node) -> list[Node]:
    return selects.options_of(select)


def _select_ops(options: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    ops: dict[str, int] = {}
    mutation, select_id = forms_corpus.select_mutation(SEGMENTS, options, selected_at=options // 2)
    state = _before(mutation)
    with monkeypatch.context() as patch:
        counter = _count_operations(patch)
        apply_frame(state, _frame(mutation))
        ops["a select's options added one by one"] = counter.ops
        select = state.mirror[select_id]
        listed = _options(select)
        assert len(listed) == options
        assert [o for o in listed if o.selected] == [listed[options // 2]], "the selected copy wins"
        removes = [{"parentId": select_id, "id": o.id} for o in [listed[options // 2], *listed]]
        data = {"source": 0, "texts": [], "attributes": [], "removes": removes, "adds": []}
        counter.ops = 0
        apply_frame(state, _frame({**mutation, "data": data}))
        ops["every option removed, the selected one first"] = counter.ops
        assert _options(select) == []
        big = forms_corpus.select_snapshot([FIRST], options, selected_at=None)
        timeline = Timeline.from_segments(enumerate(big))
        counter.ops = 0
        doc = timeline.state_at(END).doc
        ops["a select's options in the snapshot"] = counter.ops
    assert doc is not None
    shipping = next(n for n in walk(doc) if n.attrs.get("id") == "shipping")
    assert [o.attrs["value"] for o in _options(shipping) if o.selected] == ["standard"]
    return ops


def test_a_select_with_many_options_is_built_and_emptied_in_linear_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _scaling(_select_ops, 1_000, monkeypatch)


def _radio_ops(radios: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    mutation, groups = forms_corpus.radio_mutation(SEGMENTS, radios, group_size=5)
    inputs = forms_corpus.radio_inputs(SEGMENTS, groups, mutation["timestamp"] + 1)
    timeline = Timeline.from_segments(enumerate([[*FIRST, mutation, *inputs]]))
    ops: dict[str, int] = {}
    with monkeypatch.context() as patch:
        counter = _count_operations(patch)
        state = timeline.state_before(timeline.end_index(inputs[0]["timestamp"]))
        counter.ops = 0
        for frame in timeline.frames_between(inputs[0]["timestamp"], inputs[-1]["timestamp"]):
            step(state, frame)
        ops["a radio picked per group, walked"] = counter.ops
        counter.ops = 0
        batched = timeline.state_at(END)
        ops["a radio picked per group, replayed"] = counter.ops
    for result in (state, batched):
        checked = [[forms.input_checked(result.mirror[r]) for r in group] for group in groups]
        assert checked == [[True] + [False] * (len(g) - 1) for g in groups]
    return ops


def test_picking_radios_in_many_groups_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    _scaling(_radio_ops, 500, monkeypatch)


def test_a_radio_index_follows_mutations_that_change_groups() -> None:
    """With the index built by a first pick, a radio added later to the group (a copy of the real
    label, checked by its attribute) and a radio of another group renamed into it (checked by the
    recorder's Input) are both unchecked when a radio of the group is picked again."""
    ids = forms_corpus.Ids(forms_corpus._max_id(SEGMENTS))
    mutation, groups = forms_corpus.radio_mutation(SEGMENTS, 6, group_size=3, ids=ids)
    timeline = Timeline.from_segments(enumerate([FIRST]))
    state = timeline.state_at(mutation["timestamp"])
    ts = mutation["timestamp"] + 1

    def pick(radio: int) -> None:
        nonlocal ts
        (event,) = forms_corpus.radio_inputs(SEGMENTS, [[radio]], ts)
        ts += 1
        step(state, _frame(event))

    step(state, _frame(mutation))
    first, renamed = groups[0][0], groups[1][0]
    pick(first)
    pick(renamed)
    assert state.radios is not None and state.radios.others(state.mirror[first])
    # A re-rendered field that is not a radio (a copy of the real checkbox) keeps the index.
    checkbox, _ = forms_corpus.find(SEGMENTS[0][4]["data"]["node"], 136)
    field = {**forms_corpus._copy(checkbox), "id": ids.take()}
    step(
        state,
        _frame(
            {
                **mutation,
                "data": {
                    **mutation["data"],
                    "adds": [{"parentId": forms_corpus.FIELDSET, "nextId": None, "node": field}],
                },
            }
        ),
    )
    assert state.mirror[field["id"]].parent is not None and state.radios is not None
    late, (late_group,) = forms_corpus.radio_mutation(SEGMENTS, 1, group_size=1, ids=ids)
    for add in late["data"]["adds"]:
        if add["node"].get("tagName") == "input":  # name grind-0: the first group's
            add["node"]["attributes"]["checked"] = True
    step(state, _frame(late))
    newcomer = state.mirror[late_group[0]]
    assert forms.input_checked(newcomer) and newcomer.attrs["name"] == state.mirror[first].attrs["name"]
    pick(first)
    assert not forms.input_checked(newcomer), "the added radio was unchecked"
    name = state.mirror[first].attrs["name"]
    rename = {
        **late,
        "data": {**late["data"], "adds": [], "attributes": [{"id": renamed, "attributes": {"name": name}}]},
    }
    step(state, _frame(rename))
    assert forms.input_checked(state.mirror[renamed])
    pick(first)
    assert forms.input_checked(state.mirror[first])
    assert not forms.input_checked(state.mirror[renamed]), "the renamed radio was unchecked"


def _label_ops(radios: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    mutation, label_id = forms_corpus.one_label_mutation(SEGMENTS, radios)
    state = _before(mutation)
    apply_frame(state, _frame(mutation))
    assert state.doc is not None
    with monkeypatch.context() as patch:
        counter = _count_operations(patch)
        entries = interactive(state.doc)
        ops = {"controls named by one label": counter.ops}
    named = [e for e in entries if e["nodeId"] in {c.id for c in state.mirror[label_id].children}]
    assert len(named) == radios and {e["label"] for e in named} == {"Espresso"}
    return ops


def test_controls_named_by_one_label_read_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _scaling(_label_ops, 500, monkeypatch)


# ---- radio groups: form owners --------------------------------------------------------------


def test_radios_of_the_same_name_in_two_forms_are_two_groups() -> None:
    """A copy of the real gift form added next to it: the same radio names in two forms."""
    mutation, mapping = forms_corpus.form_copy_mutation(SEGMENTS)
    state = _before(mutation)
    apply_frame(state, _frame(mutation))
    first = [158, 154, 162, 166]
    second = [mapping[r] for r in first]
    groups = RadioGroups()
    forms.apply_input(state.mirror[first[0]], True, "espresso", groups)
    forms.apply_input(state.mirror[second[1]], True, "whole", groups)
    assert [forms.input_checked(state.mirror[r]) for r in first] == [True, False, False, False]
    assert [forms.input_checked(state.mirror[r]) for r in second] == [False, True, False, False]
    # A `form` attribute moves a radio into the form it names (the first element with that id:
    # the original form); names are compared exactly.
    moved = state.mirror[second[2]]
    moved.attrs["form"] = "gift-form"
    forms.apply_input(moved, True, "filter", RadioGroups())
    assert [forms.input_checked(state.mirror[r]) for r in first] == [False, False, False, False]
    assert forms.input_checked(state.mirror[second[1]]), "the other form's group is untouched"
    upper = state.mirror[first[3]]
    upper.attrs["name"] = upper.attrs["name"].upper()
    upper.checked = True
    forms.apply_input(state.mirror[first[1]], True, "whole", RadioGroups())
    assert forms.input_checked(upper), "GRIND is not grind"


# ---- selectedness against the literal algorithm ---------------------------------------------


class Reference:
    """The selectedness hooks as they were written before the memo (one pass over the options
    for every change): the specification the fast hooks must match."""

    options_of = staticmethod(selects.options_of)
    owning_select = staticmethod(selects.owning_select)

    def settle_select(self, select: Node) -> None:
        if "multiple" in select.attrs:
            return
        options = self.options_of(select)
        chosen = [o for o in options if o.selected]
        if not chosen:
            if selects._display_size(select) == 1:
                for option in options:
                    if "disabled" not in option.attrs:
                        option.selected = True
                        break
            return
        for option in chosen[:-1]:
            option.selected = False

    def after_insert(self, node: Node) -> None:
        is_html = selects.is_html
        targets = (
            [node]
            if is_html(node, "option")
            else ([c for c in node.children if is_html(c, "option")] if is_html(node, "optgroup") else [])
        )
        select = self.owning_select(targets[0]) if targets else None
        if select is None:
            return
        if "multiple" not in select.attrs and any(t.selected for t in targets):
            keep = [t for t in targets if t.selected][-1]
            for option in self.options_of(select):
                if option is not keep:
                    option.selected = False
        self.settle_select(select)

    def after_remove(self, old_parent: Node, node: Node) -> None:
        is_html = selects.is_html
        if not (is_html(node, "option") or is_html(node, "optgroup")):
            return
        select = (
            old_parent
            if is_html(old_parent, "select")
            else (old_parent.parent if is_html(old_parent, "optgroup") and old_parent.parent else None)
        )
        if select is not None and is_html(select, "select"):
            self.settle_select(select)

    def after_attribute(self, node: Node, name: str, present: bool) -> None:
        if name != "selected" or not selects.is_html(node, "option") or node.sel_dirty:
            return
        node.selected = present
        select = self.owning_select(node)
        if select is not None and present and "multiple" not in select.attrs:
            for option in self.options_of(select):
                if option is not node:
                    option.selected = False
        if select is not None:
            self.settle_select(select)

    def select_by_value(self, select: Node, value: str) -> None:
        options = self.options_of(select)
        for option in options:
            option.selected = False
        for option in options:
            if selects.option_value(option) == value:
                option.selected = True
                option.sel_dirty = True
                break


class World:
    """Two selects (and a spare optgroup) changed through one set of hooks, the way mutations
    and builds change them."""

    def __init__(self, hooks: Any, disabled: float) -> None:
        self.hooks = hooks
        self.disabled = disabled  # how often a new option is disabled
        root = SEGMENTS[0][4]["data"]["node"]
        self.select_sn, _ = forms_corpus.find(root, forms_corpus.SELECT)
        self.option_sn, _ = forms_corpus.find(root, forms_corpus.OPTION)
        self.container = Node(ELEMENT, "form")
        self.selects = [self._element(self.select_sn) for _ in range(2)]
        for select in self.selects:
            append_child(self.container, select)
        self.spare = Node(ELEMENT, "optgroup")
        append_child(self.container, self.spare)
        self.count = 0

    def _element(self, sn: dict[str, Any]) -> Node:
        node = build_node({**sn, "childNodes": []}, BuildStats())
        assert node is not None
        return node

    def new_option(self, selected: bool, disabled: bool) -> Node:
        attrs = {**self.option_sn["attributes"], "value": f"v{self.count % 7}"}
        if selected:
            attrs["selected"] = True
        if disabled:
            attrs["disabled"] = True
        self.count += 1
        return self._element({**self.option_sn, "attributes": attrs})

    def containers(self) -> list[Node]:
        out = [*self.selects, self.spare]
        out += [c for s in self.selects for c in s.children if c.tag == "optgroup"]
        return out

    def options(self) -> list[Node]:
        return [n for c in self.containers() for n in c.children if n.tag == "option"]

    def insert(self, parent: Node, node: Node, ref: Node | None) -> None:
        insert_before(parent, node, ref)
        if node.tag in ("option", "optgroup"):
            self.hooks.after_insert(node)

    def set_attr(self, node: Node, name: str, value: str) -> None:
        added = name not in node.attrs
        node.attrs[name] = value
        if added:
            self.hooks.after_attribute(node, name, True)

    def remove_attr(self, node: Node, name: str) -> None:
        if node.attrs.pop(name, None) is not None:
            self.hooks.after_attribute(node, name, False)

    def state(self) -> list[tuple[str, bool | None, bool]]:
        return [(o.tag, o.selected, o.sel_dirty) for c in self.containers() for o in c.children]


def _step(world: World, rng: random.Random) -> None:
    """One random change, chosen from `rng` so that two worlds given equal seeds make equal ones."""
    kind = rng.randrange(10)
    containers, options = world.containers(), world.options()
    parent = containers[rng.randrange(len(containers))]
    kids = parent.children
    ref = kids[rng.randrange(len(kids))] if kids and rng.random() < 0.5 else None
    if kind <= 2 or not options:
        world.insert(parent, world.new_option(rng.random() < 0.2, rng.random() < world.disabled), ref)
    elif kind == 3 and parent in world.selects:
        group = Node(ELEMENT, "optgroup")
        for _ in range(rng.randrange(3)):
            append_child(group, world.new_option(rng.random() < 0.3, rng.random() < world.disabled))
        world.insert(parent, group, ref)
    elif kind == 4:  # a move: silently out of its list, through the hook into the new one
        moving = options[rng.randrange(len(options))]
        if moving is not ref:
            world.insert(parent, moving, ref)
    elif kind == 5:
        gone = options[rng.randrange(len(options))]
        old = gone.parent
        assert old is not None
        remove_child(old, gone)
        world.hooks.after_remove(old, gone)
    elif kind == 6:
        option = options[rng.randrange(len(options))]
        name = "selected" if rng.random() < 0.7 else "disabled"
        if rng.random() < 0.5:
            world.set_attr(option, name, "")
        else:
            world.remove_attr(option, name)
    elif kind == 7:
        select = world.selects[rng.randrange(2)]
        choice = rng.randrange(4)
        if choice == 0:
            world.set_attr(select, "multiple", "")
        elif choice == 1:
            world.remove_attr(select, "multiple")
        else:  # `size` edited: a value change of a present attribute calls no hook
            world.set_attr(select, "size", str(rng.choice([1, 3])))
    elif kind == 8:
        world.hooks.select_by_value(world.selects[rng.randrange(2)], f"v{rng.randrange(9)}")
    elif rng.random() < 0.3:  # a text change on an element: its children go without a hook
        for child in parent.children:
            child.parent = None
        parent.children = []


@pytest.mark.parametrize("seed", range(60))
def test_selectedness_matches_the_literal_algorithm(seed: int) -> None:
    disabled = (0.1, 0.5, 0.9)[seed % 3]  # mostly enabled options, or mostly disabled ones
    fast, slow = World(selects, disabled), World(Reference(), disabled)
    rng_fast, rng_slow = random.Random(seed), random.Random(seed)
    for number in range(250):
        _step(fast, rng_fast)
        _step(slow, rng_slow)
        assert fast.state() == slow.state(), f"seed {seed}, change {number}"


def _scenario(world: World) -> list[tuple[str, bool | None, bool]]:
    """A listbox of disabled options gets an enabled one, then silently becomes a drop-down (a
    `size` value edit calls no hook): the next insertion must pick the enabled option."""
    select = world.selects[0]
    world.set_attr(select, "size", "3")
    for _ in range(3):
        world.insert(select, world.new_option(False, True), None)
    world.insert(select, world.new_option(False, False), None)
    world.set_attr(select, "size", "1")
    world.insert(select, world.new_option(False, True), None)
    return world.state()


def test_a_listbox_turned_drop_down_picks_its_first_enabled_option() -> None:
    fast, slow = _scenario(World(selects, 0)), _scenario(World(Reference(), 0))
    assert fast == slow
    assert [selected for _, selected, _ in fast] == [False, False, False, True, False]
