"""Atom feeds: the whole archive, and each category and tag.

Each holds the newest FEED_SIZE dated posts (an undated post has no
place in a feed: readers sort entries by date), made with feedgen, and
each listing page links its feed for autodiscovery.  A feed is written
only when its text changed.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feedgen.feed import FeedGenerator

from bindery.book.catalog import PostRecord
from bindery.book.listings import ALL_POSTS, filed_under
from bindery.dates import ArchiveDate
from bindery.markup.summary import plain_text
from bindery.sphinxext.posts.page import page_url
from bindery.sphinxext.state import BookState, book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FEED_SIZE = 50
SUFFIX = ".atom.xml"


def feed_path(listing_doc: str) -> str:
    """``categories/technology`` → ``categories/technology.atom.xml``; all posts: ``posts/index.atom.xml``."""
    return f"{listing_doc}{SUFFIX}"


def _moment(date: ArchiveDate) -> datetime.datetime:
    if date.moment is not None:
        return date.moment if date.moment.tzinfo else date.moment.replace(tzinfo=datetime.UTC)
    return datetime.datetime(date.year, date.month, date.day or 1, tzinfo=datetime.UTC)


def feeds(state: BookState) -> dict[str, tuple[str, list[PostRecord]]]:
    """Listing docname → (title, newest dated posts) for each feed."""
    dated = [state.catalog[doc] for doc in state.order if state.catalog[doc].date]
    out: dict[str, tuple[str, list[PostRecord]]] = {}
    if dated:
        out[ALL_POSTS] = ("All posts", dated[:FEED_SIZE])
    parents = state.category_parents
    for kind, names_of in (
        ("category", lambda r: filed_under(r.categories, parents)),  # a parent's feed holds its children's
        ("tag", lambda r: r.tags),
    ):
        for record in dated:
            for name in names_of(record):
                doc = state.listing_doc(kind, name)
                if doc is None:
                    continue
                entries = out.setdefault(doc, (name, []))[1]
                if len(entries) < FEED_SIZE:
                    entries.append(record)
    return out


def render_feed(app: Sphinx, doc: str, title: str, records: list[PostRecord]) -> str:
    config = app.config
    base = config.html_baseurl
    blog = config.bindery_blog_name or config.project
    feed = FeedGenerator()
    feed.id(page_url(base, f"{doc}.html"))
    feed.title(f"{blog}: {title}" if doc != ALL_POSTS else blog)
    feed.link(href=page_url(base, f"{doc}.html"), rel="alternate")
    feed.link(href=page_url(base, feed_path(doc)), rel="self")
    feed.language(config.language or "en")
    feed.author(name=config.bindery_author or config.author)
    newest = max(_moment(r.archive_updated or r.archive_date) for r in records)  # type: ignore[arg-type]
    feed.updated(newest)
    for record in reversed(records):  # feedgen puts the last added first
        published = _moment(record.archive_date)  # type: ignore[arg-type]
        url = page_url(base, record.address)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(record.title)
        entry.link(href=url, rel="alternate")
        entry.published(published)
        entry.updated(_moment(record.archive_updated) if record.archive_updated else published)
        if record.author:
            entry.author(name=record.author)
        if record.summary:
            entry.summary(plain_text(record.summary))
        for name in record.categories:
            entry.category(term=name)
    return feed.atom_str(pretty=True).decode("utf-8")


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    out = Path(app.outdir)
    wanted = set()
    for doc, (title, records) in feeds(book(app.env)).items():
        path = out / feed_path(doc)
        wanted.add(path)
        text = render_feed(app, doc, title, records)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in out.rglob(f"*{SUFFIX}"):
        if path not in wanted:
            path.unlink()


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Autodiscovery: every page links the archive's feed, a listing its own."""
    state = book(app.env)
    links = []
    for doc in dict.fromkeys((ALL_POSTS, _main_listing(pagename, state))):
        if doc is None or doc not in state.feeds:
            continue
        page = app.builder.get_relative_uri(pagename, doc) or f"{doc.rsplit('/', 1)[-1]}.html"
        href = page.removesuffix(".html") + SUFFIX
        title = html.escape(f"{app.config.bindery_blog_name or app.config.project}: {state.feeds[doc]}")
        links.append(f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}" />')
    if links:
        context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"


def _main_listing(pagename: str, state: BookState) -> str | None:
    return pagename if pagename in state.listings else None
