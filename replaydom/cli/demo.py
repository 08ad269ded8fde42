"""`replaydom demo`: import the bundled demo replay and run the short tour on it.

The tour is the commands a user would type, run in this process one after the other, each echoed
as `$ replaydom ...` before its own output, so what the demo prints is what those commands print.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .app import app


@contextmanager
def _cache_dir(path: Path | None) -> Iterator[None]:
    # Every step resolves its configuration from the environment, as if typed in a shell with
    # REPLAYDOM_CACHE_DIR exported; restored afterwards.
    if path is None:
        yield
        return
    old = os.environ.get("REPLAYDOM_CACHE_DIR")
    os.environ["REPLAYDOM_CACHE_DIR"] = str(path.expanduser().absolute())
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("REPLAYDOM_CACHE_DIR", None)
        else:
            os.environ["REPLAYDOM_CACHE_DIR"] = old


@app.command("demo")
def demo_command(
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            help="Cache to import into (default: REPLAYDOM_CACHE_DIR, else the user cache dir).",
        ),
    ] = None,
) -> None:
    """Import the bundled demo replay (a real failing checkout) and run a short tour on it.

    Needs no Sentry account: imports the recording into the cache, then runs view, stats,
    struggles and window on it, each shown as the command line followed by its output. Stops at
    the first step that fails, with that step's exit code.
    """
    from .. import demo
    from ..config import cache_root
    from .app import run
    from .io import hint, write_lines

    folder = demo.recording_dir()
    rid = demo.replay_id(folder)
    with _cache_dir(cache_dir):
        hint(f"demo: a real Sentry replay of a failing checkout, imported into {cache_root(os.environ)}")
        for argv in [["import", str(folder)], *demo.steps(rid)]:
            write_lines(["", f"$ replaydom {shlex.join(argv)}"])
            code = run(argv)
            if code != 0:
                raise typer.Exit(code)
    # The next commands must read the same cache: name it when it is not the default one.
    prefix = (
        f"REPLAYDOM_CACHE_DIR={shlex.quote(str(cache_dir.expanduser().absolute()))} " if cache_dir else ""
    )
    nxt = [f"  {prefix}replaydom {shlex.join(step)}" for step in demo.steps(rid, demo.NEXT)]
    write_lines(["", "Next:", *nxt])
