"""`import` stores the segments from a child process (`store/segworker.py`) while it normalizes.

What it writes must be what the in-process writer (`stagewriter.py`, still used when no second
process can read the body: not a regular file, no `sys.executable`) writes, byte for byte, for
every fixture recording (the same check `bench/compare_import.py` runs on the hour-long replay
against main's import). A child that fails or dies, a Ctrl-C, and a body that changes under the
import leave nothing behind, with the documented exit codes and one line, and the child is
always reaped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import RECORDINGS, SCENARIOS, load_segments, scenario_path
from sentry_server import derive_segments

from replaydom.errors import ReplayDomError
from replaydom.store import segworker
from replaydom.store.importer import import_recording

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from compare_import import bundle_dir, compare


def cache_root() -> Path:
    return Path(os.environ["REPLAYDOM_CACHE_DIR"])


def leftovers() -> list[Path]:
    """Segment files in the cache and staging directories left behind."""
    root = cache_root()
    segments = [p for p in root.rglob("*") if p.is_file() and "segments" in p.parts]
    tmp = root / "tmp"
    return segments + (list(tmp.iterdir()) if tmp.exists() else [])


def children_of_import(marker: str) -> list[int]:
    """Pids of live segment-writer children whose command line names `marker` (a cache path)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue
        if b"child_main" in cmd and marker.encode() in cmd and state != "Z":
            found.append(int(proc.name))
    return found


def with_boot(monkeypatch: pytest.MonkeyPatch, before: str) -> None:
    """Start the child with `before` run ahead of its usual work (a fault to inject)."""
    boot = segworker._BOOT.replace("from replaydom", f"{before}; from replaydom")
    monkeypatch.setattr(segworker, "_BOOT", boot)


@pytest.mark.parametrize("scenario", [*SCENARIOS, "body.json.gz", "flat"])
def test_the_child_stores_what_the_in_process_writer_stores(
    scenario: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if scenario == "body.json.gz":
        source = RECORDINGS / "checkout-failure" / "segments.json.gz"
        if not source.is_file():
            import gzip

            source = tmp_path / "segments.json.gz"
            source.write_bytes(gzip.compress(orjson.dumps(load_segments("checkout-failure"))))
    elif scenario == "flat":
        source = tmp_path / "flat.json"
        source.write_bytes(orjson.dumps([e for seg in load_segments("widgets") for e in seg]))
    else:
        source = scenario_path(scenario)
    started: list[int] = []
    real = segworker.SegmentProcess.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        started.append(self._proc.pid)

    monkeypatch.setattr(segworker.SegmentProcess, "__init__", counting)
    monkeypatch.setenv("REPLAYDOM_CACHE_DIR", str(tmp_path / "child"))
    import_recording(source)
    assert len(started) == 1  # the child wrote this one
    monkeypatch.setenv("REPLAYDOM_CACHE_DIR", str(tmp_path / "thread"))
    monkeypatch.setattr(segworker, "usable_for", lambda body: False)
    import_recording(source)
    assert len(started) == 1
    assert compare(bundle_dir(tmp_path / "child"), bundle_dir(tmp_path / "thread")) == []


def test_a_failed_write_in_the_child_is_the_writers_error_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_boot(
        monkeypatch,
        "from replaydom.store import bundle as b; w = b.Bundle.write_segment_bytes; "
        "b.Bundle.write_segment_bytes = lambda s, p, *a, **k: "
        "(_ for _ in ()).throw(OSError(28, 'No space left on device')) if p == 5 else w(s, p, *a, **k)",
    )
    with pytest.raises(OSError, match="No space left on device"):
        import_recording(scenario_path("checkout-failure"))
    assert leftovers() == []
    assert children_of_import(str(cache_root())) == []


def test_a_child_that_dies_is_one_line_exit_1_and_leaves_nothing(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_boot(monkeypatch, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    with pytest.raises(ReplayDomError, match=r"segment writer process died \(signal SIGKILL\)"):
        import_recording(scenario_path("checkout-failure"))
    result = cli("import", str(scenario_path("long-session")))
    assert result.exit_code == 1, result.stderr
    assert "segment writer process died (signal SIGKILL); nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    assert leftovers() == []


def test_a_body_that_changes_under_the_import_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the child reads is checked against what the importer read (event counts per segment,
    the file's size, mtime and inode): the stored segments are never another body's."""
    other = tmp_path / "other.json"
    segments = load_segments("checkout-failure")
    other.write_bytes(orjson.dumps([seg[:-1] for seg in segments]))
    with_boot(monkeypatch, f"sys.argv[2] = {str(other)!r}")
    from replaydom.errors import DataError

    with pytest.raises(DataError, match="changed while it was imported"):
        import_recording(scenario_path("checkout-failure"))
    assert leftovers() == []


def test_ctrl_c_stops_the_child_and_leaves_nothing(tmp_path: Path) -> None:
    body = tmp_path / "big.json"
    body.write_bytes(orjson.dumps(derive_segments(load_segments("long-session"), 1500)))
    env = {**os.environ}
    proc = subprocess.Popen(
        [sys.executable, "-m", "replaydom", "import", str(body)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    marker = str(body)
    deadline = time.monotonic() + 60
    while not children_of_import(marker) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert children_of_import(marker), "the child never started"
    time.sleep(0.3)  # the child is writing segments into the staging directory
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Interrupted." in err and "Traceback" not in err
    assert children_of_import(marker) == []
    assert leftovers() == []


def test_no_process_to_be_had_is_the_thread_writer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(subprocess, "Popen", refused)
    bundle = import_recording(scenario_path("checkout-failure"))
    assert bundle.is_complete and bundle.segment_count() == 9
    assert children_of_import(str(cache_root())) == []
