"""The listings, generated inside the build before Sphinx looks for pages
(``book/generate.py``), and what the build keeps of them in its state.

So a plain ``sphinx-build``, ``make html`` and an incremental build all
see the same listings, and an unchanged listing keeps its file, so
Sphinx does not read it again.  A bad post stops the build with one line
naming its file and line.  What is derived from the posts here (the
largest categories, the feeds, the redirects, the manifest as written)
is made once and kept in the build's state, for every later step.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bindery.archive.lock import archive_lock
from bindery.book.generate import make_listings
from bindery.book.identity import blogs_of_posts
from bindery.book.listings import top_categories
from bindery.errors import BinderyError
from bindery.sphinxext.feeds import feeds
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE = "bindery-catalog.pickle"


def generate(app: Sphinx) -> None:
    root = Path(app.srcdir)
    old_blog = app.config.bindery_old_addresses
    try:
        with archive_lock(root):  # no import may change the posts while they are read
            made = make_listings(root, Path(app.doctreedir) / CACHE, old_blog, app.config.html_title)
    except BinderyError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as err:
        print(f"{err.filename or root}: {err.strerror}", file=sys.stderr)
        raise SystemExit(1) from None
    catalog, archive, every = made.catalog, made.archive, made.listings
    state = book(app.env)
    state.catalog = catalog
    state.blog_file = made.blog_file
    state.post_blogs = blogs_of_posts(made.blog_file, catalog)
    state.order = list(archive.order)
    state.slugs = {kind: dict(names) for kind, names in archive.slugs.items()}
    state.listings = {x.doc: (x.kind, x.title) for x in every}
    state.authors_paged = archive.has_authors()
    by_name = sorted(((x.title, x.doc) for x in top_categories(every)), key=lambda x: (x[0].casefold(), x[0]))
    state.top_categories = by_name
    state.category_total = sum(1 for x in every if x.kind == "category")
    state.years = sorted(((x.title, x.doc, len(x.posts)) for x in every if x.kind == "year"), reverse=True)
    # The blog's pages (About, …): the sidebar links them, as the blog's
    # menu did, for they are in no listing.
    pages = [
        (doc, record.title, f"{record.folder}/{record.parent}" if record.parent else None)
        for doc, record in catalog.items()
        if record.kind == "page"
    ]
    state.pages = sorted(pages, key=lambda page: (page[1].casefold(), page[0]))
    state.category_parents = dict(archive.parents)
    state.feeds = feeds(state)  # after the parents: a parent's feed holds its children's posts
    state.old_archive = made.old_archive
    state.manifest = made.manifest
    state.redirects = None  # made once asked for, when every page is found (redirects.py)
