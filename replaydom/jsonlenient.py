"""JSON for recordings: orjson when it can, a lenient decoder and writer when it cannot.

Recordings are JSON written by JavaScript, and three things in them defeat the fast decoders:
- a string cut inside an emoji: `JSON.stringify` then writes a lone UTF-16 surrogate (`\\ud83d`),
  which orjson rejects and which Python cannot encode as UTF-8 later;
- `NaN`, `Infinity`, `-Infinity` and numbers too large for a double: not JSON (`JSON.stringify`
  writes `null` for them), rejected by orjson, silently accepted by the stdlib;
- deep DOMs: orjson stops at 1,024 levels (a 500-level DOM is 1,000+ JSON levels), the stdlib at
  Python's recursion limit, and orjson writes at most 254 levels.

`loads` and `decode_at` read any depth (an explicit stack, no recursion), replace each lone
surrogate by U+FFFD and each non-finite number by None, and count both in a `Repairs`, so the
caller can report them instead of failing or changing data silently. `dumps` writes any depth.
Well-formed, ordinary documents take the C fast paths; the pure-Python parser runs only for the
documents they refuse. Malformed JSON still raises `json.JSONDecodeError`.
"""

from __future__ import annotations

import json
import json.decoder
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

import orjson

# The stdlib's C string scanner (typeshed does not declare it): (text, index after the quote, strict).
scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


@dataclass
class Repairs:
    """What a lenient decode changed."""

    surrogates: int = 0  # lone UTF-16 surrogates replaced by U+FFFD
    nonfinite: int = 0  # NaN, Infinity, -Infinity and overflowing numbers read as null

    def __bool__(self) -> bool:
        return bool(self.surrogates or self.nonfinite)

    def add(self, other: Repairs) -> None:
        self.surrogates += other.surrogates
        self.nonfinite += other.nonfinite

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in (("surrogates", self.surrogates), ("nonfinite", self.nonfinite)) if v}

    def describe(self) -> list[str]:
        """One phrase per kind of repair, for warnings."""
        out = []
        if self.surrogates:
            out.append(f"{self.surrogates} lone UTF-16 surrogate(s) (a cut emoji) read as U+FFFD")
        if self.nonfinite:
            out.append(f"{self.nonfinite} malformed number(s) (NaN, Infinity, out of range) read as null")
        return out


class _NonFinite(Exception):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NonFinite(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):  # `1e400`: an overflow, counted like NaN
        raise _NonFinite(text)
    return value


# The stdlib decoder, made to refuse NaN/Infinity and overflowing numbers so that they take the
# counting path (the float hook costs nothing measurable on real recordings).
_STRICT = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)
# orjson (like JavaScript) reads an integer outside 64 bits as a double; the stdlib keeps it exact.
# `dumps` writes such an integer as orjson writes that double, so both decode paths store the same.
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1
_SURROGATE = re.compile("[\ud800-\udfff]")
_WS = re.compile(r"[ \t\n\r]*")
_WS_CHARS = frozenset(" \t\n\r")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_NONFINITE = ("NaN", "Infinity", "-Infinity")


