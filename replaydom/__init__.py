"""replaydom: the replay data plane for coding agents."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # One version string: the installed distribution's metadata (pyproject.toml's `version`), read
    # on first use so that importing replaydom stays cheap.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("replaydom")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'replaydom' has no attribute {name!r}")
