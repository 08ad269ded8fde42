"""Store an import's segment files from a second process while the importer normalizes.

The importer's critical path is one thread: reading, parsing and normalizing the body. Storing the
segments (the compact JSON of each parsed segment, gzip, sha256, write, fsync) used to run in the
same process (serialization in the importer's thread, the rest in `stagewriter.py`'s thread, both
contending for the GIL). Here a child process reads the same body file on its own with the same
reader (`jsonstream.iter_array`, so the same elements, repairs included) and stores every segment
in the staging directory, one JSON line per stored segment (its manifest entry) on its stdout; the
importer only parses and normalizes. Measured on the hour-long derived replay (2 cores): the
importer's thread no longer serializes (0.5 s), waits for the writer or hands it the GIL.

Only for a regular file (anything else is stored by `stagewriter.py`'s thread, as before), and
checked: each entry's event count must be the importer's count for that segment, and a file
changed under the import (size, mtime, inode) is a `DataError`. The child runs in its own
process group (a terminal's Ctrl-C interrupts the importer, which stops it), stops when its stdout
is closed (the importer died), and reports any failure as one line: a write error is raised in the
importer as the same `OSError` (as the thread writer raised it), a body the reader refuses is left
to the importer's own reader to report, and a child that dies or is killed is a `ReplayDomError`
(exit 1). Leaving the `with` block always stops and reaps the child, so a staging directory is
never removed under a write in progress; nothing is published unless every entry arrived.
"""

from __future__ import annotations

import gc
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, TypeAlias

import orjson

from ..errors import DataError, ReplayDomError
from .heap import keep_freed_memory
from .segfile import segment_file
from .stagewriter import StagedSegmentWriter

if TYPE_CHECKING:
    from .bundle import Bundle

AHEAD = 4  # with `held` segments to compare: the importer runs at most this far ahead of the child
_BOOT = (
    "import sys, orjson; sys.path[:] = orjson.loads(sys.argv[1]); "
    "from replaydom.store.segworker import child_main; child_main(sys.argv[2:])"
)


def usable_for(body: Path) -> bool:
    """Whether `body` can be read a second time by a child process (a regular file; POSIX: the
    child's own process group, `select` on its pipe)."""
    try:
        return os.name == "posix" and bool(sys.executable) and Path(body).is_file()
    except OSError:
        return False


def segment_writer(body: Path, stage: Bundle, *, bounded: bool = False) -> SegmentWriter:
    """What stores an import's segments: a child process reading `body` on its own (the importer
    then only parses and normalizes), or, when no child can (`usable_for`, or no process to be had,
    or a `sys.path` the child's JSON argument cannot carry), `stagewriter.py`'s thread."""
    if usable_for(body):
        try:
            return SegmentProcess(body, stage.path, bounded=bounded)
        except (OSError, TypeError):
            pass
    return StagedSegmentWriter(stage)


def _signature(path: Path) -> list[int]:
    st = os.stat(path)
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


