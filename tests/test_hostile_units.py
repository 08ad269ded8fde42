"""Unit tests behind issue 15's fixes: lenient JSON, inert serialization, bounded time strings,
URL parsing, the `.sentryclirc` URL warning, and a fetch over IPv6."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from sentry_server import SentryServer, ServedReplay

from replaydom.config import load_config
from replaydom.dom.serialize import comment_text, doctype_of, style_text, to_html
from replaydom.dom.tree import COMMENT, DOCTYPE, DOCUMENT, ELEMENT, TEXT, Node, append_child
from replaydom.errors import UsageError
from replaydom.jsonlenient import Repairs, capped, decode_at, dumps, loads
from replaydom.sentry.api import SegmentPage
from replaydom.sentry.pagesplit import candidate_spans, decode_page
from replaydom.targets import parse_target
from replaydom.timefmt import epoch_ms, iso_ms, parse_duration, parse_time

RID = "f5f68b787e3947cdbf9d5bb01d76dc96"

# -- lenient JSON ----------------------------------------------------------------------------------


def nested(levels: int) -> str:
    return '{"a":[' * levels + '"\\ud83d"' + "]}" * levels


@pytest.mark.parametrize("levels", [10, 600, 5000])
def test_any_depth_reads_writes_and_reads_back(levels: int) -> None:
    repairs = Repairs()
    value = loads(nested(levels).encode(), repairs)
    assert repairs == Repairs(surrogates=1)
    raw = dumps(value)
    assert raw == nested(levels).replace("\\ud83d", "\ufffd").encode()
    assert dumps(loads(raw)) == raw


def test_nan_infinity_and_overflow_become_counted_nulls() -> None:
    repairs = Repairs()
    assert loads(b'[NaN,Infinity,-Infinity,1e400,-1e999,1.5,{"x":NaN}]', repairs) == [
        None, None, None, None, None, 1.5, {"x": None},
    ]  # fmt: skip
    assert repairs.nonfinite == 6 and "6 malformed number(s)" in repairs.describe()[0]


def test_surrogates_pairs_stay_and_lone_halves_are_replaced_in_keys_and_values() -> None:
    repairs = Repairs()
    doc = b'{"\\udc00k":["\\ud83d\\ude00","a\\ud83d","\\\\ud83d"]}'
    assert loads(doc, repairs) == {"\ufffdk": ["\U0001f600", "a\ufffd", "\\ud83d"]}
    assert repairs.surrogates == 2


def test_big_integers_are_stored_as_orjson_stores_them() -> None:
    """The import decoder (stdlib) keeps them exact, the fetch decoder (orjson) reads a double: both
    must store the same bytes."""
    for text in ("[100000000000000000000000000000]", "[18446744073709551616]", "[-9223372036854775809]"):
        assert dumps(decode_at(text, 0)[0]) == orjson.dumps(orjson.loads(text))
    assert dumps(decode_at("[18446744073709551615]", 0)[0]) == b"[18446744073709551615]"
    assert dumps([10**5000]) == b"[null]"


@pytest.mark.parametrize("bad", [b"[1,]", b"[1", b'{"a" 1}', b"[1] x", b"nul", b'["\x01"]', b"[01]", b"\xff"])
def test_malformed_json_is_still_an_error(bad: bytes) -> None:
    with pytest.raises(ValueError):
        loads(bad)


def test_capped_leaves_out_what_no_reader_can_read_and_says_so() -> None:
    value = loads(nested(300).encode())
    small = capped(value, 64)
    assert orjson.loads(orjson.dumps(small)) == small
    assert "nested deeper than 64 levels" in orjson.dumps(small).decode()


def test_a_fetched_page_with_hostile_segments_is_decoded_and_counted_per_segment() -> None:
    deep = "[" + nested(700) + "]"
    page = f'[[{{"a":1}}],[{{"b":NaN}}],{deep},[{{"c":"\\ude00"}}]]'.encode()
    segments = SegmentPage(0, None, page, candidate_spans(page), "GET /x").segments
    assert segments[0] == [{"a": 1}] and segments[1] == [{"b": None}] and segments[3] == [{"c": "\ufffd"}]
    decoded = SegmentPage(0, None, page, candidate_spans(page), "GET /x").decoded
    assert {i: r.as_dict() for i, r in decoded.repairs.items()} == {
        1: {"nonfinite": 1}, 2: {"surrogates": 1}, 3: {"surrogates": 1},
    }  # fmt: skip
    whole = decode_page(page)
    assert dumps(whole.value) == dumps(segments)


# -- inert serialization ---------------------------------------------------------------------------


def el(tag: str, *children: Node, svg: bool = False, node_id: int = 1) -> Node:
    node = Node(ELEMENT, tag, node_id)
    node.svg = svg
    for child in children:
        append_child(node, child)
    return node


def text(value: str) -> Node:
    node = Node(TEXT, "#text")
    node.text = value
    return node


PAYLOAD = "a{b:c}</style><img src=x onerror=alert(1)>"


@pytest.mark.parametrize("outer", ["svg", "math", "select", "SVG"])
def test_style_text_outside_html_context_holds_no_markup(outer: str) -> None:
    html = to_html(el("body", el(outer, el("style", text(PAYLOAD)))), pretty=False)
    inner = html.split("<style", 1)[1].split("</style>", 1)[0]
    assert "<" not in inner.split(">", 1)[1] and "\\3c img" in inner


def test_style_text_in_html_context_keeps_its_css_but_cannot_close() -> None:
    html = to_html(
        el("head", el("style", text("@media (width < 600px) { a { b: c } }" + PAYLOAD))), pretty=False
    )
    assert "(width < 600px)" in html and "<\\/style><img" in html and html.count("</style>") == 1
    assert style_text("</x", raw_text=True) == "<\\/x" and style_text("<x", raw_text=False) == "\\3c x"


@pytest.mark.parametrize(
    ("recorded", "written"),
    [("a---b", "a- - -b"), ("x-", "x- "), (">x", " >x"), ("->x", " ->x"), ("</textarea>", "<\\/textarea>")],
)
def test_comments_never_end_early(recorded: str, written: str) -> None:
    assert comment_text(recorded) == written
    node = Node(COMMENT, "#comment")
    node.text = recorded
    assert f"<!--{written}-->" in to_html(el("div", node), pretty=False)


def test_doctype_ids_cannot_end_the_doctype() -> None:
    doc = Node(DOCUMENT, "#document")
    dt = Node(DOCTYPE, "html")
    dt.attrs = {"publicId": '"><img src=x onerror=alert(1)>', "systemId": "'>x"}
    append_child(doc, dt)
    assert doctype_of(doc) == '<!DOCTYPE html PUBLIC "img src=x onerror=alert(1)" "x">'


# -- time strings, URLs, configuration -------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["", " ", "9" * 400, "@" + "9" * 400, "9" * 400 + "s", "1e400s", "99999999999:00:00"]
)
def test_time_strings_out_of_range_are_usage_errors(value: str) -> None:
    with pytest.raises(UsageError):
        parse_time(value)


def test_durations_and_recorded_times_are_bounded() -> None:
    with pytest.raises(UsageError, match="out of range"):
        parse_duration("9" * 400 + "s")
    for bad in (1e30, 1e308, 10**30, -5, 0, float("nan"), float("inf"), True, "1"):
        assert epoch_ms(bad) is None
    assert (
        epoch_ms(1795470016.402) == pytest.approx(1795470016402) and epoch_ms(1795470016402) == 1795470016402
    )
    with pytest.raises(ValueError):
        iso_ms(1e30)


@pytest.mark.parametrize(
    "url",
    [
        "http://[zz",
        "https://h:99999/replays/" + RID + "/",
        "http://h:x/replays/" + RID,
        "http://a b/replays/" + RID + "/",
    ],
)
def test_bad_replay_urls_are_usage_errors(url: str) -> None:
    with pytest.raises(UsageError):
        parse_target(url)


def test_ipv6_replay_urls_keep_their_brackets() -> None:
    target = parse_target(f"http://[::1]:9000/organizations/acme/replays/{RID}/")
    assert target.host == "http://[::1]:9000" and target.org == "acme"
    with pytest.raises(UsageError):
        load_config(env={"SENTRY_URL": "http://[zz", "HOME": "/nonexistent"})


def test_fetch_from_an_ipv6_loopback_sentry(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with SentryServer(replays=[ServedReplay.from_scenario("checkout-failure")], bind="::1") as srv:
        assert srv.url.startswith("http://[::1]:")
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        by_url = cli("fetch", f"{srv.url}/organizations/acme/replays/{RID}/", "--json")
    assert by_url.exit_code == 0, by_url.stderr
    assert by_url.json()["storedSegments"] == 9 and by_url.json()["complete"] is True


def test_a_project_sentryclirc_url_with_a_token_from_elsewhere_is_warned_about(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / ".sentryclirc").write_text("[defaults]\nurl = http://127.0.0.1:9\norg = acme\n")
    monkeypatch.chdir(repo / "sub")
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", "tok")
    config = load_config()
    assert len(config.warnings) == 1 and str(repo / ".sentryclirc") in config.warnings[0]
    result = cli("fetch", f"acme/{RID}")
    assert "the token will be sent to that host" in result.stderr and result.exit_code == 5
    monkeypatch.setenv("SENTRY_URL", "http://127.0.0.1:9")  # chosen by the user: no warning
    assert load_config().warnings == ()
    monkeypatch.delenv("SENTRY_URL")
    monkeypatch.delenv("SENTRY_AUTH_TOKEN")
    (repo / ".sentryclirc").write_text("[defaults]\nurl = http://127.0.0.1:9\n[auth]\ntoken = t\n")
    assert load_config().warnings == ()  # one file names both: one owner
    home = Path(os.environ["HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / ".sentryclirc").write_text("[defaults]\nurl = http://127.0.0.1:9\n")
    (repo / ".sentryclirc").unlink()
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", "tok")
    assert load_config().warnings == ()  # the user's own file in HOME


def test_json_corpus_values_parse_with_the_stdlib_too() -> None:
    assert json.loads(dumps({"a": [1, 2.5, None, "é"]})) == {"a": [1, 2.5, None, "é"]}


BIG = "9" * 400


@pytest.mark.parametrize(
    "args",
    [
        ("dom", RID, "--at", ""),
        ("dom", RID, "--at", BIG),
        ("dom", RID, "--at", "@" + BIG),
        ("dom", RID, "--from", "", "--to", "5s"),
        ("dom", RID, "--diff", ""),
        ("dom", RID, "--diff", "1s.." + BIG),
        ("events", RID, "--from", BIG),
        ("events", RID, "--to", ""),
        ("window", RID, "--at", BIG),
        ("window", RID, "--at", "1s", "--before", BIG + "s"),
        ("snapshot", RID, "--at", ""),
        ("snapshot", RID, "--at", BIG),
        ("fetch", "http://[zz/replays/" + RID + "/"),
        ("view", "https://acme.sentry.io:99999/replays/" + RID + "/"),
    ],
)
def test_bad_times_and_urls_are_usage_errors_in_every_command(cli: Any, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
