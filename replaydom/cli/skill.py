"""`replaydom skill path|install`: the bundled agent skill."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import skill as core
from .app import app
from .io import write_lines

skill_app = typer.Typer(help="The bundled agent skill (Agent Skills format).", no_args_is_help=True)
app.add_typer(skill_app, name="skill")


@skill_app.command("path")
def skill_path() -> None:
    """Print the folder of the bundled skill."""
    write_lines([str(core.skill_dir())])


@skill_app.command("install")
def skill_install(
    dir: Annotated[
        Path | None,
        typer.Option("--dir", help="Install into DIR instead of ~/.claude/skills and ~/.agents/skills."),
    ] = None,
) -> None:
    """Copy the skill atomically into the existing agent skill roots and say where."""
    write_lines(f"installed {core.install(root)}" for root in core.install_roots(dir))
