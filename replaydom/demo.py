"""The bundled demo replay and the short tour `replaydom demo` runs on it.

The demo is a real Sentry recording of a failing checkout (fixtures/recordings/checkout-failure in
the repository, shipped as package data `replaydom/_demo/`), so the tour needs no Sentry account.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import DataError, NotFoundError

_HERE = Path(__file__).resolve().parent
# Installed wheel first (pyproject.toml maps the fixture there), then the checkout's fixture.
_CANDIDATES = (_HERE / "_demo", _HERE.parent / "fixtures" / "recordings" / "checkout-failure")

# The tour after `import`: each step is a replaydom command line, `{id}` standing for the replay id.
TOUR: tuple[tuple[str, ...], ...] = (
    ("view", "{id}"),
    ("stats", "{id}"),
    ("struggles", "{id}"),
    ("window", "{id}", "--contains", "Apply coupon", "--before", "2s", "--after", "8s"),
)
# Where to go next, printed after the tour (37 s: just before the dead "Apply coupon" click).
NEXT = (
    ("snapshot", "{id}", "--at", "37s", "--render"),
    ("skill", "install"),
)


def recording_dir() -> Path:
    """The folder of the bundled demo recording (segments, details, linked errors)."""
    for candidate in _CANDIDATES:
        if (candidate / "segments.json.gz").is_file() and (candidate / "details.json").is_file():
            return candidate
    raise NotFoundError(
        f"the bundled demo replay is missing (no segments.json.gz in {_CANDIDATES[0]})",
        hint="reinstall replaydom: pip install --force-reinstall --no-deps replaydom",
    )


def replay_id(folder: Path) -> str:
    """The demo's replay id, from its details.json."""
    try:
        rid = json.loads((folder / "details.json").read_text(encoding="utf-8"))["id"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"unreadable {folder / 'details.json'}: {type(exc).__name__}") from None
    if not isinstance(rid, str):
        raise DataError(f"{folder / 'details.json'} has no string id")
    return rid


def steps(rid: str, tour: tuple[tuple[str, ...], ...] = TOUR) -> list[list[str]]:
    """The tour's command lines for replay `rid`."""
    return [[arg.replace("{id}", rid) for arg in step] for step in tour]
