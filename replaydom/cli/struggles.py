"""`replaydom struggles`: ranked friction findings with evidence."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..analyze.defaults import Severity
from .app import app
from .options import (
    DEFAULT_LIMIT,
    JsonlOpt,
    JsonOpt,
    LimitOpt,
    NoCacheOpt,
    OffsetOpt,
    RedactOpt,
    TargetArg,
)

if TYPE_CHECKING:
    from ..analyze.struggles import Finding, StrugglesReport
    from ..render.output import Mode


@app.command("struggles")
def struggles_command(
    target: TargetArg,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", case_sensitive=False, help="Hide findings below this.")
    ] = Severity.LOW,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="DETECTOR.NAME=N",
            help="Override a threshold: <detector>.<name>=<number> (repeatable).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="TOML or JSON file of thresholds (one table per detector)."
        ),
    ] = None,
    json_out: JsonOpt = False,
    jsonl_out: JsonlOpt = False,
    limit: LimitOpt = DEFAULT_LIMIT,
    offset: OffsetOpt = 0,
    redact: RedactOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Rank likely struggle windows: dead/rage/slow/repeated clicks, failed or slow requests, errors,
    poor vitals, mutation bursts, idle after actions, input struggles, navigation u-turns and loops,
    rejected submits, dead-end searches, abandoned forms.

    Nearby signals merge into one finding (severity high|medium|low, score 0-1, evidence events,
    nextCommand, details: attempts with values tried and errors shown, queries, routes). Detectors
    that judge what the user saw read the DOM at a few instants (one per attempt or search). On a
    replay whose DOM rebuild is over dom.maxNodeOps they read the checkpoints of its DOM store
    when a `dom` command has built it, each instant charged its cost until dom.maxReadOps is spent
    (struggles never builds the store of such a replay), else they use the events alone; a stderr
    note (--json: notes) says which, how many instants were read and the command or budget that
    reads the rest. Every threshold in effect is printed; change them with --set or --config.

    One pattern (the same element, request and status, message or form, whatever else coincided)
    is one finding marked "repeated xN" with count, first/last time and every occurrence's
    severity, signals, pointers and nextCommand in --json; two patterns that happened together are
    two findings; repeats change neither severity nor score. nextCommand names the
    finding's first instant to the ms, with a window short enough to show only its evidence.
    """
    from ..analyze.evutil import redacted
    from ..analyze.struggles import StruggleConfig, StrugglesReport, find_struggles, thresholds
    from ..analyze.struggles.config import combine, load_file, parse_set
    from ..analyze.struggles.merge import redacted_details
    from ..model import Truncated
    from ..render.output import resolve_mode
    from .dom import load_source, stored_source
    from .io import open_cli_replay, output_flags

    cfg = StruggleConfig(combine(load_file(config) if config else {}, parse_set(set_ or [])))
    replay = open_cli_replay(target, no_cache=no_cache)
    events = replay.events()
    notes: list[str] = []
    found = find_struggles(
        events,
        cfg,
        target=replay.target_display,
        details=replay.details,
        dom=lambda: load_source(replay),
        stored=lambda: stored_source(replay),
        notes=notes,
    )
    kept = [f for f in found if f.severity.rank <= min_severity.rank]
    page = kept[offset : offset + limit]
    if redact:
        page = [
            f.model_copy(
                update={
                    "evidence": [redacted(ev) for ev in f.evidence],
                    "details": redacted_details(f.details),
                }
            )
            for f in page
        ]
    truncated = None
    if offset + len(page) < len(kept):
        nxt = _next(replay.target_display, min_severity, set_ or [], config, limit, offset + limit)
        nxt += output_flags(json_out, jsonl_out, redact, no_cache)
        truncated = Truncated(shown=len(page), total=len(kept), next=nxt)
    report = StrugglesReport(items=page, truncated=truncated, thresholds=thresholds(cfg), notes=notes)
    _emit(report, resolve_mode(json_out, jsonl_out))


