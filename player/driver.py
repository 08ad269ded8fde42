"""Drive Sentry's rrweb Replayer in one headless Chromium to get a page as it was at an offset.

One `Player` = one browser, one page at about:blank with the rrweb UMD bundle and `page.js`. The
recording's frames are handed over once (`window.EV`); every `render`/`dom_tree` builds a fresh
Replayer on a deep copy and pauses it at the instant (rrweb-model.md §5.2). Nothing leaves the page:
every request that is not data:/blob:/about: is aborted and counted, and the replay iframe keeps
the Replayer's `sandbox="allow-same-origin"` (no scripts).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from replaydom import jsonlenient
from replaydom.doctor import FAIL, OK, Check
from replaydom.errors import DataError, ExitCode, NotFoundError, PlayerUnavailable, UsageError

from .frames import Timeline, Viewport, is_rrweb_frame, json_batches
from .locate import bundle_fix, chromium_fix, find_bundle, find_chromium, require_playwright

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, Request, Route

DomNode = list[Any]
"""One node of `Player.dom_tree` (format in its docstring)."""

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces under the request router: <link rel=preconnect>/dns-prefetch open sockets
    # without a request the router sees. No name resolves, and every connection would go to a
    # closed local port (loopback included, which Chromium otherwise never proxies).
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]
PAGE_CSS = "body{margin:0}.replayer-wrapper>iframe{border:0}.replayer-mouse{display:none}"
LOCAL_SCHEMES = ("data:", "blob:", "about:")
LOAD_BATCH = 8 << 20  # bytes of frame JSON per message to the page
# Frames up to this much after `load(until_ms=...)` are kept too: a paused Replayer never applies a
# frame at or after its target, and a second covers any rounding of the target on either side.
UNTIL_SLACK_MS = 1000
DEFAULT_VIEWPORT = Viewport(1280, 720)
_PAGE_JS = Path(__file__).with_name("page.js")


@dataclass(frozen=True)
class NetworkStats:
    """Requests seen by the page since start: all, those to the outside, those aborted."""

    requests: int
    outside: int
    blocked: int


@dataclass(frozen=True)
class RenderResult:
    """The replay at `offset_ms` from replay start (`target_ms` epoch ms).

    `html` is the materialized document (see `Player.render`), or the first element matching
    `css`; `png` is the replay iframe (or that element) when a screenshot was asked for. Without a
    document (`has_document` false, `note` says why) both are None.
    """

    offset_ms: int
    target_ms: float
    has_document: bool
    html: str | None
    png: bytes | None
    viewport: Viewport | None
    css: str | None
    requests_blocked: int
    replayer_offset_ms: float | None = None
    note: str | None = None


class Player:
    """A headless Chromium running the rrweb Replayer, sealed from the network.

    Use as a context manager. `chromium` is an explicit executable; otherwise env
    `REPLAYDOM_CHROMIUM`, a system Chromium/Chrome (`locate.CHROMIUM_NAMES`), then Playwright's own
    browser if one is installed. `bundle_dir` overrides where the rrweb dist files are read from.
    Raises `PlayerUnavailable` when Playwright, the rrweb bundle or Chromium is missing.
    """

    def __init__(
        self,
        chromium: str | os.PathLike[str] | None = None,
        *,
        bundle_dir: Path | None = None,
        timeout_ms: float = 60_000,
    ) -> None:
        require_playwright()
        self._bundle = find_bundle(bundle_dir)
        self._chromium = find_chromium(chromium)
        self._timeout_ms = timeout_ms
        self._pw: Playwright | None = None
        self._browser: Browser | None = None
        self._page: Page | None = None
        self._timeline: Timeline | None = None
        self._start_ms = 0.0
        self._until_ms: float | None = None
        self._viewport: Viewport | None = None
        self._requests = self._outside = self._blocked = 0

    # ---- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> Player:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start(self) -> None:
        """Launch the browser and prepare the page. Called by `__enter__`."""
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self._browser = self._launch(self._pw)
            context = self._browser.new_context(service_workers="block", device_scale_factor=1)
            context.route("**/*", self._route)  # context-wide: also covers any page it might open
            self._page = context.new_page()
            self._page.set_default_timeout(self._timeout_ms)
            self._page.on("request", self._count)
            self._page.goto("about:blank")
            self._page.add_style_tag(path=self._bundle.style)
            self._page.add_style_tag(content=PAGE_CSS)
            self._page.add_script_tag(path=self._bundle.script)
            self._page.add_script_tag(path=_PAGE_JS)
            if not self._page.evaluate("() => typeof rrweb?.Replayer === 'function' && !!window.__replaydom"):
                raise PlayerUnavailable(f"{self._bundle.script} defines no rrweb.Replayer: {bundle_fix()}")
        except BaseException:
            self.close()
            raise

    def _launch(self, pw: Playwright) -> Browser:
        from playwright.sync_api import Error

        path = str(self._chromium) if self._chromium else None
        try:
            return pw.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
        except Error as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else "launch failed"
            where = path or "Playwright's bundled Chromium"
            raise PlayerUnavailable(f"cannot start Chromium ({where}: {first}): {chromium_fix()}") from e

    def close(self) -> None:
        """Close the browser; safe to call twice or after a failed start."""
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._browser = self._page = None
            if self._pw is not None:
                self._pw.stop()
                self._pw = None

    # ---- network seal -------------------------------------------------------------------------

    def _route(self, route: Route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self._blocked += 1
            route.abort("blockedbyclient")

    def _count(self, request: Request) -> None:
        self._requests += 1
        if not request.url.startswith(LOCAL_SCHEMES):
            self._outside += 1

    @property
    def browser_version(self) -> str | None:
        """The running browser's version (after `start`)."""
        return self._browser.version if self._browser is not None else None

    @property
    def network(self) -> NetworkStats:
        """Counts since start. `outside - blocked` is what left the page: it must be 0."""
        return NetworkStats(self._requests, self._outside, self._blocked)

    # ---- replay -------------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        if self._page is None:
            raise RuntimeError("Player is not started: use `with Player() as p:`")
        return self._page

    def load(self, frames: Iterable[Any], start_ms: float, *, until_ms: float | None = None) -> int:
        """Hand the recording to the page and return how many rrweb frames it kept.

        `frames` may be every frame of the replay (segments concatenated, any iterable: it is
        streamed to the page in batches, never held whole); Sentry's custom frames are dropped
        here. `start_ms` is replay start (epoch ms); offsets count from it. With `until_ms` (epoch
        ms), frames stamped later than it (plus `UNTIL_SLACK_MS`) are left out: a Replayer paused at
        T applies only frames before T, so renders up to `until_ms` are unchanged and an hour-long
        recording asked about its first minutes is not copied, cloned and sorted whole. Rendering
        past `until_ms` is then refused (`RuntimeError`).
        """
        cutoff = None if until_ms is None else until_ms + UNTIL_SLACK_MS
        timeline = Timeline()

        def kept() -> Iterator[dict[str, Any]]:
            for frame in frames:
                if is_rrweb_frame(frame) and (cutoff is None or frame["timestamp"] <= cutoff):
                    timeline.add(frame)
                    yield frame

        # JSON strings, not values: Playwright's per-value argument encoding is ~10x slower on
        # megabytes. In batches of about LOAD_BATCH bytes: one string of a 200 MB recording is one
        # protocol message that the Playwright driver dies on ("Connection closed while reading").
        # (`jsonlenient.dumps`: any depth, where json.dumps recurses and stops near 1,000 levels)
        self.page.evaluate("() => { window.EV = []; }")
        for batch in json_batches(kept(), LOAD_BATCH):
            self.page.evaluate("s => { for (const f of JSON.parse(s)) window.EV.push(f); }", batch)
        if len(timeline) < 2:
            self.page.evaluate("() => { window.EV = []; }")
            count = len(timeline)
            raise DataError(f"the recording has {count} rrweb frame(s); the Replayer needs at least 2")
        self._timeline = timeline
        self._start_ms = float(start_ms)
        self._until_ms = cutoff
        return len(timeline)

    @property
    def timeline(self) -> Timeline:
        if self._timeline is None:
            raise RuntimeError("call Player.load(frames, start_ms) first")
        return self._timeline

    def render(self, offset_ms: int, *, screenshot: bool = False, css: str | None = None) -> RenderResult:
        """The replay at `offset_ms` from replay start, as HTML and optionally a PNG.

        The HTML is `<!DOCTYPE ...>` + `<html>` of the replay document with:
        - `data-rr-id` on every element the recording knows (Replayer mirror id >= 1);
        - live state as attributes: input/textarea `.value` as `value` (where it differs from the
          attribute), `.checked` as `checked`, the selected `<option>`s as `selected`;
        - Replayer artefacts removed: the empty `<style>` it injects before `<head>`, the
          `:hover`/`rrweb-paused` classes (`class` normalised as in `dom_tree`), blank `style`;
        - inert: `on*` attributes and the Replayer's `_onclick`/`_onload`/`_onmouse*` become
          `data-rr-on*`; an attribute holding a `javascript:` URL moves to `data-rr-<name>`, and
          `href` is set to `#` (other attributes are dropped) so links still look like links;
        - open shadow roots as a first child `<template shadowrootmode="open">`;
        - same-origin iframe documents, materialized the same way, in the iframe's `srcdoc`;
        - sealed for whoever opens the file later (`seal_html`): a Content-Security-Policy that
          allows no script and no network, and recorded `<meta http-equiv>` renamed.
        `css` limits HTML and picture to the first matching element inside the replay document
        (`NotFoundError` if none, `UsageError` for a bad selector). The PNG is taken with the page
        sized to the recorded viewport in effect at the instant, at device scale 1.
        """
        target = self._start_ms + offset_ms
        viewport = self.timeline.viewport_at(target)
        blocked_before = self._blocked
        seek = self._seek_offset(offset_ms)
        if seek is None:
            note = self._why_empty(target)
            return RenderResult(offset_ms, target, False, None, None, viewport, css, 0, note=note)
        html = seal_html(self._in_page("s => __replaydom.html(s)", css, offset_ms))
        png = None
        if screenshot:
            self._set_viewport(self._size_at(target))
            png = self._screenshot(css, offset_ms)
        blocked = self._blocked - blocked_before
        return RenderResult(
            offset_ms,
            target,
            True,
            html,
            png,
            viewport,
            css,
            blocked,
            replayer_offset_ms=seek["replayerOffset"],
        )

    def dom_tree(self, offset_ms: int) -> DomNode | None:
        """Canonical tree of the Replayer's DOM at `offset_ms`, or None when there is no document.

        Made for differential tests against a pure-Python reconstruction (rrweb-model.md §5.3).
        Only nodes whose mirror id is >= 1 appear (a skipped node takes its subtree with it: the
        Replayer's injected `<style>` and the id-less CSS text node of an inlined `<link>`).
        Every node is a JSON-ready list:

        - document: `[id, "document", "#document", {}, children, {}]`
        - doctype:  `[id, "doctype", name, {}, [], {"publicId": str, "systemId": str}]`
        - element:  `[id, "element", localName, attrs, children, extra]`
        - text / comment / cdata: `[id, "text" | "comment" | "cdata", data]`

        `localName` is the DOM's: lower case for HTML; the Replayer builds `<script>` as
        `<noscript>` and restores camelCase SVG names (`linearGradient`). `attrs` maps name to
        string value, keys sorted, with the same clean-up as `render`'s HTML: `:hover` and
        `rrweb-paused` removed from `class`, whose tokens are then joined by one space in first-
        seen order without duplicates (`class` dropped if empty); blank `style` dropped; `onX` and
        `_onX` renamed `data-rr-onX`; a `javascript:` URL value moved to `data-rr-<name>` (`href`
        kept as `#`). Attributes are the DOM's, so live state is not in them. `children` are the
        light-DOM children in order. `extra` holds only the keys that apply:
        - `value` (str): the `.value` property of input (not checkbox/radio), textarea, select;
        - `checked` (bool): input type checkbox/radio (`.checked`);
        - `selected` (bool): option (`.selected`);
        - `svg` (true): the element is in the SVG namespace;
        - `shadow` (list of nodes): children of its open shadow root;
        - `contentDocument` (a document node): the attached document of a same-origin iframe.
        """
        if self._seek_offset(offset_ms) is None:
            return None
        text = self.page.evaluate("() => JSON.stringify(__replaydom.tree())")
        tree: DomNode | None = jsonlenient.loads(text)  # any depth
        return tree

    # ---- helpers ------------------------------------------------------------------------------

    def _why_empty(self, target: float) -> str:
        first = round(self.timeline.first_ms - self._start_ms)
        if target <= self.timeline.first_ms:
            return f"before the first rrweb frame (offset {first} ms): no document yet"
        return "no full snapshot of the current page before this instant: no document"

    def _set_viewport(self, size: Viewport) -> None:
        if size != self._viewport:
            self.page.set_viewport_size(asdict(size))  # type: ignore[arg-type]
            self._viewport = size

    def _size_at(self, target: float) -> Viewport:
        return self.timeline.viewport_at(target) or self.timeline.first_viewport() or DEFAULT_VIEWPORT

    def _seek_offset(self, offset_ms: int) -> dict[str, float] | None:
        """A fresh Replayer paused at the offset; None (and no Replayer) without a document."""
        from playwright.sync_api import Error

        target = self._start_ms + offset_ms
        if self._until_ms is not None and target > self._until_ms:
            raise RuntimeError(f"loaded up to {self._until_ms} ms (epoch); cannot render {target}")
        if not self.timeline.has_document(target):
            self.page.evaluate("() => __replaydom.clear()")  # never leave an older page showing
            return None
        try:
            seek: dict[str, float] = self.page.evaluate(
                "([t, v]) => __replaydom.seek(t, v)", [target, asdict(self._size_at(target))]
            )
        except Error as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else "unknown error"
            raise DataError(f"the rrweb Replayer failed at {offset_ms} ms: {first}") from e
        return seek

    def _in_page(self, script: str, css: str | None, offset_ms: int) -> Any:
        from playwright.sync_api import Error

        try:
            return self.page.evaluate(script, css)
        except Error as e:
            if css and "NO_MATCH" in str(e):
                raise NotFoundError(f"no element matches {css!r} in the replay at {offset_ms} ms") from e
            if css and "SyntaxError" in str(e):
                raise UsageError(f"bad CSS selector {css!r}") from e
            raise

    def _screenshot(self, css: str | None, offset_ms: int) -> bytes:
        self.page.evaluate("() => __replaydom.settle()")
        if css is None:
            return self.page.locator(".replayer-wrapper iframe").screenshot(animations="disabled")
        clip = self._in_page("s => __replaydom.clip(s)", css, offset_ms)
        if clip is None:
            raise NotFoundError(f"the element matching {css!r} has no visible area at offset {offset_ms} ms")
        return self.page.screenshot(clip=clip, animations="disabled")


