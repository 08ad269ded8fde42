"""The per-bundle frame cache: same frames as a fresh read, rebuilt when stale or broken."""

from __future__ import annotations

from conftest import scenario_path

from replaydom.dom.cache import NAME, load_frames
from replaydom.dom.timeline import collect_frames
from replaydom.store.importer import import_recording


def test_the_cache_gives_the_frames_of_a_fresh_read_and_survives_damage() -> None:
    bundle = import_recording(scenario_path("widgets"))
    fresh, skipped = collect_frames(bundle.iter_segments())
    first = load_frames(bundle)
    path = bundle.index_dir / NAME
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert load_frames(bundle) == first == (fresh, skipped)
    path.write_bytes(b"{not json")
    assert load_frames(bundle) == (fresh, skipped)
    path.write_bytes(path.read_bytes().replace(b'"fingerprint":"', b'"fingerprint":"stale'))
    assert load_frames(bundle) == (fresh, skipped)


def test_segment_errors_are_reported_from_the_cache_too() -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    bundle.segment_path(1).write_bytes(b"not gzip")
    errors: list[tuple[int, str]] = []
    frames, _ = load_frames(bundle, on_error=lambda pos, msg: errors.append((pos, msg)))
    again: list[tuple[int, str]] = []
    assert load_frames(bundle, on_error=lambda pos, msg: again.append((pos, msg)))[0] == frames
    assert errors == again and errors[0][0] == 1
    assert all(f.seg != 1 for f in frames)
