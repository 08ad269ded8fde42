"""The cache: private permissions, no token on disk, lookups, ls/path/clear/prune, corruption."""

from __future__ import annotations

import gzip
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import scenario_path
from sentry_server import TOKEN, SentryServer, ServedReplay, serving

from replaydom.config import load_config
from replaydom.errors import DataError, NotFoundError, UsageError
from replaydom.store import layout
from replaydom.store.bundle import Bundle
from replaydom.store.cache import find_cached, resolve_bundle
from replaydom.store.importer import import_recording
from replaydom.store.manifest import is_finished
from replaydom.targets import parse_target

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"
WIDGETS = "7a7768cdd5d34072870c3ec5eb1c87c0"
FINISHED_S = 1795470016 + 5 * 3600


@pytest.fixture
def sentry(monkeypatch: pytest.MonkeyPatch) -> Iterator[SentryServer]:
    replays = [ServedReplay.from_scenario("checkout-failure"), ServedReplay.from_scenario("widgets")]
    with serving(monkeypatch, replays) as srv:
        yield srv


def cache_root() -> Path:
    return Path(os.environ["REPLAYDOM_CACHE_DIR"])


def test_private_permissions_whatever_the_umask(cli: Any, sentry: SentryServer) -> None:
    old = os.umask(0)
    try:
        assert cli("fetch", f"acme/{CHECKOUT}", "--include", "errors,traces,clicks").exit_code == 0
        assert cli("import", str(scenario_path("masked-default"))).exit_code == 0
    finally:
        os.umask(old)
    root = cache_root()
    seen_files = 0
    for dirpath, _dirs, files in os.walk(root):
        assert stat.S_IMODE(os.stat(dirpath).st_mode) == 0o700, dirpath
        for name in files:
            assert stat.S_IMODE(os.stat(os.path.join(dirpath, name)).st_mode) == 0o600, name
            seen_files += 1
    assert seen_files > 25  # segments, manifests, metadata, related, locks


