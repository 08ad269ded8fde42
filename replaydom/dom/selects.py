"""Options' selectedness: the HTML rules for `<select>` as Chromium applies them, in O(1) per change.

The rules (HTML "the select element"): an option's selectedness starts from its `selected`
attribute and follows it until the option is dirty; when a selected option joins a single-select's
list of options, or an option of that list is set selected, every other option of the list is
unselected; after any insertion or removal the selectedness setting algorithm runs: with no option
selected and a display size of 1 the first enabled option is selected, with several the last one
in tree order stays.

Done literally, every option joining a select looks at all its options, so a 20,000-option select
(a country or product picker, a virtualised list) built one option at a time is quadratic. Here a
single-select's outcome is remembered after each step (which option is the selected one, or that
none is and why), and the next step starts from it: while it holds, the only options that can be
selected are the remembered one and those the step itself brings in. It holds because every way an
option of a list becomes selected goes through the hooks below (options are created unselected
unless their attribute says so, and enter a list only through `after_insert`); what can change
silently (an option moved away, a `size` value edited) is checked when the memo is read, and a
memo that does not hold is dropped for the full algorithm. The memo keeps the last selects touched
(strong references, few of them) and is cleared when a new document is built.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from .tree import ELEMENT, TEXT, Node, light_descendants

_MEMO_SELECTS = 64
# id(select) -> (select, its one selected option or None, no option of its list is enabled)
_SETTLED: OrderedDict[int, tuple[Node, Node | None, bool]] = OrderedDict()


def is_html(node: Node, tag: str) -> bool:
    return node.kind == ELEMENT and not node.svg and node.tag == tag


def iter_options(select: Node) -> Iterator[Node]:
    """The select's list of options in tree order: option children and options of optgroup
    children (read from the sibling chains, so stopping early costs only what was read)."""
    child = select.first
    while child is not None:
        if is_html(child, "option"):
            yield child
        elif is_html(child, "optgroup"):
            inner = child.first
            while inner is not None:
                if is_html(inner, "option"):
                    yield inner
                inner = inner.next
        child = child.next


def options_of(select: Node) -> list[Node]:
    return list(iter_options(select))


def option_value(node: Node) -> str:
    if "value" in node.attrs:
        return node.attrs["value"]
    text = "".join(n.text for n in light_descendants(node) if n.kind == TEXT and not _in_script(n, node))
    return " ".join(text.split())


def _in_script(text_node: Node, option: Node) -> bool:
    parent = text_node.parent
    while parent is not None and parent is not option:
        if parent.tag in ("script", "noscript") and parent.kind == ELEMENT:
            return True
        parent = parent.parent
    return False


def init_option(node: Node) -> None:
    """Give a freshly built option its initial selectedness."""
    if is_html(node, "option"):
        node.selected = "selected" in node.attrs
        node.sel_dirty = False


def owning_select(node: Node) -> Node | None:
    parent = node.parent
    if parent is not None and is_html(parent, "optgroup"):
        parent = parent.parent
    return parent if parent is not None and is_html(parent, "select") else None


def _single(select: Node) -> bool:
    return "multiple" not in select.attrs


def _display_size(select: Node) -> int:
    raw = select.attrs.get("size", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return 1 if _single(select) else 4


# ---- the memo ---------------------------------------------------------------------------------


def forget_all() -> None:
    """Drop every memo (a new document is being built: the old selects are not needed)."""
    _SETTLED.clear()


def _remember(select: Node, chosen: Node | None, none_enabled: bool) -> None:
    key = id(select)  # unique while the entry holds the select
    _SETTLED[key] = (select, chosen, none_enabled)
    _SETTLED.move_to_end(key)
    while len(_SETTLED) > _MEMO_SELECTS:
        _SETTLED.popitem(last=False)


def _forget(select: Node) -> None:
    _SETTLED.pop(id(select), None)


def _known(select: Node) -> tuple[Node | None, bool] | None:
    """The remembered outcome of a single-select (its one selected option, or None and whether no
    option is enabled) when it still holds, else None. A settled select with this outcome needs
    nothing from the selectedness setting algorithm."""
    entry = _SETTLED.get(id(select))
    if entry is None or entry[0] is not select or not _single(select):
        return None
    _, chosen, none_enabled = entry
    if chosen is not None:
        # Still selected and still in this list (it may have been moved away silently).
        return (chosen, False) if chosen.selected and owning_select(chosen) is select else None
    # None selected: stable while nothing is to be picked (the size may have been edited).
    return (None, none_enabled) if none_enabled or _display_size(select) != 1 else None


# ---- the algorithm ----------------------------------------------------------------------------


def settle_select(select: Node) -> None:
    """The selectedness setting algorithm: a single-select keeps exactly one selected option."""
    if not _single(select):
        _forget(select)
        return
    if _known(select) is None:
        _settle_full(select)


def _settle_full(select: Node) -> None:
    options = options_of(select)
    chosen = [o for o in options if o.selected]
    if not chosen:
        if _display_size(select) == 1:
            for option in options:
                if "disabled" not in option.attrs:
                    option.selected = True
                    _remember(select, option, False)
                    return
            _remember(select, None, True)
            return
        _remember(select, None, all("disabled" in o.attrs for o in options))
        return
    for option in chosen[:-1]:
        option.selected = False
    _remember(select, chosen[-1], False)


def _settle_emptied(select: Node) -> None:
    """The algorithm for a single-select known to have no selected option left."""
    if _display_size(select) != 1:
        _remember(select, None, False)  # "no option enabled" unknown: False is the safe answer
        return
    for option in iter_options(select):
        if "disabled" not in option.attrs:
            option.selected = True
            _remember(select, option, False)
            return
    _remember(select, None, True)


def _only_selected(select: Node, keep: Node, known: tuple[Node | None, bool] | None) -> None:
    """Unselect every option of the list but `keep` (with a memo, only the remembered one can be
    selected besides those the caller handles)."""
    if known is None:
        for option in iter_options(select):
            if option is not keep:
                option.selected = False
    elif known[0] is not None and known[0] is not keep:
        known[0].selected = False
    _remember(select, keep, False)


def after_insert(node: Node) -> None:
    """Insertion steps for options (and optgroups holding them) that joined a select."""
    targets = (
        [node]
        if is_html(node, "option")
        else ([c for c in node.children if is_html(c, "option")] if is_html(node, "optgroup") else [])
    )
    if not targets:
        return
    select = owning_select(targets[0])
    if select is None:
        return
    if not _single(select):
        _forget(select)
        return
    known = _known(select)
    kept = [t for t in targets if t.selected]
    if kept:
        for option in kept[:-1]:
            option.selected = False
        _only_selected(select, kept[-1], known)
        return
    if known is None:
        _settle_full(select)
        return
    chosen, none_enabled = known
    if chosen is not None:
        return  # the selected option stays
    enabled = [t for t in targets if "disabled" not in t.attrs]
    if enabled and _display_size(select) == 1:
        # The memo holds with a display size of 1 only when no option was enabled: the first
        # enabled one in tree order is the first enabled newcomer.
        enabled[0].selected = True
        _remember(select, enabled[0], False)
    elif enabled and none_enabled:
        _remember(select, None, False)


def after_remove(old_parent: Node, node: Node) -> None:
    if not (is_html(node, "option") or is_html(node, "optgroup")):
        return
    select = (
        old_parent
        if is_html(old_parent, "select")
        else (old_parent.parent if is_html(old_parent, "optgroup") and old_parent.parent else None)
    )
    if select is None or not is_html(select, "select"):
        return
    entry = _SETTLED.get(id(select))
    if entry is not None and entry[0] is select and _single(select) and entry[1] is not None:
        chosen = entry[1]
        in_list = chosen is node or (chosen.parent is node and is_html(old_parent, "select"))
        if chosen.selected and in_list:
            # The one selected option left with `node`: none is selected now.
            _settle_emptied(select)
            return
    settle_select(select)


def after_attribute(node: Node, name: str, present: bool) -> None:
    """`selected` attribute changes move a non-dirty option's selectedness; `disabled`,
    `multiple` and `size` changes make the memo of their select unsure."""
    if name != "selected" or not is_html(node, "option") or node.sel_dirty:
        if name == "disabled" and is_html(node, "option"):
            select = owning_select(node)
            if select is not None:
                _forget(select)
        elif name in ("multiple", "size") and is_html(node, "select"):
            _forget(node)
        return
    select = owning_select(node)
    known = _known(select) if select is not None else None  # read before the change below
    node.selected = present
    if select is None:
        return
    if not _single(select):
        _forget(select)
        return
    if present:
        _only_selected(select, node, known)
    elif known is None:
        _settle_full(select)
    elif known[0] is node:
        _settle_emptied(select)


def select_by_value(select: Node, value: str) -> None:
    """`select.value = value`: the first option with that value, or none, is selected (dirty)."""
    options = options_of(select)
    for option in options:
        option.selected = False
    found = next((o for o in options if option_value(o) == value), None)
    if found is not None:
        found.selected = True
        found.sel_dirty = True
    if found is not None and _single(select):
        _remember(select, found, False)
    else:
        _forget(select)  # none selected and not settled: the algorithm runs at the next change
