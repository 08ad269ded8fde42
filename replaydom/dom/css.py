"""The two CSS rewrites the Replayer makes to recorded text.

- `add_hover_class`: every selector with `:hover` is duplicated with `.\\:hover` so the Replayer can
  show hover without a pointer (rrweb-snapshot `addHoverClass`). Recordings without `:hover` are left
  untouched, which is the common case and the fast path.
- `patch_style`: the object form of a `style` attribute mutation, applied the way RRDom's
  `style.setProperty`/`removeProperty` do it (parse `a: b;` pairs, edit, re-serialize), because that
  string is what the Replayer's diff finally writes into the element.
"""

from __future__ import annotations

import re
from typing import Any

_HOVER = re.compile(r"([^\\]):hover")
_COMMENT = re.compile(r"/\*[\s\S]*?\*/+")
_SPLIT = re.compile(r"\s*(?![^(]*\)),\s*")
_HOVER_REPLACEMENT = r"\1.\\:hover"
_MAX_CSS = 1_000_000  # the Replayer skips the rewrite for larger sheets


def add_hover_class(css: str) -> str:
    """Duplicate `:hover` selectors as `.\\:hover` ones, like the Replayer."""
    if ":hover" not in css or len(css) >= _MAX_CSS:
        return css
    selectors = [s for s in _selectors(css) if _HOVER.search(s)]
    if not selectors:
        return css
    unique = sorted(dict.fromkeys(selectors), key=len, reverse=True)
    matcher = re.compile("|".join(re.escape(s) for s in unique))

    def swap(match: re.Match[str]) -> str:
        selector = match.group(0)
        return selector + ", " + _HOVER.sub(_HOVER_REPLACEMENT, selector)

    return matcher.sub(swap, css)


def _selectors(css: str) -> list[str]:
    """Rule selectors of a stylesheet, descending into @media/@supports blocks (an approximation of
    the reworkcss parser the Replayer uses, enough to find the selectors that mention `:hover`)."""
    text = _COMMENT.sub("", css)
    found: list[str] = []
    i, n = 0, len(text)
    start = 0
    depth_stack: list[bool] = []  # True when the open block holds rules (at-rule), False for a rule
    while i < n:
        ch = text[i]
        if ch in "\"'":
            end = text.find(ch, i + 1)
            i = n if end < 0 else end + 1
            continue
        if ch == "{":
            head = text[start:i].strip()
            in_rule = bool(depth_stack) and not depth_stack[-1]
            if head.startswith("@"):
                depth_stack.append(
                    head.split(None, 1)[0].lower()
                    in ("@media", "@supports", "@document", "@container", "@layer")
                )
            else:
                if not in_rule and head:
                    found.extend(s.strip() for s in _SPLIT.split(head) if s.strip())
                depth_stack.append(False)
            start = i + 1
        elif ch == "}":
            if depth_stack:
                depth_stack.pop()
            start = i + 1
        elif ch == ";" and (not depth_stack or depth_stack[-1]):
            start = i + 1  # end of an at-statement such as @import
        i += 1
    return found


_LIST_SPLIT = re.compile(r";(?![^(]*\))")
_CAMEL = re.compile(r"-([a-z])")
_HYPHEN = re.compile(r"\B([A-Z])")
_CUSTOM = re.compile(r"^--[a-zA-Z0-9-]+$")


def _camelize(name: str) -> str:
    return name if _CUSTOM.match(name) else _CAMEL.sub(lambda m: m.group(1).upper(), name)


def _hyphenate(name: str) -> str:
    return _HYPHEN.sub(r"-\1", name).lower()


def parse_style(css: str) -> dict[str, str]:
    """RRDom's `parseCSSText`: camelized property -> value."""
    result: dict[str, str] = {}
    for item in _LIST_SPLIT.split(re.sub(r"/\*.*?\*/", "", css)):
        if not item:
            continue
        name, sep, value = item.partition(":")
        if sep:
            result[_camelize(name.strip())] = value.strip()
    return result


def style_text(style: dict[str, str]) -> str:
    """RRDom's `toCSSText`."""
    return " ".join(f"{_hyphenate(name)}: {value};" for name, value in style.items())


def set_style_property(css: str, name: str, value: str | None, priority: str | None = None) -> str:
    """`el.style.setProperty(name, value, priority)` on RRDom, returning the new attribute text."""
    if _HYPHEN.search(name):
        return css
    style = parse_style(css)
    key = _camelize(name)
    if not value:
        style.pop(key, None)
    else:
        style[key] = value + (" !important" if priority == "important" else "")
    return style_text(style)


def patch_style(css: str, patch: dict[str, Any]) -> str:
    """Apply a recorded style object (`{prop: value | [value, priority] | false}`)."""
    for name, value in patch.items():
        if value is False:
            if not _HYPHEN.search(name):
                style = parse_style(css)
                style.pop(_camelize(name), None)
                css = style_text(style)
        elif isinstance(value, list) and value:
            priority = value[1] if len(value) > 1 and isinstance(value[1], str) else None
            css = set_style_property(css, name, _js_str(value[0]), priority)
        else:
            css = set_style_property(css, name, _js_str(value))
    return css


def _js_str(value: Any) -> str | None:
    if value is None or value is False:
        return None
    return js_string(value)


def js_string(value: Any) -> str:
    """`String(value)` as JavaScript writes it (numbers without a trailing `.0`, booleans lower)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return str(value)
