"""The built package is the whole product: sdist and wheel build, and the wheel installed with
`[player]` into a fresh virtualenv outside the checkout works from an empty folder (demo, skill,
doctor, and `snapshot --render` with real Chromium), with nothing generic in site-packages.

Needs the network the first time (pip fetches the build backend and the dependencies; its cache
makes later runs quick). The installed-wheel test prints its timing on stderr (`-s` shows it).
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from replaydom.player.locate import CHROMIUM_NAMES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
VERSION = PYPROJECT["project"]["version"]
DEMO_ID = "f5f68b787e3947cdbf9d5bb01d76dc96"
# Captured before the autouse fixture points HOME at a temp dir: pip's cache lives in the real home.
PIP_CACHE = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """`python -m build`: the sdist, then the wheel built from that sdist (so both are proven)."""
    out = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PIP_CACHE_DIR": PIP_CACHE}
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return Dist(
        wheel=out / f"replaydom-{VERSION}-py3-none-any.whl", sdist=out / f"replaydom-{VERSION}.tar.gz"
    )


def _wheel_names(dist: Dist) -> list[str]:
    with zipfile.ZipFile(dist.wheel) as whl:
        return whl.namelist()


def test_wheel_carries_everything_under_replaydom(dist: Dist) -> None:
    names = _wheel_names(dist)
    tops = {n.split("/")[0] for n in names}
    assert tops == {"replaydom", f"replaydom-{VERSION}.dist-info"}, (
        "nothing generic (player, skills) at top level"
    )
    # Every file of the checkout's packages, under its installed name: none silently left out
    # (any file, not only modules: a data file added under replaydom/ needs its package-data line).
    expected = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "replaydom").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    expected |= {f"replaydom/player/{p.name}" for p in (ROOT / "player").glob("*.py")}
    assert not expected - set(names)
    for name in (
        "replaydom/py.typed",
        "replaydom/player/page.js",
        "replaydom/player/rrweb/rrweb.umd.cjs",
        "replaydom/player/rrweb/style.css",
        "replaydom/player/rrweb/LICENSE",
        "replaydom/player/rrweb/package.json",
        "replaydom/_skill/replaydom/SKILL.md",
        "replaydom/_demo/segments.json.gz",
        "replaydom/_demo/details.json",
        "replaydom/_demo/events_meta.json",
        "replaydom/_demo/errors.json",
    ):
        assert name in names
    skill_files = {
        p.relative_to(ROOT / "skills").as_posix() for p in (ROOT / "skills").rglob("*") if p.is_file()
    }
    assert {f"replaydom/_skill/{f}" for f in skill_files} <= set(names)
    with zipfile.ZipFile(dist.wheel) as whl:
        shipped = whl.read("replaydom/player/rrweb/rrweb.umd.cjs")
    assert shipped == (ROOT / "vendor" / "rrweb" / "rrweb.umd.cjs").read_bytes()


def test_wheel_metadata_is_pypi_grade(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as whl:
        meta = email.message_from_bytes(whl.read(f"replaydom-{VERSION}.dist-info/METADATA"))
        assert whl.read(f"replaydom-{VERSION}.dist-info/top_level.txt").decode().split() == ["replaydom"]
    assert meta["Version"] == VERSION
    assert meta["License-Expression"] == "MIT"
    assert set(meta.get_all("License-File") or []) == {"LICENSE", "vendor/rrweb/LICENSE"}
    assert meta["Description-Content-Type"] == "text/markdown"
    assert "## Two commands" in (meta.get_payload() or "")
    assert meta["Requires-Python"] == ">=3.11"
    assert len(meta.get_all("Project-URL") or []) >= 2
    classifiers = meta.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers and "Typing :: Typed" in classifiers
    assert "player" in (meta.get_all("Provides-Extra") or [])
    assert any(
        r.startswith("playwright") and 'extra == "player"' in r for r in meta.get_all("Requires-Dist") or []
    )


def test_sdist_carries_the_sources_the_wheel_is_built_from(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for name in (
        "pyproject.toml",
        "setup.py",
        "LICENSE",
        "README.md",
        "player/driver.py",
        "vendor/rrweb/rrweb.umd.cjs",
        "vendor/package-lock.json",
        "skills/replaydom/SKILL.md",
        "fixtures/recordings/checkout-failure/segments.json.gz",
    ):
        assert name in names
    assert not any(n.startswith("tests/") for n in names), "the suite needs the repository, not the sdist"


# ---- the installed wheel ---------------------------------------------------------------------


@dataclass
class Venv:
    root: Path
    work: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.root / "bin" / args[0]), *args[1:]],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    """A fresh venv outside the checkout with `replaydom[player]` installed from the wheel."""
    base = tmp_path_factory.mktemp("installed")
    assert not base.is_relative_to(ROOT)
    root = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    work = base / "empty"
    work.mkdir()
    # A user's environment: no checkout on sys.path, no test overrides, their own HOME and cache.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "REPLAYDOM_"))}
    env.update(HOME=str(base / "home"), PIP_CACHE_DIR=PIP_CACHE, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("XDG_CACHE_HOME", None)
    # Let the installed replaydom find the system Chromium by itself; pass REPLAYDOM_CHROMIUM on only
    # where there is none under the usual names.
    if os.environ.get("REPLAYDOM_CHROMIUM") and not any(shutil.which(n) for n in CHROMIUM_NAMES):
        env["REPLAYDOM_CHROMIUM"] = os.environ["REPLAYDOM_CHROMIUM"]
    venv = Venv(root, work, env)
    started = time.perf_counter()
    done = venv.run("python", "-m", "pip", "install", "-q", f"{dist.wheel}[player]", timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    sys.stderr.write(
        f"\n[wheel] {dist.wheel.stat().st_size} bytes; pip install [player]: "
        f"{time.perf_counter() - started:.1f}s\n"
    )
    yield venv


def test_installed_wheel_works_from_an_empty_folder(installed: Venv) -> None:
    started = time.perf_counter()
    site = installed.run("python", "-c", "import replaydom, replaydom.player; print(replaydom.__file__)")
    assert site.returncode == 0, site.stderr
    assert "site-packages" in site.stdout and str(ROOT) not in site.stdout
    generic = installed.run("python", "-c", "import player")
    assert generic.returncode != 0 and "No module named 'player'" in generic.stderr

    version = installed.run("replaydom", "--version")
    assert version.stdout.strip() == f"replaydom {VERSION}"

    demo = installed.run("replaydom", "demo")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.count("$ replaydom ") == 5 and 'dead click "Apply coupon"' in demo.stdout
    assert "TypeError at HTMLButtonElement.<anonymous> (cart.js:51:19)" in demo.stdout  # errors.json shipped
    assert str(Path(installed.env["HOME"]) / ".cache" / "replaydom") in demo.stderr  # the user's cache

    path = installed.run("replaydom", "skill", "path")
    assert path.returncode == 0, path.stderr
    skill = Path(path.stdout.strip())
    assert (skill / "SKILL.md").is_file() and skill.is_relative_to(installed.root)

    target = installed.work / "agent" / "skills"
    copied = installed.run("replaydom", "skill", "install", "--dir", str(target))
    assert copied.returncode == 0, copied.stderr
    assert f"installed {target / 'replaydom'}" in copied.stdout
    assert (target / "replaydom" / "references" / "commands.md").is_file()

    doctor = installed.run("replaydom", "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert f"@sentry-internal/rrweb 2.43.0 in {installed.root}" in doctor.stdout
    assert "player start  ok" in doctor.stdout

    shot = installed.run("replaydom", "snapshot", DEMO_ID, "--at", "37s", "--render", "--json")
    assert shot.returncode == 0, shot.stderr
    html = installed.work / "replaydom-snapshots" / DEMO_ID / "snapshot-37000.html"
    png = html.with_suffix(".png")
    assert html.is_file() and png.is_file()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 1000
    assert 'id="btn-coupon"' in html.read_text()
    assert sorted(p.name for p in installed.work.iterdir()) == ["agent", "replaydom-snapshots"]

    # Exit 7 speaks to an installed user: a reinstall with this environment's pip, and doctor.
    gone = {**installed.env, "REPLAYDOM_RRWEB_DIR": str(installed.work / "no-bundle")}
    missing = subprocess.run(
        [str(installed.root / "bin" / "replaydom"), "snapshot", DEMO_ID, "--at", "37s"],
        cwd=installed.work,
        env=gone,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert missing.returncode == 7
    assert f"{installed.root / 'bin' / 'python'} -m pip install --force-reinstall" in missing.stderr
    assert "Hint: `replaydom doctor --player`" in missing.stderr
    assert not any(word in missing.stderr for word in ("npm", "vendor", "git "))
    sys.stderr.write(f"[wheel] installed-wheel commands: {time.perf_counter() - started:.1f}s\n")
