"""`replaydom schema`: the JSON Schema of the normalized event."""

from __future__ import annotations

from ..model import event_json_schema
from ..render.output import dumps
from .app import app
from .io import write_lines


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the event model (every kind's data shape under $defs)."""
    write_lines([dumps(event_json_schema(), indent=2)])
