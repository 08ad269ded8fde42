"""The docs never drift and never show a command that does not work.

- generated references and the README block equal what `make docs` would write;
- SKILL.md follows the Agent Skills front-matter rules;
- every replaydom command line in SKILL.md, workflows.md and the README runs successfully against the
  demo replay (Sentry-bound commands against the loopback server, `skill install` into a temp home).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDINGS, ROOT
from sentry_server import SentryServer, ServedReplay

from replaydom.cli.docgen import BEGIN, END, generated_files

SKILL = ROOT / "skills" / "replaydom"
DEMO_ID = "f5f68b787e3947cdbf9d5bb01d76dc96"
DOCS = [SKILL / "SKILL.md", SKILL / "references" / "workflows.md", ROOT / "README.md"]


def test_generated_docs_are_current() -> None:
    stale = [str(p.relative_to(ROOT)) for p, text in generated_files(ROOT).items()
             if not p.exists() or p.read_text() != text]
    assert not stale, f"generated docs drifted, run `make docs`: {stale}"


def _front_matter() -> dict[str, str]:
    text = (SKILL / "SKILL.md").read_text()
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, "SKILL.md must start with YAML front matter"
    fields = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def test_skill_front_matter_follows_the_agent_skills_rules() -> None:
    fm = _front_matter()
    assert fm["name"] == SKILL.name == "replaydom"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fm["name"]) and len(fm["name"]) <= 64
    desc = fm["description"]
    assert 0 < len(desc) <= 1024
    assert not re.search(r"<[^>]+>", desc), "no XML tags in the description"
    assert not re.match(r"(I|You|We)\b", desc), "the description is written in the third person"
    body = (SKILL / "SKILL.md").read_text().split("---", 2)[2]
    assert len(body.splitlines()) < 500
    for ref in re.findall(r"\]\((references/[^)]+)\)", body):
        assert (SKILL / ref).is_file(), f"SKILL.md links a missing reference {ref}"


def _command_lines() -> Iterator[tuple[str, str]]:
    seen = set()
    for doc in DOCS:
        text = doc.read_text()
        if BEGIN in text:  # the generated reference table names commands without arguments
            text = text.split(BEGIN)[0] + text.split(END)[1]
        found = re.findall(r"`(replaydom [^`]+)`", text)
        for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.M | re.S):
            for raw in block.splitlines():
                line = raw.removeprefix("$ ").split("  #")[0].strip()
                if line.startswith("replaydom "):
                    found.append(line)
        for line in found:
            if line not in seen and "make docs" not in line:
                seen.add(line)
                yield doc.name, line


COMMANDS = list(_command_lines())


def _concrete(line: str) -> list[str]:
    line = re.sub(r"acme/web/<replay-id>|<replay-id>|<replay>", DEMO_ID, line)
    line = line.replace(" fixtures/recordings", f" {RECORDINGS}")
    line = line.replace("PATH", str(RECORDINGS / "checkout-failure"))
    line = re.sub(r"--node ID", "--node 106", line)
    line = re.sub(r"--history ID", "--history 106", line)
    line = line.replace("--css SELECTOR", "--css '#btn-coupon'").replace("--dir DIR", "--dir skills-root")
    line = line.replace("PROJ-123", "WEB-1").replace("<org>", "acme")  # the demo's issue and org
    return shlex.split(line)[1:]


def test_docs_show_commands() -> None:
    names = {shlex.split(line)[1] for _, line in COMMANDS}
    for required in ("fetch", "stats", "struggles", "search", "window", "events", "dom", "snapshot"):
        assert required in names, f"the docs never show `replaydom {required}`"


@pytest.fixture
def demo(cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SentryServer]:
    (tmp_path / "skills-root").mkdir()
    (tmp_path / "home" / ".claude" / "skills").mkdir(parents=True)
    with SentryServer(replays=[ServedReplay.from_scenario("checkout-failure")]) as srv:
        for key, value in srv.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("REPLAYDOM_NOW", str(1795470016 + 5 * 3600))
        yield srv


@pytest.mark.parametrize(("doc", "line"), COMMANDS, ids=[f"{d}:{c[:60]}" for d, c in COMMANDS])
def test_every_documented_command_runs(cli: Any, demo: SentryServer, doc: str, line: str) -> None:
    argv = _concrete(line)
    if argv[0] not in ("fetch", "list", "import", "skill", "schema", "cache"):
        assert cli("import", str(RECORDINGS / "checkout-failure")).exit_code == 0
    if argv[0] == "snapshot":
        pytest.importorskip("playwright")
        from replaydom.player.locate import find_bundle, find_chromium  # skip only where the player is absent

        try:
            find_bundle(), find_chromium(None)
        except Exception as exc:
            import os

            if os.environ.get("CI"):
                raise
            pytest.skip(f"player unavailable: {exc}")
        argv += ["--out", "snapshots"]
    res = cli(*argv)
    assert res.exit_code == 0, f"`{line}` from {doc} failed ({res.exit_code}): {res.stderr}"
