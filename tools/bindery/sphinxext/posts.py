"""Posts as the book shows them: their colophon and their place in the archive.

Posts are kept out of every toctree (they are orphans), so the theme's
sidebar stays the same small size on every page however many posts there
are.  Their order, neighbours and category links come from their front
matter instead, collected while reading and resolved while writing.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from ..model import Source
from ..order import archive_order
from ..pages import ALL_POSTS, CATEGORY_INDEX, listing_of
from ..store import CATEGORIES, POSTS
from .anchors import add_anchors

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

LISTINGS = ((ALL_POSTS, "All posts"), (CATEGORY_INDEX, "All categories"))
NEARBY = 3  # posts shown either side of the current one in the sidebar
# Two or more words at the start with no small letter in them.
_OPENING_CAPITALS = re.compile(r"(?:[^\sa-z]*[A-Z][^\sa-z]*\s+){2,}")


@dataclass(frozen=True)
class PostInfo:
    """What the book needs of a post's front matter."""

    docname: str
    title: str
    slug: str
    categories: tuple[str, ...]
    comments: int
    sources: tuple[Source, ...]
    date: str | None
    old_slugs: tuple[str, ...]
    original_url: str | None = None  # from an export: the blog's address, for oldlinks
    wp_id: int | None = None

    @property
    def address(self) -> str:
        return f"{self.docname}.html"


class category_links(nodes.Inline, nodes.Element):
    """Placeholder for links to the categories in ``names``, resolved once
    every category page is known."""


@dataclass
class Archive:
    """The extension's state, kept in (and pickled with) the environment."""

    posts: dict[str, PostInfo] = field(default_factory=dict)  # docname → post, from reading
    category_pages: dict[str, str] = field(default_factory=dict)  # docname → category, from reading
    nav: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # what each page's navigation showed
    # derived from the above once all is read (update_order)
    order: list[str] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    category_docs: dict[str, str] = field(default_factory=dict)  # category → docname


def archive(env: BuildEnvironment) -> Archive:
    state = getattr(env, "bindery", None)
    if state is None:
        state = env.bindery = Archive()  # type: ignore[attr-defined]
    return state


def is_post(docname: str) -> bool:
    folder, _, slug = docname.partition("/")
    return folder == POSTS and "/" not in slug and docname != ALL_POSTS


def _list(meta: dict[str, Any], key: str) -> list[Any]:
    """A list-valued front matter field (MyST keeps them as JSON text)."""
    value = meta.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if not isinstance(value, list):
        raise ValueError(f"front matter field {key!r} must be a list")
    return value


def post_info(docname: str, meta: dict[str, Any]) -> PostInfo:
    """Read and check a post's front matter; ValueError says what is wrong."""
    slug = docname.removeprefix(f"{POSTS}/")
    if str(meta.get("slug", "")) != slug:
        raise ValueError(f"front matter slug {meta.get('slug')!r} does not match the file name {slug!r}")
    title = str(meta.get("title") or "")
    if not title:
        raise ValueError("front matter has no title")
    categories = tuple(str(c) for c in _list(meta, "categories"))  # an export's post may have none
    try:
        comments = int(meta.get("comments") or 0)
        sources = tuple(Source(str(s["file"]), int(s["line"])) for s in _list(meta, "sources"))
    except (TypeError, KeyError, ValueError) as err:
        raise ValueError(f"front matter 'comments' or 'sources' is malformed ({err})") from None
    date = str(meta["date"]) if meta.get("date") else None
    old_slugs = tuple(str(s) for s in _list(meta, "old_slugs"))
    original_url = str(meta["original_url"]) if meta.get("original_url") else None
    wp_id = int(meta["wp_id"]) if str(meta.get("wp_id", "")).isdigit() else None
    return PostInfo(docname, title, slug, categories, comments, sources, date, old_slugs, original_url, wp_id)


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


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    state = archive(env)
    state.posts.pop(docname, None)
    state.category_pages.pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    state, theirs = archive(env), archive(other)
    state.posts.update(theirs.posts)
    state.category_pages.update(theirs.category_pages)


