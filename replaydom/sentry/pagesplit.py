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
page whole (`orjson.loads`), with its usual checks and messages.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_WS = b" \t\n\r"  # JSON whitespace (bytes.strip() would also strip \f and \v)
_CUT = re.compile(rb"\][ \t\n\r]*,[ \t\n\r]*\[")


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


def decode_spans(content: bytes, spans: list[tuple[int, int]]) -> list[list[Any]] | None:
    """The segments of the page, decoded span by span; None when the caller must decode it whole."""
    view = memoryview(content)
    budget = 2 * len(content)  # bytes re-read by retries before giving up on the split
    segments: list[list[Any]] = []
    start: int | None = None
    for span_start, span_end in spans:
        begin = span_start if start is None else start
        try:
            value = orjson.loads(view[begin:span_end])
        except orjson.JSONDecodeError:
            budget -= span_end - begin
            if budget < 0:
                return None
            start = begin
            continue
        start = None
        if not isinstance(value, list):  # cannot happen for a text from `[` to `]`; stay safe
            return None
        segments.append(value)
    return None if start is not None else segments
