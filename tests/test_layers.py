"""The pipeline reads in one direction: imports only point to earlier layers.

sentry API -> store -> frames/normalize -> index -> query / analyze / dom -> replay -> render -> cli.
Nothing below the CLI prints, and no core module imports the optional player.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "replaydom"

# Lower rank = earlier in the pipeline. A module may import modules of equal or lower rank.
RANK = {
    "errors": 0, "timefmt": 0, "targets": 0, "model": 0, "jsonlenient": 0,
    "config": 1, "skill": 1, "demo": 1, "doctor": 1,
    "sentry": 2,
    "store": 3,
    "frames": 4,
    "index": 5,
    "query": 6, "analyze": 6, "dom": 6,
    "replay": 7,
    "render": 8,
    "cli": 9,
}


def _layer(module: str) -> str:
    return module.split(".")[1] if module.startswith("replaydom.") else module


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[str]:
    rel = path.relative_to(PKG.parent).with_suffix("")
    package = ".".join(rel.parts[:-1])
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            found.append(mod)
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_backwards(path: Path) -> None:
    rel = path.relative_to(PKG)
    own = rel.parts[0].removesuffix(".py")
    if own in ("__init__", "__main__"):
        return
    assert own in RANK, f"{rel}: unknown layer {own!r}; add it to RANK"
    for mod in _imports(path):
        # The optional player (`replaydom.player`, player/ in the repository): only the command that
        # drives it and the one that checks it import it.
        if str(rel) not in ("cli/snapshot.py", "cli/doctor.py"):
            player = mod.startswith(("player", "replaydom.player"))
            assert not player, f"{rel} imports the optional player ({mod})"
        if not mod.startswith("replaydom.") or own == "cli":
            continue
        layer = _layer(mod)
        if layer in RANK:
            assert RANK[layer] <= RANK[own], f"{rel} ({own}) imports later layer {mod}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_nothing_prints_below_the_cli(path: Path) -> None:
    rel = path.relative_to(PKG)
    if rel.parts[0] == "cli":
        return
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"{rel}:{node.lineno} prints"
        if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
            value = node.value
            assert not (isinstance(value, ast.Name) and value.id == "sys"), (
                f"{rel}:{node.lineno} writes to sys.{node.attr}"
            )
