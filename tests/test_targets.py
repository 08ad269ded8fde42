"""Targets (conventions.md, "Targets and identities"): every accepted form, and hostile input."""

from __future__ import annotations

import pytest

from replaydom.errors import UsageError
from replaydom.targets import Target, normalize_id, parse_target

RID = "f5f68b787e3947cdbf9d5bb01d76dc96"
DASHED = "f5f68b78-7e39-47cd-bf9d-5bb01d76dc96"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RID, Target(RID)),
        (RID.upper(), Target(RID)),
        (DASHED, Target(RID)),
        (f"  {RID}\n", Target(RID)),
        (f"acme/{RID}", Target(RID, org="acme")),
        (f"acme/web/{DASHED}", Target(RID, org="acme", project="web")),
        (f"https://acme.sentry.io/replays/{RID}/", Target(RID, org="acme", host="https://acme.sentry.io")),
        (
            f"https://acme.sentry.io/replays/{RID}/?t=83&query=x",
            Target(RID, org="acme", host="https://acme.sentry.io"),
        ),
        (
            f"https://sentry.io/organizations/acme/replays/{DASHED}/",
            Target(RID, org="acme", host="https://sentry.io"),
        ),
        (
            f"https://acme.sentry.io/explore/replays/{RID}/",
            Target(RID, org="acme", host="https://acme.sentry.io"),
        ),
        (
            f"https://de.sentry.io/organizations/eu-org/replays/{RID}/",
            Target(RID, org="eu-org", host="https://de.sentry.io"),
        ),
        (
            f"https://sentry.example.com:9000/organizations/acme/replays/{RID}/",
            Target(RID, org="acme", host="https://sentry.example.com:9000"),
        ),
        ("f5f68b78", Target("f5f68b78", is_prefix=True)),
        ("F5F68B787E39", Target("f5f68b787e39", is_prefix=True)),
    ],
)
def test_accepted_forms(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "../../etc/passwd",
        "..",
        f"../{RID}",
        f"acme/../{RID}",
        f"acme/./{RID}",
        f"a/b/c/{RID}",
        f"acme//{RID}",
        f"/{RID}",
        f"{RID}/",
        "f5f68b7",
        "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        RID + "0",
        f"acme/{RID[:8]}",
        f"ac me/{RID}",
        f"-acme/{RID}",
        f"acme\x00/{RID}",
        f"{RID}\x1b[2J",
        f"file:///replays/{RID}/",
        f"https://acme.sentry.io/issues/{RID}/",
        "https://acme.sentry.io/replays/",
        f"https://x/organizations/../replays/{RID}/",
        "a" * 3000,
    ],
)
def test_hostile_or_malformed_targets_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_target(text)
    assert "\n" not in exc.value.message


def test_display_keeps_scope() -> None:
    assert parse_target(f"acme/web/{RID}").display == f"acme/web/{RID}"
    assert parse_target(RID).display == RID


def test_normalize_id() -> None:
    assert normalize_id(DASHED) == RID
    assert normalize_id("not-an-id") is None
    assert normalize_id(RID[:31]) is None
