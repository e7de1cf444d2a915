"""The book's 404 page: ``404.html``, which static hosts (and ``make
serve``) send for any address the book does not have.

sphinx-notfound-page writes it, with every link absolute to a path prefix
(its ``pathto``), so that it works whatever the depth of the missing
address; the prefix is ``html_baseurl``'s path.  The page is in the book's
style, with its sidebar, a search form and the latest posts.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bindery.book.listings import ALL_POSTS, AUTHOR_INDEX
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PAGE = "404"
TEMPLATE = "bindery-404.html"
LATEST = 10  # posts the page lists
_DEFAULT_PREFIX = "/en/latest/"  # sphinx-notfound-page's, outside Read the Docs


def configure(app: Sphinx, config: Config) -> None:
    """The page's template, and its links' prefix: ``html_baseurl``'s path
    (unless conf.py sets ``notfound_urls_prefix`` itself)."""
    config.notfound_template = TEMPLATE
    config.notfound_pagename = PAGE
    config.notfound_context = {"title": "Page not found", "body": ""}
    if config.notfound_urls_prefix in (None, _DEFAULT_PREFIX):
        path = urlsplit(config.html_baseurl or "/").path or "/"
        config.notfound_urls_prefix = path if path.endswith("/") else f"{path}/"


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The latest posts, and the scripts' root (``data-content_root``), as
    absolute addresses."""
    if pagename != PAGE:
        return
    pathto = context["pathto"]
    context["content_root"] = app.config.notfound_urls_prefix
    context["metatags"] = context.get("metatags", "") + '<meta name="robots" content="noindex" />\n'
    state = book(app.env)
    latest = []
    for doc in state.order[:LATEST]:
        record = state.catalog[doc]
        date = record.archive_date
        latest.append(
            {"link": pathto(doc), "title": html.escape(record.title), "date": date.long() if date else ""}
        )
    context["bindery_latest"] = latest
    context["bindery_authors"] = pathto(AUTHOR_INDEX if state.authors_paged else ALL_POSTS)
