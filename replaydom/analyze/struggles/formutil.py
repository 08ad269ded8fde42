"""Forms as the events show them: which form an element is in, submit-like controls, search fields,
the values typed, and whether a route changed. Shared by rejected-submit, dead-end-search and
form-abandonment.

The form of an element is read from its recorded selector path (`... > form#checkout-form.checkout
> label > input#name`): the path up to and including the `form` step. Elements outside a `<form>`
are grouped by route (single-page apps often have no form element).
"""

from __future__ import annotations

import re
from typing import Any

from ..evutil import Ev, data, is_masked, node_key, route, short_selector, visible_text
from .clicks import tag_of
from .core import Context

SUBMIT_WORDS = re.compile(
    r"^\s*(?:next|continue|save|submit|send|sign\s*up|sign\s*in|log\s*in|login|register|create|"
    r"checkout|check\s*out|pay|place|confirm|apply|update|search|go|done|finish|proceed|book|order|"
    r"subscribe|join|verify|reset)\b",
    re.I,
)
_STEP = re.compile(r"\s*>\s*")
_SEARCH = re.compile(r"search|(?:^|[^a-z])q(?:uery)?(?:[^a-z]|$)|find|filter", re.I)


def form_key(ev: Ev) -> str | None:
    """The selector step of the `<form>` an element is in (`form#checkout-form.checkout`), None
    outside any form. Only the step: recorded paths are cut at different depths per element."""
    selector = str(ev.get("selector") or data(ev).get("sentrySelector") or "")
    steps = _STEP.split(selector) if selector else []
    for i in range(len(steps) - 1, -1, -1):
        head = re.split(r"[#.\[:]", steps[i], maxsplit=1)[0].lower()
        if head == "form":
            return steps[i]
    return None


def scope_key(ev: Ev) -> str:
    """A form's selector path, else `route:<path>` for controls outside any form."""
    return form_key(ev) or f"route:{ev_route(ev)}"


def ev_route(ev: Ev) -> str:
    return route(ev.get("url"))


def attributes(ev: Ev) -> dict[str, Any]:
    """The clicked or typed-into element's recorded attributes (empty when absent or malformed)."""
    value = data(ev).get("attributes")
    return value if isinstance(value, dict) else {}


def input_type(ev: Ev) -> str:
    value = data(ev).get("inputType") or attributes(ev).get("type")
    if not value:
        m = re.search(r'\[type="?([\w-]+)"?\]', str(ev.get("selector") or ""))
        value = m.group(1) if m else ""
    return str(value).lower()


def is_submit_like(ev: Ev) -> bool:
    """A click on `type=submit`, a button inside a form, or a button/link named like a submit
    ("Next", "Continue", "Save", "Sign up", ...)."""
    if ev.get("kind") not in ("click", "tap"):
        return False
    tag, kind = tag_of(ev), input_type(ev)
    if tag == "input":
        return kind in ("submit", "image") or (kind == "button" and form_key(ev) is not None)
    text = visible_text(ev) or ""
    if tag == "button":
        return kind == "submit" or form_key(ev) is not None or bool(SUBMIT_WORDS.match(text))
    role = str(attributes(ev).get("role") or "")
    return tag == "a" and role == "button" and bool(SUBMIT_WORDS.match(text))


def is_submit_button(ev: Ev) -> bool:
    """A submit-like click that submits rather than helps (`type=submit` or a submit name)."""
    kind = input_type(ev)
    return is_submit_like(ev) and (
        kind in ("submit", "image") or bool(SUBMIT_WORDS.match(visible_text(ev) or ""))
    )


def is_enter(ev: Ev) -> bool:
    d = data(ev)
    return ev.get("kind") == "keydown" and str(d.get("key") or "") == "Enter" and not d.get("shiftKey")


def is_search_field(ev: Ev) -> bool:
    """An input into a search box: `type=search`, `role=searchbox`, or search-like id/name/label."""
    if ev.get("kind") != "input":
        return False
    if input_type(ev) == "search":
        return True
    attrs = attributes(ev)
    if attrs.get("role") == "searchbox":
        return True
    return bool(_SEARCH.search(short_selector(ev.get("selector")) or ""))


def is_text_field(ev: Ev) -> bool:
    return input_type(ev) not in ("checkbox", "radio", "range", "color", "file", "hidden")


def field_name(ev: Ev) -> str:
    return short_selector(ev.get("selector")) or node_key(ev)


def shown_value(ev: Ev) -> str | bool | None:
    """The value an input event left in its field, as far as the recording shows it: the text when
    captured, `"<masked N chars>"` when masked, the checked state for checkboxes and radios."""
    d = data(ev)
    if input_type(ev) in ("checkbox", "radio") and isinstance(d.get("isChecked"), bool):
        return bool(d["isChecked"])
    text = d.get("text")
    if isinstance(text, str) and not d.get("masked") and not is_masked(text):
        return text
    length = d.get("textLength")
    return f"<masked {length} chars>" if isinstance(length, int) else "<masked>"


def route_changed(ctx: Context, lo: int, hi: int, here: str) -> Ev | None:
    """The first navigation in `(lo, hi]` that leaves the route `here`."""
    for nav in ctx.between(("navigation",), lo + 1, hi):
        if route(data(nav).get("toUrl") or nav.get("url")) != here:
            return nav
    return None


def requests_between(ctx: Context, lo: int, hi: int) -> list[Ev]:
    """Fetch/XHR requests started in `[lo, hi]` (page resources left out)."""
    return [
        ev
        for ev in ctx.between(("network",), lo, hi)
        if str(data(ev).get("initiator") or "") in ("fetch", "xmlhttprequest", "xhr", "beacon")
    ]


def failed(ev: Ev) -> bool:
    d = data(ev)
    status = d.get("status")
    return bool(d.get("failed")) or not isinstance(status, int) or status >= 400 or status == 0


def sent(ev: Ev) -> bool:
    """A request that sends something (not a GET/HEAD read)."""
    return str(data(ev).get("method") or "GET").upper() not in ("GET", "HEAD", "OPTIONS")
