"""Writing rendered lines to stdout and hints to stderr (the only place that prints)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import typer

from ..render import output
from ..render.output import Mode

if TYPE_CHECKING:
    from ..model import Truncated


def write_lines(lines: Iterable[str]) -> None:
    """Write lines to stdout; a closed pipe (`| head`) ends the command quietly with exit 0."""
    out = sys.stdout
    tty = out.isatty()
    try:
        for line in lines:
            out.write(line)
            out.write("\n")
            if tty:
                out.flush()
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None


def _silence_stdout() -> None:
    # Point stdout at devnull so the interpreter's final flush does not raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def hint(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()


def emit_list(
    items: Iterable[Any],
    mode: Mode,
    *,
    truncated: Truncated | None,
    table_lines: Any = None,
) -> None:
    """Print a list result in the chosen mode; truncation goes to stderr for jsonl and tables."""
    if mode is Mode.JSON:
        write_lines(output.json_list(items, truncated))
        return
    if mode is Mode.JSONL:
        write_lines(output.jsonl(items))
    else:
        write_lines(table_lines(items) if table_lines else output.jsonl(items))
    if truncated is not None:
        nxt = f" Next page: {truncated.next}" if truncated.next else ""
        hint(f"Showing {truncated.shown} of {truncated.total}.{nxt}")


def emit_object(obj: Any, mode: Mode, *, table_lines: Any = None) -> None:
    if mode is Mode.TABLE and table_lines is not None:
        write_lines(table_lines(obj))
    else:
        write_lines([output.dumps(obj, indent=2)])


def open_cli_replay(target: str, *, no_cache: bool = False) -> Any:
    """`open_replay` for commands: data-loss warnings (skipped segments or frames) go to stderr."""
    from ..replay import open_replay

    replay = open_replay(target, no_cache=no_cache)
    for warning in replay.data_warnings():
        hint(f"Warning: {warning}")
    return replay


def output_flags(json_out: bool, jsonl_out: bool, redact: bool, no_cache: bool) -> str:
    """The output flags to repeat in a next-page command, so the next page prints the same way."""
    flags = (
        ("--jsonl", jsonl_out),
        ("--json", json_out and not jsonl_out),
        ("--redact", redact),
        ("--no-cache", no_cache),
    )
    return "".join(f" {flag}" for flag, on in flags if on)


def hint_truncated(t: Truncated) -> None:
    hint(f"Showing {t.shown} of {t.total}. Next page: {t.next}")
