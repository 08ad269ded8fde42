"""Small, pure helpers over normalized event dicts, shared by `stats`, `struggles`, `window`, `search`.

Events are plain dicts in the `replaydom.model.Event` shape; these helpers never mutate them and
never invent values: a field that is missing or masked stays unknown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

Ev = dict[str, Any]

# What a user does with hands on keyboard or mouse (pointer moves excluded: people wiggle the mouse
# while they wait, so moves say nothing about progress).
USER_ACTION_KINDS = frozenset({"click", "tap", "input", "keydown"})
INTERACTION_KINDS = USER_ACTION_KINDS | {"scroll", "focus", "blur", "selection"}
CLICK_VARIANT_KINDS = frozenset({"dead-click", "rage-click", "slow-click", "multi-click"})
# Tags the Sentry SDK judges for slow/dead clicks (sentry-replay-model.md §5.1).
SDK_CLICK_TAGS = frozenset({"a", "button", "input"})

_MASK_RUN = re.compile(r"\*+")
# A label's quoted element text made only of mask characters: `click "********"` (clipped with …).
_MASKED_QUOTE = re.compile(r'"[*\s]*\*[*\s]*…?"')
_LAST_COMPOUND = re.compile(r"(?:^|\s>\s)([^>]*?)\s*$")


def data(ev: Ev) -> dict[str, Any]:
    """The kind-specific `data` object (an empty dict when absent)."""
    value = ev.get("data")
    return value if isinstance(value, dict) else {}


def offset(ev: Ev) -> int:
    return int(ev.get("offsetMs") or 0)


def end_offset(ev: Ev) -> int | None:
    """When an event's action ended: a typing burst's last keystroke, else the event's own time.

    An `input` event stands for a whole typing burst at its first keystroke; its end is only
    known when the normalizer records it (`data.lastOffsetMs`). None when unknown.
    """
    if ev.get("kind") != "input":
        return offset(ev)
    last = data(ev).get("lastOffsetMs")
    return last if isinstance(last, int) else None


def is_user_action(ev: Ev) -> bool:
    """A click, tap, input or keydown the user made (an input the page set itself is not)."""
    return ev.get("kind") in USER_ACTION_KINDS and not data(ev).get("setByPage")


def is_masked(text: str | None) -> bool:
    """True when the text is made only of mask characters and whitespace (and has some)."""
    return bool(text) and "*" in str(text) and not str(text).replace("*", "").strip()


def unmasked(text: str | None) -> str:
    """The text with every run of mask characters blanked, so masked parts never match anything."""
    return _MASK_RUN.sub(" ", text or "")


def visible_text(ev: Ev) -> str | None:
    """The element's recorded text, or None when it is missing or masked (never guessed)."""
    d = data(ev)
    text = d.get("text")
    if not isinstance(text, str) or not text.strip() or d.get("masked") or is_masked(text):
        return None
    return " ".join(text.split())


def last_compound(selector: str | None) -> str:
    """The last simple-selector compound of a breadcrumb path (`button#buy.primary[type="button"]`)."""
    if not selector:
        return ""
    m = _LAST_COMPOUND.search(selector)
    return (m.group(1) if m else selector).strip()


def short_selector(selector: str | None) -> str:
    """A short, stable element name: `tag#id` if there is an id, else `tag.class`, else the tag."""
    comp = last_compound(selector)
    if not comp:
        return ""
    head = comp.split("[", 1)[0]
    m = re.match(r"^([A-Za-z][\w-]*)?(#[\w-]+)?((?:\.[\w-]+)*)", head)
    if not m:
        return comp[:60]
    tag, ident, classes = m.group(1) or "", m.group(2) or "", m.group(3) or ""
    if ident:
        return f"{tag}{ident}"
    first_class = "." + classes.split(".")[1] if classes else ""
    return (tag + first_class) or comp[:60]


def shown_label(ev: Ev) -> str:
    """The event's label as every table prints it: masked element text names the element instead.

    `click "********"` becomes `click button#btn-checkout (text masked)` (likewise dead/rage/slow
    click labels), the form `stats` uses; labels without masked text are unchanged.
    """
    label = str(ev.get("label") or "")
    if ev.get("kind") == "input" or not _MASKED_QUOTE.search(label):
        return label
    name = short_selector(ev.get("selector")) or str(data(ev).get("tag") or "") or "element"
    return _MASKED_QUOTE.sub(lambda _m: f"{name} (text masked)", label, count=1)


def target_name(ev: Ev) -> str:
    """How findings name the element an event is about: `button#buy "Pay now"` (text only if
    visible), `button#buy (text masked)` when its text was masked (the form every table uses)."""
    name = short_selector(ev.get("selector")) or (data(ev).get("tag") or "") or "element"
    text = visible_text(ev)
    if text:
        text = text if len(text) <= 40 else text[:39] + "…"
        return f'{name} "{text}"'
    if ev.get("kind") != "input" and (data(ev).get("masked") or is_masked(data(ev).get("text"))):
        return f"{name} (text masked)"
    return str(name)


