"""The `--at` view of `replaydom dom` (the excerpt on stdout, its header and notes on stderr) and the
progress of the DOM store build that the first `dom` command on a replay runs.

The header is one stderr line with a table's excerpt (written once the excerpt is out, so
`| head` still ends quietly, and first among the notes; its wording holds wherever it lands, above
or under the HTML when stderr is merged into stdout): the instant (offset and ISO time), the URL
at T, how many elements the page holds and how many the excerpt shows, what the SDK masked, and,
when T is exactly a click's `offsetMs` (as `events` and `window` print it), which element was
clicked (marked `data-rr-clicked="<kind>"` in the excerpt). `--json` carries the same facts as
fields (`offsetMs`, `timestamp`, `url`, `elements`, `fidelity.masked`, `clicked`).
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from ..timefmt import format_offset

if TYPE_CHECKING:
    from ..dom.at import ViewOptions
    from ..dom.source import DomSource
    from ..replay import Replay


def header(result: dict[str, Any]) -> str:
    """The one-line stderr header of a table's excerpt."""
    masked = result["fidelity"]["masked"]
    texts, inputs = masked["textNodes"], masked["inputs"]
    what = f" ({texts} text, {inputs} input)" if texts and inputs else ""
    url = result["url"] or "an unknown URL"
    root = result["root"]
    inside = (
        f" ({root['elements']} in {root['selector'] or 'node ' + str(root['nodeId'])})"
        if root.get("elements") is not None
        else ""
    )
    line = (
        f"at {format_offset(result['offsetMs'])} ({result['timestamp']}) on {url}: "
        f"{result['elements']} element(s) on the page{inside}, {result['shown']['elements']} shown, "
        f"{texts + inputs} masked{what}, {result['fidelity']['status']}"
    )
    clicked = result.get("clicked")
    if clicked is not None:
        line += "; " + clicked_text(clicked, result)
    return line


def clicked_text(clicked: dict[str, Any], result: dict[str, Any]) -> str:
    """Which element the click at T hit and where to find it in the excerpt."""
    kind = clicked["kinds"][0]
    node = f"node {clicked['nodeId']}"
    target = f"{clicked['selector']} ({node})" if clicked["selector"] else node
    if clicked["marked"]:
        # "in the excerpt", not "below": the line is written after the excerpt (so `| head` ends
        # quietly), and with stderr merged into stdout (2>&1) it lands under the HTML.
        where = f'marked data-rr-clicked="{kind}" in the excerpt'
    elif not clicked["inPage"]:
        where = "not in the page at T (removed before the click was recorded)"
    else:
        where = f"not in this excerpt: --node {clicked['nodeId']} shows it"
    return f"{kind} at this instant on {target}, {where}"


def show_at(source: DomSource, replay: Replay, offset_ms: int, options: ViewOptions, json_out: bool) -> None:
    from ..dom.at import CLICK_KINDS, clicks_at, dom_at
    from ..render.output import dumps
    from .io import hint, write_lines

    # Only the events at exactly T can be its clicks (`clicks_at`): the others are not parsed.
    clicks = clicks_at(replay.events_at(int(offset_ms), kinds=set(CLICK_KINDS)), offset_ms)
    result = dom_at(source, offset_ms, options, clicks)
    fidelity = result["fidelity"]
    matched = result.get("cssMatch")
    if matched and matched["next"] and json_out:
        matched["next"] += " --json"
    if json_out:
        write_lines([dumps(result, indent=2)])
    else:
        write_lines([result["html"]])
        hint(header(result))  # after the excerpt: a closed pipe (`| head`) ends quietly
    ends = result.get("replayEndsMs")
    if ends is not None and result["offsetMs"] > ends:
        hint("note: " + next(n for n in fidelity["notes"] if n.startswith("the replay ends at")))
    if fidelity["status"] != "complete":
        hint(f"warning: {fidelity['status']} DOM: " + "; ".join(fidelity["notes"][:3]))
    elif fidelity["notCaptured"].get("multiSelectsChanged"):
        hint("note: " + next(n for n in fidelity["notes"] if "multi-select" in n))
    if matched and matched["total"] > 1:
        hint(
            f"note: {matched['total']} elements match {matched['selector']!r}; the excerpt shows the "
            f"first (node {matched['nodeId']}, {result['root']['selector']}). Next match: "
            f"{matched['next']}; other matches: --node ID (the first {len(matched['nodeIds'])} ids are "
            "in --json's cssMatch.nodeIds) or a more specific selector"
        )
    shown = result["shown"]
    if shown["elided"] and not json_out:
        hint(f"{shown['elided']} element(s) not shown (--depth/--max-nodes); raise --max-nodes or use --html")
    hidden = shown.get("hidden")
    if hidden and hidden["subtrees"] and not json_out:
        reasons = ", ".join(f"{name} {count}" for name, count in hidden["byReason"].items())
        hint(
            f"{hidden['elements']} element(s) in {hidden['subtrees']} hidden subtree(s) left out "
            f"({reasons}); {hidden['showWith']} shows them"
        )


def _now() -> float:
    """The progress clock (a function of its own so that tests can replace it)."""
    return time.monotonic()


class StoreProgress:
    """Progress of the DOM store build (`framestore.open_store`), on stderr.

    On a terminal: `building the DOM store: segment 120/1027` redrawn in place, at most
    `per_second` times a second, once the build has run `after` seconds (small replays build in
    well under a second and print nothing). Elsewhere (an agent reading stderr, which sees no
    redraws): a start line when the build has run `after` seconds, saying what is being built and
    why it takes a while, then one line every `line_every` seconds (so a build of 10-30 s on an
    hour-long replay never looks stuck), and a final `built the DOM store in N s` line; nothing
    for a quick build. Both end with that final line (`close`)."""

    def __init__(
        self,
        tty: bool | None = None,
        *,
        after: float = 1.0,
        per_second: float = 4.0,
        line_every: float = 10.0,
        clock: Any = None,
        why: str = "first `dom` on this replay",
    ) -> None:
        from .io import stderr_is_tty

        self.tty = stderr_is_tty() if tty is None else tty
        self.after = after
        self.every = 1.0 / per_second
        self.line_every = line_every
        self.clock = clock if clock is not None else _now
        self.started: float | None = None
        self.last = float("-inf")
        self.drawn = False
        self.announced = False
        self.why = why

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        took = now - self.started
        if took < self.after:
            return
        if self.tty:
            if done == total or now - self.last >= self.every:
                self.last = now
                text = f"building the DOM store ({self.why}): segment {done}/{total}"
                sys.stderr.write("\r" + text)
                sys.stderr.flush()
                self.drawn = True
        elif not self.announced:
            self.announced = True
            self.last = now
            _line(
                f"building the DOM store ({self.why}; later `dom` commands reuse it): segment {done}/{total}"
            )
        elif now - self.last >= self.line_every and done < total:
            self.last = now
            _line(f"building the DOM store: segment {done}/{total}, {took:.0f}s so far")

    def close(self, *, built: bool = True) -> None:
        """End the progress (after the build; `built=False` when it stopped on an error)."""
        if self.started is None:
            return
        took = self.clock() - self.started
        what = "built the DOM store in" if built else "the DOM store build stopped after"
        done = f"{what} {took:.1f}s"
        if self.drawn:
            _line("\r" + done + " " * 40)
        elif self.announced or took >= self.after:
            # also when the segments were read quickly and the rest of the build (checkpoints,
            # writing) is what took long: a slow build always ends with its final line
            _line(done)
        self.started = None


def _line(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except OSError:
        pass
