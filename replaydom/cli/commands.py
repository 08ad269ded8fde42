"""The explicit command registry: importing this module registers every command on `app`.

Adding a command means a module in this package and a line in `registry.MODULES` (which lets a
one-shot command register only itself; see `registry.register_for`).
"""

from .registry import register_all

register_all()

# The pydantic model of each command's --json output (per item for list commands); the command
# reference in the skill and README is generated from these.
JSON_OUTPUT: dict[str, str] = {
    "events": "replaydom.model:Event",
    "window": "replaydom.query.window:WindowResult",
    "search": "replaydom.query.search:SearchItem",
    "stats": "replaydom.analyze.stats:Stats",
    "struggles": "replaydom.analyze.struggles.merge:Finding",
    "triage": "replaydom.analyze.triage:TriageRow",
    "fetch": "replaydom.render.schemas:Manifest",
    "import": "replaydom.render.schemas:Manifest",
    "view": "replaydom.render.schemas:ViewResult",
    "list": "replaydom.render.schemas:ReplayListItem",
    "cache ls": "replaydom.render.schemas:CacheEntry",
    "snapshot": "replaydom.render.schemas:SnapshotItem",
    "dom": "replaydom.render.schemas:DomAtResult",
}

# Further models a command prints (listed after the main one in the command reference).
JSON_MORE: dict[str, list[str]] = {
    "dom": [
        "replaydom.render.schemas:DomChange",
        "replaydom.render.schemas:HistoryDom",
        "replaydom.render.schemas:SubtreeCounts",
        "replaydom.model:WalkTruncated",
    ],
}
