"""Exit codes and the exceptions that carry them.

This module is the only owner of exit codes (conventions.md, "Exit codes"). Core code raises a
`ReplayDomError` subclass with a one-line, user-facing message; the CLI maps it to its code in one
place (`replaydom.cli.app.main`).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status of every replaydom command."""

    OK = 0
    ERROR = 1
    USAGE = 2
    NOT_FOUND = 3
    AUTH = 4
    UPSTREAM = 5
    DATA = 6
    PLAYER_UNAVAILABLE = 7
    INTERRUPTED = 130


EXIT_CODE_HELP = (
    "Exit codes: 0 ok, 1 unexpected error, 2 usage (bad flags, target or time string), "
    "3 not found, 4 auth, 5 upstream (5xx, network, timeout), 6 data (recording unreadable), "
    "7 player unavailable, 130 interrupted."
)


class ReplayDomError(Exception):
    """An error whose message is displayed to the user as one line."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(ReplayDomError):
    """Bad flags, a malformed target or time string. Raised before any request or write."""

    exit_code = ExitCode.USAGE


class NotFoundError(ReplayDomError):
    """A replay, cache entry, node or match that does not exist."""

    exit_code = ExitCode.NOT_FOUND


class AuthError(ReplayDomError):
    """Missing or rejected credentials (401/403)."""

    exit_code = ExitCode.AUTH


class UpstreamError(ReplayDomError):
    """Sentry answered 5xx, or the network failed, after retries."""

    exit_code = ExitCode.UPSTREAM


class DataError(ReplayDomError):
    """A recording or cache entry is unreadable as a whole (single bad frames are only counted)."""

    exit_code = ExitCode.DATA


class PlayerUnavailable(ReplayDomError):
    """Playwright, the rrweb bundle or Chromium is missing. The message names the fix; the hint
    points at `replaydom doctor`, which checks every part of the player at once."""

    exit_code = ExitCode.PLAYER_UNAVAILABLE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint or PLAYER_HINT)


PLAYER_HINT = (
    "`replaydom doctor --player` checks Playwright, the rrweb bundle and Chromium, each with its fix"
)
