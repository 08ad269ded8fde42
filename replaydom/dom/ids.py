"""rrweb ids as the Replayer's `Map` matches them, and lookups in a state's id map."""

from __future__ import annotations

from typing import Any

from .tree import Node


def node_id(value: Any) -> int | None:
    """An id as the Replayer's Map would match it (JSON numbers only; 5.0 is 5)."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    return None


def lookup(mirror: dict[int, Node], raw: Any) -> Node | None:
    """The mirrored node of a recorded id (None for unknown or malformed ids)."""
    key = node_id(raw)
    return mirror.get(key) if key is not None else None
