"""Normalizer facts `window`/`search`/`stats` answer from (issue 13), on the shared recordings."""

from __future__ import annotations

from typing import Any

from test_struggles import action_ms, normalized

from replaydom.model import InputData, MutationData


def _events(scenario: str, kind: str) -> list[dict[str, Any]]:
    return [ev for ev in normalized(scenario).events if ev["kind"] == kind]


def test_the_chat_box_emptied_after_send_is_set_by_the_page_and_typing_is_not() -> None:
    inputs = [ev for ev in _events("widgets", "input") if "chat-input" in (ev["selector"] or "")]
    typed, cleared = inputs
    assert not typed["data"]["setByPage"] and typed["label"] == "type into input#chat-input"
    assert cleared["data"]["setByPage"] and cleared["data"]["textLength"] == 0
    assert cleared["label"] == "page set input#chat-input (emptied)"
    send = action_ms("widgets", 47)
    assert 0 <= cleared["offsetMs"] - send < 300  # right after the Send click, no keystroke
    # every other input of every recording is the user's (script.json: all typed or chosen)
    for sc in ("checkout-failure", "masked-default", "long-session", "widgets"):
        others = [ev for ev in _events(sc, "input") if ev is not cleared]
        assert not any(ev["data"]["setByPage"] for ev in others), sc
        for ev in others:
            InputData.model_validate(ev["data"])


def test_a_typing_burst_records_its_last_keystroke() -> None:
    sc = "widgets"
    typed = next(ev for ev in _events(sc, "input") if "chat-input" in (ev["selector"] or ""))
    last = typed["data"]["lastOffsetMs"]
    assert len(typed["data"]["frames"]) > 10
    # script: typing starts at action 45 and ends ~2.5 s later (action 46 is the wait after it)
    assert abs(last - action_ms(sc, 46)) < 400 and last - typed["offsetMs"] > 2000


def test_iframe_nodes_name_their_frame_and_its_document_url() -> None:
    send = next(ev for ev in _events("widgets", "click") if ev["data"].get("text") == "Send")
    assert send["selector"].startswith("iframe#order-chat.order-chat >> body > ")
    assert send["selector"].endswith('button#chat-send[type="button"]')
    frame = send["data"]["frame"]
    assert frame["selector"] == "iframe#order-chat.order-chat"
    assert frame["url"].endswith("/order-chat.html")  # from the resource.iframe span
    assert "dead/rage" in frame["note"] and send["data"]["breadcrumb"] is None
    top = next(ev for ev in _events("widgets", "click") if ev["data"].get("text") == "Save this gift box")
    assert ">>" not in top["selector"] and "frame" not in top["data"]


def test_mutations_carry_the_texts_they_showed_and_hid_and_live_regions() -> None:
    alert = [ev for ev in _events("checkout-failure", "mutation") if ev["data"]["live"]]
    assert alert, "the checkout error paragraph is role=alert"
    first = alert[0]
    MutationData.model_validate(first["data"])
    assert "Payment failed. Please try again." in first["data"]["addedTexts"]
    region = first["data"]["live"][0]
    assert region["role"] == "alert" and region["ariaLive"] == "assertive"
    assert region["selector"].endswith('p#checkout-error.error[role="alert"]')
    status = [ev for ev in _events("widgets", "mutation") if ev["data"]["live"]]
    placed = next(ev for ev in status if "Thank you" in " ".join(ev["data"]["addedTexts"]))
    assert placed["data"]["removedTexts"] == ["Placing your order…"]
    assert placed["data"]["live"][0]["role"] == "status"


def test_web_vitals_name_their_elements() -> None:
    lcp = next(ev for ev in _events("widgets", "web-vital") if ev["data"]["name"] == "LCP")
    assert lcp["data"]["poor"] and lcp["selector"] == "body > main.view.gift-page > section#hero.hero > p"
    assert lcp["data"]["selectors"][0] == lcp["selector"]


def test_multi_click_points_at_the_clicks_it_counts() -> None:
    multi = _events("checkout-failure", "multi-click")[0]
    clicks = multi["data"]["clicks"]
    assert len(clicks) == multi["data"]["clickCount"] == 6
    assert clicks[0] == multi["data"]["qualifies"]
    by_ptr = {(ev["segmentId"], ev["frameIndex"]): ev for ev in _events("checkout-failure", "click")}
    hit = [by_ptr[(c["segmentId"], c["frameIndex"])] for c in clicks]
    assert all("btn-checkout" in ev["selector"] for ev in hit)
    assert hit[-1]["offsetMs"] - hit[0]["offsetMs"] <= 7000
    assert hit == sorted(hit, key=lambda ev: ev["offsetMs"])
    assert "clicked 6 times within 7 s" in multi["label"]


def test_every_event_has_the_page_route_and_the_first_route_change_its_from_url() -> None:
    events = normalized("checkout-failure").events
    for ev in events:
        if ev["url"]:
            assert ev["route"].startswith("/") and "?" not in ev["route"]
    navs = [ev for ev in events if ev["kind"] == "navigation"]
    assert navs[0]["data"]["op"] == "navigation.navigate" and navs[0]["data"]["fromUrl"] is None
    push = navs[1]
    assert push["data"]["op"] == "navigation.push"
    assert push["data"]["fromUrl"] == navs[0]["data"]["toUrl"]
    about = next(ev for ev in events if ev["kind"] == "click" and ev["data"].get("text") == "About")
    assert about["route"] == "/"
