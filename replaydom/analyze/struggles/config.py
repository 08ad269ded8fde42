"""Threshold overrides for `struggles`: `--set name.key=value` flags and an optional config file.

Every threshold has a dotted name `<detector>.<key>` (`repeated-click.windowMs`,
`merge.gapMs`); `replaydom struggles` prints them all with their values. A config file sets the
same names, as TOML (one table per detector) or as JSON (an object of objects):

    [repeated-click]
    minClicks = 4
    [merge]
    gapMs = 2000

Flags win over the file. Unknown names and non-numeric values are usage errors (exit 2).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ...errors import UsageError

Overrides = dict[str, dict[str, float]]


def parse_set(items: Iterable[str]) -> Overrides:
    """Parse `name.key=value` strings into overrides."""
    out: Overrides = {}
    for item in items:
        name_key, sep, raw = item.partition("=")
        name, dot, key = name_key.strip().rpartition(".")
        if not sep or not dot or not name or not key:
            raise UsageError(
                f"bad --set {item!r}: use <detector>.<threshold>=<number>, e.g. rage-click.minClickCount=5"
            )
        out.setdefault(name, {})[key] = _number(raw, item)
    return out


def load_file(path: Path) -> Overrides:
    """Read a TOML or JSON (by suffix) threshold file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read config {path}: {exc.strerror or exc}") from None
    try:
        raw: Any = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(
            f"config {path} is not valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: {exc}"
        ) from None
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise UsageError(f"config {path}: expected one table (object) of thresholds per detector")
    return {str(n): {str(k): _number(v, f"{n}.{k}") for k, v in t.items()} for n, t in raw.items()}


def combine(*layers: Overrides) -> Overrides:
    """Later layers win, key by key."""
    out: Overrides = {}
    for layer in layers:
        for name, values in layer.items():
            out.setdefault(name, {}).update(values)
    return out


def check(overrides: Overrides, defaults: Mapping[str, Mapping[str, float]]) -> None:
    """Reject names that no detector (or `merge`) knows, listing the valid ones."""
    for name, values in overrides.items():
        if name not in defaults:
            raise UsageError(f"unknown detector {name!r}; known: {', '.join(sorted(defaults))}")
        for key in values:
            if key not in defaults[name]:
                known = ", ".join(sorted(defaults[name])) or "none"
                raise UsageError(f"unknown threshold {name}.{key}; {name} has: {known}")


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, bool):
        raise UsageError(f"threshold {where}: expected a number")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise UsageError(f"threshold {where}: {raw!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise UsageError(f"threshold {where}: {raw!r} is not a finite number")
    return value
