"""Search that loads only what a query needs, indexed by Pagefind.

Sphinx writes one ``searchindex.js`` holding every word of every page (21
MB at 10,000 posts), and its search code then downloads each hit's page to
cut an excerpt.  After the build, Pagefind (run in-process through its
Python API) indexes the posts' own text into ``_pagefind/``: a fragmented
index of which a query fetches a few small chunks, with excerpts,
ranking and filters.  ``bindery-search.js`` drives it on the search page.

The index is kept in two tiers, so that a rebuild indexes only the posts
that changed (``search_index.py``).

Only posts (and the blog's pages) are indexed: their text is marked
``data-pagefind-body`` (``layout.html``), so listings, the landing page
and the date line, the colophon, the citations and the paragraph links
(EXCLUDED) never reach the index.  The search page shows each result's
excerpt from the text under its title (``bindery-search-worker.js``).  Each
post carries its categories, and its year when it has a date, as filters.

Sphinx's own index is not made at all (``without_sphinx_index``): no page
loaded it, and at 10,000 posts reading it back, pruning it and writing it
again cost 10 s of every build, a rebuild that changed nothing included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from bindery.sphinxext.search.index import STATE_FILE, IndexWriteError, write_tiers
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FOLDER = "_pagefind"
# What is on a post page but is not the post's text (an excerpt would show
# it: the date line, "Published … by …", under every title).
EXCLUDED = (
    ".post-date",
    ".post-colophon",
    ".cite-panel",
    ".headerlink",
    ".archive-figure-missing",
    "#jb-print-docs-body",
)


def without_sphinx_index(app: Sphinx) -> None:
    """Tell the HTML builder not to make Sphinx's search index (Pagefind's
    serves search); its search page is then added by ``search_page``."""
    if app.builder.format == "html":
        app.builder.search = False  # type: ignore[attr-defined]
        (Path(app.outdir) / "searchindex.js").unlink(missing_ok=True)  # left by an older build


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The search page (``search.html``), which Sphinx adds only with its own index."""
    if app.builder.format == "html":
        yield "search", {"bindery_search_choices": choices(app)}, "search.html"


def choices(app: Sphinx) -> dict[str, list[str]]:
    """Each search filter's values, as the posts' pages give them to
    Pagefind (``filters_of``), sorted."""
    values: dict[str, set[str]] = {"category": set(), "year": set()}
    for info in book(app.env).catalog.values():
        for key, value in filters_of(info.categories, info.date):
            values[key].add(value)
    return {key: sorted(found, key=str.casefold) for key, found in values.items()}


def filters_of(categories: tuple[str, ...], date: str | None) -> list[tuple[str, str]]:
    """A post's search filters: each category, and the year of its date."""
    filters = [("category", name) for name in categories]
    if date and date[:4].isdigit():
        filters.append(("year", date[:4]))
    return filters


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Marks a post's text for the index (``layout.html``), and what it
    is (a post, or one of the blog's pages); other pages get none."""
    info = book(app.env).catalog.get(pagename)
    context["bindery_search_filters"] = filters_of(info.categories, info.date) if info else None
    context["bindery_search_kind"] = info.kind if info else None


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {}
    for docname in book(app.env).catalog:
        target = app.builder.get_target_uri(docname)
        pages[f"/{target}"] = out / target  # write_tiers leaves out a page not written
    try:
        shard_pages = int(app.config.bindery_search_shard_pages)
        done = write_tiers(out, Path(app.doctreedir) / STATE_FILE, pages, EXCLUDED, shard_pages)
    except IndexWriteError as err:  # one line, as unfinished.py explains; the next build indexes again
        raise SystemExit(f"search index: {err}") from None
    except OSError as err:
        raise SystemExit(f"{err.filename or out}: search index not written: {err.strerror}") from None
    logger.info("bindery: search index: %s", done)
