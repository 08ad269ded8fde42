"""`replaydom doctor`: is this installation ready, and if not, the exact fix for each gap."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app
from .options import JsonOpt

if TYPE_CHECKING:
    from ..doctor import Check


def player_checks(chromium: str | None, start: bool) -> list[Check]:
    """The optional player's checks, then (when they pass and `start`) one real start."""
    if TYPE_CHECKING:  # mypy reads the player from the repository's player/ (its source name)
        from player.locate import readiness
    else:
        from replaydom.player.locate import readiness

    checks = readiness(chromium)
    if start and all(c.ok for c in checks):
        if TYPE_CHECKING:
            from player.driver import start_check
        else:
            from replaydom.player.driver import start_check
        checks.append(start_check(chromium))
    return checks


def _table(checks: list[Check]) -> Iterator[str]:
    # One line per check; its fix on the next line, indented under the detail.
    width = max(len(c.name) for c in checks)
    for c in checks:
        yield f"{c.name:<{width}}  {c.status:<4}  {c.detail}"
        if c.fix:
            yield f"{'':<{width}}        fix: {c.fix}"


@app.command("doctor")
def doctor_command(
    player: Annotated[
        bool, typer.Option("--player", help="Check only the optional player (Playwright, bundle, Chromium).")
    ] = False,
    no_start: Annotated[
        bool, typer.Option("--no-start", help="Do not start Chromium to prove the player runs.")
    ] = False,
    chromium: Annotated[
        str | None,
        typer.Option("--chromium", metavar="PATH", help="Chromium executable (default $REPLAYDOM_CHROMIUM)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the installation, configuration, cache and player, each with the exact fix.

    Reports replaydom's version and bundled skill and demo, the Sentry host and where the token
    comes from (never the token: its type prefix and length only), the cache directory and its
    permissions, and the player: Playwright, the pinned rrweb bundle, a Chromium (REPLAYDOM_CHROMIUM,
    chromium, chromium-browser, google-chrome, or one installed by Playwright) and one real
    headless start. Exits 0 when nothing failed, else with the code of the first failure: 7 when
    the player is not ready, 2 for a bad configuration, 6 for an unusable cache.
    """
    from .. import doctor as core
    from .io import hint, write_lines

    checks: list[Check] = []
    if not player:
        checks += core.install_checks() + core.config_checks() + core.cache_checks()
    checks += player_checks(chromium, start=not no_start)
    if as_json:
        from ..render.output import dumps

        items = [
            {"name": c.name, "status": c.status, "detail": c.detail, "fix": c.fix, "code": c.code}
            for c in checks
        ]
        write_lines([dumps({"ok": all(c.ok for c in checks), "checks": items}, indent=2)])
    else:
        write_lines(_table(checks))
    code = core.exit_code(checks)
    if code:
        failed = ", ".join(c.name for c in checks if not c.ok)
        hint(f"doctor: not ready ({failed}); exit {code}")
        raise typer.Exit(code)