# Saved snapshots are opened by people in ordinary browsers, outside the player's sealed page: a
# CSP with no sources keeps them from running anything or calling the recorded site (inline
# styles and data: URLs, which the recording inlines, still render).
SEAL = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline' data:; img-src data:; font-src data:; media-src data:\">"
)
_HTTP_EQUIV = re.compile(r"(<meta\b[^>]*?\s)http-equiv=", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def seal_html(html: str) -> str:
    """Add the sealing CSP as the first element of `<head>` and disarm recorded `http-equiv`
    (e.g. a refresh that would navigate away). A fragment (`css`) gets the CSP in front, where
    the HTML parser hoists it into the head."""
    html = _HTTP_EQUIV.sub(r"\1data-rr-http-equiv=", html)
    head = _HEAD.search(html)
    if head:
        return html[: head.end()] + SEAL + html[head.end() :]
    return SEAL + html


def start_check(chromium: str | None = None) -> Check:
    """Start the player for real (Chromium + Replayer on a blank page) and stop it: the last check
    of `replaydom doctor`, run once Playwright, bundle and Chromium were found."""
    try:
        with Player(chromium) as player:
            version = player.browser_version
    except PlayerUnavailable as exc:
        fix = bundle_fix() if "rrweb" in exc.message else chromium_fix()
        return Check("player start", FAIL, exc.message, fix, ExitCode.PLAYER_UNAVAILABLE)
    return Check("player start", OK, f"headless Chromium {version} runs the rrweb Replayer")
