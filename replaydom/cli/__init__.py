"""Command-line skin. Each command module parses options, calls one core function and renders."""

from .app import app, main, run

__all__ = ["app", "main", "run"]
