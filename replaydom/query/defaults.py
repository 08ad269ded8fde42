"""Query settings that CLI options declare at start-up, kept free of pydantic and rapidfuzz."""

from __future__ import annotations

DEFAULT_MIN_SCORE = 0.8
"""`search` drops hits scoring below this (0-1)."""
