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
