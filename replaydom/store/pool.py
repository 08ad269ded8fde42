"""A small pool of daemon worker threads whose queued work can be dropped at once.

`concurrent.futures.ThreadPoolExecutor` joins its workers at interpreter exit, so after a Ctrl-C
the process would still wait for every in-flight page request and its retries (25 s were measured).
These workers are daemon threads: an interrupted fetch records what landed, abandons the requests
still in flight and exits at once. A worker is only ever abandoned between complete atomic writes
or inside one (whose temp file the next fetch of the bundle removes), never leaving a torn file.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
_Item = tuple["Future[Any]", Callable[..., Any], tuple[Any, ...]]


class DaemonPool:
    """`submit` like an executor; `cancel` drops queued work; `close` lets idle workers exit."""

    def __init__(self, workers: int, name: str) -> None:
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._workers = max(1, workers)
        for i in range(self._workers):
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True).start()

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((future, fn, args))
        return future

    def cancel(self) -> None:
        """Cancel every queued item that no worker has started."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[0].cancel()

    def close(self) -> None:
        """Workers exit once the queue is drained (nothing waits for them)."""
        for _ in range(self._workers):
            self._queue.put(None)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to the waiting thread, which decides
                future.set_exception(exc)
            else:
                future.set_result(result)