def _emit(report: StrugglesReport, mode: Mode) -> None:
    from ..render.output import Mode, dumps, jsonl
    from .io import hint, hint_truncated, write_lines

    if mode is Mode.JSON:
        # The list shape of conventions.md ({"items", "truncated"}) plus the thresholds in effect.
        write_lines([dumps(report, indent=2)])
        return
    write_lines(jsonl(report.items) if mode is Mode.JSONL else _table(report))
    for note in report.notes:
        hint(f"note: {note}")
    if mode is Mode.JSONL:
        hint("thresholds: " + _flat(report.thresholds))
    if report.truncated:
        hint_truncated(report.truncated)


def _next(target: str, sev: Severity, sets: list[str], config: Path | None, limit: int, offset: int) -> str:
    parts = [f"replaydom struggles {target}"]
    if sev is not Severity.LOW:
        parts.append(f"--min-severity {sev.value}")
    parts += [f"--set {shlex.quote(s)}" for s in sets]
    if config:
        parts.append(f"--config {shlex.quote(str(config))}")
    return " ".join([*parts, f"--limit {limit} --offset {offset}"])


def _table(report: StrugglesReport) -> Iterator[str]:
    if not report.items:
        yield "no findings"
    for i, f in enumerate(report.items, 1):
        yield from _finding_lines(i, f)
    yield ""
    if len(report.items) > 1:
        # A LOW finding can score above a MEDIUM one: the order is severity first, said so.
        yield "ranked by severity, then score (0-1: independent signals add up, repeats do not), then time"
    yield "thresholds (change with --set <detector>.<name>=<number>):"
    for name, values in report.thresholds.items():
        yield f"  {name}: " + " ".join(f"{k}={_num(v)}" for k, v in values.items())


_MAX_TIMES = 10


def _finding_lines(i: int, f: Finding) -> Iterable[str]:
    from ..analyze.evutil import shown_label
    from ..timefmt import format_offset

    span = f"{format_offset(f.window.fromOffsetMs)}..{format_offset(f.window.toOffsetMs)}"
    yield f"{i}. {f.severity.value.upper():6} {f.score:.3f}  {span}  {f.finding}"  # as --json has it
    yield f"   signals: {', '.join(f.signals)}"
    if f.count > 1:
        times = [format_offset(o.window.fromOffsetMs) for o in f.occurrences]
        more = f", +{len(times) - _MAX_TIMES} more" if len(times) > _MAX_TIMES else ""
        yield (
            f"   repeated x{f.count} at {', '.join(times[:_MAX_TIMES])}{more} "
            "(evidence below is the first; --json `occurrences` has each one's pointers and nextCommand)"
        )
    for ev in f.evidence:
        where = (
            f"{'log' if ev.get('source') == 'logs' else 'error'} {ev.get('eventId')}"
            if ev.get("segmentId") is None
            else (f"segment {ev.get('segmentId')} frame {ev.get('frameIndex')}")
        )
        yield f"   {format_offset(ev.get('offsetMs'))}  {ev.get('kind'):<12} {shown_label(ev)}  ({where})"
    for detail in f.details:
        yield from _detail_lines(detail)
    yield f"   next: {f.nextCommand}"


def _detail_lines(detail: dict[str, object]) -> Iterable[str]:
    """One line per attempt or query (rejected-submit, dead-end-search), else the account itself."""
    from ..render.output import dumps
    from ..timefmt import format_offset

    rows = detail.get("attempts") or detail.get("queries")
    if not isinstance(rows, list):
        rest = {k: v for k, v in detail.items() if k != "signal"}
        yield f"   {detail.get('signal')}: {_cut(dumps(rest))}"
        return
    for row in rows:
        if isinstance(row, dict):
            rest = {k: v for k, v in row.items() if k not in ("offsetMs", "segmentId", "frameIndex")}
            yield f"   {format_offset(row.get('offsetMs'))}  {detail.get('signal')}: {_cut(dumps(rest))}"


def _cut(text: str, width: int = 300) -> str:
    """A detail line for the table; a cut is marked, and `--json` has the whole account."""
    return text if len(text) <= width else text[: width - 1] + "… (cut; --json has all)"


def _flat(values: dict[str, dict[str, float]]) -> str:
    return " ".join(f"{name}.{k}={_num(v)}" for name, table in values.items() for k, v in table.items())


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)
