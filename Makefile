# Task runner. The README's two commands are `make demo` and `make test`.
.PHONY: demo test lint fix docs bench setup

setup:
	scripts/setup.sh player

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint: setup
	.venv/bin/ruff check replaydom player tests bench scripts
	.venv/bin/ruff format --check replaydom player
	.venv/bin/mypy

fix: setup
	.venv/bin/ruff check --fix replaydom player tests bench scripts
	.venv/bin/ruff format replaydom player

docs: setup
	.venv/bin/python scripts/gendocs.py

bench: setup
	.venv/bin/python bench/run_all.py
