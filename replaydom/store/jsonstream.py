"""Stream the elements of a top-level JSON array without holding the whole document.

`iter_array(path)` yields each element of `[e0, e1, ...]` in order, reading the file (plain or
gzip, detected by its magic bytes) in chunks and decoding one element at a time: with orjson
where it accepts the element (about 10x the standard library's speed on rrweb segments), else with
`jsonlenient.decode_at`, which reads what orjson refuses (NaN, big integers, lone surrogates, any
nesting depth). Memory is bounded by the largest element (orjson takes ~17x its size while parsing
it) plus one chunk, so a 50 MB segments body is never held whole (let alone twice). Malformed JSON, a
truncated or corrupt gzip stream, invalid UTF-8 or a top level that is not an array raise
`DataError` with one line. What the lenient decoder repairs (lone surrogates, NaN/Infinity) is
counted in the `Repairs` passed in.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

import orjson

from ..errors import DataError
from ..jsonlenient import Repairs, decode_at

CHUNK = 1 << 18  # 256 KiB of text (up to 1 MiB in memory once non-ASCII widens a str)
_WS = " \t\r\n"
# Where an element of a list of segments most likely ends: `]` then `,[` or the closing `]`. Only a
# guess (the same characters can sit in a string or a nested array): a slice is accepted when orjson
# parses it whole, and a prefix of text starting with `[` parses whole only if it ends at the
# bracket matching that `[`, so an accepted guess is always the element's true end.
_SEGMENT_END = re.compile(r"\]\s*(?:,\s*\[|\])")
_GUESSES = 4  # wrong guesses cost a partial parse each; past these, find the end from orjson's error
_AFTER = "unexpected content after document"
_MORE = "unexpected end of data"


@contextlib.contextmanager
def open_maybe_gzip(path: Path) -> Iterator[IO[bytes]]:
    """Open `path` for binary reading, transparently gunzipping it when it starts with 1f 8b."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    with fh:
        if fh.read(2) == b"\x1f\x8b":
            fh.seek(0)
            with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
                yield cast(IO[bytes], gz)
            return
        fh.seek(0)
        yield fh


class _Reader:
    """Incrementally decoded text with a movable read position."""

    def __init__(self, raw: IO[bytes], name: str, repairs: Repairs) -> None:
        self.raw = raw
        self.repairs = repairs
        self.name = name
        self.text = ""
        self.pos = 0
        self.eof = False
        self.chunk = CHUNK
        self._utf8 = codecs.getincrementaldecoder("utf-8-sig")()

    def more(self) -> bool:
        """Read the next chunk (doubling its size each time an element needs more); False at EOF."""
        if self.eof:
            return False
        try:
            data = self.raw.read(self.chunk)
            text = self._utf8.decode(data, final=not data)
        except (EOFError, OSError, zlib.error) as exc:
            raise DataError(f"{self.name}: truncated or corrupt gzip ({type(exc).__name__})") from None
        except UnicodeDecodeError:
            raise DataError(f"{self.name}: not UTF-8 text") from None
        if not data:
            self.eof = True
        if self.pos > len(self.text) // 2:  # drop what was consumed, keep memory bounded
            self.text, self.pos = self.text[self.pos :], 0
        self.text += text
        return bool(data)

    def peek(self) -> str:
        """The next non-whitespace character ('' at EOF), consuming the whitespace."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def value(self) -> Any:
        self.peek()
        while True:
            found = self._fast()
            if found is not None:
                obj, end = found
            else:
                try:
                    obj, end = decode_at(self.text, self.pos, self.repairs)
                except json.JSONDecodeError as exc:
                    if self.eof:
                        raise DataError(f"{self.name}: malformed or truncated JSON ({exc.msg})") from None
                    self._grow()
                    continue
            if end == len(self.text) and not self.eof and not isinstance(obj, (list, dict, str)):
                self.more()  # a number may continue in the next chunk
                continue
            self.pos = end
            self.chunk = CHUNK
            return obj

    def _grow(self) -> None:
        self.chunk = min(self.chunk * 2, 256 * CHUNK)
        self.more()

    def _fast(self) -> tuple[Any, int] | None:
        """The element at `pos` and where it ends, parsed by orjson (about 10x the standard
        library's speed on rrweb segments); None when orjson cannot say (the caller then uses the
        standard library, which also reports the error). Reads more text while the element is cut."""
        while True:
            text, start = self.text, self.pos
            if text.startswith("[", start):
                guesses = 0
                for match in _SEGMENT_END.finditer(text, start):
                    if guesses == _GUESSES:
                        break
                    guesses += 1
                    end = match.start() + 1
                    try:
                        return orjson.loads(text[start:end]), end
                    except orjson.JSONDecodeError:
                        continue
                else:
                    if not self.eof:  # the end is likely in text not read yet
                        self._grow()
                        continue
            try:
                obj = orjson.loads(text[start:])
            except orjson.JSONDecodeError as exc:
                if exc.msg.startswith(_AFTER):
                    # For str input orjson's position counts characters: where the next token is.
                    end = start + exc.pos
                    try:
                        return orjson.loads(text[start:end]), end
                    except orjson.JSONDecodeError:
                        return None
                if exc.msg.startswith(_MORE) and not self.eof:
                    self._grow()
                    continue
                return None
            return obj, len(text)


def iter_array(path: Path, repairs: Repairs | None = None) -> Iterator[Any]:
    """Yield the elements of the top-level JSON array in `path` (see the module docstring)."""
    name = path.name
    with open_maybe_gzip(path) as raw:
        reader = _Reader(raw, name, repairs if repairs is not None else Repairs())
        if reader.peek() != "[":
            raise DataError(f"{name}: expected a JSON array")
        reader.pos += 1
        if reader.peek() == "]":
            return
        while True:
            yield reader.value()
            sep = reader.peek()
            if sep == "]":
                reader.pos += 1
                break
            if sep != ",":
                raise DataError(f"{name}: malformed JSON array (expected ',' or ']', got {sep or 'EOF'!r})")
            reader.pos += 1
        if reader.peek() != "":
            raise DataError(f"{name}: trailing data after the JSON array")


@contextlib.contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while a recording's parsed JSON is handled (import, index
    build, DOM checkpoints): parsing makes millions of containers, each batch of which would start a
    collection that walks the young ones again, and the full collections walk everything still held
    (measured: 20% of an import's CPU on the hour-long derived replay). JSON values hold no cycles,
    so nothing waits to be freed: peak memory measured the same. With `freeze`, everything tracked
    so far is handed to `gc.freeze` before the collector resumes (objects kept until exit)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()
