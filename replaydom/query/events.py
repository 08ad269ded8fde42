"""Filtering the normalized event stream (`replaydom events`).

`EventQuery` is the frozen form of the command's flags; `filter_events(events, spec)` returns one
page and, when more matches exist, a `Truncated` whose `next` is the exact command for the next
page. Matching rules (all given filters must hold):

- `kinds` / `categories`: exact kind or category names (validated: unknown names are usage errors);
- `from_ms` / `to_ms`: inclusive bounds on `offsetMs`;
- `contains`: case-insensitive substring of the label, the page URL, the request URL, the element
  text, the message or the title;
- `selector`: case-insensitive substring of the event's selector or of Sentry's selector path;
- `url`: case-insensitive substring of the page URL or of the request/navigation URL.

`page_lines` is the same paging over pre-serialized index lines (kind filters only), used by the
CLI to answer `events --kind K --jsonl` without parsing JSON. `attach_raw` adds the raw frames of a
page (bounded previews; network bodies the index cut are restored whole) and `redact` applies
`--redact`.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from ..model import Truncated

RAW_MAX = 4096
KINDS = (
    "navigation",
    "click",
    "dead-click",
    "rage-click",
    "slow-click",
    "multi-click",
    "tap",
    "input",
    "focus",
    "blur",
    "keydown",
    "scroll",
    "viewport",
    "pointer",
    "mutation",
    "dom-snapshot",
    "style",
    "selection",
    "media",
    "canvas",
    "page",
    "breadcrumb",
    "network",
    "console",
    "error",
    "log",
    "span",
    "web-vital",
    "memory",
    "video",
    "mobile",
    "hydration-error",
    "options",
    "replay-health",
    "unknown",
)
CATEGORIES = (
    "interaction",
    "frustration",
    "navigation",
    "network",
    "console",
    "error",
    "dom",
    "performance",
    "media",
    "mobile",
    "replay",
)
_TEXT_FIELDS = ("text", "message", "title", "url", "toUrl")
# Raw frames of these kinds may hold typed text, bodies or DOM text: `--redact` withholds them.
_SENSITIVE_RAW = frozenset({"input", "network", "mutation", "dom-snapshot"})


@dataclass(frozen=True)
class EventQuery:
    """The filters and page of one `events` query (offsets already resolved to ms)."""

    kinds: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    from_ms: int | None = None
    to_ms: int | None = None
    contains: str | None = None
    selector: str | None = None
    url: str | None = None
    limit: int = 200
    offset: int = 0
    command: tuple[str, ...] = ()
    """The command that produced this query, without --limit/--offset (for `Truncated.next`)."""

    @property
    def kind_only(self) -> bool:
        """True when only kinds (and the page) are filtered: index lines can be paged unparsed."""
        return (self.categories, self.from_ms, self.to_ms, self.contains, self.selector, self.url) == (
            (None,) * 6
        )


def parse_names(text: str | None, known: Sequence[str], what: str) -> frozenset[str] | None:
    """`a,b` -> {"a", "b"}; an unknown name is a `UsageError` that lists the known ones."""
    if text is None or not text.strip():
        return None
    names = frozenset(n.strip() for n in text.split(",") if n.strip())
    unknown = sorted(names - set(known))
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(unknown)}; known: {', '.join(known)}")
    return names


def matches(ev: dict[str, Any], spec: EventQuery) -> bool:
    """True when `ev` passes every filter of `spec`."""
    if spec.kinds is not None and ev["kind"] not in spec.kinds:
        return False
    if spec.categories is not None and ev["category"] not in spec.categories:
        return False
    offset = ev["offsetMs"]
    if (spec.from_ms is not None and offset < spec.from_ms) or (
        spec.to_ms is not None and offset > spec.to_ms
    ):
        return False
    data = ev.get("data") or {}
    if spec.selector is not None:
        needle = spec.selector.lower()
        if not any(needle in s.lower() for s in (ev.get("selector"), data.get("sentrySelector")) if s):
            return False
    if spec.url is not None:
        needle = spec.url.lower()
        if not any(
            needle in s.lower()
            for s in (ev.get("url"), data.get("url"), data.get("toUrl"))
            if isinstance(s, str)
        ):
            return False
    if spec.contains is not None:
        needle = spec.contains.lower()
        texts = [ev.get("label"), ev.get("url"), *(data.get(f) for f in _TEXT_FIELDS)]
        if not any(needle in s.lower() for s in texts if isinstance(s, str)):
            return False
    return True


def next_command(spec: EventQuery, shown: int, total: int) -> str | None:
    """The exact command for the page after this one, or None when there is none."""
    if not spec.command or spec.offset + shown >= total:
        return None
    return shlex.join([*spec.command, "--limit", str(spec.limit), "--offset", str(spec.offset + spec.limit)])


def filter_events(
    events: Iterable[dict[str, Any]], spec: EventQuery
) -> tuple[list[dict[str, Any]], Truncated | None]:
    """One page of the events matching `spec`, and a truncation notice when more exist."""
    from ..model import Truncated

    page: list[dict[str, Any]] = []
    total = 0
    end = spec.offset + spec.limit
    for ev in events:
        if matches(ev, spec):
            if spec.offset <= total < end:
                page.append(ev)
            total += 1
    if spec.offset + len(page) >= total:
        return page, None
    return page, Truncated(shown=len(page), total=total, next=next_command(spec, len(page), total))


def page_lines(lines: Sequence[bytes], spec: EventQuery) -> tuple[Sequence[bytes], int, int, str | None]:
    """Page pre-filtered index lines: (page, shown, total, next command or None)."""
    page = lines[spec.offset : spec.offset + spec.limit]
    return page, len(page), len(lines), next_command(spec, len(page), len(lines))


def redact(ev: dict[str, Any]) -> dict[str, Any]:
    """`--redact`: input text, network bodies and header values replaced by their length."""
    from ..analyze.evutil import redacted

    out: dict[str, Any] = redacted(ev)
    if out.get("raw") is not None and ev["kind"] in _SENSITIVE_RAW:
        out = {**out, "raw": {"redacted": True}}
    return out


def raw_preview(frame: Any, limit: int = RAW_MAX) -> Any:
    """The frame itself when its JSON is at most `limit` bytes, else a cut preview saying so."""
    import orjson

    try:
        text = orjson.dumps(frame, option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        text = repr(frame).encode()
    if len(text) <= limit:
        return frame
    return {"truncated": True, "bytes": len(text), "preview": text[:limit].decode("utf-8", "ignore")}


def attach_raw(events: list[dict[str, Any]], read_segment: Callable[[int], list[Any]]) -> None:
    """Set `raw` on each event from the recording (bounded); linked errors have none."""
    wanted: dict[int, list[dict[str, Any]]] = {}
    for ev in events:
        ev["raw"] = None
        if ev.get("segmentId") is not None:
            wanted.setdefault(ev["segmentId"], []).append(ev)
    for seg, evs in sorted(wanted.items()):
        try:
            frames = read_segment(seg)
        except Exception as exc:  # one unreadable segment must not hide the rest of the page
            for ev in evs:
                ev["raw"] = {"error": f"segment {seg} unreadable ({type(exc).__name__})"}
            continue
        for ev in evs:
            idx = ev["frameIndex"]
            if not 0 <= idx < len(frames):
                ev["raw"] = {"error": "frame not found"}
                continue
            ev["raw"] = raw_preview(frames[idx])
            if ev["kind"] == "network":
                _uncut_bodies(ev, frames[idx])


def _uncut_bodies(ev: dict[str, Any], frame: Any) -> None:
    """With --raw, network bodies come whole from the raw frame (the index keeps them bounded)."""
    try:
        raw_data = frame["data"]["payload"]["data"]
    except (KeyError, TypeError):
        return
    data = ev["data"] = dict(ev["data"])
    for side in ("request", "response"):
        cut = data.get(side)
        whole = raw_data.get(side) if isinstance(raw_data, dict) else None
        if isinstance(cut, dict) and cut.get("bodyTruncated") and isinstance(whole, dict):
            data[side] = {**cut, "body": whole.get("body"), "bodyTruncated": False}
