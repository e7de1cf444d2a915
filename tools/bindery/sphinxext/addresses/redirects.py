"""Old addresses that keep answering: each is a small page that sends the
reader on to where the page lives now, ``#fragment`` kept.

Three kinds: a post's earlier slugs (``old_slugs``); moves recorded in
the manifest (``old.html -> new.html``, chains followed to the newest);
and the blog's own addresses, so that a book hosted at the blog's old
domain answers every old link: a post's ``original_url`` path
(``2022/01/18/the-chips-are-down/`` → ``…/index.html``) and its
WordPress id (``p/123.html``, which the landing page sends ``?p=123``
and ``?page_id=123`` to).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from bindery.archive.manifest import Manifest
from bindery.archive.store import POSTS
from bindery.book.archiveaddresses import BY_CATEGORY_ID, BY_TAG_SLUG
from bindery.book.listings import INDEXES
from bindery.book.oldaddresses import BY_ID, old_addresses
from bindery.errors import BinderyError
from bindery.sphinxext.feeds import SUFFIX as FEED_SUFFIX
from bindery.sphinxext.posts.page import page_url
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
REDIRECT_TEMPLATE = "bindery-redirect.html"


def redirects(app: Sphinx) -> dict[str, str]:
    """Old address → the docname it now leads to."""
    state = book(app.env)
    out: dict[str, str] = {}
    for record in state.catalog.values():
        for old in record.old_slugs:
            out[f"{POSTS}/{old}.html"] = record.docname
    if app.config.bindery_old_addresses:
        out.update(old_addresses(state.catalog, book_addresses(app)))
        # the blog's archives, where no post of the blog had that address
        out.update((old, new) for old, new in state.old_archive.items() if old not in out)
    manifest = Manifest.load(Path(app.srcdir))
    for old in manifest.moves:
        try:
            out[old] = manifest.final(old).removesuffix(".html")
        except BinderyError as err:
            logger.warning("%s", err)
    return out


def book_addresses(app: Sphinx) -> set[str]:
    """The book's own pages, which no old blog address may take."""
    return {f"{doc}.html" for doc in (*app.env.found_docs, *INDEXES)}


def redirect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any]]]:
    """(page, context) of the page each old address gets."""
    env = app.env
    for old, new in sorted(redirects(app).items()):
        page = old.removesuffix(".html")
        if page in env.found_docs:
            logger.warning("%s is a page and cannot also redirect to %s.html", old, new)
            continue
        if new.endswith(FEED_SUFFIX):  # a feed: its page lets feed readers find it too
            listing = new.removesuffix(FEED_SUFFIX)
            target = posixpath.relpath(new, posixpath.dirname(page))
            title = f"Atom feed of {env.titles[listing].astext()}" if listing in env.titles else "Atom feed"
            yield page, {"target": target, "canonical": page_url(app.config.html_baseurl, new),
                         "target_title": title, "feed": target}  # fmt: skip
            continue
        if new not in env.found_docs:
            logger.warning("%s redirects to %s.html, which is not a page", old, new)
            continue
        context = {
            "target": app.builder.get_relative_uri(page, new),
            "canonical": page_url(app.config.html_baseurl, f"{new}.html"),
            "target_title": env.titles[new].astext() if new in env.titles else new,
        }
        yield page, context


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    """Each old address's page, rendered from its small template alone and
    written only where its text changed.  Not through Sphinx's page
    writing, which ran every page-context handler of the theme and the
    book for each, on every build: an export of 631 posts has 2,090 such
    pages, and a rebuild that changed nothing took 18-22 s that way,
    4.5-6.5 s this way (measured side by side, three rounds)."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    language = app.config.language or "en"
    for page, context in redirect_pages(app):
        text = app.builder.templates.render(REDIRECT_TEMPLATE, {**context, "language": language})
        path = out / f"{page}.html"
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (OSError, UnicodeDecodeError):
            pass
        path.write_text(text, encoding="utf-8")


# The blog's query addresses reach the landing page of a book hosted at the
# blog's old domain; a static host cannot route by query, so the landing
# page sends each on: ``?p=123`` and ``?page_id=123`` to ``p/123.html``,
# ``?s=word`` to the search page, ``?cat=12`` and ``?tag=yiwu`` to
# ``cat/12.html`` and ``tag/yiwu.html`` (archiveaddresses.py), ``?m=201201``
# (or ``2012``, ``20120105``) to the month's (year's) listing.
QUERY_SCRIPT = (
    "<script>(function(){var q=new URLSearchParams(location.search),h=location.hash,"
    'go=function(a){location.replace(a+h)},i=q.get("p")||q.get("page_id"),m=q.get("m")||"",'
    'c=q.get("cat"),t=q.get("tag"),s=q.get("s");'
    'if(i&&/^[0-9]+$/.test(i))go("' + BY_ID + '/"+i+".html");'
    'else if(s!==null)go("search.html?q="+encodeURIComponent(s));'
    'else if(c&&/^[0-9]+$/.test(c))go("' + BY_CATEGORY_ID + '/"+c+".html");'
    'else if(t&&!/[\\/]|^\\.\\.?$/.test(t))go("' + BY_TAG_SLUG + '/"+encodeURIComponent(t)+".html");'
    "else if(/^[0-9]{4}([0-9]{2})?([0-9]{2})?$/.test(m))"
    'go("posts/"+m.slice(0,4)+(m.length>4?"/"+m.slice(4,6):"")+"/index.html");})();</script>\n'
)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if (
        pagename == app.config.root_doc
        and app.config.bindery_old_addresses
        and any(r.wp_id is not None or r.original_url for r in book(app.env).catalog.values())
    ):
        context["metatags"] = context.get("metatags", "") + QUERY_SCRIPT
