"""One writer at a time: a lock held by every command that writes the archive.

An import, a move or a rename reads the posts and the manifest, decides,
and writes; two of them interleaved would each write a tree computed
from a state the other has since changed (a post lost, addresses
dropped).  So the lock covers the whole read-modify-write, from loading
the posts to the last rename, and a write cut short by an earlier
command is finished (``journal.recover``) before anything is read.

The lock is ``fcntl.flock`` on ``.bindery.lock`` in the book's folder:
the kernel releases it when its holder dies, even by ``kill -9``, so a
crash never leaves the archive locked.
"""

from __future__ import annotations

import fcntl
import functools
import inspect
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from bindery.archive.journal import recover
from bindery.errors import BinderyError

LOCK_FILE = ".bindery.lock"
WAIT_SECONDS = 60.0  # how long a second writer waits before giving up
_POLL_SECONDS = 0.05
_NOTICE_SECONDS = 1.0  # a wait longer than this is announced, so a silent pause is never a mystery
log = logging.getLogger("bindery")

P = ParamSpec("P")
R = TypeVar("R")


class LockedError(BinderyError):
    """Another command is writing the archive and did not finish in time."""


@contextmanager
def archive_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the archive's write lock, waiting up to ``wait`` seconds for it
    (``BINDERY_LOCK_WAIT`` or a minute by default), then finish any write
    an earlier command left unfinished."""
    if wait is None:
        wait = _wait_from_environment()
    path = root / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise BinderyError(f"{path}: cannot lock the archive for writing: {err.strerror}") from None
    try:
        started = time.monotonic()
        deadline = started + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and time.monotonic() - started >= _NOTICE_SECONDS and wait > _NOTICE_SECONDS:
                    log.warning(f"{path}: another bindery command is writing this archive; waiting for it")
                    told = True
                if time.monotonic() >= deadline:
                    raise LockedError(
                        f"{path}: another bindery command is writing this archive; gave up after {wait:g} s"
                    ) from None
                time.sleep(_POLL_SECONDS)
        recover(root)
        yield
    finally:
        os.close(fd)  # releases the lock


def _wait_from_environment() -> float:
    setting = os.environ.get("BINDERY_LOCK_WAIT")
    if setting is None:
        return WAIT_SECONDS
    try:
        seconds = float(setting)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also refuses nan
        raise BinderyError(f"BINDERY_LOCK_WAIT={setting!r}: not a number of seconds")
    return seconds


def writes_archive(command: Callable[P, R]) -> Callable[P, R]:
    """Run ``command`` under the lock of the archive its ``root`` argument names."""
    signature = inspect.signature(command)

    @functools.wraps(command)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        root = Path(signature.bind(*args, **kwargs).arguments["root"])
        with archive_lock(root):
            return command(*args, **kwargs)

    return locked
