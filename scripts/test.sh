#!/usr/bin/env bash
# The whole test suite, browser tests and the installed-wheel test included (installs Chromium with
# apt when none is found; the rrweb bundle is committed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh player
export REPLAYDOM_CHROMIUM=${REPLAYDOM_CHROMIUM:-/usr/bin/chromium}
.venv/bin/python -m pytest -q "$@"
