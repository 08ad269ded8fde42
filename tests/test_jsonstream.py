"""`jsonstream.iter_array`: the import's element-by-element reader, checked against a whole-document
decode of the same bytes (`jsonlenient.loads`) on real segments and on variants derived from them
(cut at every chunk boundary, whitespace-separated, gzip, segment ends inside strings and nested
arrays, what only the lenient decoder reads), and its one-line errors."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import load_segments

from replaydom.errors import DataError
from replaydom.jsonlenient import Repairs, dumps, loads
from replaydom.store import jsonstream
from replaydom.store.jsonstream import iter_array

SCENARIOS = ("checkout-failure", "long-session", "masked-default", "slow-and-idle", "widgets")


def read(path: Path) -> tuple[list[Any], Repairs]:
    repairs = Repairs()
    return list(iter_array(path, repairs)), repairs


def whole(body: bytes) -> tuple[Any, Repairs]:
    """The reference: the whole document decoded at once."""
    repairs = Repairs()
    return loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body, repairs), repairs


def smallest_segments(count: int) -> list[list[Any]]:
    segments = [s for name in SCENARIOS for s in load_segments(name)]
    return sorted(segments, key=lambda s: len(orjson.dumps(s)))[:count]


def tricky_segments() -> list[list[Any]]:
    """Small real segments whose bytes hold the guesses' spellings before their true end: `],[` and
    `]]` inside strings (a text and an attribute) and in nested arrays (the shape of canvas
    mutation arguments), with and without spaces, more of them than the reader's guess budget."""
    segments = copy.deepcopy(smallest_segments(3))
    first = segments[0][0]
    first["data"] = dict(first.get("data") or {})
    first["data"]["note"] = "], [ ],[ ]] ] ] }]  },{ " * 3
    first["data"]["args"] = [[[1], [2]], [[3]], [], [[]], [{"a": [[4], [5]]}]]
    segments[1].append(copy.deepcopy(first))
    return segments


def no_lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    """What orjson reads never takes the (10x slower) lenient decoder, wherever a chunk ends."""

    def refuse(*args: Any) -> Any:
        raise AssertionError("the lenient decoder ran on a body orjson reads")

    monkeypatch.setattr(jsonstream, "decode_at", refuse)


