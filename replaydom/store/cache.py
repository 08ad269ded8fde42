"""The replay cache as a whole: resolving targets to bundles, listing, clearing and pruning.

`resolve_bundle(target_text)` is what every reading command uses:
1. the target is parsed (a bad one is a `UsageError` before any request or write);
2. the cache is searched under the current identity, then under `local` (imports); an id prefix
   must match exactly one replay;
3. a miss fetches the replay when Sentry is configured (saying so through `notify`, by default the
   `replaydom` logger, which prints to stderr when nothing else is configured), else raises
   `NotFoundError` "not cached: run `replaydom fetch ...`";
4. `no_cache=True` fetches into a private temporary directory removed at exit.

A resolved bundle is held under its shared presence lock until the command ends
(`locks.release_readers`), so `cache clear` waits for the reader instead of pulling the bundle from
under it; `clear` and `prune` take the exclusive lock and work from the directory tree alone, so a
damaged manifest can always be cleared.
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..config import Config, load_config, now_ms, same_sentry
from ..errors import AuthError, DataError, NotFoundError, UsageError
from ..targets import Target, parse_target
from ..timefmt import iso_ms, parse_iso_ms
from . import layout, locks
from .bundle import Bundle, BundleGone
from .cleanup import clean_if_idle, clean_locks, clean_staging, move_to_trash

Notify = Callable[[str], None]


def log_notify(message: str) -> None:
    """Default notifier: the `replaydom` logger at WARNING.

    conventions.md asks for auto-fetches to be announced on stderr; without a configured handler,
    Python's last-resort handler prints exactly the message there (nothing below the CLI prints).
    """
    import logging  # here: only an auto-fetch notifies (logging costs ~2 ms to import)

    logging.getLogger("replaydom").warning(message)


def resolve_bundle(
    target_text: str,
    *,
    no_cache: bool = False,
    allow_fetch: bool = True,
    notify: Notify | None = None,
    config: Config | None = None,
) -> Bundle:
    """The bundle for a target, fetching it when needed and allowed (see the module docstring)."""
    target = parse_target(target_text)
    config = config or load_config()
    notify = notify or log_notify
    if no_cache:
        _config_warnings(config, notify)
        return fetch_temporary(target, config, notify)
    found = hold(find_cached(target, config), config.cache_root)
    if found is not None:
        if not found.is_complete:
            stored, expected = found.segment_count(), found.manifest.get("expectedSegments")
            notify(
                f"warning: cached replay {found.replay_id} is incomplete ({stored} of {expected} segments): "
                f"run `replaydom fetch {found.replay_id}` to complete it"
            )
        return found
    if target.is_prefix:
        raise NotFoundError(
            f"no cached replay id starts with {target.replay_id!r}",
            hint="give the full 32-hex id to fetch it",
        )
    if allow_fetch and config.configured:
        _config_warnings(config, notify)
        notify(f"not cached: fetching {target.display} from {config.host} ...")
        fetched = fetch_into(target, config, root=config.cache_root, notify=notify)
        held = hold(fetched, config.cache_root)
        if held is None:
            raise BundleGone(fetched.path)
        return held
    raise NotFoundError(
        f"not cached: run `replaydom fetch {target.display}`",
        hint=None if config.configured else "set SENTRY_AUTH_TOKEN (and SENTRY_ORG) to fetch from Sentry",
    )


def _config_warnings(config: Config, notify: Notify) -> None:
    """Say what the configuration warns about (`Config.warnings`) before Sentry is called."""
    for warning in config.warnings:
        notify(warning)


def search_identities(config: Config) -> list[str]:
    """Lookup order: the current identity, then imported recordings."""
    return [config.identity, layout.LOCAL_IDENTITY]


def find_cached(target: Target, config: Config) -> Bundle | None:
    """The cached bundle for a target (id or unique prefix), or None."""
    dirs = layout.find_bundle_dirs(config.cache_root, search_identities(config), prefix=target.replay_id)
    ids = sorted({d.name for d in dirs})
    if len(ids) > 1:
        shown = ", ".join(ids[:5])
        raise UsageError(f"id prefix {target.replay_id!r} is ambiguous: {shown}", hint="give more characters")
    return Bundle(dirs[0]) if dirs else None


def hold(bundle: Bundle | None, root: Path) -> Bundle | None:
    """Take the bundle's shared presence lock for the rest of the command; None if it vanished.

    The lock is taken after the directory was found, so the bundle is checked again once held: a
    clear that won the race removed it, and the caller treats the replay as not cached.
    """
    if bundle is None:
        return None
    locks.hold_shared(layout.lock_path(root, layout.bundle_identity(bundle.path), bundle.path.name))
    if not bundle.exists():
        return None
    clean_if_idle(root, bundle.path)  # leftovers of a killed fetch, unless one is running now
    return bundle


def check_target_host(target: Target, config: Config) -> None:
    """Refuse a pasted URL on another host than the configured one (the token must not go there)."""
    if target.host and not same_sentry(target.host, config.host):
        raise UsageError(
            f"the replay URL is on {target.host} but Sentry is configured for {config.host}",
            hint=f"set SENTRY_URL={target.host} if that is your Sentry",
        )


def fetch_into(target: Target, config: Config, *, root: Path, notify: Notify) -> Bundle:
    """Fetch with default options into `root`; warnings go to `notify`."""
    from ..sentry.client import SentryClient
    from .fetch import fetch_replay

    check_target_host(target, config)
    if not config.configured:
        raise AuthError("no Sentry token: set SENTRY_AUTH_TOKEN or pass --token")
    debug = notify if os.environ.get("REPLAYDOM_DEBUG_HTTP") == "1" else None
    with SentryClient(config, debug=debug) as client:
        report = fetch_replay(client, target, config, root=root)
    for warning in report.warnings:
        notify(f"warning: {warning}")
    return report.bundle


def fetch_temporary(target: Target, config: Config, notify: Notify) -> Bundle:
    """Fetch into a private temporary root removed at interpreter exit (`--no-cache`)."""
    if target.is_prefix:
        raise UsageError("--no-cache needs a full replay id, not a prefix")
    root = make_temp_root()
    bundle = fetch_into(target, config, root=root, notify=notify)
    return Bundle(bundle.path, temporary=True)


def make_temp_root() -> Path:
    """A 0700 temporary cache root, removed at exit (and earlier by `remove_temp_root`)."""
    import tempfile  # here: only --no-cache needs it

    root = Path(tempfile.mkdtemp(prefix="replaydom-nocache-"))
    atexit.register(shutil.rmtree, root, True)
    return root


def remove_temp_root(bundle: Bundle) -> None:
    """Remove the temporary root that holds a `--no-cache` bundle."""
    if bundle.temporary:
        shutil.rmtree(bundle.path.parents[4], ignore_errors=True)


# -- cache ls / clear / prune -------------------------------------------------------------------


def bundle_info(bundle: Bundle, *, now: float, ttl_ms: int) -> dict[str, Any]:
    """One `cache ls` item."""
    m = bundle.manifest
    fetched = parse_iso_ms(m.get("fetchedAt"))
    return {
        "replayId": bundle.replay_id,
        "identity": bundle.identity,
        "org": bundle.org,
        "project": bundle.project,
        "source": m.get("source"),
        "storedSegments": bundle.segment_count(),
        "expectedSegments": m.get("expectedSegments"),
        "complete": bundle.is_complete,
        "live": bundle.is_live,
        "sizeBytes": dir_size(bundle.path),
        "fetchedAt": m.get("fetchedAt"),
        "expired": fetched is not None and now - fetched > ttl_ms,
        "path": str(bundle.path),
    }


def list_bundles(root: Path) -> Iterator[Bundle]:
    """Every bundle with a manifest file (possibly damaged), in path order."""
    for path in layout.iter_bundle_dirs(root):
        yield Bundle(path)


def dir_size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                continue
    return total


def remove_bundle(root: Path, path: Path, *, notify: Notify | None = None) -> bool:
    """Delete a bundle directory under its exclusive presence lock; False if it was already gone.

    Waits for every reader and fetch of the replay. Only the path is used (never the manifest),
    so a bundle with a damaged or missing manifest is removed like any other. The directory is
    first renamed into the trash (one atomic step: no half-removed bundle is ever visible), then
    deleted, and now-empty parent directories are pruned.
    """
    lock = layout.lock_path(root, layout.bundle_identity(path), path.name)
    with locks.exclusive(lock, notify=notify, what=f"replay {path.name}", unlink=True):
        if not path.is_dir():
            return False
        move_to_trash(root, path)
    top = root / "replays"
    parent = path.parent
    while parent != top and top in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent
    return True


def clear(root: Path, *, target_text: str | None, notify: Notify | None = None) -> list[str]:
    """Remove the bundles of one replay (every identity) or, with None, all; return the ids.

    Each bundle is removed under its lock (a running fetch or reader finishes first). `--all`
    also removes what dead processes left behind (import staging directories, unused lock files).
    """
    if target_text is None:
        dirs = list(layout.iter_bundle_dirs(root, with_manifest=False))
        removed = sorted({d.name for d in dirs if remove_bundle(root, d, notify=notify)})
        clean_staging(root, everything=True)
        clean_locks(root)
        return removed
    target = parse_target(target_text)
    dirs = layout.find_bundle_dirs(root, _identities(root), prefix=target.replay_id, with_manifest=False)
    ids = sorted({d.name for d in dirs})
    if not ids:
        raise NotFoundError(f"no cached replay matches {target.replay_id!r}")
    if len(ids) > 1:
        raise UsageError(f"id prefix {target.replay_id!r} is ambiguous: {', '.join(ids[:5])}")
    for d in dirs:
        remove_bundle(root, d, notify=notify)
    return ids


def _identities(root: Path) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(root / "replays") if e.is_dir())
    except FileNotFoundError:
        return []


def prune(
    root: Path, *, older_than_ms: int, now: float | None = None, notify: Notify | None = None
) -> list[dict[str, Any]]:
    """Remove bundles last fetched more than `older_than_ms` ago (each under its lock, waiting for
    its readers); return what was removed."""
    now = now_ms() if now is None else now
    removed: list[dict[str, Any]] = []
    for bundle in list(list_bundles(root)):
        try:
            fetched = parse_iso_ms(bundle.manifest.get("fetchedAt"))
        except DataError:
            continue  # unreadable manifest: `cache clear` removes it, prune only expires

        if fetched is not None and now - fetched > older_than_ms:
            removed.append(
                {
                    "replayId": bundle.replay_id,
                    "identity": bundle.identity,
                    "fetchedAt": iso_ms(fetched),
                    "path": str(bundle.path),
                }
            )
            if not remove_bundle(root, bundle.path, notify=notify):
                removed.pop()  # removed by someone else meanwhile
    return removed
