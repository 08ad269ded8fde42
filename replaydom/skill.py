"""Locate the bundled agent skill and install it into agent skill roots atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import NotFoundError, UsageError

SKILL_NAME = "replaydom"
# Agent skill roots we install into when they exist (Claude Code, then the shared .agents root).
DEFAULT_ROOTS = ("~/.claude/skills", "~/.agents/skills")


def skill_dir() -> Path:
    """The skill folder shipped with replaydom (`skills/replaydom` beside the package)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "skills" / SKILL_NAME, here / "_skill" / SKILL_NAME):
        if (candidate / "SKILL.md").is_file():
            return candidate
    raise NotFoundError("the bundled skill folder is missing (expected skills/replaydom/SKILL.md)")


def install_roots(explicit: Path | None) -> list[Path]:
    """Where to install: the given dir, else every default root that already exists."""
    if explicit is not None:
        if not explicit.is_dir():
            raise UsageError(f"--dir {explicit} is not a directory")
        return [explicit]
    roots = [Path(os.path.expanduser(r)) for r in DEFAULT_ROOTS]
    found = [r for r in roots if r.is_dir()]
    if not found:
        names = ", ".join(DEFAULT_ROOTS)
        raise NotFoundError(f"no agent skill root exists ({names})", hint="create one, or pass --dir DIR")
    return found


def install(root: Path) -> Path:
    """Copy the skill to `root/replaydom` atomically (a reader sees the old or the new copy)."""
    src = skill_dir()
    dest = root / SKILL_NAME
    staging = Path(tempfile.mkdtemp(prefix=f".{SKILL_NAME}.", dir=root))
    try:
        shutil.copytree(src, staging / SKILL_NAME)
        old = None
        if dest.exists():
            old = root / f".{SKILL_NAME}.old.{os.getpid()}"
            os.replace(dest, old)
        os.replace(staging / SKILL_NAME, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest
