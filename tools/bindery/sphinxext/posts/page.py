"""Posts as the book shows them: their date line, their colophon and their
place in the archive.

Posts are kept out of every toctree (they are orphans), so the theme's
sidebar stays the same small size on every page however many posts there
are.  Their order, neighbours, categories and tags come from the
catalogue read before the build (generate.py), resolved while writing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes
from sphinx.util import logging

from bindery.archive.schema import FENCE, closing_fence
from bindery.archive.store import POSTS
from bindery.book.catalog import PostRecord, page_ancestors
from bindery.book.listings import (
    ALL_POSTS,
    AUTHOR_INDEX,
    CATEGORY_INDEX,
    TAG_INDEX,
    TOP_CATEGORIES,
    ancestors,
)
from bindery.dates import ArchiveDate
from bindery.markup.myst import escape_inline
from bindery.sphinxext.addresses.oldlinks import KEEP_ADDRESS
from bindery.sphinxext.posts.anchors import add_anchors
from bindery.sphinxext.state import BookState, book

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)
COUNTS_CSS = "bindery-counts.css"
DATE_LINE = "post-date"  # the class of the line under a post's title: its date and author

INDEXES = ((ALL_POSTS, "All posts"), (CATEGORY_INDEX, "All categories"), (TAG_INDEX, "All tags"))
NEARBY = 3  # posts shown either side of the current one in the sidebar
KIND_INDEX = {"category": CATEGORY_INDEX, "tag": TAG_INDEX, "author": AUTHOR_INDEX}
KIND_TITLE = {"category": "All categories", "tag": "All tags", "author": "All authors"}
# Two or more words at the start with no small letter in them.
_OPENING_CAPITALS = re.compile(r"(?:[^\sa-z]*[A-Z][^\sa-z]*\s+){2,}")


class term_links(nodes.Inline, nodes.Element):
    """Placeholder for links to the listings of ``names`` (categories, tags
    or an author), resolved once every listing is known."""


class permanent_address(nodes.Element):
    """Placeholder for the post's permanent address, filled in when the page
    is written, so that a changed ``html_baseurl`` reaches every page."""


class archive_time(nodes.Inline, nodes.TextElement):
    """A date as ``<time datetime="…">``."""


def visit_time(translator: HTML5Translator, node: archive_time) -> None:
    translator.body.append(f'<time datetime="{html.escape(node["datetime"])}">')


def depart_time(translator: HTML5Translator, node: archive_time) -> None:
    translator.body.append("</time>")


def is_post(docname: str) -> bool:
    folder, _, slug = docname.partition("/")
    return folder == POSTS and "/" not in slug and docname != ALL_POSTS


def comment_line(count: int, kept: bool = False) -> str:
    """``kept``: the post came from an export, whose approved comments are on the page."""
    if count == 0:
        return "No comments on the original blog."
    noun = "comment" if count == 1 else "comments"
    if kept:
        return f"{count} {noun} on the original blog, shown above."
    return f"{count} {noun} on the original blog (comments are not in the archive)."


def page_url(baseurl: str, address: str) -> str:
    return baseurl.rstrip("/") + "/" + address


# -- reading ---------------------------------------------------------------


def literal_author(app: Sphinx, docname: str, source: list[str]) -> None:
    """MyST reads a front matter's ``author`` as Markdown (it is one of
    docutils' bibliographic fields; no other field a post has is), so an
    author named ``Jane {x}`y``` would be a role, and break the build.  What
    MyST reads of a post whose author's name holds markup has the name
    escaped; the file is left as it is."""
    record = book(app.env).catalog.get(docname)
    if record is not None and record.author and escape_inline(record.author) != record.author:
        source[0] = escaped_field(source[0], "author")


def escaped_field(text: str, key: str) -> str:
    """``text`` with its front matter's ``key`` (a string) escaped as MyST
    text, written in place, on as many lines: the lines after it keep
    their numbers, for Sphinx's messages."""
    end = closing_fence(text)
    if not text.startswith(FENCE) or end < 0:
        return text
    front = text[len(FENCE) : end + 1]
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError:  # changed since the catalogue read it: left for Sphinx to report
        return text
    for name, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if name.value == key and isinstance(value, yaml.ScalarNode) and isinstance(value.value, str):
            start, stop = value.start_mark.index, value.end_mark.index
            entry = yaml.safe_dump({key: escape_inline(value.value)}, allow_unicode=True, width=1 << 30)
            scalar = entry.removeprefix(f"{key}: ").rstrip("\n")  # on one line, however long
            front = front[:start] + scalar + "\n" * front[start:stop].count("\n") + front[stop:]
    return FENCE + front + text[end + 1 :]


def read_doc(app: Sphinx, doctree: nodes.document) -> None:
    """Add a post's date line and colophon."""
    env = app.env
    docname = env.docname
    record = book(env).catalog.get(docname)
    if record is None:
        return
    env.metadata[docname]["orphan"] = True  # reached through listings, not the toctree
    section = post_section(doctree)
    mark_opening_capitals(section)
    add_anchors(section, doctree)
    byline = date_line(record)
    if byline is not None:
        title = next(iter(section.findall(nodes.title)), None)
        section.insert(section.index(title) + 1 if title is not None else 0, byline)
    if record.kind == "post":
        section.append(colophon(record, doctree))
    elif record.sources and any(source.url for source in record.sources):  # a page of the blog, saved
        section.append(nodes.container("", *saved_from(record), classes=["post-colophon", "no-search"]))


def post_section(doctree: nodes.document) -> nodes.Element:
    """The section a post's title opens, which holds all of the post."""
    return next(iter(doctree.findall(nodes.section)), doctree)


def mark_opening_capitals(section: nodes.Element) -> None:
    """Wrap the capitals that open a post (``THE SEMICONDUCTOR INDUSTRY
    has…``) so the page can set them as small capitals; the text is unchanged."""
    paragraph = next((c for c in section.children if isinstance(c, nodes.paragraph)), None)
    if paragraph is None or not paragraph.children or not isinstance(paragraph[0], nodes.Text):
        return
    text = str(paragraph[0])
    match = _OPENING_CAPITALS.match(text)
    if match is None:
        return
    lead = match.group().rstrip()
    paragraph.replace(paragraph[0], nodes.Text(text[len(lead) :]))
    paragraph.insert(0, nodes.inline(lead, lead, classes=["opening-capitals"]))


def _time(date: ArchiveDate) -> archive_time:
    return archive_time(date.long(), date.long(), datetime=date.text)


def date_line(record: PostRecord) -> nodes.Element | None:
    """``January 18, 2022 · updated January 20, 2022 · by Ben``, under the title."""
    date, updated = record.archive_date, record.archive_updated
    parts: list[nodes.Node] = []
    if date is not None:
        parts += [nodes.Text("Published "), _time(date)]
        if updated is not None and not updated.same_day(date):
            parts += [nodes.Text(" · updated "), _time(updated)]
    if record.author:
        if parts:
            parts.append(nodes.Text(" · "))
        parts += [nodes.Text("by "), term_links(kind="author", terms=[record.author])]
    if not parts:
        return None
    return nodes.paragraph("", "", *parts, classes=[DATE_LINE, "no-search"])


def colophon(record: PostRecord, doctree: nodes.document) -> nodes.Element:
    """Filed under, tags, comment count and permanent address, below the text."""
    box = nodes.container(classes=["post-colophon", "no-search"])
    for kind, label, names in (
        ("category", "Filed under ", record.categories),
        ("tag", "Tagged ", record.tags),
    ):
        if names:
            links = term_links(kind=kind, terms=list(names))
            links.source, links.line = doctree["source"], 1
            box += nodes.paragraph(
                "", label, links, classes=["post-filed" if kind == "category" else "post-tagged"]
            )
    kept = record.original_url is not None
    box += nodes.paragraph("", comment_line(record.comments, kept), classes=["post-comments"])
    for saved in saved_from(record):
        box += saved
    box += permanent_address(address=record.address)
    return box


def captures(record: PostRecord) -> list[tuple[str, ArchiveDate | None]]:
    """(address, capture time) of each capture the post was read from
    (a saved page, a mirror, a web archive), newest first."""
    out = []
    for source in record.sources:
        if source.url:
            out.append((source.url, ArchiveDate.parse(source.captured) if source.captured else None))
    return sorted(out, key=lambda c: c[1].sort_key if c[1] else (0, 0, 0, ""), reverse=True)


def saved_from(record: PostRecord) -> list[nodes.Element]:
    """The line "Saved from <address> on <capture date>" for each capture."""
    out: list[nodes.Element] = []
    for url, when in captures(record):
        line = nodes.paragraph("", "Saved from ", classes=["post-saved-from"])
        # the address it was saved from, not the post's page here (which addresses.oldlinks would make it)
        line += nodes.reference(url, url, refuri=url, classes=["post-capture", KEEP_ADDRESS])
        if when is not None:
            line += [nodes.Text(" on "), _time(when)]
        line += nodes.Text(".")
        out.append(line)
    return out


# -- between reading and writing -------------------------------------------


def update_order(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Return the pages whose navigation changed, so that Sphinx rewrites
    them too.  A new post changes its neighbours' previous/next links
    without their sources changing, and a new category among the largest
    or a new year changes the sidebar of every page."""
    state = book(env)
    posts, order = state.catalog, state.order
    state.position = {doc: i for i, doc in enumerate(order)}
    old = state.nav
    nav: dict[str, tuple[Any, ...]] = {"": sidebar_signature(state)}
    for i, doc in enumerate(order):
        window = order[max(0, i - NEARBY) : i + NEARBY + 1]
        nav[doc] = (tuple((d, posts[d].title) for d in window),)
    state.nav = nav
    if old.get("") != nav[""]:
        return sorted(env.found_docs)
    return sorted(doc for doc, signature in nav.items() if old.get(doc) != signature)


def sidebar_signature(state: BookState) -> tuple[Any, ...]:
    """What the sidebar of every page shows (the years' counts are in a
    style sheet of their own, so a new post does not change every page)."""
    tags = bool(state.slugs.get("tag"))
    years = tuple((year, doc) for year, doc, _ in state.years)
    feed = ALL_POSTS in state.feeds
    top = tuple(state.top_categories)
    return (tags, top, state.category_total > TOP_CATEGORIES, years, feed, tuple(state.pages))


# -- writing ---------------------------------------------------------------


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    baseurl = app.config.html_baseurl
    for placeholder in list(doctree.findall(permanent_address)):
        url = page_url(baseurl, placeholder["address"])
        placeholder.replace_self(
            nodes.paragraph(
                "",
                "Permanent address: ",
                nodes.reference(url, url, refuri=url, classes=["post-permalink"]),
                classes=["post-address"],
            )
            if baseurl
            else []
        )
    state = book(app.env)
    for node in list(doctree.findall(term_links)):
        kind = node["kind"]
        out: list[nodes.Node] = []
        for name in node["terms"]:
            if out:
                out.append(nodes.Text(", "))
            target = state.listing_doc(kind, name)
            if kind == "author" and not state.authors_paged:
                target = None  # one author: no page of their own
            elif target is None or target not in app.env.found_docs:
                logger.warning("post names the %s %r, which has no page", kind, name, location=node)
                target = None
            if target is None:
                out.append(nodes.Text(name))
            else:
                uri = app.builder.get_relative_uri(docname, target)
                out.append(nodes.reference("", name, internal=True, refuri=uri))
        node.replace_self(out)


def escape_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The book theme puts these in the page as raw text; a title is text."""
    for key in ("pagetitle", "root_title"):
        if key in context:
            context[key] = html.escape(str(context[key]))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Sidebar, breadcrumbs and previous/next links of every page."""
    env = app.env
    state = book(env)
    record = state.catalog.get(pagename)
    filed = (
        {state.listing_doc("category", n) for n in record.categories}
        if record is not None and record.kind == "post"
        else set()
    )
    listing = env.metadata.get(pagename, {}).get("listing")
    main = _listing_main(pagename, listing, state)

    pathto = context["pathto"]  # (the 404 page's makes absolute links: notfound.py)

    def entry(doc: str, title: str) -> dict[str, Any]:
        return {
            "link": pathto(doc),
            "title": html.escape(title),
            "current": pagename == doc or main == doc,
            "filed": doc in filed,
        }

    context["bindery_listings"] = [entry(doc, title) for doc, title in INDEXES if doc in env.found_docs]
    context["bindery_pages"] = page_tree(state, entry)
    context["bindery_categories"] = [entry(doc, name) for name, doc in state.top_categories]
    if state.category_total > TOP_CATEGORIES:
        context["bindery_more_categories"] = entry(CATEGORY_INDEX, "All categories…")
    context["bindery_years"] = [{**entry(doc, year), "year": year} for year, doc, _ in state.years]
    if main is not None:
        kind, title = state.listings[main]
        parents = []
        if kind in KIND_INDEX:
            parents.append(entry(KIND_INDEX[kind], KIND_TITLE[kind]))
        if kind == "category":
            parents += category_trail(state, title, entry)
        elif kind == "month":
            year = main.split("/")[1]
            parents.append(entry(f"{POSTS}/{year}/index", year))
        if main != pagename:
            parents.append(entry(main, title))
        context["parents"] = parents
    if record is not None and record.kind == "page" and record.parent:
        ancestors = page_ancestors(
            record.slug, {r.slug: r for r in state.catalog.values() if r.kind == "page"}
        )
        context["parents"] = [
            entry(f"{record.folder}/{slug}", state.catalog[f"{record.folder}/{slug}"].title)
            for slug in reversed(ancestors)
        ]
    if record is None or record.kind != "post" or pagename not in state.position:
        return
    posts, order = state.catalog, state.order
    at = state.position[pagename]

    def link(doc: str) -> dict[str, Any]:
        return entry(doc, posts[doc].title)

    context["prev"] = link(order[at - 1]) if at > 0 else None
    context["next"] = link(order[at + 1]) if at + 1 < len(order) else None
    context["bindery_nearby"] = [link(d) for d in order[max(0, at - NEARBY) : at + NEARBY + 1]]
    parents = [entry(CATEGORY_INDEX, "All categories")]
    first = next((n for n in record.categories if state.listing_doc("category", n) in env.found_docs), None)
    if first:
        parents += category_trail(state, first, entry)
        parents.append(entry(str(state.listing_doc("category", first)), first))
    context["parents"] = parents


def category_trail(
    state: BookState, category: str, entry: Callable[[str, str], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Breadcrumbs of a category's ancestors, outermost first (World › Asia)."""
    trail = []
    for name in ancestors(category, state.category_parents):
        doc = state.listing_doc("category", name)
        if doc is not None:
            trail.append(entry(doc, name))
    return trail


def page_tree(state: BookState, entry: Callable[[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    """The blog's pages for the sidebar, each with its child pages, by title."""
    under: dict[str | None, list[tuple[str, str]]] = {}
    known = {doc for doc, _, _ in state.pages}
    for doc, title, parent in state.pages:
        under.setdefault(parent if parent in known else None, []).append((doc, title))

    def level(parent: str | None, seen: frozenset[str]) -> list[dict[str, Any]]:
        return [
            {**entry(doc, title), "children": level(doc, seen | {doc})}
            for doc, title in under.get(parent, [])
            if doc not in seen
        ]

    return level(None, frozenset())


def _listing_main(pagename: str, listing: str | None, state: BookState) -> str | None:
    """The listing a page belongs to: itself, or the listing it is a numbered page of."""
    if pagename in state.listings:
        return pagename
    if listing is None:
        return None
    folder = pagename.rsplit("/", 1)[0]
    for candidate in (folder, folder.removesuffix("/page") + "/index", f"{POSTS}/index"):
        if candidate in state.listings and (listing != "all" or candidate == ALL_POSTS):
            return candidate
    return None


def write_counts(app: Sphinx, exception: Exception | None) -> None:
    """The number of posts of each year in the sidebar, as a style sheet:
    the sidebar of every page names the years, and this one small file
    counts their posts, so that a new post does not rewrite every page."""
    if exception is not None or app.builder.format != "html":
        return
    rules = "".join(
        f'.bindery-years a[data-year="{year}"]::after {{ content: " ({count:,})"; }}\n'
        for year, _, count in book(app.env).years
    )
    path = Path(app.outdir) / "_static" / COUNTS_CSS
    text = "/* Posts a year, for the sidebar (written by the build). */\n" + rules
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
