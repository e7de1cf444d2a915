"""Convert a stream of items in chunks, in a pool of processes, in order.

Turning a WordPress post's HTML into MyST is pure Python and costs far
more than reading the export, so an import of thousands of posts would
spend most of its time on one core.  ``ChunkConverter`` keeps the parse
a stream in the calling process and hands the items, a chunk at a time,
to worker processes; the results come back in the items' order, so the
output is the same, byte for byte, as converting them one by one here.
The same pool reads a book's thousands of post files before an import
(``store.load_posts``): their front matter is Python to read, too.

Memory stays bounded: at most ``MAX_PENDING`` chunks are in flight, and
the caller is given each chunk's results as soon as they are ready.  An
export too small to fill one chunk is converted in this process and
starts no pool at all.  Workers are forked, ignore Ctrl-C (the calling process
reports it, once) and exit within a twentieth of a second if the calling process dies, so a killed
import leaves no process behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Generic, TypeVar

from bindery.errors import BinderyError

T = TypeVar("T")
R = TypeVar("R")
CHUNK = 64  # items a worker converts at a time: enough to make pickling cheap
MAX_PENDING = 6  # chunks in flight at once: enough to keep the workers busy
MAX_WORKERS = 2
_PARENT_POLL_SECONDS = 0.05


def worker_count() -> int:
    """Processes to convert in: none (convert here) on a one-core machine,
    or where fork is unsafe: in a process running other threads (one may
    hold a lock the fork would copy held), or where there is no fork."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(MAX_WORKERS, cores) if cores > 1 else 0


class ChunkConverter(Generic[T, R]):
    """``convert`` applied to chunks of items; use as a context manager,
    so the pool is shut down however the caller stops reading."""

    def __init__(self, convert: Callable[[list[T]], list[R]], workers: int | None = None) -> None:
        self.convert = convert
        self.workers = worker_count() if workers is None else workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ChunkConverter[T, R]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def run(self, items: Iterable[T]) -> Iterator[R]:
        """The converted items, in the order of ``items``."""
        pending: deque[Future[list[R]]] = deque()
        chunk: list[T] = []
        for item in items:
            chunk.append(item)
            if len(chunk) == CHUNK:
                if self.workers:
                    pending.append(self._submit(chunk))
                    while len(pending) > MAX_PENDING:
                        yield from _result(pending.popleft())
                else:
                    yield from self.convert(chunk)
                chunk = []
        while pending:
            yield from _result(pending.popleft())
        if chunk:
            yield from self.convert(chunk)

    def _submit(self, chunk: list[T]) -> Future[list[R]]:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers,
                # forked: a worker starts at once, with everything imported, and
                # never re-runs the calling program's main module
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                # this process's id, known before the fork: a worker that asked
                # for its parent only once started would be told "1" had this
                # process died in between, and would wait for work forever
                initargs=(os.getpid(),),
            )
            # the first submit forks the workers: with Ctrl-C held back, so that
            # none is interrupted before it has set Ctrl-C aside
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                return self.pool.submit(self.convert, chunk)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return self.pool.submit(self.convert, chunk)


def _result(future: Future[list[R]]) -> list[R]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise BinderyError(
            "bindery: a process reading or converting posts died (out of memory?); nothing was changed"
        ) from None


def _start_worker(parent: int) -> None:
    """Ctrl-C is the calling process's to report; a worker whose caller
    (``parent``) died (killed, say) exits at once rather than wait for
    work forever (and keep the archive's lock, which it shares, held)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
