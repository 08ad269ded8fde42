"""The committed rrweb player bundle is exactly the npm package vendor/package-lock.json pins.

The lockfile pins `@sentry-internal/rrweb` by version and by the sha512 of its npm tarball. The
tarball is committed beside it, and vendor/rrweb/ (what the wheel ships as replaydom/player/rrweb/)
must be its members byte for byte. Checked here independently of scripts/vendor_rrweb.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile

import pytest
from conftest import ROOT

VENDOR = ROOT / "vendor"
LOCK = json.loads((VENDOR / "package-lock.json").read_text())
PIN = LOCK["packages"]["node_modules/@sentry-internal/rrweb"]
TARBALL = VENDOR / f"sentry-internal-rrweb-{PIN['version']}.tgz"
SHIPPED = {
    "rrweb.umd.cjs": "package/dist/rrweb.umd.cjs",
    "style.css": "package/dist/style.css",
    "LICENSE": "package/LICENSE",
    "package.json": "package/package.json",
}


def test_tarball_matches_the_lockfile_integrity() -> None:
    algo, _, expected = PIN["integrity"].partition("-")
    assert algo == "sha512"
    digest = base64.b64encode(hashlib.sha512(TARBALL.read_bytes()).digest()).decode()
    assert digest == expected, f"{TARBALL.name} is not the tarball package-lock.json pins"


def test_the_pin_is_one_version_everywhere() -> None:
    declared = json.loads((VENDOR / "package.json").read_text())["dependencies"]["@sentry-internal/rrweb"]
    shipped = json.loads((VENDOR / "rrweb" / "package.json").read_text())
    assert declared == PIN["version"] == shipped["version"]
    assert shipped["name"] == "@sentry-internal/rrweb"
    assert shipped["license"] == "MIT"


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_files_are_the_tarball_members(name: str) -> None:
    with tarfile.open(TARBALL, "r:gz") as tar:
        member = tar.extractfile(SHIPPED[name])
        assert member is not None
        content = member.read()
    assert (VENDOR / "rrweb" / name).read_bytes() == content, f"vendor/rrweb/{name} differs from the tarball"


def test_nothing_else_is_shipped() -> None:
    assert sorted(p.name for p in (VENDOR / "rrweb").iterdir()) == sorted(SHIPPED)


def test_the_refresh_script_agrees() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "vendor_rrweb.py")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"@sentry-internal/rrweb {PIN['version']} matches" in done.stderr


def test_the_player_finds_the_committed_bundle_in_a_checkout() -> None:
    from replaydom.player.locate import find_bundle

    bundle = find_bundle()
    assert bundle.script == VENDOR / "rrweb" / "rrweb.umd.cjs"
    assert bundle.version == PIN["version"]
