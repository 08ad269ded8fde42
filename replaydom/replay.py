"""The facade every reading command uses: a target string in, a cached, indexed replay out.

`open_replay` resolves the target to a bundle in the cache (fetching it first when Sentry is
configured and it is not cached), and `Replay` gives lazy access to its details, raw segments and
normalized events (built into the bundle's index on first use, rebuilt when the normalizer changes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store.bundle import Bundle


class Replay:
    """One replay bundle and its normalized view."""

    def __init__(self, bundle: Bundle, target_display: str) -> None:
        self.bundle = bundle
        self.target_display = target_display

    @property
    def replay_id(self) -> str:
        return self.bundle.replay_id

    @cached_property
    def details(self) -> dict[str, Any] | None:
        return self.bundle.details()

    def events(self, kinds: set[str] | None = None) -> list[dict[str, Any]]:
        from .index import load_events

        return load_events(self.bundle, kinds=kinds)

    def events_at(self, offset_ms: int, kinds: set[str] | None = None) -> list[dict[str, Any]]:
        """The events (all, or only `kinds`) whose `offsetMs` is exactly `offset_ms`."""
        from .index import load_events_at

        return load_events_at(self.bundle, offset_ms, kinds=kinds)

    @cached_property
    def index_meta(self) -> dict[str, Any]:
        from .index import load_meta

        return load_meta(self.bundle)

    def data_warnings(self) -> list[str]:
        """One line per thing the outputs cannot show: unreadable segments, skipped frames, gaps."""
        meta = self.index_meta
        out = [
            f"segment {e.get('segmentId')} is unreadable and was skipped: {e.get('error')}"
            for e in meta.get("segmentErrors") or []
        ]
        skipped = {k: v for k, v in (meta.get("skipped") or {}).items() if v}
        if skipped:
            detail = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
            out.append(f"{sum(skipped.values())} malformed frames were skipped ({detail})")
        manifest = self.bundle.manifest
        stored, expected = manifest.get("storedSegments"), manifest.get("expectedSegments")
        if not manifest.get("complete", True) and stored is not None:
            out.append(
                f"the cached replay is incomplete ({stored} of {expected or '?'} segments); "
                f"`replaydom fetch {self.target_display}` completes it"
            )
        return out

    @property
    def start_ms(self) -> float:
        return float(self.index_meta["startMs"])

    @property
    def end_ms(self) -> float:
        return float(self.index_meta["endMs"])

    def iter_segments(
        self, on_error: Callable[[int, str], None] | None = None
    ) -> Iterator[tuple[int, list[Any]]]:
        return self.bundle.iter_segments(on_error=on_error)


def open_replay(target_text: str, *, no_cache: bool = False) -> Replay:
    """Resolve a command-line target to a cached replay (see conventions.md, "Targets")."""
    from .store.cache import resolve_bundle
    from .targets import parse_target

    target = parse_target(target_text)
    bundle = resolve_bundle(target_text, no_cache=no_cache)
    display = target.display if not target.is_prefix else bundle.replay_id
    if not target.org and getattr(bundle, "org", None) not in (None, "local"):
        display = f"{bundle.org}/{bundle.replay_id}"
    return Replay(bundle, display)
