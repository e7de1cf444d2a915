"""How many processes read and write the book's pages.

**Reading a handful of changed pages**: one after the other, not in
parallel.  Sphinx's parallel read sends each worker's *whole* environment
back to the main process, pickled, once per chunk of pages.  After one
post was added to a 10,000-post archive, reading its dozen changed pages
that way cost 15 s of unpickling, for pages that read in about a second
one after the other.  So when the environment already holds ten times the
pages to read, they are read serially.

**Writing**: with as many writer processes as ``-j`` asks for, not one
fewer.  Sphinx keeps one process back for its main one, which resolves
each page and then adds it to Sphinx's own search index.  The book makes
no such index (search is Pagefind's: search/page.py), so its main process
only resolves, a quarter of the work, and on two cores (``-j auto``) the
one writer process rendered every page alone while the other core idled.

**The processes' garbage collection**: Sphinx forks each reader and
writer from the main process, and a child inherits its whole heap (the
environment, every extension's data).  Each full collection in a child
walked all of it again, to reclaim none of it: 0.3 to 0.9 s a time, 3
to 5 s of the 51 s of processor time a 1,500-post build took.  The heap is frozen for the fork
(``gc.freeze``: what a child inherits is never collected there) and
unfrozen at once in the main process, which collects as before.
"""

from __future__ import annotations

import functools
import gc
import os
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

SERIAL_RATIO = 10
_saved: WeakKeyDictionary[Sphinx, int] = WeakKeyDictionary()


@functools.cache  # once a process
def freeze_heap_for_forks() -> None:
    """Every fork's child starts with its inherited heap frozen, while the
    parent's is unfrozen as soon as the child exists."""
    if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
        os.register_at_fork(before=gc.freeze, after_in_parent=gc.unfreeze)


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel > 1 and len(docnames) * SERIAL_RATIO <= len(env.all_docs):
        _saved[app] = app.parallel
        app.parallel = 1


def after_read(app: Sphinx, env: BuildEnvironment) -> None:
    if app in _saved:
        app.parallel = _saved.pop(app)


def before_write(app: Sphinx, builder: Builder) -> None:
    """write-started: Sphinx starts ``app.parallel - 1`` writer processes."""
    if app.parallel > 1 and builder.format == "html" and app not in _saved:
        _saved[app] = app.parallel
        app.parallel += 1


def after_write(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: ``-j`` as it was given."""
    if app in _saved:
        app.parallel = _saved.pop(app)
