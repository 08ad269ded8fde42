"""Analysis settings that CLI options declare at start-up, kept free of pydantic and the detectors.

`replaydom/cli` builds every command's options when the CLI starts, so the values shown in
`--help` live here rather than in the modules that import pydantic.
"""

from __future__ import annotations

from enum import StrEnum

DEFAULT_TOP = 10
"""Rows in each top list of `stats`."""

ACTION_PATH_MS = 5000
"""How long after a user action what follows is on its path (a request it sent, an error it
raised, a navigation it made): `failed-request`, `slow-request`, `error-event`, stats' key actions."""


class Severity(StrEnum):
    """Finding severity (conventions.md, "Severity")."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low (sort key: most severe first)."""
        return {"high": 0, "medium": 1, "low": 2}[self.value]
