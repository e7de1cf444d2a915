"""The old blog's addresses, and where they lead in the book.

A book hosted at the blog's old domain answers every old link: a post's
``original_url`` path (``2022/01/18/the-chips-are-down/`` → its
``index.html``) and its WordPress id (``p/123.html``, where the landing
page sends ``?p=123``).  ``url_key`` is how two spellings of one address
are known as one, by the importer and by the build alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from bindery.book.catalog import PostRecord

BY_ID = "p"


def old_path(url: str) -> str | None:
    """The address in the book of a blog address: its path, as a file."""
    path = unquote(urlsplit(url).path).strip("/")
    if not path or ".." in path.split("/"):
        return None
    return path if path.endswith(".html") else f"{path}/index.html"


def old_addresses(catalog: Iterable[PostRecord] | dict[str, PostRecord]) -> dict[str, str]:
    """Old blog address → the docname it leads to."""
    records = catalog.values() if isinstance(catalog, dict) else catalog
    out: dict[str, str] = {}
    for record in records:
        if record.original_url:
            path = old_path(record.original_url)
            if path is not None:
                out[path] = record.docname
        if record.wp_id is not None:
            out[f"{BY_ID}/{record.wp_id}.html"] = record.docname
    return out


def url_key(url: str) -> str:
    """http/https, ``www.``, case and a trailing slash make no other address."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")
