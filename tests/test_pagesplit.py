"""Recording-segment pages are split into segments without decoding them whole, with the same result.

`pagesplit.candidate_spans` cuts the body at every `],[`; `decode_spans` rejoins the spans that a
nested array or a string cut apart. Whatever the body, `SegmentPage.segments` equals what decoding
the page whole gives, and raises the same `UpstreamError`s for shapes Sentry does not send.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replaydom.errors import UpstreamError
from replaydom.sentry.api import SegmentPage
from replaydom.sentry.pagesplit import candidate_spans, decode_spans

TRICKY = ["],[", "] , [", "\\", '"', '\\"],[', "[[", "]]", "é", "\u2028", "{", "}"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.sampled_from([*TRICKY, "a", " ", ","]), max_size=6).map("".join),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)
pages = st.lists(st.lists(values, max_size=5), max_size=8)


def _encodings(page: list[list[Any]]) -> list[bytes]:
    return [
        orjson.dumps(page),
        json.dumps(page).encode(),  # ", " separators and \\u escapes, as tests/sentry_server.py sends
        json.dumps(page, indent=1, ensure_ascii=False).encode(),
        b" \n" + json.dumps(page, separators=(",", ":")).encode() + b"\r\n",
    ]


def _page(content: bytes, offset: int = 0) -> SegmentPage:
    return SegmentPage(offset, None, content, candidate_spans(content), "GET /api/0/x/")


@settings(max_examples=300, deadline=None)
@given(pages)
def test_split_then_decode_equals_decoding_the_page_whole(page: list[list[Any]]) -> None:
    for content in _encodings(page):
        assert _page(content).segments == orjson.loads(content)


def test_cuts_inside_segments_and_strings_are_rejoined() -> None:
    page = [[{"a": "x],[y", "b": [[1, 2], [3]]}], [], [{"c": '\\"],[\\\\', "d": "]"}], [[1], [2]]]
    content = orjson.dumps(page)
    spans = candidate_spans(content)
    assert spans is not None and len(spans) > len(page)  # cut in the wrong places too
    decoded = decode_spans(content, spans)
    assert decoded is not None and decoded.value == page and decoded.repairs == {}


def test_many_nested_cuts_fall_back_to_a_whole_decode() -> None:
    page = [[[[i], [i + 1]] for i in range(300)], [1]]
    content = orjson.dumps(page)
    spans = candidate_spans(content)
    assert spans is not None
    assert decode_spans(content, spans) is None  # retries would re-read too much: decode whole
    assert _page(content).segments == page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"data": []}', "answered with metadata"),
        (b'[[1], {"a": 1}]', "expected a list of segments"),
        (b"[[1], 2]", "expected a list of segments"),
        (b"[1, 2]", "expected a list of segments"),
        (b"[[1],[2],]", "not JSON"),
        (b"[[1]\x0c,[2]]", "not JSON"),  # \f is no JSON whitespace
        (b"[[1] [2]]", "not JSON"),
        (b"[[1],[2]", "not JSON"),
        (b"[" + b",".join([b"[1]"] * 101) + b"]", "101 segments, more than per_page"),
    ],
)
def test_bad_pages_raise_what_a_whole_decode_raised(content: bytes, message: str) -> None:
    with pytest.raises(UpstreamError, match=message):
        _ = _page(content, offset=100).segments


@pytest.mark.parametrize("content", [b"", b"  ", b"[]", b" [ ] "])
def test_empty_pages_have_no_segments(content: bytes) -> None:
    assert _page(content).segments == []
