"""Time strings and formatting (conventions.md, "Time")."""

from __future__ import annotations

import pytest

from replaydom.errors import UsageError
from replaydom.timefmt import (
    TimeSpec,
    check_range,
    format_clock,
    format_offset,
    iso_ms,
    parse_duration,
    parse_iso_ms,
    parse_time,
    to_epoch_ms,
)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("01:23", 83_000),
        ("1:02:03", 3_723_000),
        ("83s", 83_000),
        ("83.5s", 83_500),
        ("1500ms", 1500),
        ("-2s", -2000),
        ("1500", 1500),
        ("-250", -250),
        ("0", 0),
        ("2m", 120_000),
        ("00:00.250", 250),
        ("90:00", 5_400_000),
        ("1:59:59.5", 7_199_500),
    ],
)
def test_offsets(text: str, offset: int) -> None:
    assert parse_time(text) == TimeSpec(offset_ms=offset)


def test_absolute_times_become_offsets_from_the_start() -> None:
    start = 1795470016178.5  # checkout-failure's first frame
    assert parse_time("@1795470017178").to_offset(start) == 1000
    assert parse_time("2026-11-23T21:40:17.178Z").to_offset(start) == 1000
    assert parse_time("2026-11-23T21:40:17.178+00:00").epoch_ms == 1795470017178


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "1:2:3:4",
        "12x",
        "@",
        "@12a",
        "2026-13-45T00:00:00Z",
        "1d",
        "99:99:99",
        "00:61",
        "1:60:00",
        "0:00:60",
    ],
)
def test_bad_time_strings(text: str) -> None:
    with pytest.raises(UsageError):
        parse_time(text)


def test_durations_need_a_unit() -> None:
    assert parse_duration("30d") == 30 * 86_400_000
    assert parse_duration("500ms") == 500
    assert parse_duration("2m") == 120_000
    with pytest.raises(UsageError, match="needs a unit"):
        parse_duration("30")
    with pytest.raises(UsageError):
        parse_duration("-5s")


def test_formatting_round_trips() -> None:
    assert iso_ms(1795470016178) == "2026-11-23T21:40:16.178Z"
    assert iso_ms(0) == "1970-01-01T00:00:00.000Z"
    assert parse_iso_ms("2026-11-23T21:40:16+00:00") == 1795470016000
    assert parse_iso_ms("garbage") is None
    assert format_offset(83_500) == "01:23.500"
    assert format_offset(-2000) == "-00:02.000"
    assert format_offset(3_723_004) == "1:02:03.004"
    assert format_offset(None) == "-"
    for ms in (0, 83_000, 1500, -2000):
        assert parse_time(format_clock(ms)).offset_ms == ms


def test_seconds_or_milliseconds() -> None:
    assert to_epoch_ms(1795470016.178) == pytest.approx(1795470016178)
    assert to_epoch_ms(1795470016178) == 1795470016178


def test_a_range_that_ends_before_it_starts_is_a_usage_error() -> None:
    check_range(5, 5, "5", "5")
    check_range(None, 5, None, "5")
    with pytest.raises(UsageError, match=r"--from '10' \(00:00.010\) is after --to '5'.*milliseconds"):
        check_range(10, 5, "10", "5")
