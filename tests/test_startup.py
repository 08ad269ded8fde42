"""The CLI pays only for what the invoked command needs, and a closed pipe is not an error.

- registering every command imports no core module that pulls in pydantic, httpx or rapidfuzz;
- `events --kind K --jsonl` on a fresh index never imports pydantic (typer's own coercion would);
- the pydantic-free coercion (`replaydom.cli.coercion`) gives typer's results, and typer's errors;
- every command exits 0 with nothing on stderr when its reader has gone (`| head`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import RECORDINGS
from typer import _coercion
from typer.models import ArgumentInfo, OptionInfo

from replaydom.cli import coercion

DEMO_ID = "f5f68b787e3947cdbf9d5bb01d76dc96"
HEAVY = ("pydantic", "httpx", "rapidfuzz", "lxml", "replaydom.model", "replaydom.analyze.stats")


def _heavy_modules_after(code: str, env: dict[str, str], out: Path) -> list[str]:
    """Run `code` in a fresh interpreter; return the modules of `HEAVY` it left loaded."""
    report = (
        "import json, sys\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r})\n"
        f"open({str(out)!r}, 'w').write(json.dumps(heavy))\n"
    )
    subprocess.run([sys.executable, "-c", code + "\n" + report], env=env, check=True, capture_output=True)
    loaded: list[str] = json.loads(out.read_text())
    return loaded


def test_registering_the_commands_imports_nothing_heavy(tmp_path: Path) -> None:
    code = "import replaydom.cli.commands"
    assert _heavy_modules_after(code, dict(os.environ), tmp_path / "modules.json") == []


def test_events_kind_jsonl_never_imports_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run(
        [sys.executable, "-m", "replaydom", "import", str(RECORDINGS / "checkout-failure")],
        env=env, check=True, capture_output=True,
    )
    code = (
        "from replaydom.cli import run\n"
        f"assert run(['events', '{DEMO_ID}', '--kind', 'click', '--jsonl']) == 0"
    )
    assert _heavy_modules_after(code, env, tmp_path / "modules.json") == []


def _typer_param(annotation: Any, info: Any) -> Any:
    return _coercion.build_runtime_param(_coercion.resolve_type_descriptor(annotation, info))


def _outcome(runtime: Any, value: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=_Param(), ctx=None)
    except typer.BadParameter as exc:
        return "error", exc.message
    return "ok", (type(result).__name__, result)


class _Param:
    """What `RuntimeParam.coerce` reads of a parameter."""

    multiple = False
    nargs = 1


VALUES = ["5", "+5", "-5", "007", " 5", "5 ", "1_000", "5.0", "5.5", "0.8", "1e3", "", "0x10", "٣", "abc",
          5, 0, -1, 5.0, 0.8, True, None, b"5"]
PARAMS = [
    (str, ArgumentInfo()),
    (str, OptionInfo()),
    (bool, OptionInfo()),
    (int, OptionInfo()),
    (int, OptionInfo(min=1)),
    (int, OptionInfo(min=0, max=32)),
    (float, OptionInfo(min=0.0, max=1.0)),
    (float, OptionInfo()),
]


@pytest.mark.parametrize(("annotation", "info"), PARAMS, ids=lambda p: getattr(p, "__name__", ""))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_light_coercion_matches_typer(annotation: Any, info: Any, value: Any) -> None:
    light = coercion._build(_coercion.resolve_type_descriptor(annotation, info))
    assert isinstance(light, coercion.LightParam)
    assert _outcome(light, value) == _outcome(_typer_param(annotation, info), value)


@pytest.mark.parametrize("value", [("a", "b"), ["x"], (), ("a", 1)], ids=repr)
def test_light_list_coercion_matches_typer(value: Any) -> None:
    info = OptionInfo()
    light = coercion._build(_coercion.resolve_type_descriptor(list[str], info))
    assert isinstance(light, coercion.LightParam)
    assert _outcome(light, value) == _outcome(_typer_param(list[str], info), value)


def test_other_annotations_keep_typer_coercion() -> None:
    for annotation, info in ((Path, ArgumentInfo()), (int, OptionInfo(clamp=True, min=1))):
        built = coercion._build(_coercion.resolve_type_descriptor(annotation, info))
        assert not isinstance(built, coercion.LightParam)


COMMANDS = [
    ["--version"],
    ["--help"],
    ["events", "--help"],
    ["events", DEMO_ID, "--jsonl"],
    ["events", DEMO_ID, "--kind", "click", "--jsonl"],
    ["events", DEMO_ID],
    ["window", DEMO_ID, "--at", "00:10"],
    ["window", DEMO_ID, "--at", "00:10", "--jsonl"],
    ["search", DEMO_ID, "checkout"],
    ["stats", DEMO_ID, "--json"],
    ["struggles", DEMO_ID],
    ["view", DEMO_ID],
    ["dom", DEMO_ID, "--at", "00:10"],
    ["schema"],
    ["cache", "ls"],
]


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
def test_a_closed_pipe_ends_every_command_quietly(tmp_path: Path, unbuffered: str) -> None:
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": unbuffered}
    subprocess.run(
        [sys.executable, "-m", "replaydom", "import", str(RECORDINGS / "checkout-failure")],
        env=env, check=True, capture_output=True,
    )
    for args in COMMANDS:
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the first write, like `| head` after its line
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "replaydom", *args], stdout=write, stderr=subprocess.PIPE, env=env
            )
        finally:
            os.close(write)
        assert (proc.returncode, proc.stderr) == (0, b""), args
