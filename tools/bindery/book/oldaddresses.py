"""The old blog's addresses, and where they lead in the book.

A book hosted at the blog's old domain answers every old link: a post's
``original_url`` path (``2022/01/18/the-chips-are-down/`` → its
``index.html``) and its WordPress id (``p/123.html``, where the landing
page sends ``?p=123``).  ``url_key`` is how two spellings of one address
are known as one, by the importer and by the build alike.

An old address that is also one of the book's own (``/categories/``,
``/search.html``, ``/_static/…``) is left to the book: its page wins, and
the post stays reachable at its own address and by its id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from urllib.parse import unquote, urlsplit

from bindery.book.catalog import PostRecord

BY_ID = "p"
# What the build writes beside its pages (a folder of Sphinx's own starts with "_").
BOOK_FILES = frozenset(
    {
        "index.html",
        "search.html",
        "genindex.html",
        "404.html",
        "sitemap.xml",
        "archive.bib",
        "catalogue.json",
        "objects.inv",
        "robots.txt",
    }
)


def old_path(url: str) -> str | None:
    """The address in the book of a blog address: its path, as a file."""
    path = unquote(urlsplit(url).path).strip("/")
    if not path or ".." in path.split("/"):
        return None
    return path if path.endswith(".html") else f"{path}/index.html"


def taken_by_book(address: str, pages: Collection[str]) -> str | None:
    """The book's own page or file (``pages``: addresses such as
    ``categories/index.html``) that a redirect at ``address`` would
    replace, or need as a folder; None where the address is free."""
    parts = address.split("/")
    if parts[0].startswith(("_", ".")):
        return f"{parts[0]}/"
    for end in range(1, len(parts) + 1):
        prefix = "/".join(parts[:end])
        if prefix in BOOK_FILES or prefix in pages:
            return prefix
    return None


def old_addresses(
    catalog: Iterable[PostRecord] | dict[str, PostRecord], pages: Collection[str] = ()
) -> dict[str, str]:
    """Old blog address → the docname it leads to; an address ``pages``
    (the book's own) already holds is left out."""
    records = catalog.values() if isinstance(catalog, dict) else catalog
    out: dict[str, str] = {}
    for record in records:
        if record.original_url:
            path = old_path(record.original_url)
            if path is not None and taken_by_book(path, pages) is None:
                out[path] = record.docname
        if record.wp_id is not None:
            out[f"{BY_ID}/{record.wp_id}.html"] = record.docname
    return out


def url_key(url: str) -> str:
    """http/https, ``www.``, case and a trailing slash make no other address."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")
