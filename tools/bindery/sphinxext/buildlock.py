"""One build of an output folder at a time.

Two builds into the same folder would interleave their pages, their
environment pickle and their search index (seen: one build's Pagefind
index renamed into place while the other was still writing it, the
other then refusing its own).  So a build holds ``fcntl.flock`` on
``bindery-build.lock`` in its doctree folder, from its configuration
until its process ends (the kernel releases the lock then, even after
``kill -9``); a second build refuses at once, in one line, as every
refusal of the archive's tools does (``SystemExit``, see
``unfinished.py``).  Waiting would be no better: a build takes minutes,
and the second one would then redo the first one's work.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

LOCK_FILE = "bindery-build.lock"
_held: dict[str, int] = {}  # doctree folder → the open descriptor that holds its lock


def hold(app: Sphinx, config: Config) -> None:
    folder = Path(app.doctreedir)
    if str(folder) in _held:
        return
    path = folder / LOCK_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as err:
        raise SystemExit(f"{path}: cannot lock the build folder: {err.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise SystemExit(f"{path}: another build is writing {app.outdir}; run one build at a time") from None
    _held[str(folder)] = fd
