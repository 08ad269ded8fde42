#!/usr/bin/env bash
# The demo: `replaydom demo` on the bundled real Sentry replay, no Sentry account needed. Prepares the
# player first (Playwright, Debian's Chromium when missing), so that `snapshot --render` works right
# after. Imports into the user's cache (or $REPLAYDOM_CACHE_DIR), where the next commands look.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh player >&2
.venv/bin/replaydom demo "$@"
echo >&2
echo "demo: replaydom is installed in $PWD/.venv/bin (activate with: . .venv/bin/activate)" >&2
