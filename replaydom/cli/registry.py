"""Which module registers which command, so that a process registers only the command it runs.

typer builds the click parameters of every registered command each time the app runs (~1 ms a
command), and registering a command imports its module: with all 17 modules that is ~30 ms of every
one-shot command, spent on commands that will not run. `register_for(argv)` imports only the module
of the command `argv` names; anything else (`--help`, `--version`, no command, a misspelt one, whose
error lists the commands) registers them all, in the order `--help` lists them (`MODULES`' order,
whatever was registered before in the same process), so help and errors read as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from .app import app

# First command-line word -> module of this package that registers it (its `@app.command` or
# `app.add_typer`). The order is the order of `replaydom --help`: keep it alphabetical by module, as
# `commands.py` always imported them. tests/test_registry.py checks this against the modules.
MODULES: dict[str, str] = {
    "cache": "cache",
    "demo": "demo",
    "doctor": "doctor",
    "dom": "dom",
    "events": "events",
    "fetch": "fetch",
    "import": "importcmd",
    "list": "listcmd",
    "schema": "schema",
    "search": "search",
    "skill": "skill",
    "snapshot": "snapshot",
    "stats": "stats",
    "struggles": "struggles",
    "triage": "triage",
    "view": "view",
    "window": "window",
}
_ORDER = {module: rank for rank, module in enumerate(MODULES.values())}


def _load(module: str) -> None:
    importlib.import_module(f"{__package__}.{module}")


def register_all() -> None:
    """Register every command, listed in `MODULES`' order even if one was registered before."""
    for module in MODULES.values():
        _load(module)
    # A module registered alone earlier (one `run` per command in the same process, as tests do)
    # would otherwise come first in `--help`; sorting is stable, so a module's own order holds.
    app.registered_commands.sort(key=lambda info: _rank(getattr(info.callback, "__module__", "")))
    app.registered_groups.sort(key=lambda info: _ORDER.get(MODULES.get(info.name or "", ""), len(_ORDER)))


def _rank(qualified: str) -> int:
    return _ORDER.get(qualified.rpartition(".")[2], len(_ORDER))


def register_for(argv: Sequence[str]) -> None:
    """Register the command `argv` runs (its first word), or all of them when it names none."""
    module = MODULES.get(argv[0]) if argv else None
    if module is None:
        register_all()
    else:
        _load(module)
