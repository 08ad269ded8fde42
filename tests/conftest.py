"""Shared test fixtures: an isolated cache and config per test, the CLI run in-process."""

from __future__ import annotations

import gzip
import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDINGS = ROOT / "fixtures" / "recordings"
SCENARIOS = ["checkout-failure", "masked-default", "slow-and-idle", "widgets", "long-session"]

# A suite started in the background of a shell without job control (`make test &` in a script, some
# CI runners) inherits SIGINT ignored, and so would every CLI process the Ctrl-C tests start: they
# would wait for an interrupt that never comes. A Python handler here makes exec reset SIGINT to the
# default in those children, as a terminal's Ctrl-C finds it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache and HOME at tmp and drop any real Sentry configuration."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPLAYDOM_CACHE_DIR", str(cache))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in (
        "SENTRY_AUTH_TOKEN",
        "SENTRY_TOKEN",
        "SENTRY_URL",
        "SENTRY_HOST",
        "SENTRY_ORG",
        "SENTRY_PROJECT",
        "REPLAYDOM_TRACEBACK",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return cache


def load_segments(scenario: str) -> list[list[dict[str, Any]]]:
    with gzip.open(RECORDINGS / scenario / "segments.json.gz", "rt") as fh:
        data: list[list[dict[str, Any]]] = json.load(fh)
    return data


def load_json(scenario: str, name: str) -> Any:
    return json.loads((RECORDINGS / scenario / name).read_text())


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def jsonl(self) -> list[Any]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@pytest.fixture
def cli(capfd: pytest.CaptureFixture[str]) -> Any:
    """Run `replaydom ARGS...` in-process and return its exit code, stdout and stderr."""
    from replaydom.cli import run

    def invoke(*args: str) -> Result:
        capfd.readouterr()
        code = run(list(args))
        out, err = capfd.readouterr()
        return Result(int(code), out, err)

    return invoke


def small_chunks(monkeypatch: pytest.MonkeyPatch, frames: int = 20, budget: int = 300) -> None:
    """A DOM store cut into small chunks with a checkpoint at every chunk start, whatever it costs
    (`RATIO` 0): short recordings then exercise the checkpointed paths."""
    from replaydom.dom import framestore

    monkeypatch.setattr(framestore, "MAX_FRAMES", frames)
    monkeypatch.setattr(framestore, "BUDGET", budget)
    monkeypatch.setattr(framestore, "RATIO", 0.0)
    monkeypatch.setattr(framestore, "POLICY", (budget, framestore.HEAVY, frames, 0.0, framestore.SPACING))


def scenario_path(scenario: str) -> Path:
    return RECORDINGS / scenario


os.environ.setdefault("REPLAYDOM_TEST", "1")


@pytest.fixture(autouse=True)
def release_reader_locks() -> Any:
    """Drop the shared cache locks in-process readers took (a CLI run drops them when it ends)."""
    yield
    from replaydom.store.locks import release_readers

    release_readers()
