#!/usr/bin/env python3
"""The pinned rrweb player bundle in vendor/: check it, or refresh it from npm.

vendor/package-lock.json pins `@sentry-internal/rrweb` (Sentry's rrweb fork) by version and by the
sha512 `integrity` of its npm tarball. The repository commits that tarball
(vendor/sentry-internal-rrweb-<version>.tgz) and, extracted verbatim from it, the four files the
player ships as package data (vendor/rrweb/: the UMD script, the stylesheet, the licence and the
package.json that names the version). Nothing is built: the wheel copies vendor/rrweb/ as it is.

    scripts/vendor_rrweb.py            check tarball and extracted files against the lockfile
    scripts/vendor_rrweb.py --update   after changing the pin in vendor/package.json and running
                                       `npm install --package-lock-only` in vendor/: fetch the
                                       tarball with `npm pack`, verify it, extract the four files
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
PACKAGE = "@sentry-internal/rrweb"
# Tarball member -> file in vendor/rrweb/.
FILES = {
    "package/dist/rrweb.umd.cjs": "rrweb.umd.cjs",
    "package/dist/style.css": "style.css",
    "package/LICENSE": "LICENSE",
    "package/package.json": "package.json",
}


def pin() -> tuple[str, str]:
    """(version, integrity) of the rrweb package in vendor/package-lock.json."""
    lock = json.loads((VENDOR / "package-lock.json").read_text())
    entry = lock["packages"][f"node_modules/{PACKAGE}"]
    return entry["version"], entry["integrity"]


def tarball(version: str) -> Path:
    return VENDOR / f"sentry-internal-rrweb-{version}.tgz"


def sri(data: bytes) -> str:
    """Subresource-integrity string (npm's `integrity` format) of `data`."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def members(data: bytes) -> dict[str, bytes]:
    """The FILES members of a tarball, by their name in vendor/rrweb/."""
    out: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, name in FILES.items():
            handle = tar.extractfile(member)
            if handle is None:
                raise SystemExit(f"vendor: {member} is missing from the tarball")
            out[name] = handle.read()
    return out


def check() -> list[str]:
    """Problems found (empty when the vendored bundle is exactly the pinned one)."""
    version, integrity = pin()
    tgz = tarball(version)
    if not tgz.is_file():
        return [f"{tgz.name} is missing: run scripts/vendor_rrweb.py --update"]
    data = tgz.read_bytes()
    if sri(data) != integrity:
        return [f"{tgz.name} does not match the lockfile integrity {integrity}"]
    problems = []
    for name, content in members(data).items():
        path = VENDOR / "rrweb" / name
        if not path.is_file() or path.read_bytes() != content:
            problems.append(f"vendor/rrweb/{name} differs from {tgz.name}")
    return problems


def update() -> None:
    version, integrity = pin()
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", str(VENDOR), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    data = tarball(version).read_bytes()
    if sri(data) != integrity:
        tarball(version).unlink()
        raise SystemExit(f"vendor: the npm tarball does not match the lockfile integrity {integrity}")
    for old in VENDOR.glob("sentry-internal-rrweb-*.tgz"):
        if old != tarball(version):
            old.unlink()
    (VENDOR / "rrweb").mkdir(exist_ok=True)
    for name, content in members(data).items():
        (VENDOR / "rrweb" / name).write_bytes(content)


def main(argv: list[str]) -> int:
    if argv[1:] == ["--update"]:
        update()
    elif argv[1:]:
        sys.stderr.write(__doc__ or "")
        return 2
    problems = check()
    for line in problems:
        sys.stderr.write(f"vendor: {line}\n")
    if not problems:
        sys.stderr.write(f"vendor: {PACKAGE} {pin()[0]} matches vendor/package-lock.json\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
