"""Compare two imports of one recording: what one import wrote must be what the other wrote.

    .venv/bin/python bench/compare_import.py CACHE_A CACHE_B [REPLAY_ID]

Each CACHE is a `REPLAYDOM_CACHE_DIR` (or a bundle directory) holding the import (say, one made by
main's code and one by a branch). Compared: every stored segment (decompressed bytes, and the gzip
bytes: both are a pure function of the content), the manifest (without the import's clock:
`fetchedAt`-like keys), metadata.json, the related files and every index file (meta.json without
`manifestStat`, the bundle's mtime). Prints one line per difference and exits 1 if any, else 0.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from typing import Any

import orjson

# Keys whose value is the clock of the import (or a file's mtime), not its content.
CLOCK_KEYS = frozenset({"fetchedAt", "importedAt", "updatedAt", "createdAt", "manifestStat"})


def bundle_dir(path: Path, replay_id: str | None = None) -> Path:
    """`path` itself when it is a bundle, else the single bundle (or `replay_id`'s) under it."""
    if (path / "manifest.json").is_file():
        return path
    found = [m.parent for m in path.rglob("manifest.json") if m.parent.parent.name != "staging"]
    found = [b for b in found if replay_id is None or b.name == replay_id]
    if len(found) != 1:
        raise SystemExit(f"{path}: expected one bundle, found {len(found)}: {[str(f) for f in found]}")
    return found[0]


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in CLOCK_KEYS}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def compare(a: Path, b: Path) -> list[str]:
    """The differences between bundle directories `a` and `b` (empty when none)."""
    problems: list[str] = []
    fa, fb = _files(a), _files(b)
    problems += [f"only in A: {n}" for n in sorted(fa - fb)]
    problems += [f"only in B: {n}" for n in sorted(fb - fa)]
    for name in sorted(fa & fb):
        da, db = (a / name).read_bytes(), (b / name).read_bytes()
        if name.endswith(".gz"):
            if gzip.decompress(da) != gzip.decompress(db):
                problems.append(f"{name}: decompressed content differs")
            elif da != db:
                problems.append(f"{name}: same content, different gzip bytes")
        elif name.endswith(".json") and da != db:
            if _strip(orjson.loads(da)) != _strip(orjson.loads(db)):
                problems.append(f"{name}: differs (beyond the import's clock)")
        elif da != db:
            problems.append(f"{name}: differs ({len(da)} vs {len(db)} bytes)")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    rid = argv[2] if len(argv) == 3 else None
    a, b = bundle_dir(Path(argv[0]), rid), bundle_dir(Path(argv[1]), rid)
    problems = compare(a, b)
    for line in problems:
        print(line)
    files = len(_files(a))
    print(f"{'DIFFERENT' if problems else 'identical'}: {a} vs {b} ({files} files compared)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
