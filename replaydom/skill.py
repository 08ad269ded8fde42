"""Locate the bundled agent skill and install it into agent skill roots atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import NotFoundError, UsageError

SKILL_NAME = "replaydom"
# Agent skill roots we install into when they exist (Claude Code, then the shared .agents root).
DEFAULT_ROOTS = ("~/.claude/skills", "~/.agents/skills")
_HERE = Path(__file__).resolve().parent
# Installed wheel: package data in replaydom/_skill/replaydom/ (pyproject.toml maps skills/ there).
# Checkout (editable install): the repository's skills/replaydom/. The packaged copy is tried first:
# beside site-packages a folder called skills/ may belong to anything.
_CANDIDATES = (_HERE / "_skill" / SKILL_NAME, _HERE.parent / "skills" / SKILL_NAME)


@dataclass(frozen=True)
class Installed:
    """One installed copy: where it went and what it holds."""

    root: Path
    path: Path
    files: list[str]
    created_root: bool
    replaced: bool


def skill_dir() -> Path:
    """The skill folder shipped with replaydom."""
    for candidate in _CANDIDATES:
        if (candidate / "SKILL.md").is_file():
            return candidate
    raise NotFoundError(
        f"the bundled skill folder is missing (no SKILL.md in {_CANDIDATES[0]})",
        hint="reinstall replaydom: pip install --force-reinstall --no-deps replaydom",
    )


def skill_files(folder: Path) -> list[str]:
    """Files of a skill folder, relative and sorted (`SKILL.md`, `references/...`)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def install_roots(explicit: Path | None) -> list[tuple[Path, bool]]:
    """Where to install, each with whether it was just created: --dir (created when missing), else
    every default root that already exists."""
    if explicit is not None:
        explicit = explicit.expanduser().absolute()
        if explicit.exists() and not explicit.is_dir():
            raise UsageError(f"--dir {explicit} exists and is not a directory")
        created = not explicit.exists()
        try:
            explicit.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create --dir {explicit}: {exc.strerror or exc}") from None
        return [(explicit, created)]
    roots = [Path(os.path.expanduser(r)) for r in DEFAULT_ROOTS]
    found = [(r, False) for r in roots if r.is_dir()]
    if not found:
        names = ", ".join(DEFAULT_ROOTS)
        raise NotFoundError(f"no agent skill root exists ({names})", hint="create one, or pass --dir DIR")
    return found


def install(root: Path, *, created_root: bool = False) -> Installed:
    """Copy the skill to `root/replaydom` atomically (a reader sees the old or the new copy)."""
    src = skill_dir()
    dest = root / SKILL_NAME
    staging = Path(tempfile.mkdtemp(prefix=f".{SKILL_NAME}.", dir=root))
    replaced = dest.exists()
    try:
        shutil.copytree(src, staging / SKILL_NAME)
        old = None
        if replaced:
            old = root / f".{SKILL_NAME}.old.{os.getpid()}"
            os.replace(dest, old)
        os.replace(staging / SKILL_NAME, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Installed(root, dest, skill_files(dest), created_root, replaced)
