"""Shared option declarations (typer `Annotated` aliases), declared once."""

from __future__ import annotations

from typing import Annotated

import typer

TargetArg = Annotated[
    str,
    typer.Argument(
        help="<id>, <org>/<id>, <org>/<project>/<id>, a Sentry replay URL, or a cached id prefix",
        show_default=False,
        metavar="TARGET",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Print one JSON item per line.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, help="Show at most N items.")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Skip the first N items.")]
RedactOpt = Annotated[
    bool,
    typer.Option("--redact", help="Replace input text, bodies and header values by their length."),
]
DomOpt = Annotated[
    bool,
    typer.Option("--dom", help="Also build the DOM store now (else the first `dom` command builds it)."),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Fetch into a private temporary bundle, removed afterwards."),
]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token",
        help="Sentry auth token (else SENTRY_AUTH_TOKEN, SENTRY_TOKEN, .sentryclirc).",
        show_default=False,
    ),
]
DebugHttpOpt = Annotated[
    bool, typer.Option("--debug-http", help="Log each HTTP request and response to stderr (token redacted).")
]
DEFAULT_LIMIT = 200
