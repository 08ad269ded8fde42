"""`replaydom skill path|install`: the bundled agent skill."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import skill as core
from .app import app
from .io import hint, write_lines
from .options import JsonOpt

if TYPE_CHECKING:
    from ..skill import Installed

skill_app = typer.Typer(invoke_without_command=True)
app.add_typer(skill_app, name="skill")


@skill_app.callback()
def skill_main(ctx: typer.Context) -> None:
    """The bundled agent skill (Agent Skills format); alone, prints its SKILL.md."""
    if ctx.invoked_subcommand is None:
        folder = core.skill_dir()
        write_lines((folder / "SKILL.md").read_text(encoding="utf-8").splitlines())
        hint(f"its references: {folder / 'references'}; `replaydom skill install` installs it")


@skill_app.command("path")
def skill_path() -> None:
    """Print the folder of the bundled skill."""
    write_lines([str(core.skill_dir())])


def _lines(done: list[Installed]) -> Iterator[str]:
    for item in done:
        yield f"installed {item.path}"
        yield from (f"  {item.path / name}" for name in item.files)


@skill_app.command("install")
def skill_install(
    dir: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Install into DIR (created when missing) instead of ~/.claude/skills and ~/.agents/skills.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Copy the skill atomically into the existing agent skill roots and say what went where.

    Prints each installed folder and the files in it. With --dir, DIR is created when it does not
    exist yet; without it, the skill goes into every default root that exists (exit 3 when none).
    An existing copy is replaced atomically: a reader sees the old or the new copy, never a mix.
    """
    from ..render.output import json_list

    done = [core.install(root, created_root=created) for root, created in core.install_roots(dir)]
    if as_json:
        items = [
            {
                "root": str(i.root),
                "path": str(i.path),
                "files": i.files,
                "createdRoot": i.created_root,
                "replaced": i.replaced,
            }
            for i in done
        ]
        write_lines(json_list(items, None))
    else:
        write_lines(_lines(done))
    for item in done:
        if item.created_root:
            hint(f"created {item.root}")
        if item.replaced:
            hint(f"replaced the previous copy in {item.path}")
