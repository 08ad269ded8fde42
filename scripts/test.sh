#!/usr/bin/env bash
# The whole test suite, browser tests included (installs Chromium and the rrweb bundle if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh player
export REPLAYDOM_CHROMIUM=${REPLAYDOM_CHROMIUM:-/usr/bin/chromium}
.venv/bin/python -m pytest -q "$@"
