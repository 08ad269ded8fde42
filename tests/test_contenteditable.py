"""Typing into a contenteditable element (widgets: `#gift-message`), reported like any typing.

rrweb records no Input frame for contenteditable; the SDK writes a `ui.input` breadcrumb with no
value, and the text arrives as DOM changes under the element. The recording is real; the masked
variant is derived from it the way the SDK masks text (`maskAllText`: every non-space character
of a recorded text becomes `*`).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from conftest import RECORDINGS, load_json
from test_stats import stats
from test_struggles import action_ms, normalized, segments

from replaydom.frames.normalize import normalize
from replaydom.query.window import AnchorSpec, window
from replaydom.store.importer import import_recording

SC = "widgets"
TYPED = "Happy birthday, Sam!\nEnjoy the beans."  # script.json seq 35


def _typing(events: list[dict[str, Any]]) -> dict[str, Any]:
    return next(ev for ev in events if ev["kind"] == "input" and "gift-message" in (ev["selector"] or ""))


def test_the_typed_text_time_and_element_are_reported() -> None:
    script = next(a for a in load_json(SC, "script.json")["actions"] if a["seq"] == 35)
    assert script["text"] == TYPED and script["selector"] == "#gift-message"
    ev = _typing(normalized(SC).events)
    d = ev["data"]
    assert ev["label"] == "type into div#gift-message" and ev["rawSource"] == "ui.input"
    assert d["inputType"] == "contenteditable" and d["tag"] == "div"
    assert d["text"] == TYPED and d["textLength"] == len(TYPED) and d["masked"] is False
    # first to last keystroke: the scripted typing (37 keys, ~65 ms apart) took ~2.3 s
    assert abs(ev["offsetMs"] - action_ms(SC, 35)) < 300
    assert 2000 < d["lastOffsetMs"] - ev["offsetMs"] < 2600
    # every folded frame is a real Mutation frame of the recording, under the element, and its
    # change points back at the typing
    segs = segments(SC)
    assert len(d["frames"]) == len(TYPED)
    changes = {(e["segmentId"], e["frameIndex"]): e for e in normalized(SC).events if e["kind"] == "mutation"}
    for p in d["frames"]:
        raw = segs[p["segmentId"]][p["frameIndex"]]
        assert raw["type"] == 3 and raw["data"]["source"] == 0
        typed = changes[(p["segmentId"], p["frameIndex"])]["data"]["typedInto"]
        assert typed == {"segmentId": ev["segmentId"], "frameIndex": ev["frameIndex"]}
    others = [e for e in changes.values() if "typedInto" in e["data"]]
    assert len(others) == len(TYPED)  # no other change of the recording is called typing
    # the page's own later changes elsewhere are not typing: the burst ends at the blur
    blur = next(
        e for e in normalized(SC).events if e["kind"] == "blur" and "gift-message" in (e["selector"] or "")
    )
    assert d["lastOffsetMs"] < blur["offsetMs"]


def test_stats_counts_the_typing_time() -> None:
    field = next(f for f in stats(SC).timePerField if f.name == "div#gift-message")
    assert 2000 < field.typingMs < 2600 and field.inputs == 1  # before: 0 s


def test_window_shows_the_value_and_folds_the_typing_changes(cli: Any) -> None:
    events = normalized(SC).events
    ev = _typing(events)
    res = window(events, AnchorSpec(at_ms=ev["offsetMs"]), 0, 3000)
    folded = [e.folded for e in res.timeline if e.type == "folded" and e.folded]
    assert sum(f.get("typing (DOM)", 0) for f in folded) == len(TYPED)
    # the typing is not the page reacting: no DOM change counted in the found line
    assert res.found["domChanges"] == 0
    assert not any(e.type == "dom" and e.dom and "Ha" in e.dom.addedTexts for e in res.timeline)
    everything = window(events, AnchorSpec(at_ms=ev["offsetMs"], all_events=True), 0, 3000)
    assert any(e.type == "dom" and e.dom and "Ha" in e.dom.addedTexts for e in everything.timeline)
    rid = import_recording(RECORDINGS / SC).replay_id
    out = cli("window", rid, "--at", f"{ev['offsetMs']}ms", "--before", "0s", "--after", "3s").stdout
    assert 'value: "Happy birthday, Sam!⏎Enjoy the beans." (37 chars over 2.3 s)' in out
    redacted = cli(
        "window", rid, "--at", f"{ev['offsetMs']}ms", "--before", "0s", "--after", "3s", "--redact"
    )
    assert "value: <redacted 37 chars>" in redacted.stdout and "Happy birthday" not in redacted.stdout
    # --redact also hides the typed text the keystroke changes carry (--all lists them)
    args = ("window", rid, "--at", f"{ev['offsetMs']}ms", "--before", "0s", "--after", "3s")
    assert "Happy birthday" in cli(*args, "--all").stdout
    for more in (("--all",), ("--json",), ("--jsonl",), ("--all", "--json")):
        assert "Happy birthday" not in cli(*args, *more, "--redact").stdout, more
    shared = cli("events", rid, "--kind", "mutation,input", "--jsonl", "--redact").stdout
    assert "Happy birthday" not in shared and "<redacted 37 chars>" in shared


def _mask_all_text(segs: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    out = copy.deepcopy(segs)
    for frames in out:
        for f in frames:
            if f.get("type") != 3 or f["data"].get("source") != 0:
                continue
            for t in f["data"].get("texts", []):
                if isinstance(t.get("value"), str):
                    t["value"] = re.sub(r"\S", "*", t["value"])
            for add in f["data"].get("adds", []):
                node = add.get("node", {})
                if node.get("type") == 3 and isinstance(node.get("textContent"), str):
                    node["textContent"] = re.sub(r"\S", "*", node["textContent"])
    return out


def test_masked_typing_stays_masked() -> None:
    details = load_json(SC, "details.json")
    masked = normalize(enumerate(_mask_all_text(segments(SC))), replay_id=details["id"], details=details)
    ev = _typing(masked.events)
    d = ev["data"]
    assert d["masked"] is True and d["text"] is None and d["textLength"] == len(TYPED)
    assert d["lastOffsetMs"] == _typing(normalized(SC).events)["data"]["lastOffsetMs"]
    assert "Happy" not in str(ev)


def test_search_and_window_match_the_typing_not_each_keystroke_change() -> None:
    from replaydom.query.search import search

    events = normalized(SC).events
    typing = _typing(events)
    hits = search(events, "birthday")
    assert [h.event["kind"] for h in hits] == ["input", "input"]  # gift message, order notes
    assert hits[0].event == typing
    # the keystroke changes do hold the text: without the rule they would be hits of their own
    echoes = [ev for ev in events if ev["kind"] == "mutation" and "Happy birthday" in str(ev["data"])]
    assert len(echoes) >= 7
    res = window(events, AnchorSpec(contains="Happy birthday"), 0, 1000)
    assert res.anchor == typing and res.anchorMatch is not None and res.anchorMatch.matches == 1
