"""`dom --at` shows what a person could see: hidden SPA routes and other self-hidden subtrees are left
out of the default excerpt (and of the interactive lens), counted, and shown again with `--all`.

checkout-failure keeps its three routes in the page and hides two with the `hidden` attribute; the
display:none and aria-hidden cases are derived from the same real frames by rewriting that attribute
(provenance: the snapshot of checkout-failure segment 0, `hidden` swapped for the other two forms)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import load_json, load_segments, scenario_path
from lxml import html as lxml_html
from test_dom_golden import action, source

from replaydom.dom.at import ViewOptions, dom_at
from replaydom.dom.source import source_from_segments
from replaydom.dom.tree import ELEMENT, Node
from replaydom.dom.visibility import hidden_reason
from replaydom.frames.start import replay_start_ms
from replaydom.render.schemas import DomAtResult
from replaydom.store.importer import import_recording

SC = "checkout-failure"


def about_offset() -> float:
    """Just after the click on About (script seq 4): the about route shows, shop and terms are hidden."""
    return action(SC, 5)["end_ts"] - source(SC).start_ms


def test_hidden_routes_are_left_out_and_counted() -> None:
    result = dom_at(source(SC), about_offset(), ViewOptions())
    DomAtResult.model_validate(result)
    body = lxml_html.document_fromstring(result["html"]).body
    assert body.xpath("//main/@id") == ["view-about"]
    assert "We are a small shop" in result["html"]
    assert "Classic Coffee Mug" not in result["html"] and "Terms and conditions" not in result["html"]
    hidden = result["shown"]["hidden"]
    assert [(e["id"], e["reason"]) for e in hidden["examples"]] == [
        ("view-shop", "hidden"),
        ("view-terms", "hidden"),
    ]
    assert hidden["subtrees"] == 2 and hidden["byReason"] == {"hidden": hidden["elements"]}
    assert hidden["showWith"] == "--all"
    # Each left-out subtree is replaced by a comment naming it, so `--node ID` can open it.
    assert "<!-- hidden (hidden): <main#view-shop data-rr-id=37>" in result["html"]
    everything = dom_at(source(SC), about_offset(), ViewOptions(show_all=True))
    assert everything["shown"]["hidden"] is None and "Classic Coffee Mug" in everything["html"]
    # The count is exact: the elements left out are the difference with --all.
    assert everything["shown"]["elements"] - result["shown"]["elements"] == hidden["elements"]
    # Most of the default output was the hidden routes (the complaint).
    assert len(result["html"]) * 3 < len(everything["html"])


def test_after_the_route_changes_back_the_shop_is_visible_again() -> None:
    shop = action(SC, 7)["end_ts"] - source(SC).start_ms  # after the click on Shop (seq 6)
    result = dom_at(source(SC), shop, ViewOptions())
    assert "Classic Coffee Mug" in result["html"] and "We are a small shop" not in result["html"]
    assert [e["id"] for e in result["shown"]["hidden"]["examples"]] == ["view-about", "view-terms"]


def test_the_lens_lists_only_controls_a_person_could_reach() -> None:
    lens = dom_at(source(SC), about_offset(), ViewOptions(lens="interactive"))
    selectors = [c["selector"] for c in lens["controls"]]
    assert "input#search" not in selectors and "a#terms-back" not in selectors
    assert "a#nav-about" in selectors
    assert lens["shown"]["hidden"]["subtrees"] == 2
    everything = dom_at(source(SC), about_offset(), ViewOptions(lens="interactive", show_all=True))
    assert "input#search" in [c["selector"] for c in everything["controls"]]


def test_a_hidden_root_asked_for_by_node_is_shown() -> None:
    result = dom_at(source(SC), about_offset(), ViewOptions(node=37))
    assert "Classic Coffee Mug" in result["html"] and result["root"]["nodeId"] == 37


def test_whole_document_keeps_everything() -> None:
    result = dom_at(source(SC), about_offset(), ViewOptions(whole=True))
    assert result["shown"]["hidden"] is None and "Terms and conditions" in result["html"]


def _rewritten(change: dict[str, dict[str, Any]]) -> Any:
    """checkout-failure with the `hidden` attribute of some routes replaced (keyed by element id)."""
    segments = copy.deepcopy(load_segments(SC))
    stack = [e["data"]["node"] for seg in segments for e in seg if e.get("type") == 2]
    while stack:
        node = stack.pop()
        attrs = node.get("attributes") or {}
        if attrs.get("id") in change and "hidden" in attrs:
            del attrs["hidden"]
            attrs.update(change[attrs["id"]])
        stack.extend(node.get("childNodes") or [])
    start = replay_start_ms(enumerate(segments), load_json(SC, "details.json"))
    return source_from_segments(enumerate(segments), start, replay_id=SC)


def test_inline_display_none_and_aria_hidden_hide_too() -> None:
    derived = _rewritten(
        {
            "view-about": {"style": "color: red; DISPLAY : none !important"},
            "view-terms": {"aria-hidden": "true"},
        }
    )
    offset = 1_000.0  # before any route change: only the snapshot's attributes matter
    result = dom_at(derived, offset, ViewOptions())
    reasons = {e["id"]: e["reason"] for e in result["shown"]["hidden"]["examples"]}
    assert reasons == {"view-about": "display:none", "view-terms": "aria-hidden"}
    assert set(result["shown"]["hidden"]["byReason"]) == {"display:none", "aria-hidden"}
    assert "We are a small shop" not in result["html"] and "Classic Coffee Mug" in result["html"]


@pytest.mark.parametrize(
    ("attrs", "reason"),
    [
        ({"hidden": ""}, "hidden"),
        ({"hidden": "until-found"}, "hidden"),
        ({"style": "display:none"}, "display:none"),
        ({"style": "display: block; display: none"}, "display:none"),
        ({"style": "display: none; display: block"}, None),
        ({"style": "display: flex"}, None),
        ({"style": "--display: none"}, None),
        ({"aria-hidden": "TRUE"}, "aria-hidden"),
        ({"aria-hidden": "false"}, None),
        ({"class": "hidden d-none"}, None),  # the cascade is not guessed
    ],
)
def test_hidden_reason(attrs: dict[str, str], reason: str | None) -> None:
    node = Node(ELEMENT, "div", 1)
    node.attrs = attrs
    assert hidden_reason(node) == reason


def test_cli_says_what_was_left_out_and_the_flag(cli: Any) -> None:
    rid = import_recording(scenario_path(SC)).replay_id
    at = f"{round(about_offset())}ms"
    result = cli("dom", rid, "--at", at)
    assert result.exit_code == 0, result.stderr
    assert "Classic Coffee Mug" not in result.stdout
    assert "hidden subtree(s) left out (hidden " in result.stderr and "--all shows them" in result.stderr
    shown = cli("dom", rid, "--at", at, "--all")
    assert "Classic Coffee Mug" in shown.stdout and "hidden subtree" not in shown.stderr
    assert cli("dom", rid, "--diff", "1s..2s", "--all").exit_code == 2
