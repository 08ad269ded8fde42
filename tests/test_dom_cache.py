"""The per-bundle DOM store: same frames as a fresh read, private, rebuilt when stale or broken."""

from __future__ import annotations

import os
import stat
from typing import Any

import pytest
from conftest import scenario_path

from replaydom.dom import framestore
from replaydom.dom.cache import load_frames, load_timeline
from replaydom.dom.framestore import FORMAT, store_dir
from replaydom.dom.timeline import collect_frames
from replaydom.store.importer import import_recording


def _modes(path: os.PathLike[str]) -> set[str]:
    out = set()
    for root, _dirs, files in os.walk(path):
        out.add(oct(stat.S_IMODE(os.stat(root).st_mode)))
        out.update(oct(stat.S_IMODE(os.stat(os.path.join(root, f)).st_mode)) for f in files)
    return out


def test_the_store_gives_the_frames_of_a_fresh_read_and_survives_damage() -> None:
    bundle = import_recording(scenario_path("widgets"))
    fresh, skipped = collect_frames(bundle.iter_segments())
    first = load_frames(bundle)
    path = store_dir(bundle, bundle.fingerprint())
    assert path.name.endswith(f"-v{FORMAT}") and (path / "manifest.json").exists()
    assert _modes(path) == {"0o700", "0o600"}
    assert load_frames(bundle) == first == (fresh, skipped)
    (path / "manifest.json").write_bytes(b"{not json")
    assert load_frames(bundle) == (fresh, skipped)
    manifest = path / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b'"fingerprint":"', b'"fingerprint":"stale'))
    assert load_frames(bundle) == (fresh, skipped)
    assert manifest.read_bytes().count(b"stale") == 0  # rebuilt, not patched


def test_a_damaged_checkpoint_falls_back_to_the_snapshot_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks: the real spacing writes no checkpoint on so small a page.
    monkeypatch.setattr(framestore, "BUDGET", 400)
    monkeypatch.setattr(framestore, "MAX_FRAMES", 25)
    monkeypatch.setattr(
        framestore, "POLICY", (400, framestore.HEAVY, 25, framestore.RATIO, framestore.SPACING)
    )
    bundle = import_recording(scenario_path("long-session"))
    timeline, _ = load_timeline(bundle)
    assert timeline.store is not None and timeline.store.checkpoints
    number = max(timeline.store.checkpoints)
    at = timeline.stamps[timeline.store.chunks[number][0]] + 1
    good = timeline.state_at(at)
    (timeline.store.path / f"state-{number}.zz").write_bytes(b"\x00\x01garbage")
    again = timeline.state_at(at)
    assert again.report.frames_applied == good.report.frames_applied
    assert list(again.mirror) == list(good.mirror)


def test_segment_errors_are_reported_from_the_store_too() -> None:
    bundle = import_recording(scenario_path("checkout-failure"))
    bundle.segment_path(1).write_bytes(b"not gzip")
    errors: list[tuple[int, str]] = []
    frames, _ = load_frames(bundle, on_error=lambda pos, msg: errors.append((pos, msg)))
    again: list[tuple[int, str]] = []
    assert load_frames(bundle, on_error=lambda pos, msg: again.append((pos, msg)))[0] == frames
    assert errors == again and errors[0][0] == 1
    assert all(f.seg != 1 for f in frames)


def test_a_segment_damaged_after_the_store_was_built_is_a_data_error(cli: Any) -> None:
    bundle = import_recording(scenario_path("long-session"))
    assert cli("dom", bundle.replay_id, "--at", "60s").exit_code == 0
    for position in bundle.positions():
        bundle.segment_path(position).write_bytes(b"not gzip")
    result = cli("dom", bundle.replay_id, "--at", "60s")
    assert result.exit_code == 6, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_an_index_rebuild_keeps_the_store_and_a_removed_bundle_is_not_recreated() -> None:
    import shutil

    import pytest

    from replaydom.errors import ReplayDomError
    from replaydom.index import build_index

    bundle = import_recording(scenario_path("widgets"))
    load_frames(bundle)
    path = store_dir(bundle, bundle.fingerprint())
    build_index(bundle)  # clears debris directories from the index, never the DOM store
    assert (path / "manifest.json").exists()
    shutil.rmtree(path)
    shutil.rmtree(bundle.path)  # a `cache clear` meanwhile: building the store must not bring it back
    with pytest.raises(ReplayDomError):
        load_frames(bundle)
    assert not bundle.path.exists()
