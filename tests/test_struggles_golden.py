"""One golden test per struggle of issue 14, on variants derived from real frames (fixtures/struggles).

Each fixture is made by `fixtures/struggles/make_struggles.py` from `checkout-failure`'s own frames
(PROVENANCE.md says what changed). The detectors read the DOM through `replaydom.dom`
(`source_from_segments` -> `Timeline.state_at`), as `replaydom struggles` does.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

from replaydom.analyze.struggles import Finding, StruggleConfig, find_struggles
from replaydom.analyze.struggles.core import Context
from replaydom.analyze.struggles.domprobe import DomProbe
from replaydom.analyze.struggles.rejected_submit import DETECTOR as REJECTED
from replaydom.dom.source import source_from_segments
from replaydom.frames.normalize import NormalizeResult, normalize

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "struggles"


def _segments(name: str) -> list[list[dict[str, Any]]]:
    with gzip.open(FIXTURES / name / "segments.json.gz", "rt") as fh:
        data: list[list[dict[str, Any]]] = json.load(fh)
    return data


@functools.cache
def _normalized(name: str) -> NormalizeResult:
    details = json.loads((FIXTURES / name / "details.json").read_text())
    return normalize(enumerate(_segments(name)), replay_id=details["id"], details=details, errors=[])


def _findings(name: str, config: StruggleConfig | None = None, *, dom: bool = True) -> list[Finding]:
    norm = _normalized(name)
    source = source_from_segments(enumerate(_segments(name)), norm.start_ms) if dom else None
    return find_struggles(norm.events, config, target="x", dom=source)


def _details(findings: list[Finding], signal: str) -> list[dict[str, Any]]:
    return [d for f in findings for d in f.details if d["signal"] == signal]


def test_rejected_submit_reports_tries_values_errors_and_the_pass() -> None:
    found = _findings("rejected-loop")
    [loop] = _details(found, "rejected-submit")
    assert loop["control"] == 'button#btn-checkout "Checkout"'
    assert loop["rejectedAttempts"] == 3
    tries = loop["attempts"]
    assert [t["rejected"] for t in tries] == [True, True, True, False]
    # The values tried: the card number retyped before each try (unmasked in this recording).
    assert [t["values"].get("input#card-number") for t in tries[1:]] == [
        "4242 4242 4242 4241",
        "4242 4242 4242 424",
        "4242 4242 4242 4242",
    ]
    assert tries[0]["values"]["input#password"].startswith("<masked")  # masked stays masked
    assert [t["errors"] for t in tries] == [
        ["Payment failed. Please try again."],
        ["Card number is invalid."],
        ["Card number is incomplete."],
        [],
    ]
    assert loop["passedAtMs"] == tries[3]["offsetMs"]
    finding = next(f for f in found if "rejected-submit" in f.signals)
    assert "3 rejected submits" in finding.finding and "passed at" in finding.finding
    assert finding.nextCommand.startswith("replaydom window x --at ")
    # Every evidence item points at a raw frame.
    assert all(ev["segmentId"] is not None and ev["frameIndex"] is not None for ev in finding.evidence)
    # Thresholds are settable: needing 4 rejections, there is no loop.
    assert (
        _details(
            _findings("rejected-loop", StruggleConfig({"rejected-submit": {"minAttempts": 4}})),
            "rejected-submit",
        )
        == []
    )


def test_rejected_submit_without_dom_uses_failed_requests_only() -> None:
    [loop] = _details(_findings("rejected-loop", dom=False), "rejected-submit")
    assert loop["rejectedAttempts"] == 3
    assert all(not t["domChecked"] and t["errors"] == [] for t in loop["attempts"])


def test_dom_reads_are_bounded_per_try() -> None:
    norm = _normalized("rejected-loop")
    probe = DomProbe.of(source_from_segments(enumerate(_segments("rejected-loop")), norm.start_ms))
    ctx = Context.build(norm.events, dom=probe)
    list(REJECTED.detect(ctx))
    assert probe.calls == 4  # one state per try, nothing else
    capped = DomProbe.of(probe.source(), budget=2)
    [sig] = list(REJECTED.detect(Context.build(norm.events, dom=capped)))
    assert capped.calls == 2 and capped.exhausted  # over budget: falls back to the requests
    assert sig.details is not None and sig.details["rejectedAttempts"] == 3


def test_back_button_uturn_is_found_without_a_click() -> None:
    found = _findings("back-uturn")
    [turn] = [d for d in _details(found, "navigation-uturn") if "dwellMs" in d]
    assert turn["routes"] == ["/", "/about", "/"]
    assert turn["means"] == "history navigation (Back button or history.back())"
    assert 1150 <= turn["dwellMs"] <= 1250
    finding = next(f for f in found if "navigation-uturn" in f.signals)
    assert finding.severity == "medium" and "after 1.2 s" in finding.finding
    # The original (a click on Shop 1.5 s later) names the click instead.
    tight = StruggleConfig({"navigation-uturn": {"maxDwellMs": 1000}})
    assert _details(_findings("back-uturn", tight), "navigation-uturn") == []


def test_loop_over_three_routes() -> None:
    found = _findings("route-loop")
    [loop] = _details(found, "navigation-uturn")
    assert loop["cycle"] == ["/", "/about", "/terms"] and loop["navigations"] == 10
    assert [f.finding for f in found] == ["Going in circles: / -> /about -> /terms -> / (10 navigations)"]
    fewer = StruggleConfig({"navigation-uturn": {"loopMinNavigations": 11}})
    assert all("cycle" not in d for d in _details(_findings("route-loop", fewer), "navigation-uturn"))


def test_dead_end_search_reports_the_query_and_the_empty_state() -> None:
    found = _findings("dead-end-search")
    [dead] = _details(found, "dead-end-search")
    [query] = dead["queries"]
    assert query["query"] == "teapot" and query["submittedBy"] == "network"
    assert query["emptyState"] == "No products match \u201cteapot\u201d." and query["domChecked"]
    assert next(f for f in found if "dead-end-search" in f.signals).severity == "medium"
    # The real recording's search ("mug", four products) is no dead end.
    from test_struggles import normalized

    assert [
        s
        for f in find_struggles(normalized("checkout-failure").events)
        for s in f.signals
        if s == "dead-end-search"
    ] == []


def test_dead_end_search_without_dom_reads_the_empty_response() -> None:
    [dead] = _details(_findings("dead-end-search", dom=False), "dead-end-search")
    assert dead["queries"][0]["emptyState"] == "empty response"


def test_form_abandonment_when_the_user_leaves() -> None:
    found = _findings("abandoned-form")
    [gone] = _details(found, "form-abandonment")
    assert gone["form"] == "form#checkout-form.checkout" and gone["leftFor"] == "/"
    assert gone["fields"]["input#name"] == "Jane Doe" and len(gone["fields"]) == 6
    assert gone["failedSubmits"] == []
    finding = next(f for f in found if "form-abandonment" in f.signals)
    assert finding.severity == "low"  # left without trying: worth a look, not a failure
    # The accepted checkout of rejected-loop is no abandonment.
    assert _details(_findings("rejected-loop"), "form-abandonment") == []


def test_dead_end_search_sees_an_emptied_results_list() -> None:
    # The dead-end variant without its empty-state line and product count: only the emptied
    # results grid (section#products, twelve articles before, none after) says the search failed.
    segs = _segments("dead-end-search")
    for frame in segs[0]:
        adds = (frame.get("data") or {}).get("adds") if frame.get("type") == 3 else None
        if adds and any(a["node"]["id"] == 9200 for a in adds):
            frame["data"]["adds"] = []
    norm = normalize(enumerate(segs), replay_id="x" * 32, details=None, errors=[])
    found = find_struggles(norm.events, target="x", dom=source_from_segments(enumerate(segs), norm.start_ms))
    [dead] = _details(found, "dead-end-search")
    assert dead["queries"][0]["emptyState"] == "results list emptied"
    assert dead["queries"][0]["emptiedNodeIds"] == [68]


def test_redirect_u_turn_is_named_a_redirect() -> None:
    events = [dict(ev) for ev in _normalized("back-uturn").events]
    navs = [ev for ev in events if ev["kind"] == "navigation" and ev["data"]["op"] == "navigation.push"]
    navs[1]["offsetMs"] = navs[0]["offsetMs"] + 300  # bounced straight back, no user action
    found = find_struggles(events, target="x")
    [turn] = [d for d in _details(found, "navigation-uturn") if "dwellMs" in d]
    assert turn["means"] == "redirect" and turn["dwellMs"] == 300


def test_struggles_cli_prints_attempts_and_redacts_typed_values(cli: Any) -> None:
    from replaydom.store.importer import import_recording

    rid = import_recording(FIXTURES / "rejected-loop").replay_id
    table = cli("struggles", rid)
    assert table.exit_code == 0, table.stderr
    assert "rejected-submit:" in table.stdout and "4242 4242 4242 4241" in table.stdout
    assert "rejected-submit: minAttempts=2 windowMs=60000 minGapMs=1000 settleMs=1500" in table.stdout
    red = cli("struggles", rid, "--redact", "--json")
    [loop] = [d for f in red.json()["items"] for d in f["details"] if d["signal"] == "rejected-submit"]
    assert loop["attempts"][1]["values"] == {"input#card-number": "<redacted 19 chars>"}
    assert loop["attempts"][1]["errors"] == ["Card number is invalid."]  # page text, not typed text
    bad = cli("struggles", rid, "--set", "dead-end-search.settleMs=soon")
    assert bad.exit_code == 2 and "not a number" in bad.stderr


def test_odd_shapes_in_events_never_crash_the_new_detectors() -> None:
    # Every field of every event of each variant, in turn, set to a value of the wrong type.
    odd: list[Any] = [None, "x", -1, [], {}, True, 1e300]
    for name in ("rejected-loop", "dead-end-search", "abandoned-form", "route-loop"):
        norm = _normalized(name)
        source = source_from_segments(enumerate(_segments(name)), norm.start_ms)
        events = []
        for i, ev in enumerate(norm.events):
            bad = dict(ev)
            keys = sorted(ev.get("data") or {})
            if keys:
                bad["data"] = {**ev["data"], keys[i % len(keys)]: odd[i % len(odd)]}
            if i % 5 == 0:
                bad["selector"] = odd[i % len(odd)] if i % 10 else "form > > [type="
            if i % 7 == 0:
                bad["url"] = odd[i % len(odd)]
            events.append(bad)
        find_struggles(events, target="x", dom=source)
        find_struggles(events, target="x")  # the events-only fallbacks read other fields


def test_rejected_submit_seen_only_in_the_page_status_line() -> None:
    # widgets: the page refuses "Place gift order" twice without sending anything; only the
    # order status line (role=status) says why. The third try is the recorded POST 200.
    found = _findings("gift-rejected")
    [loop] = _details(found, "rejected-submit")
    tries = loop["attempts"]
    assert [t["values"]["input#recipient"] for t in tries] == ["Sam", "Sam R", "Sam Rivera"]
    assert [t["errors"] for t in tries] == [["Recipient full name is required."]] * 2 + [[]]
    assert all(t["failedRequests"] == [] for t in tries)
    assert loop["rejectedAttempts"] == 2 and loop["passedAtMs"] == tries[2]["offsetMs"]
    assert _details(found, "form-abandonment") == []  # it was placed in the end
    # Without the DOM nothing shows the refusals: no finding rather than a guess.
    assert _details(_findings("gift-rejected", dom=False), "rejected-submit") == []


def test_calm_form_left_at_the_end_of_the_replay_is_low() -> None:
    from test_struggles import meta, normalized, segments

    norm = normalized("calm")
    source = source_from_segments(enumerate(segments("calm")), norm.start_ms)
    found = find_struggles(norm.events, target="x", details=meta("calm", "details.json"), dom=source)
    [left] = _details(found, "form-abandonment")
    assert left["form"] == "form#gift-form.gift-form" and left["leftAtMs"] is None
    finding = next(f for f in found if "form-abandonment" in f.signals)
    assert finding.severity == "low" and finding.finding.endswith("the replay ends")


def test_redact_hides_the_typed_query_everywhere(cli: Any) -> None:
    from replaydom.store.importer import import_recording

    rid = import_recording(FIXTURES / "dead-end-search").replay_id
    res = cli("struggles", rid, "--redact", "--json")
    assert res.exit_code == 0, res.stderr
    [finding] = [f for f in res.json()["items"] if "dead-end-search" in f["signals"]]
    assert finding["finding"].startswith('Dead-end search in input#search: 1 query -> "No products match')
    [dead] = [d for d in finding["details"] if d["signal"] == "dead-end-search"]
    assert dead["queries"][0]["query"] == "<redacted 6 chars>"
    # "teapot" is left only in what the page itself showed (the empty-state line), never as typed text.
    assert all("teapot" not in json.dumps(ev.get("data", {}).get("text")) for ev in finding["evidence"])
