"""SDK configuration -> `options`.

Source frames: Custom `options` (segment 0 at checkout; JS: `{sessionSampleRate, errorSampleRate,
maskAllText, maskAllInputs, blockAllMedia, networkDetailHasUrls, networkCaptureBodies, ...}`;
mobile SDKs send their own keys). Its top-level `timestamp` is ms. `maskAllText`/`maskAllInputs` are
reported in `NormalizeResult.masked`.
"""

from __future__ import annotations

from typing import Any

from .context import Ctx, as_dict

_MAX_KEYS = 40


def handle(ctx: Ctx, frame: dict[str, Any], body: Any, t: float, seg: int, idx: int) -> None:
    payload = as_dict(body)
    kept = {str(k): v for k, v in list(payload.items())[:_MAX_KEYS] if _scalar(v)}
    text, inputs = payload.get("maskAllText"), payload.get("maskAllInputs")
    if type(text) is bool:
        ctx.masking.mask_all_text = text
    if type(inputs) is bool:
        ctx.masking.mask_all_inputs = inputs
    shown = ", ".join(
        f"{k}={str(v).lower()}"
        for k, v in (("maskAllText", text), ("maskAllInputs", inputs))
        if type(v) is bool
    )
    label = f"SDK options ({shown})" if shown else "SDK options"
    ctx.add(t, seg, idx, "options", label, kept, "Custom", "options")


def _scalar(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) <= 500
    if isinstance(value, list):
        return len(value) <= 50 and all(isinstance(v, str | int | float | bool) for v in value)
    return value is None or isinstance(value, bool | int | float)
