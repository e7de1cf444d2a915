"""Where one build's time goes, step by step: a build in one process
(``-j 1``, so that each step's time is its own), timed without a profiler
around Sphinx's reading, resolving and writing of each page and around
each event handler.

    .venv/bin/python tools/bench/steps.py SRC OUT

SRC is a book (``versions.py`` WORK/book or WORK/plain, say), OUT a fresh
output folder.  Prints the build's wall time, then every step over 0.05 s,
largest first: ``read``, ``resolve`` and ``write`` of the posts (pages of
``posts/``) and of the other pages, the part of writing a page that a
parallel build keeps in its main process (``main-process write``: Sphinx's
own search index), the theme's rendering of a page (``handle_page``, part
of ``write``), and each handler of each event.  A step's figure includes
any garbage collection that fell in it.  It wraps Sphinx's own functions,
so it follows the Sphinx version it was written for (9)."""

from __future__ import annotations

import sys
import time
from collections import Counter

import sphinx.builders
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.cmd.build import main as sphinx_build
from sphinx.events import EventManager

seconds: Counter[str] = Counter()


def _kind(docname: str) -> str:
    folder, _, name = docname.partition("/")
    return "post" if folder == "posts" and name != "index" and "/" not in name else "other"


def _timed(label: str, call, *args, **kwargs):
    start = time.perf_counter()
    try:
        return call(*args, **kwargs)
    finally:
        seconds[label] += time.perf_counter() - start


def main() -> None:
    read_doc, handle_page = Builder.read_doc, StandaloneHTMLBuilder.handle_page

    def read(builder, docname, *args, **kwargs):
        return _timed(f"read {_kind(docname)}", read_doc, builder, docname, *args, **kwargs)

    def write(docname, *, env, builder, tags):
        kind = _kind(docname)
        doctree = _timed(f"resolve {kind}", env.get_and_resolve_doctree, docname, builder=builder, tags=tags)
        _timed(f"main-process write {kind}", builder.write_doc_serialized, docname, doctree)
        _timed(f"write {kind}", builder.write_doc, docname, doctree)

    def page(builder, pagename, *args, **kwargs):
        return _timed(f"handle_page {_kind(pagename)}", handle_page, builder, pagename, *args, **kwargs)

    def event(manager, name, *args, allowed_exceptions=(), **kwargs):
        results = []
        for listener in sorted(manager.listeners[name], key=lambda listener: listener.priority):
            handler = listener.handler
            where = f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', handler)}"
            label = f"{name}: {where}"
            results.append(_timed(label, handler, manager._app, *args))
        return results

    Builder.read_doc, StandaloneHTMLBuilder.handle_page, EventManager.emit = read, page, event
    sphinx.builders._write_docname = write
    start = time.perf_counter()
    code = sphinx_build(["-b", "html", "-q", "-j", "1", *sys.argv[1:3]])
    print(f"build: {time.perf_counter() - start:.1f} s (exit status {code})")
    for label, spent in seconds.most_common():
        if spent > 0.05:
            print(f"{spent:7.2f} s  {label}")


if __name__ == "__main__":
    main()