def test_the_token_never_reaches_the_cache_tree(cli: Any, sentry: SentryServer) -> None:
    result = cli("fetch", f"acme/{CHECKOUT}", "--include", "errors,traces,clicks", "--debug-http", "--json")
    assert result.exit_code == 0
    assert TOKEN not in result.stdout + result.stderr
    needle = TOKEN.encode()
    files = [p for p in cache_root().rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert needle not in data, path
        assert needle not in path.name.encode()


def test_identity_separates_tokens_and_hosts(
    cli: Any, sentry: SentryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    identity = load_config().identity
    assert (cache_root() / "replays" / identity / "acme" / "4505" / CHECKOUT).is_dir()
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", "another-token")
    assert find_cached(parse_target(CHECKOUT), load_config()) is None  # another identity


def test_lookup_prefers_the_current_identity_then_local(sentry: SentryServer) -> None:
    imported = import_recording(scenario_path("checkout-failure"))
    assert imported.identity == "local"
    assert resolve_bundle(CHECKOUT[:10]).path == imported.path
    fetched = resolve_bundle(f"acme/{CHECKOUT}", notify=lambda m: None)  # found under local: no fetch
    assert fetched.path == imported.path and sentry.requests == []


def test_uncached_ids_are_fetched_when_configured(sentry: SentryServer) -> None:
    messages: list[str] = []
    bundle = resolve_bundle(f"acme/{CHECKOUT}", notify=messages.append)
    assert bundle.segment_count() == 9 and bundle.identity == load_config().identity
    assert messages and messages[0].startswith(f"not cached: fetching acme/{CHECKOUT}")
    assert resolve_bundle(CHECKOUT).path == bundle.path


def test_an_incomplete_bundle_is_returned_with_a_warning() -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    bundle.update_manifest({"complete": False})
    messages: list[str] = []
    assert resolve_bundle(CHECKOUT, notify=messages.append).path == bundle.path
    assert messages == [
        f"warning: cached replay {CHECKOUT} is incomplete (9 of 9 segments): "
        f"run `replaydom fetch {CHECKOUT}` to complete it"
    ]


def test_uncached_ids_without_sentry_are_not_found() -> None:
    with pytest.raises(NotFoundError, match=f"not cached: run `replaydom fetch {CHECKOUT}`"):
        resolve_bundle(CHECKOUT)
    with pytest.raises(NotFoundError):
        resolve_bundle(CHECKOUT[:8])


def test_no_cache_bundles_are_temporary(sentry: SentryServer) -> None:
    from replaydom.store.cache import remove_temp_root

    bundle = resolve_bundle(f"acme/{CHECKOUT}", no_cache=True, notify=lambda m: None)
    assert bundle.temporary and bundle.segment_count() == 9
    assert not str(bundle.path).startswith(str(cache_root()))
    remove_temp_root(bundle)
    assert not bundle.path.exists()
    assert not (cache_root() / "replays").exists()


def test_ambiguous_prefix_is_a_usage_error() -> None:
    import_recording(scenario_path("checkout-failure"), replay_id="f5f68b78" + "0" * 24)
    import_recording(scenario_path("checkout-failure"))
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_bundle("f5f68b78")
    assert resolve_bundle("f5f68b787").replay_id == CHECKOUT


@pytest.mark.parametrize(
    "target",
    ["../../etc/passwd", f"acme/../../{CHECKOUT}", f"a/b/c/{CHECKOUT}", "zz" * 16, f"acme/web/{CHECKOUT}/x"],
)
@pytest.mark.parametrize("command", ["fetch", "view", "cache path", "cache clear"])
def test_hostile_targets_touch_nothing(cli: Any, sentry: SentryServer, target: str, command: str) -> None:
    result = cli(*command.split(), target)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert sentry.requests == []
    assert not cache_root().exists() or not any(cache_root().rglob("*.json*"))


def test_layout_refuses_escaping_components(tmp_path: Path) -> None:
    for org, project, rid in [("..", "web", CHECKOUT), ("acme", "a/b", CHECKOUT), ("acme", "web", "../x")]:
        with pytest.raises(UsageError):
            layout.bundle_dir(tmp_path, "local", org, project, rid)


def test_cache_ls_path_clear(cli: Any, sentry: SentryServer) -> None:
    assert cli("fetch", f"acme/{CHECKOUT}").exit_code == 0
    assert cli("import", str(scenario_path("widgets"))).exit_code == 0
    items = cli("cache", "ls", "--json").json()["items"]
    assert sorted(i["replayId"] for i in items) == sorted([CHECKOUT, WIDGETS])
    imported = next(i for i in items if i["replayId"] == WIDGETS)
    counts = (imported["storedSegments"], imported["expectedSegments"], imported["complete"])
    assert imported["identity"] == "local" and counts == (11, 11, True)
    assert imported["live"] is False and imported["sizeBytes"] > 10_000 and imported["expired"] is False
    assert len(cli("cache", "ls", "--jsonl").jsonl()) == 2
    table = cli("cache", "ls").stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "IDENTITY", "ORG/PROJECT"] and len(table) == 3
    assert cli("cache", "path").stdout.strip() == str(cache_root())
    assert cli("cache", "path", WIDGETS[:9]).stdout.strip() == imported["path"]
    assert cli("cache", "path", "0" * 32).exit_code == 3
    assert cli("cache", "clear", WIDGETS).exit_code == 0
    assert not Path(imported["path"]).exists() and not Path(imported["path"]).parent.exists()
    assert cli("cache", "clear", WIDGETS).exit_code == 3
    assert cli("cache", "clear").exit_code == 2
    assert cli("cache", "clear", CHECKOUT, "--all").exit_code == 2
    assert cli("cache", "clear", "--all").exit_code == 0
    assert cli("cache", "ls", "--json").json()["items"] == []


def test_cache_prune_by_age(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLAYDOM_NOW", "1795470000")
    assert cli("import", str(scenario_path("checkout-failure"))).exit_code == 0
    monkeypatch.setenv("REPLAYDOM_NOW", str(1795470000 + 20 * 86400))
    assert cli("import", str(scenario_path("widgets"))).exit_code == 0
    monkeypatch.setenv("REPLAYDOM_NOW", str(1795470000 + 35 * 86400))
    items = {i["replayId"]: i["expired"] for i in cli("cache", "ls", "--json").json()["items"]}
    assert items[CHECKOUT] is True and list(items.values()).count(False) == 1
    result = cli("cache", "prune", "--json")
    assert [r["replayId"] for r in result.json()["removed"]] == [CHECKOUT]
    assert cli("cache", "prune", "--older-than", "10d").exit_code == 0
    assert cli("cache", "ls", "--json").json()["items"] == []
    assert cli("cache", "prune", "--older-than", "10").exit_code == 2  # a unit is required


def test_corrupt_manifest_is_a_data_error(cli: Any) -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    bundle.manifest_path.write_text("{not json")
    result = cli("view", CHECKOUT)
    assert result.exit_code == 6 and "unreadable manifest" in result.stderr
    listing = cli("cache", "ls", "--json")
    assert listing.exit_code == 0 and listing.json()["items"] == []
    assert "unreadable manifest" in listing.stderr


def test_a_tampered_segment_is_skipped_and_reported() -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    path = bundle.segment_path(3)
    path.write_bytes(gzip.compress(b"[]"))
    truncated = bundle.segment_path(5)
    truncated.write_bytes(truncated.read_bytes()[:20])
    errors: list[tuple[int, str]] = []
    positions = [p for p, _ in Bundle(bundle.path).iter_segments(on_error=lambda p, m: errors.append((p, m)))]
    assert positions == [0, 1, 2, 4, 6, 7, 8]
    assert [p for p, _ in errors] == [3, 5]
    assert "checksum mismatch" in errors[0][1] and "unreadable" in errors[1][1]
    with pytest.raises(DataError):
        bundle.read_segment(3)


def test_update_manifest_keeps_keys_of_other_modules() -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    bundle.update_manifest({"normalizerVersion": 7})
    bundle.update_manifest({"warnings": ["x"]})
    reread = Bundle(bundle.path).manifest
    assert reread["normalizerVersion"] == 7 and reread["warnings"] == ["x"] and reread["replayId"] == CHECKOUT


def test_fingerprint_follows_segments_details_and_errors() -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    first = bundle.fingerprint()
    assert Bundle(bundle.path).fingerprint() == first
    bundle.write_related("errors", [], fetched_at="2026-11-23T21:41:16.000Z")
    second = bundle.fingerprint()
    assert second != first
    bundle.update_manifest({"segments": bundle.manifest["segments"][:-1]})
    assert bundle.fingerprint() != second


def test_finished_rules() -> None:
    start = "2026-11-23T21:40:16.000Z"
    t0 = 1795470016000
    assert not is_finished({"startedAt": start}, t0 + 60 * 60_000)
    assert is_finished({"startedAt": start}, t0 + 66 * 60_000)
    hist = [{"at": "2026-11-23T21:41:16.000Z", "count": 9}, {"at": "2026-11-23T21:42:16.000Z", "count": 9}]
    assert not is_finished({"startedAt": start, "countHistory": hist}, t0 + 2 * 60_000 + 14 * 60_000)
    assert is_finished({"startedAt": start, "countHistory": hist}, t0 + 2 * 60_000 + 16 * 60_000)
    grew = [hist[0], {**hist[1], "count": 10}]
    assert not is_finished({"startedAt": start, "countHistory": grew}, t0 + 40 * 60_000)
    assert is_finished({"source": "import"}, 0)


def test_manifest_records_what_the_issue_asks() -> None:
    bundle = import_recording(scenario_path("widgets"))
    m = json.loads(bundle.manifest_path.read_text())
    for key in (
        "format",
        "replayId",
        "host",
        "fetchedAt",
        "expectedSegments",
        "storedSegments",
        "complete",
        "live",
        "segments",
    ):
        assert key in m
    assert set(m["segments"][0]) == {"position", "file", "size", "sha256", "events"}