def bodies(segments: list[list[Any]]) -> dict[str, bytes]:
    compact = orjson.dumps(segments)
    return {
        "compact": compact,
        "spaced": json.dumps(segments).encode(),  # `, ` and `: ` separators
        "indented": json.dumps(segments, indent=2, ensure_ascii=False).encode(),
        "crlf": json.dumps(segments, indent="\t", ensure_ascii=False).replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + compact,
        "gzip": gzip.compress(compact),
        "gzip-indented": gzip.compress(json.dumps(segments, indent=1).encode()),
        "flat": orjson.dumps([event for segment in segments for event in segment]),
        "flat-spaced": json.dumps([event for segment in segments for event in segment], indent=1).encode(),
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_real_bodies_read_as_the_whole_document(tmp_path: Path, scenario: str) -> None:
    segments = load_segments(scenario)
    for name, body in bodies(segments).items():
        path = tmp_path / name
        path.write_bytes(body)
        got, repairs = read(path)
        assert got == whole(body)[0], name
        assert not repairs


@pytest.mark.parametrize("kind", ["compact", "indented", "crlf", "gzip", "flat", "flat-spaced", "bom"])
def test_every_chunk_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """The first read ends at every byte of a small body of real segments (later reads double), so
    an element end, a separator, a multi-byte character or a guess's spelling is cut everywhere."""
    segments = tricky_segments()
    segments[0][0]["data"]["text"] = "caf\u00e9 \u2014 \U0001f600 ],[ \u00e9]"  # 2, 3 and 4 bytes
    body = bodies(segments)[kind]
    path = tmp_path / "body.json"
    path.write_bytes(body)
    expected = whole(body)[0]
    no_lenient(monkeypatch)
    size = len(gzip.decompress(body)) if kind == "gzip" else len(body)
    assert size < 20_000
    for chunk in range(1, size + 2):
        monkeypatch.setattr(jsonstream, "CHUNK", chunk)
        assert read(path)[0] == expected, chunk


def test_ends_inside_strings_and_nested_arrays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More wrong guesses than the budget, in every body form; orjson is asked a bounded number of
    times per element."""
    calls: list[int] = []
    real = orjson.loads

    def counting(data: Any) -> Any:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(orjson, "loads", counting)
    no_lenient(monkeypatch)
    segments = tricky_segments()
    for name, body in bodies(segments).items():
        path = tmp_path / name
        path.write_bytes(body)
        calls.clear()
        got = read(path)[0]
        assert got == whole(body)[0], name
        assert len(calls) <= (jsonstream._GUESSES + 3) * len(got), (name, len(calls))


def test_a_compact_body_costs_one_parse_per_segment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The usual case: every first guess is the segment's end, and each byte is parsed once, also
    when a chunk ends inside the `],[` between two segments."""
    sizes: list[int] = []
    real = orjson.loads

    def counting(data: Any) -> Any:
        sizes.append(len(data))
        return real(data)

    monkeypatch.setattr(orjson, "loads", counting)
    no_lenient(monkeypatch)
    segments = load_segments("long-session")
    body = orjson.dumps(segments)
    path = tmp_path / "segments.json"
    path.write_bytes(body)
    cut = body.index(b"],[")
    for chunk in (jsonstream.CHUNK, cut, cut + 1, cut + 2, cut + 3, cut + 4):
        monkeypatch.setattr(jsonstream, "CHUNK", chunk)
        sizes.clear()
        assert read(path)[0] == segments
        assert len(sizes) == len(segments) and sum(sizes) == len(body) - 2 - (len(segments) - 1), chunk


def test_what_only_the_lenient_decoder_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NaN/Infinity, lone surrogates, integers beyond 64 bits and a DOM deeper than orjson's limit,
    each in a segment between ordinary ones (derived from real events), read and counted as the
    whole-document decoder reads them, at chunk sizes that cut them."""
    base = smallest_segments(1)[0]
    deep: Any = "leaf"
    for _ in range(1500):
        deep = {"childNodes": [deep]}
    hostile = [
        json.dumps([*base[:1], {"type": 5, "data": {"payload": float("nan"), "x": float("-inf")}}]),
        json.dumps([{"type": 3, "data": {"text": "cut \ud83d", "id": 2**70, "n": 1e400}}]).replace(
            "Infinity", "1e400"
        ),
        dumps([{"type": 2, "data": {"node": deep}}]).decode(),
    ]
    parts = [orjson.dumps(base).decode()] + [h for p in hostile for h in (p, orjson.dumps(base).decode())]
    for sep in (",", " ,\n "):
        body = ("[" + sep.join(parts) + "]").encode()
        expected, expected_repairs = whole(body)
        assert expected_repairs.surrogates >= 1 and expected_repairs.nonfinite >= 3
        for chunk in (7, 300, 4096, jsonstream.CHUNK):
            monkeypatch.setattr(jsonstream, "CHUNK", chunk)
            path = tmp_path / "hostile.json"
            path.write_bytes(body)
            got, repairs = read(path)  # (compared as stored: `==` would recurse too deep)
            assert dumps(got) == dumps(expected) and repairs == expected_repairs, (sep, chunk)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'[[{"type": 4}], [{"type": 3', "malformed or truncated JSON"),
        (b"[[{}], ", "malformed or truncated JSON"),
        (b"[[{}] [{}]]", "malformed JSON array (expected ',' or ']', got '[')"),
        (b"[[{}]\xc3\xa9]", "malformed JSON array (expected ',' or ']', got '\u00e9')"),
        (b"[[{}]\xff]", "not UTF-8 text"),
        (b'[["\xff\xfe"]]', "not UTF-8 text"),
        (b'[[{}], ["\xe2\x80', "not UTF-8 text"),  # cut inside a character at the end
        (b"[[{}]] \xe2\x80", "not UTF-8 text"),
        (b"[[{}]] \xc3\xa9", "trailing data after the JSON array"),
        (b"[[{}]] x", "trailing data after the JSON array"),
        (b'{"a": []}', "expected a JSON array"),
        (b"\xef\xbb", "not UTF-8 text"),
        (b"", "expected a JSON array"),
        (b"\xef\xbb\xbf", "expected a JSON array"),
    ],
)
def test_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(body)
    for chunk in (1, 2, 3, 5, jsonstream.CHUNK):
        monkeypatch.setattr(jsonstream, "CHUNK", chunk)
        with pytest.raises(DataError) as caught:
            read(path)
        assert message in str(caught.value) and "\n" not in str(caught.value), (chunk, str(caught.value))


def test_empty_arrays_and_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    cases: list[tuple[bytes, Any]] = [
        (b"[]", []),
        (b" \r\n\t[ \n ] \n", []),
        (b"\xef\xbb\xbf[[]]", [[]]),
        (b"[ [ ] , [1] ]", [[], [1]]),
    ]
    for body, expected in cases:
        path.write_bytes(body)
        assert read(path)[0] == expected
