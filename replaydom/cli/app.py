"""The typer application and the one place that maps exceptions to exit codes."""

from __future__ import annotations

import os
import sys

import typer

from ..errors import EXIT_CODE_HELP, ExitCode, ReplayDomError
from . import coercion

coercion.install()

app = typer.Typer(
    name="replaydom",
    help=(
        "replaydom: the replay data plane for coding agents. Fetches Sentry Session Replay "
        "recordings into a private local cache and answers questions about them with "
        "deterministic commands whose every item carries an evidence pointer "
        "(replayId, segmentId, frameIndex, offsetMs, timestamp).\n\n" + EXIT_CODE_HELP
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _stderr(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass


def _quiet_broken_pipe() -> None:
    # Point stdout at devnull so the interpreter's final flush does not raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (used by `main` and by tests)."""
    from .registry import register_for

    # Only the command that runs is registered (typer builds every registered command's params).
    register_for(sys.argv[1:] if argv is None else argv)
    traceback = os.environ.get("REPLAYDOM_TRACEBACK") == "1"
    try:
        return _run(argv, traceback)
    finally:
        from ..store.locks import release_readers

        release_readers()  # the shared cache locks a reading command held until its end


def _run(argv: list[str] | None, traceback: bool) -> int:
    try:
        # Standalone mode lets typer print its own usage errors (exit 2) and --help; everything
        # else propagates here.
        app(args=argv, prog_name="replaydom", standalone_mode=True)
        return ExitCode.OK
    except SystemExit as exc:
        code = exc.code
        if code == 1 and _stdout_pacified():
            # typer met EPIPE while printing (--help, a usage message): `| head` closed the pipe.
            _quiet_broken_pipe()
            return ExitCode.OK
        if code == ExitCode.INTERRUPTED:
            _stderr("Interrupted.")  # typer turns Ctrl-C into a silent exit 130
        return code if isinstance(code, int) else (0 if code is None else ExitCode.ERROR)
    except ReplayDomError as exc:
        if traceback:
            raise
        _stderr(f"Error: {exc.message}")
        if exc.hint:
            _stderr(f"Hint: {exc.hint}")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _stderr("Interrupted.")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _quiet_broken_pipe()
        return ExitCode.OK
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if traceback:
            raise
        _stderr(f"Error: unexpected {type(exc).__name__}: {exc} (set REPLAYDOM_TRACEBACK=1 for details)")
        return int(ExitCode.ERROR)


def _stdout_pacified() -> bool:
    # typer's EPIPE handler wraps stdout in `PacifyFlushWrapper` before exiting with status 1.
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def main() -> None:
    from .. import dom

    dom.KEEP_STATES_UNTIL_EXIT = True  # one process per command (see the flag's docstring)
    code = run()
    try:
        sys.stdout.flush()  # now, not at interpreter exit, where a closed pipe prints a warning
    except BrokenPipeError:
        _quiet_broken_pipe()
    sys.exit(code)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        sys.stdout.write(f"replaydom {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """replaydom: the replay data plane for coding agents."""
