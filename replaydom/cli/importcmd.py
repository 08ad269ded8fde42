"""`replaydom import`: put a local recording into the cache (identity `local`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app
from .fetch import _table, fetch_result
from .options import DomOpt, JsonOpt

BIG_REPLAY_SEGMENTS = 100  # from here a DOM store build takes seconds (the hour-long replay: 1,027)
PATH_HELP = "A segments body (.json/.json.gz), a flat rrweb events array, or a recording folder."


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help=PATH_HELP, show_default=False)],
    details: Annotated[
        Path | None, typer.Option("--details", metavar="FILE", help="The replay-details `data` object.")
    ] = None,
    errors: Annotated[
        Path | None, typer.Option("--errors", metavar="FILE", help="Events-meta rows linked to the replay.")
    ] = None,
    replay_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="Replay id (else the details' id, else a hash).")
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace an earlier import of this id that holds another recording."),
    ] = False,
    dom: DomOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Import a local recording into the cache (identity `local`).

    Every command can then read it without Sentry.

    PATH is a Sentry recording-segments body (a list of segments, each a list of events; .json or
    .json.gz), a flat rrweb events array (one segment), or a folder with segments.json[.gz] and
    optional details.json and events_meta.json. Details missing from the input are derived from
    the events and listed under `derived` in the manifest. A truncated or malformed body is
    rejected (exit 6) and nothing is written to the cache. Importing the same recording again
    replaces the earlier import: the bundle is rewritten and its import time (`cache ls`'
    FETCHED) is the new one; a note says when the earlier one was imported and what differs
    (segments, details, related files) or that nothing does. A different recording under an id
    already in the cache is refused (exit 2) unless `--replace` (or `--id` keeps both).
    """
    from ..render.output import Mode
    from ..store.importer import import_recording
    from .io import emit_object, hint

    bundle = import_recording(
        path, details_path=details, errors_path=errors, replay_id=replay_id, replace=replace
    )
    for warning in bundle.warnings:
        hint(f"warning: {warning}")
    for note in bundle.notes:
        hint(f"note: {note}")
    emit_object(fetch_result(bundle, None), Mode.JSON if json_out else Mode.TABLE, table_lines=_table)
    if dom:
        from .dombuild import build_dom_store

        hint(build_dom_store(bundle))
    elif bundle.segment_count() >= BIG_REPLAY_SEGMENTS:
        hint(
            f"note: the first `dom` command on these {bundle.segment_count()} segments builds their DOM "
            "store first (seconds to a minute); `import --dom` builds it now"
        )
    hint(f"next: replaydom view {bundle.replay_id}")
