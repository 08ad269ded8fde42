"""The worked agent workflows in `skills/replaydom/references/workflows.md`, produced by running the
real commands on the demo replay, so the document never drifts from what replaydom prints.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .docgen import HEADER

DEMO_DIR = "fixtures/recordings/checkout-failure"
DEMO_ID = "f5f68b787e3947cdbf9d5bb01d76dc96"


@dataclass(frozen=True)
class Step:
    text: str  # what the agent is doing and why (Markdown)
    command: str  # the command line, starting with `replaydom`
    keep: int = 25  # lines of output to show


@dataclass(frozen=True)
class Workflow:
    question: str
    steps: tuple[Step, ...]
    conclusion: str


WORKFLOWS = (
    Workflow(
        "When the user clicked “Apply coupon”, what happened next?",
        (
            Step(
                "One call: `window` anchors on the click whose visible text is “Apply coupon” (not "
                "on its focus, nor on an element whose selector merely contains the words), then "
                "lists what followed: DOM changes with the texts they showed and hid, requests with "
                "their error fields, console messages, linked errors, and the next user action. "
                "Mouse moves and focus changes are folded into counted lines.",
                f'replaydom window {DEMO_ID} --contains "Apply coupon" --after 10s',
                keep=30,
            ),
        ),
        "Nothing answered the click: no request, no DOM change, and the SDK reported it as a dead "
        "click; the next action came 9 s later (“Recalculate totals”), followed by a TypeError. "
        "Cite the click and the dead-click event by segment and frame.",
    ),
    Workflow(
        "Where did the user spend the most time?",
        (
            Step(
                "Orient and answer at once: time per route summed over visits, the longest idle gaps "
                "with the action each one followed, active vs idle time (the rule is printed).",
                f"replaydom stats {DEMO_ID}",
                keep=34,
            ),
        ),
        "Quote the time-per-route table (route, time, share, visits) and the idle gaps with the "
        "action before each, rather than guessing from the clicks.",
    ),
    Workflow(
        "What hangups caused the user to struggle?",
        (
            Step(
                "Rank the struggle windows; each has signals, evidence and a next command.",
                f"replaydom struggles {DEMO_ID} --limit 3",
                keep=40,
            ),
            Step(
                "Follow the first finding's `nextCommand`: the timeline shows the failing request "
                "with its status, duration and the error fields of its response body.",
                f"replaydom window {DEMO_ID} --at 00:25 --before 2s --after 5s",
                keep=40,
            ),
        ),
        "The checkout request failed with 500 (`payment_gateway_timeout`) and the user rage-clicked "
        "the button; a later “Apply coupon” click was dead and a TypeError followed “Recalculate "
        "totals”. Each claim cites its evidence items.",
    ),
    Workflow(
        "Were there failed requests, console errors, dead clicks, rage clicks, or DOM changes around "
        "this action?",
        (
            Step(
                "Everything around the first Checkout click, as a timeline: the alert the page "
                "showed is called out with its text.",
                f'replaydom window {DEMO_ID} --selector "#btn-checkout" --before 2s --after 8s',
                keep=45,
            ),
            Step(
                "What changed on the page across the action.",
                f"replaydom dom {DEMO_ID} --diff 00:25..00:29",
                keep=25,
            ),
        ),
        "Yes: six POST /api/checkout 500s, a console error after each, a rage click (which Sentry "
        "also counts as a dead click) and the alert “Payment failed. Please try again.”; state what "
        "the DOM diff shows, and say so when it is empty.",
    ),
)


def all_commands() -> Iterator[str]:
    for wf in WORKFLOWS:
        for step in wf.steps:
            yield step.command


def _run(command: str, cache: str) -> str:
    from .app import run

    argv = shlex.split(command)[1:]
    # A text stream over bytes: some commands write pre-serialized lines to stdout.buffer.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    out.flush()
    if code != 0:
        raise RuntimeError(f"workflow command failed ({code}): {command}\n{err.getvalue()}")
    text = out.buffer.getvalue().decode()
    return text.replace(cache, "~/.cache/replaydom")


def _trim(text: str, keep: int) -> str:
    lines = text.rstrip("\n").splitlines()
    lines = [re.sub(r"\s+$", "", line) for line in lines]
    if len(lines) <= keep:
        return "\n".join(lines)
    return "\n".join([*lines[:keep], f"… ({len(lines) - keep} more lines)"])


def workflows_markdown(root: Path) -> str:
    """Run every workflow against a private cache holding the demo replay and render the document."""
    saved = os.environ.get("REPLAYDOM_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="replaydom-docs-") as cache:
        os.environ["REPLAYDOM_CACHE_DIR"] = cache
        try:
            _run(f"replaydom import {root / DEMO_DIR}", cache)
            return _render(cache)
        finally:
            if saved is None:
                os.environ.pop("REPLAYDOM_CACHE_DIR", None)
            else:
                os.environ["REPLAYDOM_CACHE_DIR"] = saved


def _render(cache: str) -> str:
    out = [
        HEADER,
        "# Worked workflows on the demo replay",
        "",
        "The demo replay is a real Sentry recording of a checkout that fails "
        f"(`{DEMO_DIR}`, id `{DEMO_ID}`): `replaydom import {DEMO_DIR}` puts it in the cache. "
        "Every output below is real, produced by `make docs`, and trimmed where marked.",
    ]
    for n, wf in enumerate(WORKFLOWS, 1):
        out += ["", f"## {n}. {wf.question}"]
        for step in wf.steps:
            out += [
                "",
                step.text,
                "",
                "```console",
                f"$ {step.command}",
                _trim(_run(step.command, cache), step.keep),
                "```",
            ]
        out += ["", f"**Conclusion.** {wf.conclusion}"]
    return "\n".join(out) + "\n"
