# Task runner. The README's two commands are `make demo` and `make test`.
.PHONY: demo test lint fix docs bench setup dist

setup:
	scripts/setup.sh player

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint: setup
	.venv/bin/ruff check replaydom player tests bench scripts setup.py
	.venv/bin/ruff format --check replaydom player setup.py scripts/vendor_rrweb.py
	.venv/bin/mypy

fix: setup
	.venv/bin/ruff check --fix replaydom player tests bench scripts setup.py
	.venv/bin/ruff format replaydom player setup.py scripts/vendor_rrweb.py

docs: setup
	.venv/bin/python scripts/gendocs.py

bench: setup
	.venv/bin/python bench/run_all.py

# The sdist, and the wheel built from it, into dist/ (what `pip install replaydom[player]` installs).
dist: setup
	.venv/bin/python -m build --outdir dist .
