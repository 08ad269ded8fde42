"""Coerce plain CLI values without pydantic, so a command does not pay ~100 ms before it starts.

typer 0.29 converts every option and argument value through a pydantic `TypeAdapter`: the first
command-line value imports pydantic and each parameter builds a schema. Our options are plain
`str`, `bool`, `int` and `float` (with `min`/`max`) and `list[str]`, whose conversion is a few lines.
`install()` makes typer use `LightParam` for those annotations. `LightParam` returns what typer's
adapter would return for the values it recognises. Any other value (a malformed or out-of-range
number, bytes, ...) goes to typer's own coercion, which raises typer's usual error.
Other annotations (Path, enums, files, custom parsers) keep typer's coercion. tests/test_startup.py
checks the results against typer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from typer import _coercion
from typer import core as typer_core

_INT = re.compile(r"[+-]?[0-9]{1,18}")
_FLOAT = re.compile(r"[+-]?[0-9]{1,15}(?:\.[0-9]{1,15})?")
_MISS = object()
_typer_build = _coercion.build_runtime_param


def _number(annotation: Any, value: Any) -> Any:
    kind = type(value)
    if annotation is int:
        if kind is int:
            return value
        return int(value) if kind is str and _INT.fullmatch(value) else _MISS
    if kind is float:
        return value
    if kind is int:
        return float(value)
    return float(value) if kind is str and _FLOAT.fullmatch(value) else _MISS


def _leaf(annotation: Any, info: Any, value: Any) -> Any:
    if annotation is str or annotation is bool:
        return value if type(value) is annotation else _MISS
    number = _number(annotation, value)
    if number is _MISS:
        return _MISS
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _MISS  # typer's coercion raises its "greater than or equal to" error
    return number


def handles(annotation: Any, info: Any) -> bool:
    """True when `LightParam` coerces this parameter (else typer's own coercion does)."""
    if info.parser is not None or info.clamp:
        return False
    if get_origin(annotation) is list:
        return get_args(annotation) == (str,)
    return annotation in (str, bool, int, float)


@dataclass(frozen=True)
class LightParam(_coercion.RuntimeParam):
    """Coercion of `str`, `bool`, `int`, `float` and `list[str]` values without pydantic."""

    descriptor: Any

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        result: Any
        annotation: Any = self.annotation
        if get_origin(annotation) is list:
            ok = isinstance(value, list | tuple) and all(type(v) is str for v in value)
            result = list(value) if ok else _MISS
        else:
            result = _leaf(annotation, self.parameter_info, value)
        if result is _MISS:
            return _typer_build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)
        return result


def _build(descriptor: Any) -> Any:
    if descriptor.file_annotation is None and handles(descriptor.annotation, descriptor.parameter_info):
        return LightParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, descriptor=descriptor
        )
    return _typer_build(descriptor)


def install() -> None:
    """Route typer's parameter coercion through `_build` (idempotent)."""
    # typer.core calls the name it imported from typer._coercion; replace that binding.
    setattr(typer_core, "build_runtime_param", _build)  # noqa: B010