def node_key(ev: Ev) -> str:
    """Identity of the element an event is about: the rrweb node id, else the selector."""
    node = ev.get("nodeId")
    if isinstance(node, int) and node >= 0:
        return f"node:{node}"
    return f"sel:{ev.get('selector') or ''}"


def route(url: str | None) -> str:
    """The route of a URL: its path (query and fragment dropped), or the URL itself if it has none."""
    if not url:
        return "?"
    try:
        parts = urlsplit(str(url))
    except ValueError:  # a recorded `http://[zz...`: not a URL, use it as it is
        return str(url).split("?", 1)[0].split("#", 1)[0] or str(url)
    if parts.scheme and parts.netloc:
        return parts.path or "/"
    return str(url).split("?", 1)[0].split("#", 1)[0] or str(url)


def is_typing(ev: Ev) -> bool:
    """A DOM change that carried text the user typed into a contenteditable element: its input
    event (`data.typedInto`) stands for it."""
    return ev.get("kind") == "mutation" and data(ev).get("typedInto") is not None


def request_label(ev: Ev) -> str:
    """How request tables name a network event, one form for fetch/xhr and resources alike:
    `GET /api/products`, `script /static/init.js`, `img cdn.example.com/logo.png`.

    The method (fetch/xhr) or else the initiator (script, link, img...), then the path and query
    when the request went to the page's own origin (or was recorded relative), else host and path:
    a path alone would hide that another server answered. Query strings are cut at 60 characters.
    """
    d = data(ev)
    kind = _request_kind(d)
    url = str(d.get("url") or ev.get("url") or "")
    try:
        parts, page = urlsplit(url), urlsplit(str(ev.get("url") or ""))
    except ValueError:  # not a URL (`http://[zz`): show it as recorded
        return f"{kind} {url[:120]}".strip()
    query = f"?{parts.query}" if parts.query else ""
    query = query if len(query) <= 60 else query[:59] + "…"
    if not parts.netloc:
        where = url[:120]
    elif parts.netloc == page.netloc and parts.scheme == page.scheme:
        where = (parts.path or "/") + query
    else:
        where = parts.netloc + (parts.path or "/") + query
    return f"{kind} {where}".strip()


def request_name(ev: Ev) -> str:
    """`POST /api/checkout`, `img /static/logo.png` for a network event: the method, or for a
    resource its initiator (as `request_label`), and the path (hosts and query strings are noise)."""
    d = data(ev)
    path = route(d.get("url") or ev.get("url"))
    return f"{_request_kind(d)} {path}".strip()


def _request_kind(d: dict[str, Any]) -> str:
    """The method of a fetch/xhr, else the initiator of a resource (`script`, `img`...)."""
    return str(d.get("method") or "").upper() or str(d.get("initiator") or "")


def pointer_key(ev: Ev) -> tuple[Any, ...]:
    """A key that identifies one evidence item (its raw frame, or its related-error event id)."""
    return (ev.get("segmentId"), ev.get("frameIndex"), ev.get("eventId"), ev.get("kind"), offset(ev))


def by_kind(events: Iterable[Ev]) -> dict[str, list[Ev]]:
    """Events grouped by kind, each group in stream order."""
    groups: dict[str, list[Ev]] = {}
    for ev in events:
        groups.setdefault(str(ev.get("kind")), []).append(ev)
    return groups


def seconds(ms: float) -> str:
    """`850 ms` / `3.5 s` / `12 s` for finding titles."""
    if ms < 1000:
        return f"{ms:.0f} ms"
    value = ms / 1000
    return f"{value:.1f} s" if value < 10 else f"{value:.0f} s"


def redacted(ev: Ev) -> Ev:
    """A copy for sharing (`--redact`): input text (also the texts of the DOM changes that carried
    typing into a contenteditable), network bodies and header values become lengths.

    Lengths are kept (`"<redacted 12 chars>"`) because they still tell a reader whether a field
    was empty, short or huge; nothing else changes.
    """
    d = data(ev)
    if ev.get("kind") == "input" and isinstance(d.get("text"), str):
        return {**ev, "data": {**d, "text": redacted_text(d["text"])}}
    if is_typing(ev):  # the typed text, as the page showed it keystroke by keystroke
        added, removed = d.get("addedTexts") or [], d.get("removedTexts") or []
        texts = {
            "addedTexts": [redacted_text(t) for t in added],
            "removedTexts": [redacted_text(t) for t in removed],
        }
        return {**ev, "data": {**d, **texts}}
    if ev.get("kind") == "network" and any(isinstance(d.get(s), dict) for s in ("request", "response")):
        new = dict(d)
        for side in ("request", "response"):
            if isinstance(d.get(side), dict):
                new[side] = _redact_body(d[side])
        return {**ev, "data": new}
    return ev


def _redact_body(body: dict[str, Any]) -> dict[str, Any]:
    out = dict(body)
    if body.get("body") is not None:
        raw = body["body"]
        out["body"] = redacted_text(raw if isinstance(raw, str) else _compact(raw))
    if isinstance(body.get("headers"), dict):
        out["headers"] = {k: redacted_text(str(v)) for k, v in body["headers"].items()}
    return out


def redacted_text(text: str) -> str:
    """What `--redact` leaves of a recorded text: its length."""
    return f"<redacted {len(text)} chars>"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
