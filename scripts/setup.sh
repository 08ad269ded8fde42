#!/usr/bin/env bash
# Install what replaydom needs into ./.venv, idempotently.
#   scripts/setup.sh          core + dev tools (pytest, ruff, mypy, build) and Playwright
#   scripts/setup.sh player   also makes the player ready: Debian's Chromium (apt, only when no
#                             Chromium is found), then `replaydom doctor` must pass
# The rrweb bundle is committed (vendor/rrweb/, checked by scripts/vendor_rrweb.py), so no npm.
# Never downloads a browser build: Playwright drives a system Chromium (or $REPLAYDOM_CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
want_player=${1:-}

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.replaydom-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
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
  have_chromium=""
  if [ -n "${REPLAYDOM_CHROMIUM:-}" ]; then
    have_chromium=1
  else
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
      command -v "$name" >/dev/null 2>&1 && have_chromium=1 && break
    done
  fi
  if [ -z "$have_chromium" ]; then
    echo "setup: installing Debian's chromium (apt)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >&2
  fi
  # The player's readiness, as an installed user would check it; exit 7 names what is missing.
  if ! .venv/bin/replaydom doctor --player >/dev/null 2>.venv/doctor.log; then
    cat .venv/doctor.log >&2
    echo "setup: the player is not ready (replaydom doctor, above)" >&2
    exit 1
  fi
fi