def loads(data: bytes | str, repairs: Repairs | None = None) -> Any:
    """Decode a whole document (see the module docstring); `json.JSONDecodeError` when malformed."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(f"not UTF-8 ({exc.reason})", "", 0) from None
    else:
        text = data
    start = _WS.match(text, 0)
    value, end = decode_at(text, start.end() if start else 0, repairs)
    tail = _WS.match(text, end)
    if tail is None or tail.end() != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def decode_at(text: str, pos: int, repairs: Repairs | None = None) -> tuple[Any, int]:
    """`(value, end)` of the JSON value at `pos` (like `JSONDecoder.raw_decode`), repaired and
    counted into `repairs` only when the whole value was read."""
    found = Repairs()
    try:
        value, end = _STRICT.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except (RecursionError, _NonFinite, ValueError):  # ValueError: an integer of 4,300+ digits
        value, end = _parse(text, pos, found)
    else:
        # a surrogate escape (`\ud83d`, pairs included): the only thing left to repair; `in`-speed
        if text.find("\\ud", pos, end) >= 0 or text.find("\\uD", pos, end) >= 0:
            value = _repair(value, found)
    if repairs is not None:
        repairs.add(found)
    return value, end


def _fix_string(s: str, repairs: Repairs) -> str:
    if _SURROGATE.search(s) is None:
        return s
    fixed, count = _SURROGATE.subn("\ufffd", s)
    repairs.surrogates += count
    return fixed


def _repair(value: Any, repairs: Repairs) -> Any:
    """Replace lone surrogates and infinities in a decoded value (containers changed in place)."""
    if not isinstance(value, dict | list):
        return _repair_scalar(value, repairs)
    stack: list[dict[str, Any] | list[Any]] = [value]
    while stack:
        container = stack.pop()
        pairs = container.items() if isinstance(container, dict) else enumerate(container)
        changes = []
        for key, item in pairs:
            if isinstance(item, dict | list):
                stack.append(item)
            elif isinstance(item, str | float):
                fixed = _repair_scalar(item, repairs)
                if fixed is not item:
                    changes.append((key, fixed))
        for key, fixed in changes:
            container[key] = fixed  # type: ignore[index]
        if isinstance(container, dict) and any(_SURROGATE.search(k) for k in container):
            renamed = {_fix_string(k, repairs): v for k, v in container.items()}
            container.clear()
            container.update(renamed)
    return value


def _repair_scalar(item: Any, repairs: Repairs) -> Any:
    if isinstance(item, str):
        return _fix_string(item, repairs)
    if isinstance(item, float) and not math.isfinite(item):
        repairs.nonfinite += 1
        return None
    return item


def _big_int(value: int, repairs: Repairs) -> float | None:
    """An integer beyond 64 bits, as orjson reads it: a double (None when even that overflows)."""
    try:
        return float(value)
    except OverflowError:
        repairs.nonfinite += 1
        return None


def _error(msg: str, text: str, pos: int) -> json.JSONDecodeError:
    return json.JSONDecodeError(msg, text, pos)


def _scalar(text: str, pos: int, repairs: Repairs) -> tuple[Any, int]:
    """A string, number or literal at `pos`."""
    c = text[pos : pos + 1]
    if c == '"':
        value, end = scanstring(text, pos + 1, True)
        return _fix_string(value, repairs), end
    for word in _NONFINITE:
        if text.startswith(word, pos):
            repairs.nonfinite += 1
            return None, pos + len(word)
    for word, literal in _LITERALS.items():
        if text.startswith(word, pos):
            return literal, pos + len(word)
    m = _NUMBER.match(text, pos)
    if m is None or m.end() == pos:
        raise _error("Expecting value", text, pos)
    if m.group(1) is None and m.group(2) is None and m.end() - pos <= 4000:
        whole = int(m.group())  # (longer integers exceed Python's int-from-text limit)
        return (whole if _INT_MIN <= whole <= _INT_MAX else _big_int(whole, repairs)), m.end()
    number = float(m.group()) if m.end() - pos <= 4000 else math.inf
    if not math.isfinite(number):
        repairs.nonfinite += 1
        return None, m.end()
    return number, m.end()


def _parse(text: str, pos: int, repairs: Repairs) -> tuple[Any, int]:
    """The JSON value at `pos`, iteratively: any depth."""
    stack: list[list[Any] | dict[str, Any]] = []
    keys: list[str] = []  # the pending key of each dict on the stack
    n = len(text)
    while True:
        pos = _skip(text, pos)
        c = text[pos : pos + 1]
        if c == "[" or c == "{":
            pos = _skip(text, pos + 1)
            close = "]" if c == "[" else "}"
            if text[pos : pos + 1] == close:
                value: Any = [] if c == "[" else {}
                pos += 1
            else:
                stack.append([] if c == "[" else {})
                if c == "{":
                    key, pos = _key(text, pos, repairs)
                    keys.append(key)
                continue
        elif pos >= n:
            raise _error("Expecting value", text, pos)
        else:
            value, pos = _scalar(text, pos, repairs)
        # attach `value` to its container, closing every container that ends here
        while True:
            if not stack:
                return value, pos
            top = stack[-1]
            if isinstance(top, list):
                top.append(value)
            else:
                top[keys[-1]] = value
            pos = _skip(text, pos)
            c = text[pos : pos + 1]
            if c == ",":
                pos += 1
                if isinstance(top, dict):
                    keys[-1], pos = _key(text, _skip(text, pos), repairs)
                break
            if c != ("]" if isinstance(top, list) else "}"):
                raise _error("Expecting ',' delimiter", text, pos)
            pos += 1
            value = stack.pop()
            if isinstance(value, dict):
                keys.pop()


def _skip(text: str, pos: int) -> int:
    if text[pos : pos + 1] not in _WS_CHARS:  # compact JSON: no whitespace, no regex call
        return pos
    m = _WS.match(text, pos)
    return m.end() if m else pos


def _key(text: str, pos: int, repairs: Repairs) -> tuple[str, int]:
    if text[pos : pos + 1] != '"':
        raise _error("Expecting property name enclosed in double quotes", text, pos)
    key, pos = scanstring(text, pos + 1, True)
    pos = _skip(text, pos)
    if text[pos : pos + 1] != ":":
        raise _error("Expecting ':' delimiter", text, pos)
    return _fix_string(key, repairs), pos + 1


DEEP_NOTE = "[left out: nested deeper than {depth} levels]"


def capped(value: Any, depth: int = 64) -> Any:
    """A copy of `value` whose containers below `depth` levels are replaced by `DEEP_NOTE`, so any
    JSON reader (orjson stops at 1,024 levels, the stdlib at its recursion limit) can read it."""
    note = DEEP_NOTE.format(depth=depth)
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    while stack:
        item, into, key, level = stack.pop()
        if isinstance(item, dict | list) and level >= depth:
            into[key] = note
        elif isinstance(item, dict):
            copy: dict[str, Any] = {}
            into[key] = copy
            stack.extend((v, copy, k, level + 1) for k, v in item.items())
        elif isinstance(item, list):
            items: list[Any] = [None] * len(item)
            into[key] = items
            stack.extend((v, items, i, level + 1) for i, v in enumerate(item))
        else:
            into[key] = item
    return root[0]


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON of any depth (orjson's output whenever orjson can write it)."""
    try:
        return orjson.dumps(obj)
    except (orjson.JSONEncodeError, TypeError):
        pass  # deeper than 254 levels, an integer beyond 64 bits, or a lone surrogate
    parts: list[str] = []
    stack: list[Any] = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            parts.append(item.text)
        elif item is not obj and isinstance(item, dict | list | tuple) and _fast(item, parts):
            continue  # a subtree orjson can write (most of them): written at C speed
        elif isinstance(item, dict):
            if not item:
                parts.append("{}")
                continue
            parts.append("{")
            pending: list[Any] = []
            for i, (key, value) in enumerate(item.items()):
                pending += [_Raw(("," if i else "") + _string(str(key)) + ":"), value]
            pending.append(_Raw("}"))
            stack.extend(reversed(pending))
        elif isinstance(item, list | tuple):
            if not item:
                parts.append("[]")
                continue
            parts.append("[")
            pending = []
            for i, value in enumerate(item):
                if i:
                    pending.append(_Raw(","))
                pending.append(value)
            pending.append(_Raw("]"))
            stack.extend(reversed(pending))
        else:
            parts.append(_scalar_text(item))
    return "".join(parts).encode("utf-8")


def _fast(item: Any, parts: list[str]) -> bool:
    try:
        parts.append(orjson.dumps(item).decode())
    except (orjson.JSONEncodeError, TypeError):
        return False
    return True


class _Raw:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _string(s: str) -> str:
    # A lone surrogate cannot be UTF-8: write it as an escape (the data is kept, the text is valid).
    return encode_basestring(s) if _SURROGATE.search(s) is None else encode_basestring_ascii(s)


def _scalar_text(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        if _INT_MIN <= value <= _INT_MAX:
            return int.__repr__(value)
        value = _big_int(value, Repairs())  # as orjson reads (and writes) it: a double
    if isinstance(value, float):
        return orjson.dumps(value).decode()  # orjson's spelling; NaN and infinities: null
    if value is None:
        return "null"
    return _string(str(value))
