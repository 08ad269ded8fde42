"""Split a recording-segments page (`[[...], [...], ...]`) into its segments' JSON texts.

Decoding a 1 MB page whole holds the GIL for 5-15 ms. With six concurrent requests those decodes
run one after another, right after the round trip. `candidate_spans` only looks for the byte
ranges between `],[` cuts and never decodes. `decode_spans` then decodes segment by segment while
the fetch stores them.

A cut can also fall inside a segment: a nested `[[1],[2]]`, or a string holding `],[`. A span that
ends at such a cut is not valid JSON, because its first `[` is never closed or a string is left
open. `decode_spans` then joins the span with the next one and decodes again, so each segment
decoded is the shortest run of spans from a true boundary that parses. If those retries re-read
more than twice the body, or anything else is unusual, it returns None and the caller decodes the
page whole (`decode_page`), with its usual checks and messages.

A segment orjson refuses (a lone surrogate, NaN, a DOM deeper than its limit) is decoded by
`jsonlenient` instead: a span that is one complete segment decodes there too, and what was repaired
is counted per segment (`DecodedPage.repairs`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..jsonlenient import Repairs, decode_at, loads

_WS = b" \t\n\r"  # JSON whitespace (bytes.strip() would also strip \f and \v)
_CUT = re.compile(rb"\][ \t\n\r]*,[ \t\n\r]*\[")
_LENIENT_ONLY = re.compile(rb"\\u[dD][89abcdefABCDEF]|NaN|Infinity|[eE]\+?\d{3}")


def candidate_spans(content: bytes) -> list[tuple[int, int]] | None:
    """`(start, end)` of each text between `],[` cuts inside the top-level array, or None.

    None when the body does not look like a non-empty array whose elements are arrays (the caller
    decodes it whole); [] for an empty array.
    """
    lead = len(content) - len(content.lstrip(_WS))
    tail = len(content.rstrip(_WS))
    if tail - lead < 2 or content[lead] != ord("[") or content[tail - 1] != ord("]"):
        return None
    inner = content[lead + 1 : tail - 1]
    first = lead + 1 + len(inner) - len(inner.lstrip(_WS))
    last = lead + 1 + len(inner.rstrip(_WS))
    if first >= last:
        return []
    if content[first] != ord("[") or content[last - 1] != ord("]"):
        return None
    spans: list[tuple[int, int]] = []
    start = first
    for cut in _CUT.finditer(content, first, last):
        spans.append((start, cut.start() + 1))
        start = cut.end() - 1
    spans.append((start, last))
    return spans


@dataclass
class DecodedPage:
    """A page's elements in order, and what the lenient decoder repaired in each (by index)."""

    value: Any
    repairs: dict[int, Repairs] = field(default_factory=dict)


def decode_spans(content: bytes, spans: list[tuple[int, int]]) -> DecodedPage | None:
    """The segments of the page, decoded span by span; None when the caller must decode it whole."""
    view = memoryview(content)
    budget = 2 * len(content)  # bytes re-read by retries before giving up on the split
    segments: list[list[Any]] = []
    repairs: dict[int, Repairs] = {}
    start: int | None = None
    for span_start, span_end in spans:
        begin = span_start if start is None else start
        try:
            value = orjson.loads(view[begin:span_end])
        except orjson.JSONDecodeError as exc:
            value = _lenient_span(view[begin:span_end], repairs, len(segments), str(exc))
            if value is None:
                budget -= span_end - begin
                if budget < 0:
                    return None
                start = begin
                continue
        start = None
        if not isinstance(value, list):  # cannot happen for a text from `[` to `]`; stay safe
            return None
        segments.append(value)
    return None if start is not None else DecodedPage(segments, repairs)


def _lenient_span(span: memoryview, repairs: dict[int, Repairs], index: int, error: str) -> Any | None:
    """The span decoded by `jsonlenient` when it is one complete value, else None (cut inside).

    Only tried when the span holds something orjson refuses and `jsonlenient` reads (a surrogate
    escape, NaN/Infinity, a huge exponent, or orjson's depth limit): a span cut inside a segment,
    the usual failure, is not decoded twice."""
    if "depth" not in error and "ecursion" not in error and _LENIENT_ONLY.search(span) is None:
        return None
    try:
        text = bytes(span).decode("utf-8")
        found = Repairs()
        value = loads(text, found)
    except (UnicodeDecodeError, ValueError):
        return None
    if found:
        repairs[index] = found
    return value


def decode_page(content: bytes) -> DecodedPage:
    """A whole page decoded by `jsonlenient`, repairs counted per top-level element;
    `json.JSONDecodeError` (a ValueError) when it is not JSON."""
    try:
        return DecodedPage(orjson.loads(content))
    except orjson.JSONDecodeError:
        pass
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise json.JSONDecodeError("not UTF-8", "", 0) from None
    pos = _skip(text, 0)
    if text[pos : pos + 1] != "[":
        total = Repairs()
        return DecodedPage(loads(text, total), {0: total} if total else {})
    items: list[Any] = []
    repairs: dict[int, Repairs] = {}
    pos = _skip(text, pos + 1)
    if text[pos : pos + 1] == "]":
        pos += 1
    else:
        while True:
            found = Repairs()
            value, pos = decode_at(text, pos, found)
            if found:
                repairs[len(items)] = found
            items.append(value)
            pos = _skip(text, pos)
            sep = text[pos : pos + 1]
            pos = _skip(text, pos + 1)
            if sep == "]":
                break
            if sep != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
    if _skip(text, pos) != len(text):
        raise json.JSONDecodeError("Extra data", text, pos)
    return DecodedPage(items, repairs)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
