"""Links to the blog's own posts become links to the archive's pages.

An imported post keeps its links as the blog wrote them (the post's
original address, or ``?p=ID``); when the book is written, a link whose
address is a post's ``original_url``, or a ``?p=`` of a post's WordPress
id on the same site, points to that post's page instead.  So it also
works for posts imported later, and never points at a page that is not
there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from docutils import nodes

from bindery.book.oldaddresses import url_key
from bindery.sphinxext.state import book

KEEP_ADDRESS = (
    "bindery-keep-address"  # a link's class: an address of the old blog that stays one (a capture's)
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def collect(app: Sphinx, env: BuildEnvironment) -> None:
    """Once everything is read: the table from old addresses to posts."""
    table: dict[str, str] = {}
    for doc, info in book(env).catalog.items():
        if info.original_url:
            table[url_key(info.original_url)] = doc
            if info.wp_id is not None:
                host = urlsplit(info.original_url).netloc.lower().removeprefix("www.")
                table[f"{host}?p={info.wp_id}"] = doc
    env.bindery_oldlinks = table  # type: ignore[attr-defined]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    table: dict[str, str] = getattr(app.env, "bindery_oldlinks", {})
    if not table:
        return
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if (
            not uri.startswith(("http://", "https://"))
            or ref.get("internal")
            or KEEP_ADDRESS in ref["classes"]
        ):
            continue
        parts = urlsplit(uri)
        target = table.get(url_key(uri.split("#", 1)[0]))
        if target is None:
            post_id = parse_qs(parts.query).get("p", [""])[0]
            host = parts.netloc.lower().removeprefix("www.")
            target = table.get(f"{host}?p={post_id}") if post_id.isdigit() else None
        if target is None:
            continue
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        ref["refuri"] = app.builder.get_relative_uri(docname, target) + fragment
        ref["internal"] = True
