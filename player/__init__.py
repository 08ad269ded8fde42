"""Optional browser player: Sentry's rrweb Replayer in headless Chromium (Playwright, sync API).

Installed as `replaydom.player` (the repository keeps it in player/; pyproject.toml maps it).

    from replaydom.player import Player, rrweb_frames

    with Player() as p:
        p.load(frames, start_ms)                 # start_ms: replaydom.frames.start.replay_start_ms
        shot = p.render(12_000, screenshot=True)  # HTML + PNG at 12 s from replay start
        tree = p.dom_tree(12_000)                 # canonical node tree for differential tests

Imports nothing from the CLI, and no core module imports it (only `replaydom.cli.snapshot` and
`replaydom.cli.doctor`, lazily). Importing this package does not import Playwright; `Player()` checks for it.
"""

from .driver import DomNode, NetworkStats, Player, RenderResult
from .frames import Timeline, Viewport, rrweb_frames
from .locate import find_bundle, find_chromium, readiness

__all__ = [
    "DomNode",
    "NetworkStats",
    "Player",
    "RenderResult",
    "Timeline",
    "Viewport",
    "find_bundle",
    "find_chromium",
    "readiness",
    "rrweb_frames",
]
