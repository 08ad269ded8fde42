"""Configuration precedence, `.sentryclirc`, host safety and cache identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from replaydom.config import (
    DEFAULT_HOST,
    cache_identity,
    cache_root,
    cache_ttl_ms,
    is_saas_host,
    load_config,
    normalize_host,
    now_ms,
    read_sentryclirc,
    same_sentry,
)
from replaydom.errors import UsageError


def write_rc(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ".sentryclirc"
    path.write_text(text)
    return path


def test_token_precedence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_rc(home, "[auth]\ntoken = from-rc\n")
    env = {"HOME": str(home), "SENTRY_TOKEN": "from-sentry-token", "SENTRY_AUTH_TOKEN": "from-auth-token"}
    assert load_config(token="from-flag", env=env, cwd=tmp_path).token == "from-flag"
    c = load_config(env=env, cwd=tmp_path)
    assert (c.token, c.token_source) == ("from-auth-token", "SENTRY_AUTH_TOKEN")
    del env["SENTRY_AUTH_TOKEN"]
    assert load_config(env=env, cwd=tmp_path).token == "from-sentry-token"
    env["SENTRY_TOKEN"] = "  "  # blank counts as unset
    c = load_config(env=env, cwd=tmp_path)
    assert (c.token, c.token_source) == ("from-rc", ".sentryclirc")
    assert load_config(env={"HOME": str(tmp_path / "nohome")}, cwd=tmp_path).token is None


def test_nearest_sentryclirc_wins_over_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_rc(home, "[auth]\ntoken=home-token\n[defaults]\norg=home-org\nproject=home-proj\n")
    write_rc(tmp_path / "repo", "[defaults]\norg = repo-org\nurl = https://sentry.example.com/\n")
    cwd = tmp_path / "repo" / "src" / "deep"
    cwd.mkdir(parents=True)
    rc = read_sentryclirc(cwd, home)
    assert rc == {
        "token": "home-token",
        "org": "repo-org",
        "project": "home-proj",
        "url": "https://sentry.example.com/",
    }
    c = load_config(env={"HOME": str(home)}, cwd=cwd)
    assert (c.host, c.org, c.project, c.token) == (
        "https://sentry.example.com",
        "repo-org",
        "home-proj",
        "home-token",
    )


def test_malformed_sentryclirc_is_a_usage_error_without_its_content(tmp_path: Path) -> None:
    write_rc(tmp_path, "token = secret-value-without-section\n")
    with pytest.raises(UsageError) as exc:
        load_config(env={"HOME": str(tmp_path / "h")}, cwd=tmp_path)
    assert "secret-value" not in exc.value.message


def test_host_precedence_and_default(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_rc(home, "[defaults]\nurl=https://rc.example.com\n")
    env = {
        "HOME": str(home),
        "SENTRY_URL": "https://url.example.com/",
        "SENTRY_HOST": "https://host.example.com",
    }
    assert load_config(env=env, cwd=tmp_path).host == "https://host.example.com"
    del env["SENTRY_HOST"]
    assert load_config(env=env, cwd=tmp_path).host == "https://url.example.com"
    del env["SENTRY_URL"]
    assert load_config(env=env, cwd=tmp_path).host == "https://rc.example.com"
    assert load_config(env={"HOME": str(tmp_path)}, cwd=tmp_path).host == DEFAULT_HOST


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("sentry.io", "https://sentry.io"),
        ("https://Sentry.Example.com:8443/sentry/", "https://sentry.example.com:8443/sentry"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("http://localhost:1", "http://localhost:1"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
    ],
)
def test_normalize_host(text: str, host: str) -> None:
    assert normalize_host(text) == host


@pytest.mark.parametrize(
    "text", ["http://sentry.example.com", "http://10.0.0.1", "ftp://x", "https://", "https://x/?a=1"]
)
def test_plain_http_only_for_loopback_and_bad_urls_rejected(text: str) -> None:
    with pytest.raises(UsageError):
        normalize_host(text)


def test_org_and_project_from_env_may_be_combined(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "SENTRY_ORG": "acme/web"}
    c = load_config(env=env, cwd=tmp_path)
    assert (c.org, c.project) == ("acme", "web")
    c = load_config(env={"HOME": str(tmp_path), "SENTRY_PROJECT": "acme/shop"}, cwd=tmp_path)
    assert (c.org, c.project) == ("acme", "shop")
    c = load_config(env={"HOME": str(tmp_path), "SENTRY_ORG": "acme", "SENTRY_PROJECT": "web"}, cwd=tmp_path)
    assert (c.org, c.project) == ("acme", "web")
    with pytest.raises(UsageError):
        load_config(env={"HOME": str(tmp_path), "SENTRY_ORG": "../etc"}, cwd=tmp_path)


def test_identity_hashes_host_and_token_never_contains_it() -> None:
    token = "sntrys_abcdef0123456789"
    ident = cache_identity("https://sentry.io", token)
    assert len(ident) == 12 and token not in ident
    assert ident == cache_identity("https://sentry.io", token)
    assert ident != cache_identity("https://sentry.io", token + "x")
    assert ident != cache_identity("https://de.sentry.io", token)
    assert cache_identity("https://sentry.io", None) != ident


def test_token_not_in_repr(tmp_path: Path) -> None:
    c = load_config(token="sntrys_secret", env={"HOME": str(tmp_path)}, cwd=tmp_path)
    assert "sntrys_secret" not in repr(c)


def test_cache_root_ttl_and_clock() -> None:
    assert cache_root({"REPLAYDOM_CACHE_DIR": "/x/y"}) == Path("/x/y")
    assert cache_root({}).name == "replaydom"
    assert cache_ttl_ms({}) == 30 * 86_400_000
    assert cache_ttl_ms({"REPLAYDOM_CACHE_TTL": "12h"}) == 12 * 3_600_000
    assert now_ms({"REPLAYDOM_NOW": "1795470016"}) == 1795470016000
    with pytest.raises(UsageError):
        now_ms({"REPLAYDOM_NOW": "tomorrow"})
    with pytest.raises(UsageError):
        cache_ttl_ms({"REPLAYDOM_CACHE_TTL": "30"})


def test_saas_and_same_sentry() -> None:
    assert is_saas_host("https://sentry.io") and is_saas_host("https://de.sentry.io")
    assert not is_saas_host("https://notsentry.io") and not is_saas_host("https://sentry.io.evil.com")
    assert same_sentry("https://acme.sentry.io", "https://sentry.io")
    assert same_sentry("https://sentry.example.com", "https://sentry.example.com")
    assert not same_sentry("https://evil.example.com", "https://sentry.io")
    assert not same_sentry("https://sentry.example.com:444", "https://sentry.example.com")
