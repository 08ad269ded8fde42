"""Raw Sentry/rrweb frames -> normalized events: one module per frame family, wired in `registry.py`,
driven by `normalize.normalize`. Import the submodules you need; this package imports nothing heavy."""
