"""Optional browser player: Sentry's rrweb Replayer in headless Chromium (Playwright, sync API).

    from player import Player, rrweb_frames

    with Player() as p:
        p.load(frames, start_ms)                 # start_ms: replaydom.frames.start.replay_start_ms
        shot = p.render(12_000, screenshot=True)  # HTML + PNG at 12 s from replay start
        tree = p.dom_tree(12_000)                 # canonical node tree for differential tests

Imports nothing from the CLI, and no core module imports it (only `replaydom.cli.snapshot`,
lazily). Importing this package does not import Playwright; `Player()` checks for it.
"""

from .driver import DomNode, NetworkStats, Player, RenderResult
from .frames import Timeline, Viewport, rrweb_frames
from .locate import find_bundle, find_chromium, vendor_dir

__all__ = [
    "DomNode",
    "NetworkStats",
    "Player",
    "RenderResult",
    "Timeline",
    "Viewport",
    "find_bundle",
    "find_chromium",
    "rrweb_frames",
    "vendor_dir",
]
