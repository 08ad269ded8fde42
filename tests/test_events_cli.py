"""`replaydom events`: output modes, filters, paging with exact next commands, --raw, --redact."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDINGS, load_json, load_segments

from replaydom.store.importer import import_recording

CHECKOUT = "f5f68b787e3947cdbf9d5bb01d76dc96"


@pytest.fixture
def checkout() -> str:
    import_recording(RECORDINGS / "checkout-failure")
    return CHECKOUT


def follow(cli: Any, command: str) -> Any:
    """Run the exact `next` command a truncation notice printed."""
    argv = shlex.split(command)
    assert argv[:2] == ["replaydom", "events"]
    return cli(*argv[1:])


def test_table_on_a_terminal_shows_offset_kind_label_where_and_pointer(cli: Any, checkout: str) -> None:
    res = cli("events", checkout, "--kind", "click,error", "--limit", "500")
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["offset", "kind", "label", "selector/url", "seg/frame"]
    assert any(line.startswith("00:02.178  click") and line.endswith("0/12") for line in lines)
    assert any("error" in line and line.rstrip().endswith("errors") for line in lines)


def test_jsonl_pages_with_an_exact_next_command(cli: Any, checkout: str) -> None:
    first = cli("events", checkout, "--kind", "click", "--jsonl", "--limit", "7")
    items = first.jsonl()
    assert len(items) == 7 and {e["kind"] for e in items} == {"click"}
    assert "Showing 7 of 19. Next page: replaydom events" in first.stderr
    nxt = first.stderr.split("Next page: ")[1].strip()
    second = follow(cli, nxt)
    assert second.exit_code == 0
    rest = second.jsonl()
    assert rest[0]["offsetMs"] >= items[-1]["offsetMs"] and len(rest) == 7
    everything = cli("events", checkout, "--kind", "click", "--jsonl").jsonl()
    assert everything[:14] == items + rest and len(everything) == 19


def test_json_document_and_truncation_object(cli: Any, checkout: str) -> None:
    doc = cli("events", checkout, "--category", "frustration", "--json", "--limit", "2").json()
    assert [e["kind"] for e in doc["items"]] == ["multi-click", "rage-click"]
    assert doc["truncated"]["shown"] == 2 and doc["truncated"]["total"] == 3
    last = follow(cli, doc["truncated"]["next"]).json()
    assert [e["kind"] for e in last["items"]] == ["dead-click"] and last["truncated"] is None
    fast = cli("events", checkout, "--kind", "network", "--json", "--limit", "3").json()
    assert len(fast["items"]) == 3 and fast["truncated"]["total"] == 28


def test_fast_and_filtered_paths_agree(cli: Any, checkout: str) -> None:
    fast = cli("events", checkout, "--kind", "click,input", "--jsonl", "--limit", "1000").jsonl()
    slow = cli(
        "events", checkout, "--kind", "click,input", "--jsonl", "--limit", "1000", "--contains", ""
    ).jsonl()
    assert fast == slow and len(fast) == 26


def test_filters(cli: Any, checkout: str) -> None:
    window = cli("events", checkout, "--from", "00:25", "--to", "25500ms", "--jsonl").jsonl()
    assert window and all(25_000 <= e["offsetMs"] <= 25_500 for e in window)
    # absolute times work too: the replay starts at the API's (second-precision) started_at here
    start = load_json("checkout-failure", "details.json")["started_at"]
    assert cli("events", checkout, "--to", start.replace("+00:00", "Z"), "--jsonl").jsonl() == []
    epoch = cli("events", checkout, "--jsonl", "--limit", "1").jsonl()[0]
    first_ms = round(json.loads(json.dumps(epoch))["offsetMs"])
    early = cli("events", checkout, "--to", "@1795470016500", "--jsonl").jsonl()
    assert early and all(e["offsetMs"] <= 500 for e in early) and early[0]["offsetMs"] == first_ms
    contains = cli("events", checkout, "--contains", "CHECKOUT FAILED", "--jsonl").jsonl()
    assert len(contains) == 6 and {e["kind"] for e in contains} == {"console"}
    by_selector = cli("events", checkout, "--selector", "btn-checkout", "--kind", "click", "--jsonl").jsonl()
    assert len(by_selector) == 6
    by_url = cli("events", checkout, "--url", "/api/checkout", "--jsonl").jsonl()
    assert {e["kind"] for e in by_url} == {"network"} and len(by_url) == 6


def test_raw_frames_are_attached_and_bounded(cli: Any, checkout: str) -> None:
    segments = load_segments("checkout-failure")
    events = cli(
        "events", checkout, "--kind", "click,dom-snapshot,error", "--raw", "--jsonl", "--limit", "500"
    ).jsonl()
    for ev in events:
        if ev["kind"] == "click":
            assert ev["raw"] == segments[ev["segmentId"]][ev["frameIndex"]]
        elif ev["kind"] == "dom-snapshot":
            assert ev["raw"]["truncated"] is True and ev["raw"]["bytes"] > 4096
            assert len(ev["raw"]["preview"]) <= 4096
        else:
            assert ev["raw"] is None


def test_raw_restores_bodies_the_index_cut() -> None:
    from replaydom.frames.normalize import normalize
    from replaydom.query.events import attach_raw

    frame = next(
        f
        for seg in load_segments("checkout-failure")
        for f in seg
        if f.get("data", {}).get("tag") == "performanceSpan"
        and f["data"]["payload"]["description"] == "/api/products"
    )
    body = frame["data"]["payload"]["data"]["response"]["body"]
    body["products"] = body["products"] * 10  # a real body, made longer than the index keeps
    (ev,) = normalize([(0, [frame])], replay_id="r", details=None, errors=[]).events
    assert ev["data"]["response"]["bodyTruncated"] is True
    attach_raw([ev], lambda seg: [frame])
    assert ev["data"]["response"]["body"] == body and ev["data"]["response"]["bodyTruncated"] is False
    assert ev["raw"]["truncated"] is True  # the raw preview itself stays bounded


def test_kind_and_category_names_match_the_model() -> None:
    from replaydom.model import Category, Kind
    from replaydom.query.events import CATEGORIES, KINDS

    assert tuple(k.value for k in Kind) == KINDS
    assert tuple(c.value for c in Category) == CATEGORIES


def test_redact_hides_typed_text_bodies_and_header_values(cli: Any) -> None:
    import_recording(RECORDINGS / "masked-default")
    rid = load_json("masked-default", "details.json")["id"]
    typed = [a["text"] for a in load_json("masked-default", "script.json")["actions"] if a["kind"] == "type"]
    out = cli("events", rid, "--json", "--limit", "1000", "--redact", "--raw").stdout
    for text in typed:
        if len(text) >= 4:
            assert text not in out
    network = [e for e in json.loads(out)["items"] if e["kind"] == "network" and e["data"]["request"]]
    assert any((e["data"]["request"]["body"] or "").startswith("<redacted ") for e in network)
    assert all(
        v.startswith("<redacted ") for e in network for v in (e["data"]["request"]["headers"] or {}).values()
    )
    plain = cli("events", rid, "--json", "--limit", "1000").stdout
    assert "Jane Doe" in plain  # the SDK recorded the allow-listed request body: only --redact hides it


def test_checkout_unmasked_text_is_redacted(cli: Any, checkout: str) -> None:
    plain = cli("events", checkout, "--kind", "input", "--jsonl").jsonl()
    assert any(e["data"]["text"] == "mug" for e in plain)
    redacted = cli("events", checkout, "--kind", "input", "--jsonl", "--redact").jsonl()
    assert all(e["data"]["text"] is None or e["data"]["text"].startswith("<redacted") for e in redacted)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--kind", "clicks"), 2, "unknown kind clicks"),
        (("--category", "perf"), 2, "unknown category perf"),
        (("--from", "yesterday"), 2, "bad time string"),
        (("--from", "00:61"), 2, "bad time string"),
        (("--from", "10", "--to", "5"), 2, "is after --to '5'"),
        (("--limit", "0"), 2, ""),
    ],
)
def test_usage_errors(cli: Any, checkout: str, args: tuple[str, ...], code: int, message: str) -> None:
    res = cli("events", checkout, *args)
    assert res.exit_code == code and message in res.stderr and "Traceback" not in res.stderr


def test_targets_that_are_bad_or_not_cached(cli: Any) -> None:
    bad = cli("events", "not-a-replay")
    assert bad.exit_code == 2
    missing = cli("events", "0" * 32)
    assert missing.exit_code == 3 and "not cached" in missing.stderr


def test_piping_into_head_exits_quietly(checkout: str, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "replaydom"
    cmd = f"{shlex.quote(str(exe))} events {checkout} --jsonl --limit 1000 | head -n 1"
    res = subprocess.run(
        ["bash", "-o", "pipefail", "-c", cmd],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["replayId"] == checkout and "Traceback" not in res.stderr
