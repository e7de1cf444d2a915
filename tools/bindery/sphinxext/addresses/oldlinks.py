"""Links to the blog's own posts become links to the archive's pages.

An imported post keeps its links as the blog wrote them; when the book is
written, a link to one of the blog's posts points to that post's page
instead, found as WordPress itself finds it:

- by the post's ``original_url`` (http or https, ``www.``, case and a
  trailing slash aside);
- by ``?p=ID``, a post's WordPress id on the same site;
- by its slug, the last part of the address, where the rest does not
  match (``/2018/11/03/block-button/`` for a post whose address is
  ``/2018/11/02/block-button/``, its date in another time zone; an old
  permalink form after the blog changed its own): WordPress answers such
  an address by redirecting to the one post of that slug.  Only a slug
  that one post of that site has, and never an archive's address
  (``/category/…``, ``/tag/…``) or a file's.

So it also works for posts imported later, and never points at a page
that is not there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from docutils import nodes

from bindery.book.oldaddresses import url_key
from bindery.sphinxext.state import book

KEEP_ADDRESS = (
    "bindery-keep-address"  # a link's class: an address of the old blog that stays one (a capture's)
)
# The first part of an address that is one of WordPress's archives or files, never a post.
NOT_A_POST = {"category", "tag", "author", "feed", "page", "comments", "search", "wp-content", "wp-admin"}
NOT_A_POST |= {"wp-includes", "wp-json", "files", "attachment", "type"}
_DATE_PART = re.compile(r"\d+")

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _host(parts: SplitResult) -> str:
    return parts.netloc.lower().removeprefix("www.")


def _slug_key(url: str) -> str | None:
    """``host slug`` for an address that may name a post by its slug; None
    for an archive's or a file's address, or one with no slug."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = [unquote(s).casefold() for s in parts.path.split("/") if s]
    if not segments or segments[0] in NOT_A_POST:
        return None
    slug = segments[-1]
    if _DATE_PART.fullmatch(slug) or "." in slug:
        return None
    return f"{_host(parts)} {slug}"  # (a space: in no address's key)


def collect(app: Sphinx, env: BuildEnvironment) -> None:
    """Once everything is read: the table from old addresses to posts."""
    table: dict[str, str] = {}
    by_slug: dict[str, str | None] = {}
    for doc, info in book(env).catalog.items():
        if info.original_url:
            table[url_key(info.original_url)] = doc
            if info.wp_id is not None:
                table[f"{_host(urlsplit(info.original_url))}?p={info.wp_id}"] = doc
            key = _slug_key(info.original_url)
            if key is not None:
                by_slug[key] = doc if key not in by_slug else None  # two posts of one slug: neither
    table.update((key, doc) for key, doc in by_slug.items() if doc is not None)
    env.bindery_oldlinks = table  # type: ignore[attr-defined]


def post_of(uri: str, table: dict[str, str]) -> str | None:
    """The post an address of the old blog names, by the table ``collect`` made."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    target = table.get(url_key(uri.split("#", 1)[0]))
    if target is None:
        post_id = parse_qs(parts.query).get("p", [""])[0]
        target = table.get(f"{_host(parts)}?p={post_id}") if post_id.isdigit() else None
    if target is None and not parts.query:
        key = _slug_key(uri.split("#", 1)[0])
        target = table.get(key) if key is not None else None
    return target


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
        target = post_of(uri, table)
        if target is None:
            continue
        fragment = urlsplit(uri).fragment
        ref["refuri"] = app.builder.get_relative_uri(docname, target) + (f"#{fragment}" if fragment else "")
        ref["internal"] = True
