"""Retry policy: capped exponential backoff with jitter, honouring `Retry-After`.

Sleeping and randomness are injected so tests run instantly and deterministically.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class RetryPolicy:
    """How often and how long to wait before giving up on one request."""

    attempts: int = 5
    base_s: float = 0.5
    cap_s: float = 8.0
    max_retry_after_s: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (0-based)."""
        honoured = parse_retry_after(retry_after)
        if honoured is not None:
            return min(honoured, self.max_retry_after_s)
        backoff = min(self.cap_s, self.base_s * (2**attempt))
        # "Equal jitter": half fixed, half random, so concurrent workers spread out.
        return float(backoff / 2 + backoff / 2 * self.rand())


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header given in seconds; None when absent or an HTTP date."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


def no_sleep(_: float) -> None:
    """A sleep that returns at once, for tests."""
