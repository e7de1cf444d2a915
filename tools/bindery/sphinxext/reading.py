"""Read a handful of changed pages one after the other, not in parallel.

Sphinx's parallel read sends each worker's *whole* environment back to
the main process, pickled, once per chunk of pages.  After one post was
added to a 10,000-post archive, reading its dozen changed pages that way
cost 15 s of unpickling, for pages that read in about a second one after
the other.  So when the environment already holds ten times the pages
to read, they are read serially.  Writing stays parallel: Sphinx decides
that after reading, when ``app.parallel`` is restored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SERIAL_RATIO = 10
_saved: WeakKeyDictionary[Sphinx, int] = WeakKeyDictionary()


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel > 1 and len(docnames) * SERIAL_RATIO <= len(env.all_docs):
        _saved[app] = app.parallel
        app.parallel = 1


def after_read(app: Sphinx, env: BuildEnvironment) -> None:
    if app in _saved:
        app.parallel = _saved.pop(app)
