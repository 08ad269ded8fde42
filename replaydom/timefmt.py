"""Time strings, durations and timestamp formatting (conventions.md, "Time").

An *offset* is integer milliseconds from replay start. `parse_time` accepts every form the
conventions list and returns either a relative offset or an absolute epoch-ms instant; callers turn
absolute instants into offsets with the replay start they know (`TimeSpec.to_offset`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import UsageError

_CLOCK = re.compile(r"^(-)?(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
_UNIT = re.compile(r"^(-)?(\d+(?:\.\d+)?)(ms|s|m|h|d)$")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
TIME_HELP = "01:23, 1:02:03, 83s, 83.5s, 1500ms, -2s, a bare integer (ms), an ISO time or @epoch-ms"
# Year 5138 in epoch ms. A recorded time beyond it is garbage, not a time (and `datetime` overflows
# in year 10000); an offset or duration beyond it is a typo. Both are refused, never crash.
MAX_MS = 1e14
_MAX_DIGITS = 16  # more digits than any accepted value has: refused before int() or float() runs


@dataclass(frozen=True)
class TimeSpec:
    """A parsed `--at/--from/--to` value: either an offset or an absolute epoch-ms instant."""

    offset_ms: int | None = None
    epoch_ms: int | None = None

    def to_offset(self, start_ms: float) -> int:
        if self.offset_ms is not None:
            return self.offset_ms
        assert self.epoch_ms is not None
        return round(self.epoch_ms - start_ms)


def parse_time(text: str) -> TimeSpec:
    """Parse a time string; raise `UsageError` with the accepted forms when it is malformed."""
    s = text.strip()
    if not s:
        raise UsageError(f"empty time string: use {TIME_HELP}")
    if len(re.sub(r"\D", "", s.split(".")[0])) > _MAX_DIGITS:
        raise _out_of_range(text)
    spec = _parse_time(s)
    if spec is None:
        raise UsageError(f"bad time string {_shown(text)}: use {TIME_HELP}")
    value = spec.offset_ms if spec.offset_ms is not None else spec.epoch_ms
    if value is None or abs(value) >= MAX_MS:
        raise _out_of_range(text)
    return spec


def _parse_time(s: str) -> TimeSpec | None:
    if s.startswith("@") and s[1:].isdigit():
        return TimeSpec(epoch_ms=int(s[1:]))
    if re.fullmatch(r"-?\d+", s):
        return TimeSpec(offset_ms=int(s))
    m = _UNIT.match(s)
    if m and m.group(3) in ("ms", "s", "m", "h"):
        value = float(m.group(2)) * _UNIT_MS[m.group(3)]
        return TimeSpec(offset_ms=_finite_round(-value if m.group(1) else value))
    m = _CLOCK.match(s)
    if m:
        hours = int(m.group(2) or 0)
        # 00:61 or 1:75:00 is a typo, not a time: seconds (and minutes after hours) stay below 60.
        # Minutes alone may run past 59 (`90:00`), as long-video timestamps do.
        if float(m.group(4)) >= 60 or (m.group(2) is not None and int(m.group(3)) >= 60):
            return None
        value = (hours * 3600 + int(m.group(3)) * 60 + float(m.group(4))) * 1000
        return TimeSpec(offset_ms=_finite_round(-value if m.group(1) else value))
    iso = _parse_iso(s)
    return TimeSpec(epoch_ms=iso) if iso is not None else None


def check_range(lo: int | None, hi: int | None, lo_text: str | None, hi_text: str | None) -> None:
    """`--from` after `--to` selects nothing: a usage error that shows both as offsets (a bare
    number is milliseconds, which is how `--from 10 --to 5` reads)."""
    if lo is not None and hi is not None and lo > hi:
        raise UsageError(
            f"--from {_shown(lo_text or str(lo))} ({format_offset(lo)}) is after "
            f"--to {_shown(hi_text or str(hi))} ({format_offset(hi)}); a bare number is milliseconds"
        )


def _finite_round(value: float) -> int | None:
    return round(value) if math.isfinite(value) and abs(value) < MAX_MS else None


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _out_of_range(text: str) -> UsageError:
    return UsageError(f"time {_shown(text)} is out of range (more than 3,000 years): use {TIME_HELP}")


def _parse_iso(s: str) -> int | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}T", s):
        return None
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return round(dt.timestamp() * 1000)


def parse_duration(text: str) -> int:
    """Parse a duration that needs a unit (`10s`, `500ms`, `2m`, `30d`) into milliseconds."""
    s = text.strip()
    m = _UNIT.match(s)
    if m and not m.group(1):
        value = _finite_round(float(m.group(2)) * _UNIT_MS[m.group(3)])
        if value is None or len(m.group(2).split(".")[0]) > _MAX_DIGITS:
            raise UsageError(f"duration {_shown(text)} is out of range (more than 3,000 years)")
        return value
    if re.fullmatch(r"\d+(\.\d+)?", s):
        raise UsageError(f"duration {_shown(text)} needs a unit: e.g. {s}s, {s}ms, {s}m or {s}d")
    raise UsageError(f"bad duration {_shown(text)}: use a number with a unit (500ms, 10s, 2m, 30d)")


def iso_ms(epoch_ms: float) -> str:
    """ISO 8601 UTC with milliseconds and `Z` (`2026-11-23T21:27:50.701Z`).

    Callers pass times checked by `epoch_ms` (or the clock); anything else raises `ValueError`,
    never `OverflowError`, so a missed check is one clear error rather than a crash elsewhere."""
    if not (isinstance(epoch_ms, (int, float)) and math.isfinite(epoch_ms) and abs(epoch_ms) < MAX_MS):
        raise ValueError(f"time {epoch_ms!r} ms is out of range")
    dt = datetime.fromtimestamp(round(epoch_ms) / 1000, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_iso_ms(text: str | None) -> float | None:
    """Epoch ms of an API ISO string (`2026-11-23T21:40:16+00:00`), or None when unreadable."""
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    ms = dt.timestamp() * 1000
    return ms if abs(ms) < MAX_MS else None  # years past 5138 are garbage (`iso_ms` refuses them)


def epoch_ms(value: Any) -> float | None:
    """Epoch ms from a seconds-or-ms number (the SDK's heuristic: above 9 999 999 999 it is ms), or
    None when it is not a usable time: not a number, not finite, not after 1970, or past `MAX_MS`.
    Every reader of a recorded time goes through here, so out-of-range values become counted skips
    instead of `OverflowError`s in `datetime`."""
    kind = type(value)
    if (kind is int and 0 < value < MAX_MS) or (kind is float and 0.0 < value < MAX_MS):
        # (a huge int never reaches float(): it would raise OverflowError; NaN fails `0.0 < value`)
        v = float(value) if value > 9_999_999_999 else value * 1000.0
        if v < MAX_MS:
            return v
    return None


def format_offset(offset_ms: int | None) -> str:
    """`mm:ss.mmm` (or `h:mm:ss.mmm`) for tables; signed; `-` for unknown."""
    if offset_ms is None:
        return "-"
    sign = "-" if offset_ms < 0 else ""
    ms = abs(int(offset_ms))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    if h:
        return f"{sign}{h}:{m:02d}:{s:02d}.{milli:03d}"
    return f"{sign}{m:02d}:{s:02d}.{milli:03d}"


def format_clock(offset_ms: int) -> str:
    """A time string that `parse_time` reads back to the same offset, for `next` commands."""
    if offset_ms % 1000 == 0 and offset_ms >= 0:
        m, s = divmod(offset_ms // 1000, 60)
        return f"{m:02d}:{s:02d}"
    return f"{offset_ms}ms"


def to_epoch_ms(value: float) -> float:
    """Normalise a timestamp that may be seconds or ms, with the SDK's own heuristic (unchecked:
    recorded values go through `epoch_ms`)."""
    return value if value > 9_999_999_999 else value * 1000
