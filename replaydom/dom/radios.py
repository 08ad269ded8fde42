"""Radio button groups, found once per tree instead of once per checked radio.

Checking a radio unchecks the others of its group. HTML's group of a radio `a` is every radio `b`
with the same non-empty `name` (compared exactly: case matters), the same form owner (or both
without one) and in the same tree (document, shadow root, or a detached subtree). The form owner
of an input is the form its `form` attribute names (the first element of the tree with that id,
when it is a form and the input is connected; a `form` attribute naming anything else leaves it
without an owner), else its nearest ancestor form.

Walking the whole tree for each checked radio is O(radios x page): a survey of a thousand groups,
or every radio Input of a walk over a 100k-node page. `RadioGroups` indexes a tree's radios in one
walk and keeps the index while the tree does not change in a way that could bring a radio into a
group: `DomState.radios` holds one, and `timeline.apply_frame` drops it for a FullSnapshot and for
a mutation that `could_join` reports. Radios leaving a group (removed, renamed) need no such care:
every member is checked against its group when the group is read, and a group that no longer
matches its tree is rebuilt from a fresh walk.
"""

from __future__ import annotations

from typing import Any

from .tree import ELEMENT, Node, light_descendants, root_of

_GROUPING_ATTRS = frozenset({"name", "type", "form"})


def _is_radio(node: Node) -> bool:
    return (
        node.kind == ELEMENT
        and not node.svg
        and node.tag == "input"
        and node.attrs.get("type", "").lower() == "radio"
    )


class _TreeIndex:
    """One tree's radios by group, with the ids its `form` attributes resolve against."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.connected = root.attached_document() is not None
        self.ids: dict[str, Node] = {}
        self.form_attrs = False
        self.groups: dict[tuple[int, str], list[Node]] = {}
        radios: list[Node] = []
        for node in light_descendants(root):
            if node.kind != ELEMENT:
                continue
            ident = node.attrs.get("id")
            if ident and ident not in self.ids:
                self.ids[ident] = node
            if _is_radio(node) and node.attrs.get("name"):
                radios.append(node)
        for radio in radios:
            self.groups.setdefault(self.key(radio), []).append(radio)

    def scope(self, radio: Node) -> Node:
        """The radio's form owner, or the tree's root when it has none."""
        named = radio.attrs.get("form")
        if named is not None and self.connected:
            self.form_attrs = True
            target = self.ids.get(named)
            return target if target is not None and _is_form(target) else self.root
        parent = radio.parent
        while parent is not None:
            if _is_form(parent):
                return parent
            parent = parent.parent
        return self.root

    def key(self, radio: Node) -> tuple[int, str]:
        return id(self.scope(radio)), radio.attrs.get("name", "")

    def holds(self, member: Node, key: tuple[int, str]) -> bool:
        return _is_radio(member) and root_of(member) is self.root and self.key(member) == key


def _radio_add(node: dict[str, Any]) -> bool:
    """Whether a serialized input is built as a radio (its `type`, any case of name and value)."""
    attrs = node.get("attributes")
    if not isinstance(attrs, dict):
        return False
    return any(
        isinstance(name, str)
        and name.lower() == "type"
        and isinstance(value, str)
        and value.lower() == "radio"
        for name, value in attrs.items()
    )


def _is_form(node: Node) -> bool:
    return node.kind == ELEMENT and not node.svg and node.tag == "form"


class RadioGroups:
    """The radio groups of the trees met since the last change that could add members."""

    def __init__(self) -> None:
        self._trees: dict[int, _TreeIndex] = {}

    @property
    def form_attrs(self) -> bool:
        """Some radio names its form by id: any change of ids could move it between groups."""
        return any(tree.form_attrs for tree in self._trees.values())

    def others(self, radio: Node) -> list[Node]:
        """The other radios of `radio`'s group (none when it has no name)."""
        if not radio.attrs.get("name"):
            return []
        root = root_of(radio)
        tree = self._trees.get(id(root))
        if tree is not None and tree.root is root:
            key = tree.key(radio)
            members = tree.groups.get(key, [])
            if any(m is radio for m in members) and all(tree.holds(m, key) for m in members):
                return [m for m in members if m is not radio]
        tree = _TreeIndex(root)  # first use, or the tree changed since its walk
        self._trees[id(root)] = tree
        return [m for m in tree.groups.get(tree.key(radio), []) if m is not radio]

    def could_join(self, data: dict[str, Any], mirror: dict[int, Node]) -> bool:
        """Whether a Mutation's data could bring a radio into a group this index knows (then
        the index must go): a radio or form added, a node moved (added again while it still
        exists), a name/type/form attribute changed, or any change once ids matter. Other
        inputs added (a re-rendered text field) leave it: they can only join through a later
        `type` change, which drops it then."""
        if not self._trees:
            return False
        if self.form_attrs:
            return True
        adds = data.get("adds")
        for item in adds if isinstance(adds, list) else ():
            node = item.get("node") if isinstance(item, dict) else None
            if not isinstance(node, dict):
                continue
            tag = node.get("tagName")
            if isinstance(tag, str) and (
                tag.lower() == "form" or (tag.lower() == "input" and _radio_add(node))
            ):
                return True
            key = node.get("id")
            if isinstance(key, int | float) and not isinstance(key, bool) and key in mirror:
                return True
        changes = data.get("attributes")
        for item in changes if isinstance(changes, list) else ():
            attrs = item.get("attributes") if isinstance(item, dict) else None
            if isinstance(attrs, dict) and any(
                isinstance(name, str) and name.lower() in _GROUPING_ATTRS for name in attrs
            ):
                return True
        return False
