"""The listings, generated inside the build before Sphinx looks for pages
(``book/generate.py``), and what the build keeps of them in its state.

So a plain ``sphinx-build``, ``make html`` and an incremental build all
see the same listings, and an unchanged listing keeps its file, so
Sphinx does not read it again.  A bad post stops the build with one line
naming its file and line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bindery.archive.lock import archive_lock
from bindery.book.generate import make_listings
from bindery.book.identity import blogs_of_posts
from bindery.book.listings import TOP_CATEGORIES
from bindery.errors import BinderyError
from bindery.sphinxext.feeds import feeds
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE = "bindery-catalog.pickle"


def generate(app: Sphinx) -> None:
    root = Path(app.srcdir)
    try:
        with archive_lock(root):  # no import may change the posts while they are read
            made = make_listings(
                root, Path(app.doctreedir) / CACHE, app.config.bindery_old_addresses, app.config.html_title
            )
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
    categories = [x for x in every if x.kind == "category"]
    largest = sorted(categories, key=lambda x: (-len(x.posts), x.title.casefold(), x.title))[:TOP_CATEGORIES]
    state.top_categories = sorted(((x.title, x.doc) for x in largest), key=lambda x: (x[0].casefold(), x[0]))
    state.category_total = len(categories)
    state.feeds = {doc: title for doc, (title, _) in feeds(state).items()}
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
    state.old_archive = made.old_archive
