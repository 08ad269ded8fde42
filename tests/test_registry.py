"""A one-shot command registers only itself (`cli.registry`), and nothing a user reads changes.

- `registry.MODULES` names, for every command on the app, the module that registers it;
- `dom ...` in a fresh process registers the dom command alone; `--help`, no command or a misspelt
  one register them all, listed in the same order as when every module was imported up front,
  even after single commands were registered first in the same process;
- `load_events_at`, which `dom --at` reads the clicks of T with, returns what filtering every
  event by `offsetMs` returns.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RECORDINGS

from replaydom.index import load_events, load_events_at
from replaydom.store.importer import import_recording

_FRESH = (
    "import json, sys\n"
    "from replaydom.cli import run\n"
    "from replaydom.cli.app import app\n"
    "codes = [run(args) for args in json.loads(sys.argv[1])]\n"
    "names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]\n"
    "print(json.dumps({'codes': codes, 'names': names}))\n"
)


def _fresh(tmp_path: Path, *runs: list[str]) -> tuple[dict[str, object], str]:
    """Run `run(args)` for each of `runs` in one fresh interpreter: exit codes, the commands then
    registered, and everything printed before that."""
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, json.dumps(list(runs))], env=env, capture_output=True, text=True,
        check=True,
    )
    *printed, last = done.stdout.rstrip("\n").split("\n")
    return json.loads(last), "\n".join(printed)


def test_every_registered_command_is_in_the_registry() -> None:
    from replaydom.cli import commands  # noqa: F401  (registers them all)
    from replaydom.cli.app import app
    from replaydom.cli.registry import MODULES

    registered = {c.name: c.callback.__module__ for c in app.registered_commands if c.callback}
    registered.update({g.name: g.typer_instance.registered_commands[0].callback.__module__
                       for g in app.registered_groups if g.typer_instance and g.name})
    assert {name: module.rpartition(".")[2] for name, module in registered.items()} == MODULES


def test_a_command_registers_only_itself(tmp_path: Path) -> None:
    found, _ = _fresh(tmp_path, ["dom", "--help"])
    assert found == {"codes": [0], "names": ["dom"]}
    found, _ = _fresh(tmp_path, ["cache", "--help"])
    assert found == {"codes": [0], "names": ["cache"]}


@pytest.mark.parametrize("first", [["dom", "--help"], ["window", "--help"], ["skill", "--help"]])
def test_help_lists_every_command_in_one_order_whatever_ran_before(tmp_path: Path, first: list[str]) -> None:
    alone, help_alone = _fresh(tmp_path, ["--help"])
    after, help_after = _fresh(tmp_path, first, ["--help"])
    assert help_after.endswith(help_alone) and "window" in help_alone and "cache" in help_alone
    assert after["names"] == alone["names"] and len(alone["names"]) == 17  # type: ignore[arg-type]


def test_a_misspelt_command_still_gets_the_full_list(tmp_path: Path) -> None:
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "replaydom", "evnts"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "No such command 'evnts'. Did you mean 'events'?" in done.stderr


@pytest.mark.parametrize("scenario", ["checkout-failure", "widgets"])
def test_events_at_an_instant_are_those_of_the_whole_stream(scenario: str) -> None:
    bundle = import_recording(RECORDINGS / scenario)
    everything = load_events(bundle)
    offsets = sorted({e["offsetMs"] for e in everything})
    kinds_sets: list[set[str] | None] = [None, {"click", "dead-click", "rage-click"}, {"navigation"}]
    for kinds in kinds_sets:
        chosen = load_events(bundle, kinds=kinds)
        # a prefix of an offset matches its bytes too: the exact test after parsing drops it
        for offset in [*offsets, -1, offsets[-1] + 1, *(o // 10 for o in offsets[:30])]:
            expected = [e for e in chosen if e["offsetMs"] == offset]
            assert load_events_at(bundle, offset, kinds=kinds) == expected
