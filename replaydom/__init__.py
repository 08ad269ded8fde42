"""replaydom: the replay data plane for coding agents."""

__version__ = "0.1.0"
