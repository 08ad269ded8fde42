"""Stream the elements of a top-level JSON array without holding the whole document.

`iter_array(path)` yields each element of `[e0, e1, ...]` in order, reading the file (plain or
gzip, detected by its magic bytes) in chunks of bytes and decoding one element at a time: with
orjson where it accepts the element (about 10x the standard library's speed on rrweb segments; it
reads the bytes and checks their UTF-8 itself, so nothing is decoded to text first), else with
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

CHUNK = 1 << 18  # 256 KiB read at a time (doubled while one element needs more, up to 64 MiB)
_WS = frozenset(b" \t\r\n")
_BOM = b"\xef\xbb\xbf"
# Where an element of the top-level array most likely ends: its closing bracket, then `,` and the
# next element's opening bracket, or the array's closing `]`. Only a guess (the same bytes can sit
# in a string or a nested array): a slice is accepted when orjson parses it whole, and a prefix of
# text starting with `[` parses whole only if it ends at the bracket matching that `[`, so an
# accepted guess is always the element's true end. The same holds for the objects of a flat rrweb
# array. The search resumes after the last guess tried, so each byte is searched once per element
# (measured on the hour-long derived replay: 0.10 s of CPU for its 241.5 MB, `bytes.find` of the
# compact spellings `],[` and `]]` 0.16 s).
_ENDS = {
    ord("["): re.compile(rb"\][ \t\r\n]*(?:,[ \t\r\n]*\[|\])"),
    ord("{"): re.compile(rb"\}[ \t\r\n]*(?:,[ \t\r\n]*\{|\])"),
}
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
    """The bytes read so far (consumed ones dropped) with a movable read position."""

    def __init__(self, raw: IO[bytes], name: str, repairs: Repairs) -> None:
        self.raw = raw
        self.repairs = repairs
        self.name = name
        self.buf = b""
        self.pos = 0
        self.eof = False
        self.chunk = CHUNK
        # Of the element being read: where the search for its end resumes (every guess before was
        # tried or cannot match) and how many wrong guesses it cost.
        self.search = 0
        self.wrong = 0

    def more(self) -> bool:
        """Read the next chunk (doubling its size each time an element needs more); False at EOF."""
        if self.eof:
            return False
        try:
            data = self.raw.read(self.chunk)
        except (EOFError, OSError, zlib.error) as exc:
            raise DataError(f"{self.name}: truncated or corrupt gzip ({type(exc).__name__})") from None
        if not data:
            self.eof = True
            return False
        if self.pos > len(self.buf) // 2:  # drop what was consumed, keep memory bounded
            self.buf, self.search = self.buf[self.pos :], max(0, self.search - self.pos)
            self.pos = 0
        self.buf += data
        return True

    def skip_bom(self) -> None:
        """At the start: skip a UTF-8 byte order mark, as the `utf-8-sig` codec does."""
        while len(self.buf) < len(_BOM) and self.more():
            pass
        if self.buf.startswith(_BOM):
            self.pos = len(_BOM)

    def peek(self) -> str:
        """The next non-whitespace character ('' at EOF), consuming the whitespace."""
        while True:
            buf = self.buf
            while self.pos < len(buf) and buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(buf):
                return chr(buf[self.pos]) if buf[self.pos] < 0x80 else self._char()
            if not self.more():
                return ""

    def _char(self) -> str:
        """The non-ASCII character at `pos` (for messages); invalid UTF-8 is a `DataError`."""
        lead = self.buf[self.pos]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
        while len(self.buf) - self.pos < size and self.more():
            pass
        try:
            return self.buf[self.pos : self.pos + size].decode("utf-8") if size else ""
        except UnicodeDecodeError:
            pass
        raise DataError(f"{self.name}: not UTF-8 text")

    def value(self) -> Any:
        """The element at the next non-whitespace byte (`pos` moves to its end)."""
        self.peek()
        self.search, self.wrong = self.pos, 0
        while True:
            found = self._fast()
            if found is None:
                found = self._lenient()
                if found is None:
                    self._grow()
                    continue
            obj, end = found
            if end == len(self.buf) and not self.eof and not isinstance(obj, (list, dict, str)):
                self.more()  # a number may continue in the next chunk
                continue
            self.pos = end
            self.chunk = CHUNK
            return obj

    def _grow(self) -> None:
        self.chunk = min(self.chunk * 2, 256 * CHUNK)
        self.more()

    def _fast(self) -> tuple[Any, int] | None:
        """The element at `pos` and where it ends, parsed by orjson; None when orjson cannot say
        (the caller then uses the lenient decoder, which also reports the error). Reads more while
        the element is cut."""
        while True:
            buf, start = self.buf, self.pos
            view = memoryview(buf)
            opener = buf[start] if start < len(buf) else -1  # -1: at EOF
            if opener in _ENDS and self.wrong < _GUESSES:
                for end in self._guesses(buf, opener):
                    try:
                        return orjson.loads(view[start:end]), end
                    except orjson.JSONDecodeError as exc:
                        if exc.msg.startswith(_AFTER):  # complete, followed by whitespace
                            return self._before(buf, start, exc.pos)
                        self.wrong += 1
                        if self.wrong == _GUESSES:
                            break
                else:
                    if not self.eof:  # the end is likely in bytes not read yet
                        self._grow()
                        continue
            # Up to the last whole character: one cut by the chunk would read as invalid UTF-8
            # (orjson then says so instead of "unexpected end of data").
            stop = len(buf) if self.eof else _whole_chars(buf)
            try:
                obj = orjson.loads(view[start:stop])
            except orjson.JSONDecodeError as exc:
                if exc.msg.startswith(_AFTER):
                    return self._before(buf, start, exc.pos)
                if exc.msg.startswith(_MORE) and not self.eof:
                    self._grow()
                    continue
                return None
            return obj, stop

    def _guesses(self, buf: bytes, opener: int) -> Iterator[int]:
        """Ends to try for the element starting at `pos`, from `search` on (which follows them)."""
        for match in _ENDS[opener].finditer(buf, self.search):
            self.search = match.start() + 1
            yield self.search
        # None further in what was read: resume at the last closing bracket, whose match may
        # continue in the next chunk.
        closer = buf.rfind(b"]" if opener == ord("[") else b"}", self.search)
        self.search = closer if closer >= 0 else len(buf)

    def _before(self, buf: bytes, start: int, chars: int) -> tuple[Any, int] | None:
        """The element at `start` that orjson read whole before more content at character offset
        `chars` from `start` (orjson counts characters, bytes input too)."""
        end = start + chars
        if not buf[start:end].isascii():  # the byte offset of that character
            text = buf[start : start + 4 * chars].decode("utf-8", "replace")  # (a cut last one)
            end = start + len(text[:chars].encode("utf-8"))
        while end > start and buf[end - 1] in _WS:
            end -= 1
        try:
            return orjson.loads(memoryview(buf)[start:end]), end
        except orjson.JSONDecodeError:
            return None

    def _lenient(self) -> tuple[Any, int] | None:
        """The element at `pos` read by `jsonlenient.decode_at` and where it ends; None when it
        may continue in bytes not read yet."""
        try:
            text, _ = codecs.utf_8_decode(self.buf[self.pos :], "strict", self.eof)
        except UnicodeDecodeError:
            raise DataError(f"{self.name}: not UTF-8 text") from None
        try:
            obj, end = decode_at(text, 0, self.repairs)
        except json.JSONDecodeError as exc:
            if self.eof:
                raise DataError(f"{self.name}: malformed or truncated JSON ({exc.msg})") from None
            return None
        return obj, self.pos + len(text[:end].encode("utf-8"))


def _whole_chars(buf: bytes) -> int:
    """Where the UTF-8 character cut at the end of `buf` starts (`len(buf)` when none is cut)."""
    for back in range(1, min(4, len(buf)) + 1):
        byte = buf[-back]
        if byte & 0xC0 != 0x80:  # the last lead (or ASCII) byte
            size = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(buf) - back if size > back else len(buf)
    return len(buf)


def iter_array(path: Path, repairs: Repairs | None = None) -> Iterator[Any]:
    """Yield the elements of the top-level JSON array in `path` (see the module docstring)."""
    name = path.name
    with open_maybe_gzip(path) as raw:
        reader = _Reader(raw, name, repairs if repairs is not None else Repairs())
        reader.skip_bom()
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
