"""The explicit command registry: importing a module registers its commands on `app`.

Adding a command means a module in this package and a line here.
"""

from . import cache  # noqa: F401
from . import demo  # noqa: F401
from . import doctor  # noqa: F401
from . import dom  # noqa: F401
from . import events  # noqa: F401
from . import fetch  # noqa: F401
from . import importcmd  # noqa: F401
from . import listcmd  # noqa: F401
from . import schema  # noqa: F401
from . import search  # noqa: F401
from . import skill  # noqa: F401
from . import snapshot  # noqa: F401
from . import stats  # noqa: F401
from . import struggles  # noqa: F401
from . import triage  # noqa: F401
from . import view  # noqa: F401
from . import window  # noqa: F401

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
