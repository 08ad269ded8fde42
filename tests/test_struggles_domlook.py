"""What counts as an error message or an empty state in a rebuilt document (domlook.py)."""

from __future__ import annotations

from replaydom.analyze.struggles import domlook
from replaydom.dom.tree import DOCUMENT, ELEMENT, TEXT, Node, append_child


def el(tag: str, text: str = "", children: tuple[Node, ...] = (), **attrs: str) -> Node:
    node = Node(ELEMENT, tag)
    node.attrs = {("class" if k == "class_" else k.replace("_", "-")): v for k, v in attrs.items()}
    if text:
        t = Node(TEXT)
        t.text = text
        append_child(node, t)
    for child in children:
        append_child(node, child)
    return node


def doc(*children: Node) -> Node:
    root = Node(DOCUMENT, "#document")
    html = el("html", children=(el("body", children=children),))
    append_child(root, html)
    return root


def test_error_messages_by_role_aria_class_and_status() -> None:
    form = el(
        "form",
        children=(
            el("input", id="email", aria_invalid="true", aria_describedby="email-hint"),
            el("span", "Enter a valid email address", id="email-hint"),
            el("input", name="zip", aria_invalid="true"),
            el("div", "Password is too short", class_="field-error"),
            el("p", "Saved", role="status"),
            el("p", "Could not save: try again", aria_live="polite"),
            el("p", "Hidden problem", class_="error", hidden=""),
            el("div", class_="has-error", children=(el("input", name="x"),)),
        ),
    )
    page = doc(el("div", "Session expired", role="alert"), form)
    assert domlook.error_messages(page, form) == [
        "Session expired",
        "Enter a valid email address",
        "zip marked invalid",
        "Password is too short",
        "Could not save: try again",
    ]


def test_masked_and_hidden_texts_are_no_messages() -> None:
    page = doc(el("p", "*** ******", role="alert"), el("p", "Bad card", role="alert", style="display: none"))
    assert domlook.error_messages(page) == []


def test_empty_state_texts() -> None:
    for text in (
        "No results",
        "No articles match “rust”",
        "0 items",
        "Nothing found",
        "We couldn't find anything",
    ):
        assert domlook.empty_state_text(doc(el("p", text))) == text, text
    for text in ("12 results", "No thanks", "Results for tea"):
        assert domlook.empty_state_text(doc(el("p", text))) is None, text


def _empty_state_text_walking_each_subtree(page: Node) -> str | None:
    """The definition `empty_state_text` computes in one pass: every element's own text and
    control check (a walk of its subtree each)."""
    from replaydom.dom.tree import walk

    best = None
    for node in walk(page):
        if node.kind != ELEMENT or node.tag in ("script", "style", "template", "noscript"):
            continue
        if any(
            n.kind == ELEMENT and n.tag in ("input", "select", "textarea", "button")
            for n in walk(node)
            if n is not node
        ):
            continue
        text = domlook.text_of(node)
        if not text or len(text) > 200 or not domlook._EMPTY.search(text) or domlook.is_hidden(node):
            continue
        best = text
    return best


def test_empty_state_text_equals_the_walk_of_every_subtree_on_real_pages() -> None:
    """The bottom-up pass (controls below, text length) skips only what the definition rejects:
    same answer on documents of every shared recording at many instants, and on pages whose
    message sits beside long texts, controls and hidden script text."""
    import pytest
    from test_dom_golden import source

    checked = 0
    for scenario in ("checkout-failure", "widgets", "long-session", "masked-default", "slow-and-idle"):
        timeline = source(scenario).timeline
        stamps = [f.ts for f in timeline.frames]
        for k in range(1, 9):
            state = timeline.state_at(stamps[len(stamps) * k // 9] + 1)
            if state.doc is not None:
                assert domlook.empty_state_text(state.doc) == _empty_state_text_walking_each_subtree(
                    state.doc
                )
                checked += 1
    assert checked >= 30
    long_text = "word " * 60
    pages = [
        doc(el("div", children=(el("p", "No results"), el("p", long_text)))),
        doc(el("div", "No results", children=(el("input", name="q"),))),
        doc(el("div", children=(el("script", "x" * 500), el("span", "Nothing found")))),
        doc(el("section", children=(el("b", "No"), el("i", " matches"), el("script", "y" * 300)))),
        doc(el("ul", children=tuple(el("li", f"item {i}") for i in range(80))), el("p", "0 items")),
    ]
    for page in pages:
        assert domlook.empty_state_text(page) == _empty_state_text_walking_each_subtree(page)
    if not any(domlook.empty_state_text(p) for p in pages):
        pytest.fail("the hand-made pages must show empty states")
