"""The Sentry client against the real loopback server: pagination, retries, errors, token safety."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sentry_server import TOKEN, SentryServer, ServedReplay

from replaydom.config import Config, load_config
from replaydom.errors import AuthError, ExitCode, NotFoundError, UpstreamError
from replaydom.sentry import api
from replaydom.sentry.client import SentryClient
from replaydom.sentry.links import next_cursor, parse_link
from replaydom.sentry.retry import RetryPolicy

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def srv() -> Iterator[SentryServer]:
    with SentryServer(
        replays=[ServedReplay.from_scenario("checkout-failure"), ServedReplay.synthetic(230)]
    ) as s:
        yield s


def config_for(srv: SentryServer, tmp_path: Path, token: str | None = TOKEN) -> Config:
    env = {"SENTRY_URL": srv.url, "HOME": str(tmp_path), "REPLAYDOM_CACHE_DIR": str(tmp_path / "c")}
    if token:
        env["SENTRY_AUTH_TOKEN"] = token
    return load_config(env=env, cwd=tmp_path)


def client_for(srv: SentryServer, tmp_path: Path, sleeps: Sleeps | None = None, **kw: object) -> SentryClient:
    retry = RetryPolicy(
        attempts=4, base_s=1.0, cap_s=4.0, sleep=sleeps if sleeps is not None else Sleeps(), rand=lambda: 1.0
    )
    return SentryClient(config_for(srv, tmp_path), retry=retry, **kw)  # type: ignore[arg-type]


def test_segment_pages_follow_sentry_pagination(srv: SentryServer, tmp_path: Path) -> None:
    big = next(r for r in srv.replays.values() if len(r.segments) == 230)
    with client_for(srv, tmp_path) as client:
        pages = [api.segment_page(client, "acme", "web", big.id, off) for off in (0, 100, 200)]
    assert [len(p.segments) for p in pages] == [100, 100, 30]
    assert [p.next_cursor for p in pages] == ["0:100:0", "0:200:0", None]
    assert pages[1].segments[0] == big.segments[100]
    req = srv.segment_requests()[0]
    assert (req.param("download"), req.param("per_page"), req.param("cursor")) == ("true", "100", "0:0:0")


def test_per_page_over_100_is_a_400(srv: SentryServer, tmp_path: Path) -> None:
    with client_for(srv, tmp_path) as client, pytest.raises(UpstreamError, match="Cannot exceed 100"):
        client.get(api.segments_path("acme", "web", CHECKOUT), [("per_page", "101")], org="acme")


def test_unknown_replay_has_an_empty_segment_list_and_details_404(srv: SentryServer, tmp_path: Path) -> None:
    unknown = "0" * 32
    with client_for(srv, tmp_path) as client:
        assert api.segment_page(client, "acme", "web", unknown, 0).segments == []
        with pytest.raises(NotFoundError) as exc:
            api.replay_details(client, "acme", unknown)
    assert exc.value.exit_code == ExitCode.NOT_FOUND
    assert "wrong org?" in (exc.value.hint or "") and "past retention?" in (exc.value.hint or "")


def test_429_honours_retry_after(srv: SentryServer, tmp_path: Path) -> None:
    srv.fail("/replays/", status=429, times=2, retry_after="3")
    sleeps = Sleeps()
    with client_for(srv, tmp_path, sleeps) as client:
        assert api.replay_details(client, "acme", CHECKOUT)["id"] == CHECKOUT
    assert sleeps == [3.0, 3.0]


def test_5xx_backoff_is_exponential_capped_then_fails(srv: SentryServer, tmp_path: Path) -> None:
    srv.fail("/replays/", status=503, times=10)
    sleeps = Sleeps()
    with client_for(srv, tmp_path, sleeps) as client, pytest.raises(UpstreamError) as exc:
        api.replay_details(client, "acme", CHECKOUT)
    assert sleeps == [1.0, 2.0, 4.0]  # rand=1.0 -> the full backoff; 4 attempts, capped at 4 s
    assert exc.value.exit_code == ExitCode.UPSTREAM and "503" in exc.value.message
    assert srv.count(f"/replays/{CHECKOUT}/") == 4


def test_jitter_spreads_waits() -> None:
    policy = RetryPolicy(base_s=1.0, cap_s=8.0, rand=lambda: 0.0)
    assert [policy.delay(a) for a in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert policy.delay(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.5  # HTTP dates fall back to backoff
    assert policy.delay(0, "999999") == policy.max_retry_after_s


def test_transient_5xx_and_connection_reset_recover(srv: SentryServer, tmp_path: Path) -> None:
    srv.fail("recording-segments", status=502, times=1)
    srv.fail("recording-segments", status="reset", times=1)
    with client_for(srv, tmp_path) as client:
        page = api.segment_page(client, "acme", "web", CHECKOUT, 0)
    assert len(page.segments) == 9
    assert [r.status for r in srv.segment_requests()] == [502, -1, 200]


def test_timeouts_are_retried_then_upstream_error(tmp_path: Path) -> None:
    with SentryServer(replays=[ServedReplay.from_scenario("checkout-failure")], latency_s=0.4) as slow:
        client = client_for(slow, tmp_path, timeout_s=0.1)
        client.retry.attempts = 2
        with client, pytest.raises(UpstreamError, match="timeout"):
            api.replay_details(client, "acme", CHECKOUT)


def test_401_403_are_auth_errors(srv: SentryServer, tmp_path: Path) -> None:
    with SentryClient(config_for(srv, tmp_path, token="wrong")) as client, pytest.raises(AuthError) as exc:
        api.replay_details(client, "acme", CHECKOUT)
    assert exc.value.exit_code == ExitCode.AUTH and "401" in exc.value.message
    assert "wrong" not in exc.value.message + (exc.value.hint or "")
    srv.forbidden_orgs.add("acme")
    with client_for(srv, tmp_path) as client, pytest.raises(AuthError, match="403"):
        api.replay_details(client, "acme", CHECKOUT)


def test_debug_http_redacts_the_token(srv: SentryServer, tmp_path: Path) -> None:
    lines: list[str] = []
    with client_for(srv, tmp_path, debug=lines.append) as client:
        api.replay_details(client, "acme", CHECKOUT)
    text = "\n".join(lines)
    assert TOKEN not in text
    assert ">   authorization: [redacted]" in text
    assert f"< 200 GET {srv.url}/api/0/organizations/acme/replays/{CHECKOUT}/" in text
    assert srv.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_region_url_is_used_for_org_calls(tmp_path: Path) -> None:
    replay = ServedReplay.from_scenario("checkout-failure")
    with SentryServer(replays=[replay]) as region, SentryServer(region=region.url) as control:
        client = SentryClient(config_for(control, tmp_path), region_lookup=True)
        with client:
            assert api.replay_details(client, "acme", CHECKOUT)["id"] == CHECKOUT
            assert len(api.segment_page(client, "acme", "web", CHECKOUT, 0).segments) == 9
    assert [r.path for r in control.requests] == ["/api/0/organizations/acme/"]
    assert region.count("/replays/") == 2
    assert all(r.headers.get("Authorization") == f"Bearer {TOKEN}" for r in region.requests)


def test_untrusted_region_url_is_refused(tmp_path: Path) -> None:
    with SentryServer(region="https://evil.example.com") as control:
        client = SentryClient(config_for(control, tmp_path), region_lookup=True)
        with client, pytest.raises(UpstreamError, match="refusing region URL"):
            api.replay_details(client, "acme", CHECKOUT)


def test_link_urls_are_never_followed(tmp_path: Path) -> None:
    big = ServedReplay.synthetic(230)
    with SentryServer() as other, SentryServer(replays=[big], link_base=other.url) as srv:
        with client_for(srv, tmp_path) as client:
            page = api.segment_page(client, "acme", "web", big.id, 0)
            api.segment_page(client, "acme", "web", big.id, api.cursor_offset(page.next_cursor or ""))
        assert other.requests == []
        assert len(srv.segment_requests()) == 2


def test_parse_link_reads_sentry_headers() -> None:
    header = (
        '<https://sentry.io/api/0/x/?download=true&per_page=100&cursor=0:0:1>; rel="previous"; '
        'results="false"; cursor="0:0:1", <https://sentry.io/api/0/x/?download=true&per_page=100'
        '&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"'
    )
    links = parse_link(header)
    assert links["next"].cursor == "0:100:0" and links["next"].results
    assert not links["previous"].results
    assert next_cursor(header) == "0:100:0"
    assert next_cursor(header.replace('results="true"', 'results="false"')) is None
    assert next_cursor('<x>; rel="next"; results="true"; cursor="../../etc"') is None
    assert next_cursor(None) is None and next_cursor("garbage") is None


def test_events_meta_and_clicks(srv: SentryServer, tmp_path: Path) -> None:
    replay = srv.replays[CHECKOUT]
    with client_for(srv, tmp_path) as client:
        rows = api.events_meta(client, "acme", CHECKOUT, replay.details)
        clicks = api.clicks(client, "acme", "web", CHECKOUT)
    assert [r["id"] for r in rows] == ["776732fa508d4901987076b3c43ee570"]
    assert rows[0]["dataset"] == "discover"
    assert len(clicks) == 19 and {"node_id", "timestamp"} <= set(clicks[0])
    meta = [r for r in srv.requests if r.path.endswith("/replays-events-meta/")]
    assert [r.param("dataset") for r in meta] == ["discover", "issuePlatform"]
    assert meta[0].param("query") == f"replayId:[{CHECKOUT}]" and meta[0].param("per_page") == "50"
    assert meta[0].param("start") == "2026-11-23T21:40:16.000Z"
    assert meta[0].param("end") == "2026-11-23T21:41:16.000Z"  # finished_at + 1 s
