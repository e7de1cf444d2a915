"""Pagefind indexes the posts while the build finishes.

Every post's page is written by the time Sphinx collects the pages of
its own (the search page, the index, the redirects).  From then on
Pagefind, a process of its own, indexes them (``index.write_tiers``,
driven from a thread that only waits on it) while the build writes those
pages, copies the static files, trims the stylesheets and writes the
feeds, the catalogue and the sitemap; the build waits for it last.  Its
time is work plain Sphinx does not do; this way it runs beside the
build's own, on the core the main process leaves free.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.util import logging

from bindery.sphinxext.search.index import STATE_FILE, IndexWriteError, write_tiers
from bindery.sphinxext.search.page import EXCLUDED
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class _Indexing(threading.Thread):
    """``write_tiers`` on a thread: its outcome is kept for ``finish``."""

    def __init__(self, *args: Any) -> None:
        super().__init__(name="bindery-pagefind")
        self.args = args
        self.done = ""
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.done = write_tiers(*self.args)
        except BaseException as err:  # handed to the main thread, which reports it
            self.error = err


_running: WeakKeyDictionary[Sphinx, _Indexing] = WeakKeyDictionary()


def start(app: Sphinx) -> tuple[()]:
    """html-collect-pages, before the other handlers: every post's page is
    written; start indexing them.  Adds no page."""
    if app.builder.format != "html" or app in _running:
        return ()
    out = Path(app.outdir)
    pages = {}
    for docname in book(app.env).catalog:
        target = app.builder.get_target_uri(docname)
        pages[f"/{target}"] = out / target  # write_tiers leaves out a page not written
    shard_pages = int(app.config.bindery_search_shard_pages)
    run = _Indexing(out, Path(app.doctreedir) / STATE_FILE, pages, EXCLUDED, shard_pages)
    _running[app] = run
    run.start()
    return ()


def finish(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, after the other handlers: wait for Pagefind, and
    report what it did, or why it could not (in one line, as unfinished.py
    explains; the next build indexes again)."""
    run = _running.pop(app, None)
    if run is None:
        return
    run.join()
    if exception is not None:
        return
    error = run.error
    if isinstance(error, IndexWriteError):
        raise SystemExit(f"search index: {error}") from None
    if isinstance(error, OSError):
        where = error.filename or app.outdir
        raise SystemExit(f"{where}: search index not written: {error.strerror}") from None
    if error is not None:
        raise error
    logger.info("bindery: search index: %s", run.done)
