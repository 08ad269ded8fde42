"""`--include` extras: data related to a replay that is not in its recording.

- `errors`: events-meta rows (errors and issues linked to the replay), `related/errors.json`, and
  each error's event details (exception, stack, the error's breadcrumbs) in
  `related/error-details.json` (`evidence.py`; a 403/404 on one event is a note, not a failure);
- `traces`: the trace ids of the replay details, `related/traces.json` (no request);
- `clicks`: the clicks endpoint rows (`node_id`, `timestamp`), `related/clicks.json`;
- `logs`: Sentry logs on the replay's trace ids (logs dataset), `related/logs.json`.

A failing extra is a warning, never a failed fetch: the segments are what matters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ReplayDomError, UsageError
from ..sentry import api
from ..sentry.client import SentryClient
from ..timefmt import iso_ms
from . import evidence
from .bundle import ERROR_DETAILS, Bundle

DEFAULT_INCLUDE = frozenset({"errors"})
evidence_file = ERROR_DETAILS
EXTRAS = ("errors", "traces", "clicks", "logs")


def parse_include(text: str | None) -> frozenset[str]:
    """`errors,traces,clicks,logs` (or `none`); the default is `errors`."""
    if text is None:
        return DEFAULT_INCLUDE
    names = {n.strip() for n in text.split(",") if n.strip()}
    if names == {"none"}:
        return frozenset()
    unknown = names - set(EXTRAS)
    if unknown or not names:
        bad = ", ".join(sorted(unknown)) or repr(text)
        raise UsageError(f"unknown --include {bad}: use {', '.join(EXTRAS)} or none")
    return frozenset(names)


def fetch_extras(
    client: SentryClient,
    bundle: Bundle,
    include: frozenset[str],
    details: dict[str, Any],
    clock: Callable[[], float],
    *,
    refresh: bool,
    force: bool = False,
) -> list[str]:
    """Fetch each included extra (all on a refresh, else only those never fetched); return warnings.

    `force` (`fetch --force`) also asks again for error details that answered 403/404 before."""
    related = dict(bundle.manifest.get("related") or {})
    warnings: list[str] = []
    for name in EXTRAS:
        if name not in include or (not refresh and name in related):
            continue
        try:
            obj = _fetch_one(client, bundle, name, details, warnings)
        except ReplayDomError as exc:
            warnings.append(f"could not fetch {name}: {exc.message}")
            continue
        if name == "errors":
            # Details first: the index fingerprint covers both files, and errors.json is what
            # tells a later fetch that this extra was fetched.
            rows = [r for r in obj if isinstance(r, dict)]
            found, notes = evidence.fetch_error_details(
                client, bundle.org, bundle.project, rows, bundle.related(evidence_file), force=force
            )
            warnings += notes
            related[evidence_file] = bundle.write_related(evidence_file, found, fetched_at=iso_ms(clock()))
        related[name] = bundle.write_related(name, obj, fetched_at=iso_ms(clock()))
    if related != (bundle.manifest.get("related") or {}):
        bundle.update_manifest({"related": related})
    return warnings


def _fetch_one(
    client: SentryClient, bundle: Bundle, name: str, details: dict[str, Any], warnings: list[str]
) -> Any:
    rid, org = bundle.path.name, bundle.org
    if name == "errors":
        return api.events_meta(client, org, rid, details)
    if name == "clicks":
        return api.clicks(client, org, bundle.project, rid)
    if name == "logs":
        rows, notes = evidence.fetch_logs(client, org, details)
        warnings += notes
        return rows
    return [t for t in details.get("trace_ids") or [] if isinstance(t, str)]
