"""Output modes and the JSON/JSONL/table writers shared by every command."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"


def resolve_mode(json_flag: bool, jsonl_flag: bool) -> Mode:
    if jsonl_flag:
        return Mode.JSONL
    if json_flag:
        return Mode.JSON
    return Mode.TABLE


def to_jsonable(item: Any) -> Any:
    # Duck-typed on pydantic's `model_dump` so that importing this module does not import pydantic.
    dump = getattr(item, "model_dump", None)
    if dump is not None and not isinstance(item, type):
        return dump(mode="json")
    return item


def dumps(item: Any, *, indent: int | None = None) -> str:
    return json.dumps(to_jsonable(item), ensure_ascii=False, indent=indent, default=str)


def json_list(items: Iterable[Any], truncated: Any | None) -> Iterator[str]:
    """Stream `{"items": [...], "truncated": ...}` without holding the rendered text."""
    yield '{"items": ['
    first = True
    for item in items:
        yield ("\n  " if first else ",\n  ") + dumps(item)
        first = False
    trunc = dumps(truncated) if truncated is not None else "null"
    yield ("\n" if not first else "") + f'], "truncated": {trunc}}}'


def jsonl(items: Iterable[Any]) -> Iterator[str]:
    for item in items:
        yield dumps(item)


def table(rows: Iterable[Sequence[Any]], headers: Sequence[str], *, max_width: int = 60) -> Iterator[str]:
    """A plain aligned text table. Buffers the rows: tables are for terminals, not pipelines."""
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    yield "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)).rstrip()
    for row in cells:
        yield "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)).rstrip()


def _cell(value: Any, max_width: int) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ").replace("\t", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def kv_lines(pairs: Iterable[tuple[str, Any]]) -> Iterator[str]:
    pairs = list(pairs)
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        yield f"{key.ljust(width)}  {'' if value is None else value}"


LineRenderer = Callable[[Any], Iterable[str]]