def read_doc(app: Sphinx, doctree: nodes.document) -> None:
    """Collect a post's metadata and add its colophon; note category pages."""
    env = app.env
    docname = env.docname
    meta = env.metadata[docname]
    if docname.startswith(f"{CATEGORIES}/") and meta.get("category"):
        archive(env).category_pages[docname] = str(meta["category"])
        return
    if not is_post(docname):
        return
    meta.setdefault("orphan", True)  # posts are reached through listings, not the toctree
    try:
        info = post_info(docname, meta)
    except ValueError as err:
        logger.warning("%s", err, location=(docname, 1))
        return
    archive(env).posts[docname] = info
    section = post_section(doctree)
    mark_opening_capitals(section)
    add_anchors(section, doctree)
    section.append(colophon(info, app.config.html_baseurl, doctree))


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


def colophon(info: PostInfo, baseurl: str, doctree: nodes.document) -> nodes.Element:
    """Filed under, comment count and permanent address, below the text."""
    box = nodes.container(classes=["post-colophon", "no-search"])
    links = category_links(names=list(info.categories))
    links.source, links.line = doctree["source"], 1
    if info.categories:
        box += nodes.paragraph("", "Filed under ", links, classes=["post-filed"])
    box += nodes.paragraph(
        "", comment_line(info.comments, kept=info.original_url is not None), classes=["post-comments"]
    )
    if baseurl:
        url = page_url(baseurl, info.address)
        box += nodes.paragraph(
            "",
            "Permanent address: ",
            nodes.reference(url, url, refuri=url, classes=["post-permalink"]),
            classes=["post-address"],
        )
    return box


# -- between reading and writing -------------------------------------------


def update_order(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Put the posts in archive order; return the pages whose navigation
    changed, so that Sphinx rewrites them too.  A new post changes its
    neighbours' previous/next links without their sources changing, and a
    new or renamed category changes the sidebar of every page."""
    state = archive(env)
    posts = state.posts
    state.order = order = archive_order((doc, info.sources) for doc, info in posts.items())
    state.position = {doc: i for i, doc in enumerate(order)}
    state.category_docs = pages = {name: doc for doc, name in state.category_pages.items()}
    old = state.nav
    nav: dict[str, tuple[Any, ...]] = {"": tuple(sorted(pages.items()))}  # the sidebar of every page
    for i, doc in enumerate(order):
        window = order[max(0, i - NEARBY) : i + NEARBY + 1]
        nav[doc] = (
            tuple((d, posts[d].title) for d in window),
            tuple(pages.get(name) for name in posts[doc].categories),
        )
    state.nav = nav
    if old.get("") != nav[""]:
        return sorted(env.found_docs)
    return sorted(doc for doc, signature in nav.items() if old.get(doc) != signature)


# -- writing ---------------------------------------------------------------


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    pages = archive(app.env).category_docs
    for node in list(doctree.findall(category_links)):
        out: list[nodes.Node] = []
        for name in node["names"]:
            if out:
                out.append(nodes.Text(", "))
            target = pages.get(name)
            if target is None:
                logger.warning(
                    "post is filed under %r, which has no category page (run `make posts`)",
                    name,
                    location=node,
                )
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
    state = archive(env)
    pages = state.category_docs
    info = state.posts.get(pagename)
    filed = {pages[name] for name in info.categories if name in pages} if info else set()

    def entry(doc: str, title: str) -> dict[str, Any]:
        return {
            "link": app.builder.get_relative_uri(pagename, doc),
            "title": html.escape(title),
            "current": pagename == doc or listing_of(pagename) == doc,
            "filed": doc in filed,
        }

    listings = [(doc, title) for doc, title in LISTINGS if doc in env.found_docs]
    context["bindery_listings"] = [entry(doc, title) for doc, title in listings]
    context["bindery_categories"] = [
        entry(pages[name], name) for name in sorted(pages, key=lambda n: (n.casefold(), n))
    ]
    listing = listing_of(pagename)
    if listing == ALL_POSTS:
        context["parents"] = [entry(ALL_POSTS, "All posts")]
    elif listing:
        context["parents"] = [
            entry(CATEGORY_INDEX, "All categories"),
            entry(listing, state.category_pages[listing]),
        ]
    if info is None:
        return
    posts, order = state.posts, state.order
    at = state.position[pagename]

    def link(doc: str) -> dict[str, Any]:
        return entry(doc, posts[doc].title)

    context["prev"] = link(order[at - 1]) if at > 0 else None
    context["next"] = link(order[at + 1]) if at + 1 < len(order) else None
    context["bindery_nearby"] = [link(d) for d in order[max(0, at - NEARBY) : at + NEARBY + 1]]
    parents = [entry(CATEGORY_INDEX, "All categories")]
    first = next((name for name in info.categories if name in pages), None)
    if first:
        parents.append(entry(pages[first], first))
    context["parents"] = parents
