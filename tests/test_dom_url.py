"""`dom --at T --json` reports the page URL at T, as the event stream carries it (SPA routes)."""

from __future__ import annotations

from typing import Any

from conftest import scenario_path

from replaydom.store.importer import import_recording


def test_the_url_follows_route_changes_like_events(cli: Any) -> None:
    replay_id = import_recording(scenario_path("long-session")).replay_id
    navigations = cli("events", replay_id, "--kind", "navigation", "--json").json()
    items = navigations["items"] if isinstance(navigations, dict) else navigations
    routes = [e for e in items if e["url"] and not e["url"].endswith(("/", ".html"))]
    assert routes, "long-session has SPA route changes"
    checked = 0
    for event in routes[:4]:
        at = event["offsetMs"] + 50
        shown = cli("dom", replay_id, "--at", f"{at}ms", "--json").json()
        expected = [e for e in items if e["offsetMs"] <= at][-1]["url"]
        assert shown["url"] == expected == event["url"]
        checked += 1
    first = cli("dom", replay_id, "--at", f"{items[0]['offsetMs'] + 500}ms", "--json").json()
    assert first["url"] == items[0]["url"]
    assert checked == 4
