"""The private environment every bench runs in: its own cache and HOME, no Sentry credentials, so
a bench never touches the user's cache or sends a token anywhere."""

from __future__ import annotations

import os
from pathlib import Path

SENTRY_VARS = ("SENTRY_AUTH_TOKEN", "SENTRY_TOKEN", "SENTRY_URL", "SENTRY_HOST")


def private_env(tmp: str) -> dict[str, str]:
    """The environment for child processes, also applied to this process (in-process imports)."""
    env = {**os.environ, "REPLAYDOM_CACHE_DIR": str(Path(tmp) / "cache"), "HOME": tmp}
    for var in SENTRY_VARS:
        env.pop(var, None)
        os.environ.pop(var, None)
    os.environ.update({"REPLAYDOM_CACHE_DIR": env["REPLAYDOM_CACHE_DIR"], "HOME": tmp})
    return env
