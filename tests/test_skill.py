"""`replaydom skill path|install`: the bundled skill, installed atomically, saying what went where."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from conftest import ROOT

from replaydom import skill

FILES = sorted(
    p.relative_to(ROOT / "skills" / "replaydom").as_posix()
    for p in (ROOT / "skills" / "replaydom").rglob("*")
    if p.is_file()
)


def test_skill_path_is_the_bundled_folder(cli: Any) -> None:
    res = cli("skill", "path")
    assert res.exit_code == 0
    assert (Path(res.stdout.strip()) / "SKILL.md").read_bytes() == (
        ROOT / "skills/replaydom/SKILL.md"
    ).read_bytes()


def test_skill_alone_prints_the_skill(cli: Any) -> None:
    """What an agent told to "run `replaydom skill`" expects: the skill itself, not a usage error."""
    res = cli("skill")
    assert res.exit_code == 0
    assert res.stdout == (ROOT / "skills/replaydom/SKILL.md").read_text(encoding="utf-8")
    assert "references" in res.stderr and "skill install" in res.stderr
    assert cli("skill", "path").stdout.count("\n") == 1  # a subcommand prints only its own output


def test_install_creates_a_missing_dir_and_lists_every_file(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "new" / "skills"
    res = cli("skill", "install", "--dir", str(target))
    assert res.exit_code == 0, res.stderr
    dest = target / "replaydom"
    assert res.stdout.splitlines() == [f"installed {dest}", *(f"  {dest / f}" for f in FILES)]
    assert f"created {target}" in res.stderr
    for name in FILES:
        assert (dest / name).read_bytes() == (ROOT / "skills" / "replaydom" / name).read_bytes()


def test_reinstall_replaces_atomically_and_says_so(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "skills"
    assert cli("skill", "install", "--dir", str(target)).exit_code == 0
    (target / "replaydom" / "stale.md").write_text("old")
    res = cli("skill", "install", "--dir", str(target), "--json")
    assert res.exit_code == 0
    [item] = res.json()["items"]
    assert item == {
        "root": str(target),
        "path": str(target / "replaydom"),
        "files": FILES,
        "createdRoot": False,
        "replaced": True,
    }
    assert not (target / "replaydom" / "stale.md").exists()
    assert sorted(os.listdir(target)) == ["replaydom"]  # no staging or old copies left behind
    assert "replaced the previous copy" in res.stderr


def test_relative_dir_is_reported_absolute(cli: Any, tmp_path: Path) -> None:
    res = cli("skill", "install", "--dir", "rel/skills")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == f"installed {tmp_path / 'rel' / 'skills' / 'replaydom'}"


def test_dir_that_is_a_file_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    res = cli("skill", "install", "--dir", str(tmp_path / "file"))
    assert res.exit_code == 2
    assert "exists and is not a directory" in res.stderr


def test_default_roots_only_those_that_exist(cli: Any, tmp_path: Path) -> None:
    res = cli("skill", "install")
    assert res.exit_code == 3 and "pass --dir DIR" in res.stderr
    (tmp_path / "home" / ".agents" / "skills").mkdir(parents=True)
    res = cli("skill", "install")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == f"installed {tmp_path / 'home' / '.agents' / 'skills' / 'replaydom'}"
    assert not (tmp_path / "home" / ".claude").exists()


def test_missing_skill_names_the_reinstall(cli: Any, monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setattr(skill, "_CANDIDATES", (tmp_path / "none",))
    res = cli("skill", "path")
    assert res.exit_code == 3
    assert "pip install --force-reinstall" in res.stderr
