"""`replaydom view`: a replay at a glance, from its details and its cache bundle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .app import app
from .options import JsonOpt, NoCacheOpt, TargetArg

if TYPE_CHECKING:
    from ..store.bundle import Bundle

VIEW_FIELDS = (
    "replayId, org, project, startedAt, finishedAt, durationS, platform, replayType, environment, "
    "releases, dist, urls, counts{segments, errors, warnings, deadClicks, rageClicks, urls}, user, "
    "browser, os, device, sdk, traceIds, errorIds, errors (linked events-meta rows, or null when "
    "not fetched), derived (fields derived from the events), cache{cached, temporary, complete, live, "
    "storedSegments, expectedSegments, fetchedAt, source, identity, path}"
)


@app.command(
    "view",
    help=(
        "Show a replay at a glance.\n\nDuration, start and end, URLs, counts of segments, errors, dead "
        "and rage clicks, user, browser, OS, SDK and release, the linked errors and trace ids when "
        "fetched, and whether the bundle is cached, complete and live. An uncached id is fetched "
        f"first when Sentry is configured.\n\n--json fields: {VIEW_FIELDS}."
    ),
)
def view_command(target: TargetArg, json_out: JsonOpt = False, no_cache: NoCacheOpt = False) -> None:
    from ..render.output import Mode
    from ..store.cache import resolve_bundle
    from .io import emit_object

    bundle = resolve_bundle(target, no_cache=no_cache)
    emit_object(replay_view(bundle), Mode.JSON if json_out else Mode.TABLE, table_lines=_table)


def replay_view(bundle: Bundle) -> dict[str, Any]:
    """The stable `view --json` object (fields in `VIEW_FIELDS`)."""
    d = bundle.details() or {}
    m = bundle.manifest
    related = m.get("related") or {}
    return {
        "replayId": bundle.replay_id,
        "org": bundle.org,
        "project": bundle.project,
        "startedAt": d.get("started_at"),
        "finishedAt": d.get("finished_at"),
        "durationS": d.get("duration"),
        "platform": d.get("platform"),
        "replayType": d.get("replay_type"),
        "environment": d.get("environment"),
        "releases": d.get("releases") or [],
        "dist": d.get("dist"),
        "urls": d.get("urls") or [],
        "counts": {
            "segments": d.get("count_segments"),
            "errors": d.get("count_errors"),
            "warnings": d.get("count_warnings"),
            "deadClicks": d.get("count_dead_clicks"),
            "rageClicks": d.get("count_rage_clicks"),
            "urls": d.get("count_urls"),
        },
        "user": d.get("user"),
        "browser": d.get("browser"),
        "os": d.get("os"),
        "device": d.get("device"),
        "sdk": d.get("sdk"),
        "traceIds": d.get("trace_ids") or [],
        "errorIds": d.get("error_ids") or [],
        "errors": bundle.errors() if "errors" in related else None,
        "derived": m.get("derived") or [],
        "cache": {
            "cached": not bundle.temporary,
            "temporary": bundle.temporary,
            "complete": bundle.is_complete,
            "live": bundle.is_live,
            "storedSegments": bundle.segment_count(),
            "expectedSegments": m.get("expectedSegments"),
            "fetchedAt": m.get("fetchedAt"),
            "source": m.get("source"),
            "identity": bundle.identity,
            "path": str(bundle.path),
        },
    }


def _name(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    text = " ".join(str(obj[k]) for k in ("name", "version") if obj.get(k))
    return text or None


def _user(user: Any) -> str | None:
    if not isinstance(user, dict):
        return None
    return user.get("display_name") or user.get("email") or user.get("id") or user.get("ip")


def _duration(view: dict[str, Any]) -> str:
    from ..timefmt import parse_iso_ms

    seconds = view["durationS"]
    if not isinstance(seconds, int):
        start, end = parse_iso_ms(view["startedAt"]), parse_iso_ms(view["finishedAt"])
        if start is None or end is None:
            return "-"
        seconds = int((end - start) // 1000)
    return f"{seconds // 60}m{seconds % 60:02d}s"


def _table(view: dict[str, Any]) -> Iterator[str]:
    from ..render.output import kv_lines

    c, cache = view["counts"], view["cache"]
    state = ", ".join(
        [
            "cached" if cache["cached"] else "temporary",
            "complete" if cache["complete"] else "incomplete",
            "live" if cache["live"] else "finished",
        ]
    )
    derived = f" (derived: {', '.join(view['derived'])})" if view["derived"] else ""
    pairs: list[tuple[str, Any]] = [
        ("replay", f"{view['org']}/{view['project']}/{view['replayId']}"),
        ("started", view["startedAt"]),
        ("finished", view["finishedAt"]),
        ("duration", _duration(view)),
        ("segments", f"{cache['storedSegments']} stored, {c['segments']} in details ({state})"),
        ("errors", c["errors"]),
        ("dead clicks", c["deadClicks"]),
        ("rage clicks", c["rageClicks"]),
        ("user", _user(view["user"])),
        ("browser", _name(view["browser"])),
        ("os", _name(view["os"])),
        ("sdk", _name(view["sdk"])),
        ("release", ", ".join(view["releases"]) or None),
        ("platform", view["platform"]),
        ("urls", len(view["urls"])),
        ("trace ids", len(view["traceIds"])),
        ("cache", cache["path"] + derived),
    ]
    yield from kv_lines(pairs)
    for url in view["urls"][:20]:
        yield f"  url    {url}"
    for row in view["errors"] or []:
        issue = row.get("issue") or ""
        yield f"  error  {row.get('timestamp')}  {issue}  {row.get('title')}  ({row.get('id')})"
