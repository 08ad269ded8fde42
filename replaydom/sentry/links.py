"""Sentry `Link` pagination headers.

Format (sentry `build_cursor_link`):
`<URL&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`, comma-separated. We keep
only the cursor and the `results` flag; the URL is never followed as given, so a token cannot be
sent to a host named in a response header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r'<[^>]*>\s*((?:;\s*[A-Za-z]+="[^"]*"\s*)+)')
_ATTR = re.compile(r'([A-Za-z]+)="([^"]*)"')
CURSOR = re.compile(r"^-?\d+:-?\d+:[01]$")


@dataclass(frozen=True)
class LinkCursor:
    """One `rel` of a `Link` header: its cursor and whether the server says results exist."""

    rel: str
    cursor: str
    results: bool


def parse_link(header: str | None) -> dict[str, LinkCursor]:
    """Map `rel` to its cursor; malformed parts and cursors are ignored."""
    out: dict[str, LinkCursor] = {}
    for match in _PART.finditer(header or ""):
        attrs = dict(_ATTR.findall(match.group(1)))
        rel, cursor = attrs.get("rel"), attrs.get("cursor", "")
        if rel and CURSOR.match(cursor):
            out[rel] = LinkCursor(rel, cursor, attrs.get("results", "false") == "true")
    return out


def next_cursor(header: str | None) -> str | None:
    """The `next` cursor when the server says more results exist, else None."""
    nxt = parse_link(header).get("next")
    return nxt.cursor if nxt and nxt.results else None


def offset_cursor(offset: int) -> str:
    """The positional cursor the offset paginator understands (`0:<offset>:0`)."""
    return f"0:{offset}:0"