class SegmentProcess:
    """The importer's side: start the child, check and collect its manifest entries."""

    def __init__(self, body: Path, stage_path: Path, *, bounded: bool = False) -> None:
        self._stage_path = stage_path
        self._body = body
        self._signature = _signature(body)
        self._bounded = bounded
        self._expected: list[int] = []  # the importer's event count of each submitted segment
        self._extras: dict[int, dict[str, Any]] = {}
        self._entries: list[dict[str, Any]] = []
        self._buffer = b""
        self._finished: dict[str, Any] | None = None  # the child's last line ({"done"|"stop"|"error"})
        self._eof = False
        self.synced: set[str] = set()
        """The files written and fsynced, spelled as `os.walk(stage)` spells them (`sync_tree`)."""
        # The entries come on a pipe of their own: anything else the child might print is dropped.
        read_end, write_end = os.pipe()
        args = [sys.executable, "-c", _BOOT, orjson.dumps(sys.path).decode(), str(body), str(stage_path)]
        try:
            self._proc = subprocess.Popen(
                [*args, str(write_end)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                process_group=0,  # the terminal's Ctrl-C goes to the importer, which stops the child
                pass_fds=(write_end,),
            )
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)
        self._out: IO[bytes] = os.fdopen(read_end, "rb", buffering=0)
        os.set_blocking(read_end, False)

    def __enter__(self) -> SegmentProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.cancel()

    def cancel(self) -> None:
        """Stop the child (whatever it was doing) and reap it; what it wrote stays in the stage."""
        proc = self._proc
        self._eof = True
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        self._out.close()

    def submit(self, position: int, element: list[Any], extra: dict[str, Any] | None = None) -> None:
        """The importer read segment `position` (`element`; the child stores its own copy);
        `extra` keys are added to its manifest entry. With `bounded`, waits while the child is
        `AHEAD` segments behind (so a differing segment is seen before many more are normalized)."""
        if position != len(self._expected):
            raise ValueError(f"segment {position} submitted out of order")
        self._expected.append(len(element))
        if extra:
            self._extras[position] = extra
        # Take in what came, every time: a child whose pipe is full would wait until the end.
        self._read(wait=False)
        if self._bounded:
            while len(self._entries) <= position - AHEAD and self._read(wait=True):
                pass

    def written(self) -> list[dict[str, Any]]:
        """The manifest entries the child reported so far, in position order (no waiting)."""
        self._read(wait=False)
        return self._entries

    def entries(self) -> list[dict[str, Any]]:
        """The manifest entries of every submitted segment, checked, after the child finished."""
        while self._read(wait=True):
            pass
        self._raise_failure()
        done = self._finished or {}
        if done.get("done") != len(self._expected) or len(self._entries) != len(self._expected):
            raise DataError(f"{self._body.name}: changed while it was imported (segments differ)")
        if _signature(self._body) != self._signature:
            raise DataError(f"{self._body.name}: changed while it was imported")
        for entry, events in zip(self._entries, self._expected, strict=True):
            if entry.get("events") != events:
                raise DataError(f"{self._body.name}: changed while it was imported (events differ)")
            extra = self._extras.get(entry["position"])
            if extra:
                entry.update(extra)
        return self._entries

    def _read(self, *, wait: bool) -> bool:
        """Take in what the child wrote; with `wait`, block until something came. False at EOF."""
        if self._eof:
            return False
        fd = self._out.fileno()
        if wait:
            select.select([fd], [], [])
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return True
        if not chunk:
            self._eof = True
            self._proc.wait()
            return False
        lines = (self._buffer + chunk).split(b"\n")
        self._buffer = lines.pop()
        for line in lines:
            msg = orjson.loads(line)
            entry = msg.get("entry")
            if entry is not None:
                self._entries.append(entry)
                self.synced.add(os.path.join(str(self._stage_path), segment_file(entry["position"])))
            else:
                self._finished = msg
        return True

    def _raise_failure(self) -> None:
        """Raise what ended the child, when it did not finish (the importer's reader raised a
        refused body before this is reached)."""
        done = self._finished
        if done is not None and "error" in done:
            err = done["error"]
            if err.get("errno") is not None:  # as the thread writer raised it
                raise OSError(err["errno"], err.get("strerror"), err.get("filename"))
            raise ReplayDomError(f"the segment writer failed ({err.get('type')}: {err.get('message')})")
        if done is None:
            code = self._proc.returncode
            how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit {code}"
            raise ReplayDomError(
                f"the segment writer process died ({how}); nothing was imported",
                hint="run the import again",
            )


SegmentWriter: TypeAlias = SegmentProcess | StagedSegmentWriter
"""Either writer: `submit`, `written`, `entries`, `cancel`, `synced`, a context manager."""


# -- the child ---------------------------------------------------------------------------------


def child_main(argv: list[str]) -> None:
    """The child process (`_BOOT`): store every segment of body `argv[0]` in stage `argv[1]`,
    reporting on file descriptor `argv[2]`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the importer decides (own group anyway)
    keep_freed_memory()  # for the life of the child (`heap.py`)
    out = os.fdopen(int(argv[2]), "wb")
    try:
        msg = _store(Path(argv[0]), Path(argv[1]), out)
    except BrokenPipeError:
        os._exit(0)  # the importer is gone: nothing to report to
    except DataError:
        msg = {"stop": "data"}  # the importer's own reader reports it
    except OSError as exc:
        msg = {"error": {"type": type(exc).__name__, "errno": exc.errno, "strerror": exc.strerror,
                         "filename": exc.filename, "message": str(exc)[:300]}}  # fmt: skip
    except Exception as exc:
        msg = {"error": {"type": type(exc).__name__, "message": str(exc)[:300]}}
    try:
        out.write(orjson.dumps(msg) + b"\n")
        out.flush()
    except BrokenPipeError:
        pass
    os._exit(0)  # no interpreter teardown: the parsed objects need no freeing


def _store(body: Path, stage_path: Path, out: IO[bytes]) -> dict[str, Any]:
    from .bundle import Bundle, dumps_compact
    from .jsonstream import iter_array

    gc.disable()  # JSON values hold no cycles (as `jsonstream.collector_paused` says)
    stage = Bundle(stage_path, staged=True)
    shape: str | None = None
    flat: list[Any] = []
    count = 0
    for element in iter_array(body):
        kind = "segments" if isinstance(element, list) else "flat" if isinstance(element, dict) else "bad"
        if kind == "bad" or (shape is not None and kind != shape):
            return {"stop": "shape"}  # the importer raises the error
        shape = kind
        if kind == "flat":
            flat.append(element)
            continue
        raw, events = dumps_compact(element), len(element)
        del element
        _send(out, stage.write_segment_bytes(count, raw, events, sync=True))
        count += 1
    if shape == "flat":
        _send(out, stage.write_segment_bytes(0, dumps_compact(flat), len(flat), sync=True))
        count = 1
    return {"done": count}


def _send(out: IO[bytes], entry: dict[str, Any]) -> None:
    out.write(orjson.dumps({"entry": entry}) + b"\n")
    out.flush()
