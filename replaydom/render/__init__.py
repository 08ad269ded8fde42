"""Rendering: lines of text from core results. Nothing here reads caches or parses frames.

Renderers are generators of strings; the CLI writes them. Output modes follow conventions.md:
a human table on a terminal, `--json` (an object, or `{"items": [...], "truncated": ...}` for
lists) and `--jsonl` (one item per line) for machines.
"""
