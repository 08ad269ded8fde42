"""Naming elements the way people and Sentry do: selector steps, identifying attributes, masking.

Pure functions over one element's tag and attribute dict (the node map composes them into paths).
"""

from __future__ import annotations

from typing import Any

_SELECTOR_ATTRS = ("data-testid", "data-test-id", "data-test", "data-sentry-component", "role", "name")
_KEEP_ATTRS = 16
_ATTR_VALUE_MAX = 200
BUTTON_INPUT_TYPES = frozenset({"submit", "button", "reset"})


def is_masked(text: str | None) -> bool:
    """True when `text` is made only of mask characters (`*`) and whitespace."""
    return bool(text) and "*" in text and not text.replace("*", "").strip()  # type: ignore[union-attr,operator]


def element_selector(tag: str, attrs: dict[str, Any]) -> str:
    """`tag#id.class1.class2[data-testid="x"][role="tab"]` (plus `[type]` for inputs/buttons)."""
    out = [tag]
    el_id = attrs.get("id")
    if isinstance(el_id, str) and el_id:
        out.append("#" + el_id)
    cls = attrs.get("class")
    if isinstance(cls, str) and cls.strip():
        out.extend("." + c for c in cls.split()[:6])
    for name in _SELECTOR_ATTRS:
        value = attrs.get(name)
        if isinstance(value, str) and value:
            out.append(f'[{name}="{_quote(value)}"]')
    if tag in ("input", "button"):
        value = attrs.get("type")
        if isinstance(value, str) and value:
            out.append(f'[type="{_quote(value)}"]')
    return "".join(out)


def _quote(value: str) -> str:
    return value[:80].replace("\\", "\\\\").replace('"', '\\"')


def identifying_attributes(tag: str, attrs: dict[str, Any]) -> dict[str, str]:
    """Attributes worth showing (bounded); `value` only for button-like inputs (typed text is not)."""
    out: dict[str, str] = {}
    for name, value in attrs.items():
        if len(out) >= _KEEP_ATTRS:
            break
        if name in ("style", "_cssText") or name.startswith("rr_") or value is None or value is False:
            continue
        if name == "value" and not (
            tag == "input" and str(attrs.get("type", "")).lower() in BUTTON_INPUT_TYPES
        ):
            continue
        text = "" if value is True else str(value)
        out[name] = text[:_ATTR_VALUE_MAX]
    return out
