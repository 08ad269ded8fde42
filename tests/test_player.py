"""The optional browser player against real Chromium and real Sentry recordings.

Browser tests skip only when Chromium, Playwright or the rrweb bundle is missing *and* `CI` is unset;
in CI a missing player is a failure. Instants come from each recording's `script.json`, the ground
truth of what the scripted user did and when.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import load_segments
from lxml import html as lxml_html

from replaydom.errors import NotFoundError, PlayerUnavailable, UsageError
from replaydom.frames.start import replay_start_ms
from replaydom.player import Player, Timeline, Viewport, rrweb_frames

RECORDINGS = Path(__file__).resolve().parent.parent / "fixtures" / "recordings"


# ---- recordings ---------------------------------------------------------------------------------


@dataclass
class Recording:
    frames: list[dict[str, Any]]
    start_ms: float
    actions: list[dict[str, Any]]

    def action(self, seq: int) -> dict[str, Any]:
        return next(a for a in self.actions if a["seq"] == seq)

    def offset(self, epoch_ms: float) -> int:
        return round(epoch_ms - self.start_ms)

    def between(self, first_seq: int, then_seq: int) -> int:
        """Offset halfway between the end of one action and the start of a later one."""
        return self.offset((self.action(first_seq)["end_ts"] + self.action(then_seq)["ts"]) / 2)

    def meta_size_before(self, offset_ms: int) -> tuple[int, int]:
        """Independent of Timeline: the last Meta/ViewportResize strictly before the instant."""
        target, size = self.start_ms + offset_ms, (0, 0)
        for f in sorted(rrweb_frames(self.frames), key=lambda f: f["timestamp"]):
            resize = f["type"] == 3 and f["data"].get("source") == 4
            if (f["type"] == 4 or resize) and f["timestamp"] < target:
                size = (f["data"]["width"], f["data"]["height"])
        return size


def load(scenario: str) -> Recording:
    folder = RECORDINGS / scenario
    segments = json.loads(gzip.decompress((folder / "segments.json.gz").read_bytes()))
    details = json.loads((folder / "details.json").read_text())
    frames = [frame for segment in segments for frame in segment]
    start = replay_start_ms(enumerate(segments), details)
    actions = json.loads((folder / "script.json").read_text())["actions"]
    return Recording(frames, start, actions)


@pytest.fixture(scope="module")
def player() -> Iterator[Player]:
    try:
        p = Player()
        p.start()
    except PlayerUnavailable as e:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the player must run here: {e}")
        pytest.skip(f"player unavailable: {e}")
    try:
        yield p
    finally:
        p.close()


@pytest.fixture(scope="module")
def checkout() -> Recording:
    return load("checkout-failure")


# ---- helpers --------------------------------------------------------------------------------------


def png_pixels(png: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct colours of an 8-bit RGB(A) PNG (no Pillow needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
    assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
    bpp = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, colours = bytearray(stride), set()
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), prev, bpp)
        colours.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        prev = line
    return width, height, colours


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> bytearray:
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return line


def inputs(html: str) -> dict[str, dict[str, str]]:
    doc = lxml_html.document_fromstring(html)
    return {el.get("id"): dict(el.attrib) for el in doc.iter("input") if el.get("id")}


def visible_strings(html: str) -> list[str]:
    """Text and attribute values outside <style>, where typed text could leak."""
    doc = lxml_html.document_fromstring(html)
    out: list[str] = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        out += list(el.attrib.values())
        if el.tag != "style" and el.text:
            out.append(el.text)
        if el.tail:
            out.append(el.tail)
    return out


# ---- pure Python: no browser --------------------------------------------------------------------


def test_rrweb_frames_drops_sentry_frames_with_second_timestamps() -> None:
    frames = [
        {"type": 4, "data": {"width": 1, "height": 1}, "timestamp": 1000},
        {"type": 5, "data": {"tag": "breadcrumb", "payload": {"timestamp": 1.5}}, "timestamp": 1.5},
        {"type": 5, "data": {"tag": "performanceSpan", "payload": {}}, "timestamp": 1.2},
        {"type": 5, "data": {"tag": "options", "payload": {}}, "timestamp": 1000},
        {"type": 5, "data": {"tag": "custom-thing"}, "timestamp": 1001},
        {"type": 3, "data": {"source": 0}},  # no timestamp
    ]
    assert [f["timestamp"] for f in rrweb_frames(frames)] == [1000, 1001]


def test_replay_start_ignores_web_vitals_and_uses_seconds_payloads() -> None:
    frames = [
        {"type": 4, "data": {}, "timestamp": 10_000},
        {"type": 5, "timestamp": 9.0, "data": {"tag": "breadcrumb", "payload": {"timestamp": 9.5}}},
        {
            "type": 5,
            "timestamp": 1,
            "data": {"tag": "performanceSpan", "payload": {"op": "web-vital", "startTimestamp": 1.0}},
        },
        {
            "type": 5,
            "timestamp": 1,
            "data": {
                "tag": "performanceSpan",
                "payload": {"op": "navigation.navigate", "startTimestamp": 9.2},
            },
        },
    ]
    # The player takes its start from the core rule (one place): check it on what the player loads.
    assert replay_start_ms([(0, frames)]) == 9200
    assert replay_start_ms([(0, frames)], {"started_at": "1970-01-01T00:00:08+00:00"}) == 8000


def test_timeline_follows_the_replayers_cut_off() -> None:
    def frame(kind: int, ts: int, **data: Any) -> dict[str, Any]:
        return {"type": kind, "timestamp": ts, "data": data}

    timeline = Timeline(
        [
            frame(4, 100, width=800, height=600),
            frame(2, 105),
            frame(3, 150, source=4, width=1024, height=768),
            frame(4, 200, width=640, height=480),  # a new page: Meta, then its snapshot
            frame(2, 205),
        ]
    )
    assert not timeline.has_document(100)
    assert not timeline.has_document(105)  # strictly before: the snapshot is not applied yet
    assert timeline.has_document(106)
    assert not timeline.has_document(203)  # between the new Meta and its snapshot
    assert timeline.has_document(206)
    assert timeline.viewport_at(100) is None
    assert timeline.viewport_at(150) == Viewport(800, 600)
    assert timeline.viewport_at(151) == Viewport(1024, 768)
    assert timeline.viewport_at(10_000) == Viewport(640, 480)


def test_unavailable_bundle_and_chromium_say_how_to_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("playwright.sync_api")
    # Fixes are for an installed replaydom: a reinstall, never npm or a checkout path; in a checkout,
    # the bundle comes back from git.
    from replaydom.player import locate

    monkeypatch.setenv("REPLAYDOM_RRWEB_DIR", str(tmp_path))
    monkeypatch.setattr(locate, "_CHECKOUT", False)
    with pytest.raises(PlayerUnavailable, match=re.escape("pip install --force-reinstall")) as caught:
        Player()
    assert "npm" not in str(caught.value) and "vendor" not in str(caught.value)
    assert caught.value.hint and "replaydom doctor --player" in caught.value.hint
    monkeypatch.setattr(locate, "_CHECKOUT", True)
    with pytest.raises(PlayerUnavailable, match=re.escape("git checkout -- vendor/rrweb")):
        Player()
    (tmp_path / "rrweb.umd.cjs").write_text("")
    (tmp_path / "style.css").write_text("")
    monkeypatch.setenv("REPLAYDOM_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(PlayerUnavailable, match="apt-get install -y chromium") as caught:
        Player()
    assert "\n" not in str(caught.value)
    assert "REPLAYDOM_CHROMIUM=/path/to/chrome" in str(caught.value)
    assert "playwright install chromium" in str(caught.value)


def test_missing_playwright_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(PlayerUnavailable, match=re.escape("pip install 'replaydom[player]'")):
        Player()


# ---- real Chromium, real recordings --------------------------------------------------------------

browser = pytest.mark.browser


@browser
def test_checkout_form_shows_typed_values(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    result = player.render(checkout.between(24, 26))  # all fields typed, Checkout not clicked yet
    assert result.has_document and result.html is not None
    fields = inputs(result.html)
    form = [a for a in checkout.actions if a["kind"] == "type" and 19 <= a["seq"] <= 24]
    typed = {a["selector"][1:]: a["text"] for a in form}
    assert len(typed) == 6
    for field_id, text in typed.items():
        if field_id == "password":  # the SDK masks passwords even when inputs are unmasked
            assert fields[field_id]["value"] == "*" * len(text)
            assert text not in result.html
        else:
            assert fields[field_id]["value"] == text, field_id
    assert all("data-rr-id" in attrs for attrs in fields.values())


@browser
def test_masked_recording_never_shows_typed_text(player: Player) -> None:
    rec = load("masked-default")
    player.load(rec.frames, rec.start_ms)
    after_form = rec.offset(rec.action(16)["end_ts"] + 300)
    result = player.render(after_form)
    assert result.html is not None
    fields = inputs(result.html)
    typed = {a["selector"][1:]: a["text"] for a in rec.actions if a["kind"] == "type"}
    for field_id in ("name", "email", "password"):
        assert fields[field_id]["value"] == "*" * len(typed[field_id]), field_id
    strings = visible_strings(result.html)
    for text in typed.values():
        assert not any(text in s for s in strings), text


def _reference_timeline(frames: list[dict[str, Any]]) -> Any:
    """The cut-off rules on a stable sort of the frames (independent of Timeline's arrival keys)."""
    ordered = sorted(rrweb_frames(frames), key=lambda f: f["timestamp"])

    def has_document(target: float) -> bool:
        metas = [i for i, f in enumerate(ordered) if f["type"] == 4 and f["timestamp"] <= target]
        start = metas[-1] if metas else 0
        return any(f["type"] == 2 and f["timestamp"] < target and i >= start for i, f in enumerate(ordered))

    def viewport_at(target: float) -> Viewport | None:
        size = None
        for f in ordered:
            resize = f["type"] == 3 and f["data"].get("source") == 4
            if (f["type"] == 4 or resize) and f["timestamp"] < target and "width" in f["data"]:
                size = Viewport(int(f["data"]["width"]), int(f["data"]["height"]))
        return size

    return has_document, viewport_at


@pytest.mark.parametrize("scenario", ["checkout-failure", "widgets", "long-session"])
def test_timeline_built_frame_by_frame_matches_the_replayers_stable_sort(scenario: str) -> None:
    """Streamed in arrival order, Timeline answers as if the frames had been sorted first: also
    when segments arrive out of order (frames with equal stamps keep their arrival order)."""
    segments = load_segments(scenario)
    for order in (segments, segments[::-1], segments[1::2] + segments[0::2]):
        frames = [f for seg in order for f in seg]
        has_document, viewport_at = _reference_timeline(frames)
        timeline = Timeline()
        for f in rrweb_frames(frames):
            timeline.add(f)
        stamps = sorted({f["timestamp"] for f in rrweb_frames(frames)})
        for t in [*stamps[:: max(1, len(stamps) // 60)], stamps[0] - 1, stamps[-1] + 1]:
            for target in (t - 0.5, t, t + 0.5):
                assert timeline.has_document(target) == has_document(target), (scenario, target)
                assert timeline.viewport_at(target) == viewport_at(target), (scenario, target)
        assert timeline.first_ms == stamps[0] and len(timeline) == len(rrweb_frames(frames))


def test_frames_reach_the_page_in_bounded_batches_in_order(checkout: Recording) -> None:
    from replaydom.player.frames import json_batches

    kept = rrweb_frames(checkout.frames)
    batches = list(json_batches(kept, 16 << 10))
    assert len(batches) > 3
    assert [f for b in batches for f in json.loads(b)] == kept
    biggest = max(len(json.dumps(f, separators=(",", ":"))) for f in kept)
    assert all(len(b.encode()) <= max(16 << 10, biggest + 2) for b in batches)


@browser
def test_a_recording_loaded_in_many_batches_replays_the_same(
    player: Player, checkout: Recording, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = checkout.between(24, 26)
    player.load(checkout.frames, checkout.start_ms)
    whole = player.render(at).html
    monkeypatch.setattr("replaydom.player.driver.LOAD_BATCH", 16 << 10)
    player.load(checkout.frames, checkout.start_ms)
    assert player.render(at).html == whole


@browser
def test_loading_only_up_to_the_last_instant_renders_the_same(player: Player, checkout: Recording) -> None:
    """`load(until_ms=...)` leaves out what a paused Replayer never applies: renders up to that
    instant are unchanged, fewer frames reach the page, and a later instant is refused."""
    instants = [checkout.between(3, 4), checkout.between(24, 26), checkout.between(26, 28)]
    total = player.load(checkout.frames, checkout.start_ms)
    whole = [player.render(at).html for at in instants]
    last = checkout.start_ms + instants[-1]
    kept = player.load(iter(checkout.frames), checkout.start_ms, until_ms=last)
    assert kept < total
    assert [player.render(at).html for at in instants] == whole
    with pytest.raises(RuntimeError, match="loaded up to"):
        player.render(instants[-1] + 60_000)


@browser
def test_cart_page_lists_the_cart_items(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    result = player.render(checkout.between(17, 19))  # after the full page load to /cart.html
    assert result.html is not None
    rows = lxml_html.document_fromstring(result.html).get_element_by_id("cart-table").text_content()
    assert "Classic Coffee Mug" in rows and "Travel Mug" in rows


@browser
def test_png_has_recorded_viewport_and_content(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    offset = checkout.between(17, 19)
    result = player.render(offset, screenshot=True)
    assert result.png is not None
    width, height, colours = png_pixels(result.png)
    assert (width, height) == checkout.meta_size_before(offset) == (1280, 800)
    assert result.viewport == Viewport(width, height)
    assert len(colours) > 10


@browser
def test_viewport_resize_in_effect_sizes_the_picture(player: Player) -> None:
    rec = load("slow-and-idle")
    player.load(rec.frames, rec.start_ms)
    resizes = [f for f in rec.frames if f["type"] == 3 and f["data"].get("source") == 4]
    assert resizes, "slow-and-idle records viewport resizes"
    offset = rec.offset(resizes[0]["timestamp"]) + 50
    result = player.render(offset, screenshot=True)
    assert result.png is not None
    expected = (resizes[0]["data"]["width"], resizes[0]["data"]["height"])
    assert png_pixels(result.png)[:2] == expected == rec.meta_size_before(offset)


@browser
def test_css_limits_html_and_picture(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    offset = checkout.between(17, 19)
    result = player.render(offset, screenshot=True, css="#cart-table")
    from replaydom.player.driver import SEAL

    assert result.html is not None and result.html.startswith(SEAL + '<table id="cart-table"')
    assert "Travel Mug" in result.html and "<html" not in result.html
    assert result.png is not None
    width, height, _ = png_pixels(result.png)
    assert 0 < width < 1280 and 0 < height < 800
    with pytest.raises(NotFoundError):
        player.render(offset, css="#no-such-element")
    with pytest.raises(UsageError):
        player.render(offset, css="[[nope")


@browser
def test_same_offset_renders_identically(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    offset = checkout.between(24, 26)
    first = player.render(offset).html
    player.render(checkout.between(17, 19))  # another instant in between must leave no trace
    assert player.render(offset).html == first
    assert player.dom_tree(offset) == player.dom_tree(offset)


@browser
def test_before_the_first_frame_there_is_no_document(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    result = player.render(-1000, screenshot=True)
    assert not result.has_document and result.html is None and result.png is None
    assert result.note and "before the first rrweb frame" in result.note
    assert player.dom_tree(-1000) is None


@browser
def test_no_request_leaves_the_page_on_real_recordings(player: Player, checkout: Recording) -> None:
    player.load(checkout.frames, checkout.start_ms)
    for seq in (2, 18, 25, 39):
        player.render(checkout.offset(checkout.action(seq)["end_ts"]), screenshot=True)
    stats = player.network
    assert stats.outside - stats.blocked == 0


def _synthetic_page(t: int) -> list[dict[str, Any]]:
    """A hand-made recording whose page asks for outside resources and carries script hooks."""

    def el(node_id: int, tag: str, attrs: dict[str, Any], *children: dict[str, Any]) -> dict[str, Any]:
        return {"type": 2, "tagName": tag, "attributes": attrs, "childNodes": list(children), "id": node_id}

    def text(node_id: int, value: str) -> dict[str, Any]:
        return {"type": 3, "textContent": value, "id": node_id}

    pwn = "parent.parent.__pwned="
    head = el(
        4,
        "head",
        {},
        el(5, "link", {"rel": "stylesheet", "href": "http://example.invalid/site.css"}),
        el(6, "script", {}, text(7, pwn + "'script'")),
    )
    body = el(
        8,
        "body",
        {"onload": pwn + "'onload'"},
        el(9, "img", {"src": "http://example.invalid/pixel.png"}),
        el(10, "div", {"style": "width:40px;height:40px;background:url(http://example.invalid/bg.png)"}),
        el(11, "img", {"src": "data:image/png;base64,AAAA", "onerror": pwn + "'onerror'"}),
        el(12, "a", {"href": " javascript:" + pwn + "'href'", "onclick": pwn + "'onclick'"}, text(13, "go")),
    )
    doctype = {"type": 1, "name": "html", "publicId": "", "systemId": "", "id": 2}
    document = {"type": 0, "childNodes": [doctype, el(3, "html", {}, head, body)], "id": 1}
    return [
        {"type": 4, "timestamp": t, "data": {"href": "http://example.invalid/", "width": 640, "height": 480}},
        {"type": 2, "timestamp": t + 1, "data": {"node": document, "initialOffset": {"left": 0, "top": 0}}},
        {"type": 3, "timestamp": t + 60, "data": {"source": 2, "type": 2, "id": 12, "x": 5, "y": 5}},
    ]


@browser
def test_outside_requests_are_aborted_and_scripts_never_run(player: Player) -> None:
    player.load(_synthetic_page(1_000_000), 1_000_000)
    before = player.network
    result = player.render(30, screenshot=True)
    player.page.wait_for_timeout(300)  # let late requests (CSS background) reach the router
    after = player.network
    assert after.blocked - before.blocked >= 2  # the stylesheet and the images did try
    assert after.outside - after.blocked == 0
    assert player.page.evaluate("() => document.querySelector('.replayer-wrapper iframe').sandbox.value") == (
        "allow-same-origin"
    )
    assert player.page.evaluate(
        "() => [window.__pwned, document.querySelector('.replayer-wrapper iframe').contentWindow.__pwned]"
    ) == [None, None]
    assert result.html is not None
    doc = lxml_html.document_fromstring(result.html)
    names = {name for el in doc.iter() if isinstance(el.tag, str) for name in el.attrib}
    assert not {n for n in names if n.startswith(("on", "_on"))}
    assert {"data-rr-onload", "data-rr-onerror", "data-rr-onclick", "data-rr-href"} <= names
    link = doc.xpath("//a")[0]
    assert link.get("href") == "#" and link.get("data-rr-href").strip().startswith("javascript:")


@browser
def test_dom_tree_matches_html_and_covers_shadow_and_iframe(player: Player) -> None:
    rec = load("widgets")
    player.load(rec.frames, rec.start_ms)
    offset = rec.offset(rec.action(49)["ts"]) - 10  # chat in the iframe, stars in shadow roots
    tree = player.dom_tree(offset)
    assert tree is not None and tree[1] == "document"
    ids: list[int] = []
    element_ids: set[int] = set()
    hosts, frames = 0, 0

    def walk(node: list[Any]) -> None:
        nonlocal hosts, frames
        ids.append(node[0])
        if node[1] in ("text", "comment", "cdata"):
            assert len(node) == 3 and isinstance(node[2], str)
            return
        _, kind, _, attrs, children, extra = node
        if kind == "element":
            element_ids.add(node[0])
            assert ":hover" not in attrs.get("class", "") and attrs.get("style") != ""
        hosts += "shadow" in extra
        frames += "contentDocument" in extra
        for child in [
            *children,
            *extra.get("shadow", []),
            *([extra["contentDocument"]] if "contentDocument" in extra else []),
        ]:
            walk(child)

    walk(tree)
    assert len(ids) == len(set(ids)) and min(ids) >= 1
    assert hosts >= 2 and frames == 1
    html = player.render(offset).html
    assert html is not None
    in_html = {int(m) for m in re.findall(r'data-rr-id=(?:"|&(?:amp;)*quot;)(\d+)', html)}
    assert in_html == element_ids
    assert '<template shadowrootmode="open">' in html and "srcdoc=" in html


# ---- replaydom snapshot (the CLI skin) ------------------------------------------------------------


@browser
def test_snapshot_command_writes_private_files(
    player: Player, checkout: Recording, cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from replaydom.replay import open_replay

    assert cli("import", str(RECORDINGS / "checkout-failure")).exit_code == 0
    at = checkout.between(17, 19)
    before = [e for e in open_replay("f5f68b787e3947cdbf9d5bb01d76dc96").events() if e["offsetMs"] <= at]
    pointer_fields = ("replayId", "segmentId", "frameIndex", "offsetMs", "timestamp", "kind", "label")
    args = [
        "snapshot",
        "f5f68b787e3947cdbf9d5bb01d76dc96",
        "--at",
        f"{at}ms",
        "--at=-5s",
        "--render",
        "--json",
    ]
    results: list[Any] = []
    # Playwright's sync API allows one instance per thread, and the module's browser owns this one.
    worker = threading.Thread(target=lambda: results.append(cli(*args)))
    old_umask = os.umask(0)  # the most permissive umask: modes must not depend on it
    try:
        worker.start()
        worker.join(timeout=120)
    finally:
        os.umask(old_umask)
    (result,) = results
    assert result.exit_code == 0, result.stderr
    items = result.json()["items"]
    assert [i["offsetMs"] for i in items] == [at, -5000]
    shot, empty = items
    out_dir = tmp_path / "replaydom-snapshots" / "f5f68b787e3947cdbf9d5bb01d76dc96"
    assert Path(shot["html"]) == out_dir / f"snapshot-{at}.html"
    assert Path(shot["png"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Travel Mug" in Path(shot["html"]).read_text()
    assert shot["viewport"] == {"width": 1280, "height": 800}
    assert shot["pointer"] == {k: before[-1].get(k) for k in shot["pointer"]}
    assert set(shot["pointer"]) <= set(pointer_fields) and shot["pointer"]["frameIndex"] is not None
    assert not empty["hasDocument"] and empty["html"] is None and "no document" in result.stderr
    assert out_dir.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in out_dir.iterdir()} == {0o600}


@browser
def test_snapshot_findings_renders_the_first_evidence_of_each_finding(
    player: Player, cli: Any, tmp_path: Path
) -> None:
    from replaydom.analyze.struggles import find_struggles
    from replaydom.cli.dom import load_source
    from replaydom.replay import open_replay

    rid = "f5f68b787e3947cdbf9d5bb01d76dc96"
    assert cli("import", str(RECORDINGS / "checkout-failure")).exit_code == 0
    replay = open_replay(rid)
    # The same findings as `struggles`, the DOM-reading detectors included (form abandonment here).
    findings = find_struggles(replay.events(), dom=lambda: load_source(replay))
    assert any("form-abandonment" in f.signals for f in findings)
    expected = {min(e["offsetMs"] for e in f.evidence) for f in findings}
    results: list[Any] = []
    # Playwright's sync API allows one instance per thread, and the module's browser owns this one.
    worker = threading.Thread(target=lambda: results.append(cli("snapshot", rid, "--findings", "--json")))
    worker.start()
    worker.join(timeout=120)
    (result,) = results
    assert result.exit_code == 0, result.stderr
    items = result.json()["items"]
    assert {i["offsetMs"] for i in items} == expected and len(items) == len(expected)
    from replaydom.render.schemas import SnapshotItem

    for item in items:
        SnapshotItem.model_validate(item)  # the documented --json shape, no undocumented keys
        assert item["finding"] and Path(item["html"]).is_file()
    rage = next(i for i in items if "Rage click" in i["finding"])
    assert "btn-checkout" in Path(rage["html"]).read_text()


def test_saved_html_is_sealed_against_scripts_network_and_refresh() -> None:
    from replaydom.player.driver import seal_html

    doc = seal_html('<html><head><META HTTP-EQUIV="refresh" content="0;url=https://x.test"></head></html>')
    assert doc.startswith('<html><head><meta http-equiv="Content-Security-Policy"')
    assert "default-src 'none'" in doc and 'data-rr-http-equiv="refresh"' in doc
    assert seal_html("<div>x</div>").endswith("<div>x</div>")
