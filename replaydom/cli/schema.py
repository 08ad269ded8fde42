"""`replaydom schema`: the JSON Schema of the normalized event."""

from __future__ import annotations

from .app import app


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the event model (every kind's data shape under $defs)."""
    from ..model import event_json_schema
    from ..render.output import dumps
    from .io import write_lines

    write_lines([dumps(event_json_schema(), indent=2)])
