"""Every command's --json output matches its documented pydantic model (extra keys fail)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import RECORDINGS
from sentry_server import SentryServer, ServedReplay

from replaydom.render import schemas

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    with SentryServer(replays=[ServedReplay.from_scenario("checkout-failure")]) as srv:
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        yield srv


def test_import_and_view_json(cli: Any) -> None:
    res = cli("import", str(RECORDINGS / "checkout-failure"), "--json")
    assert res.exit_code == 0, res.stderr
    manifest = schemas.Manifest.model_validate(res.json())
    assert manifest.complete and manifest.storedSegments == 9
    res = cli("view", CHECKOUT, "--json")
    view = schemas.ViewResult.model_validate(res.json())
    assert view.counts["deadClicks"] == 2 and view.cache.cached


def test_cache_ls_json(cli: Any) -> None:
    cli("import", str(RECORDINGS / "checkout-failure"))
    res = cli("cache", "ls", "--json")
    items = res.json()["items"]
    assert [schemas.CacheEntry.model_validate(i).replayId for i in items] == [CHECKOUT]


def test_fetch_and_list_json(cli: Any, sentry: SentryServer) -> None:
    res = cli("fetch", f"acme/web/{CHECKOUT}", "--json")
    assert res.exit_code == 0, res.stderr
    assert schemas.Manifest.model_validate(res.json()).complete
    res = cli("list", "acme", "--json")
    assert res.exit_code == 0, res.stderr
    rows = [schemas.ReplayListItem.model_validate(i) for i in res.json()["items"]]
    assert rows and rows[0].id == CHECKOUT and rows[0].cached


def test_dom_json(cli: Any) -> None:
    cli("import", str(RECORDINGS / "checkout-failure"))
    res = cli("dom", CHECKOUT, "--at", "00:38", "--css", "#btn-coupon", "--json")
    assert res.exit_code == 0, res.stderr
    at = schemas.DomAtResult.model_validate(res.json())
    assert at.root is not None and at.root.nodeId == 106 and at.fidelity["status"] == "complete"
    res = cli("dom", CHECKOUT, "--diff", "00:25..00:29", "--json")
    changes = [schemas.DomChange.model_validate(i) for i in res.json()["items"]]
    assert any(c.change == "added" and "Payment failed" in c.description for c in changes)
