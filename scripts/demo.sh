#!/usr/bin/env bash
# The demo: replaydom on a bundled real Sentry replay, no Sentry account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
export REPLAYDOM_CACHE_DIR=${REPLAYDOM_CACHE_DIR:-"$PWD/.demo-cache"}
rd() { echo; echo "\$ replaydom $*"; .venv/bin/replaydom "$@"; }
DEMO=fixtures/recordings/checkout-failure
ID=$(.venv/bin/python -c "import json;print(json.load(open('$DEMO/details.json'))['id'])")
rd import "$DEMO"
rd view "$ID"
rd stats "$ID"
rd struggles "$ID"
rd window "$ID" --contains "Apply coupon" --before 2s --after 8s
