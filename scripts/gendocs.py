"""Generate the docs that can be generated, or check that they are current.

    python scripts/gendocs.py          rewrite the generated files and README block
    python scripts/gendocs.py --check  exit 1 and name the files that drifted

Generated: skills/replaydom/references/commands.md (from the CLI itself), events.md (from the
pydantic event model and the frame registry), workflows.md (by running the real commands on the demo
replay, see scripts/workflows.py), and the command reference block in README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replaydom.cli.docgen import generated_files  # noqa: E402


def main(argv: list[str]) -> int:
    check = "--check" in argv
    drifted = []
    for path, text in generated_files(ROOT).items():
        current = path.read_text() if path.exists() else None
        if current == text:
            continue
        drifted.append(path.relative_to(ROOT))
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if check and drifted:
        names = ", ".join(str(p) for p in drifted)
        sys.stderr.write(f"generated docs are out of date: {names}; run `make docs`\n")
        return 1
    for p in drifted:
        sys.stderr.write(f"wrote {p}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
