#!/usr/bin/env bash
# Install what replaydom needs into ./.venv, idempotently.
#   scripts/setup.sh          core + dev tools (pytest, ruff, mypy)
#   scripts/setup.sh player   also the optional player: playwright, the pinned rrweb bundle
#                             (npm ci in vendor/) and Debian's Chromium (apt, only when missing)
# Never downloads a browser build: Playwright drives /usr/bin/chromium (or $REPLAYDOM_CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
want_player=${1:-}

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.replaydom-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing replaydom and its dependencies into .venv (pip)" >&2
  log=.venv/setup.log
  if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip \
         && .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,player]"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: pip install failed (log above)" >&2
    exit 1
  fi
  touch "$stamp"
fi

if [ "$want_player" = "player" ]; then
  if [ -z "${REPLAYDOM_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing Debian's chromium (apt)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >&2
  fi
  if [ ! -f vendor/node_modules/@sentry-internal/rrweb/dist/rrweb.umd.cjs ] \
     || [ vendor/package-lock.json -nt vendor/node_modules/.package-lock.json ]; then
    echo "setup: npm ci in vendor/" >&2
    (cd vendor && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
fi
