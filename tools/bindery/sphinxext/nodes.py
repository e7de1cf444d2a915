"""What each builder does with the extension's own nodes: the one place to look.

Every node class the extension puts in a doctree is in exactly one of:

- ``WRITTEN``: it reaches the writers, and has a visitor for each of
  ``BUILDERS`` (the web site and EPUB are both HTML writers, told apart
  here by the builder's name; LaTeX makes the PDF).  A builder may leave
  a node out on purpose (``skip``): say so in the table.
- ``RESOLVED``: it is a placeholder that a ``doctree-resolved`` handler
  replaces in every build, site and editions alike, before any writer
  sees it (the handler named beside it).

A new node goes into one of the two; ``tests/test_editions.py`` fails
for a node class of the extension that is in neither, or that lacks a
builder.  The site's directives that make only docutils' own nodes
(``archive-figure``, ``archive-image``, comments) need nothing here:
every writer knows those.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

from bindery.sphinxext.citations.panel import cite_placeholder
from bindery.sphinxext.editions import latex as latex_marks
from bindery.sphinxext.editions.links import page_reference, visit_page_reference
from bindery.sphinxext.editions.site import edition_links
from bindery.sphinxext.listing import listing_link
from bindery.sphinxext.posts import anchors, comments, markup, media
from bindery.sphinxext.posts.page import archive_time, depart_time, permanent_address, term_links, visit_time
from bindery.sphinxext.site import EPUB

if TYPE_CHECKING:
    from sphinx.application import Sphinx

Visit = Callable[[Any, Any], None]
Handlers = tuple[Visit, Visit | None]
BUILDERS = ("html", EPUB, "latex", "text")


def skip(translator: object, node: nodes.Node) -> None:
    """Left out of this output on purpose."""
    raise nodes.SkipNode


def _nothing(translator: object, node: nodes.Node) -> None:
    """The node's children, as they are."""


TEXT: Handlers = (_nothing, _nothing)
LINK: Handlers = (comments.visit_plain, comments.depart_plain)

WRITTEN: dict[type[nodes.Element], dict[str, Handlers]] = {
    # a commenter's link: rel="nofollow ugc" on the site; elsewhere a link
    # (in the PDF, its address in a footnote)
    comments.ugc_reference: {
        "html": (comments.visit_ugc, comments.depart_ugc),
        EPUB: LINK,
        "latex": LINK,
        "text": LINK,
    },
    # a date: <time datetime> in HTML and EPUB, its words elsewhere
    archive_time: {
        "html": (visit_time, depart_time),
        EPUB: (visit_time, depart_time),
        "latex": TEXT,
        "text": TEXT,
    },
    # the ¶ shown on hover beside each paragraph: the site only
    anchors.paragraph_link: {
        "html": (anchors.visit_html, None),
        EPUB: (skip, None),
        "latex": (skip, None),
        "text": (skip, None),
        "man": (skip, None),
        "texinfo": (skip, None),
    },
    # <del>, <ins>, <u>, <small> of the post: the element in HTML and EPUB,
    # a line through or under each word (a smaller face) in the PDF, the
    # words alone elsewhere
    markup.marked: {
        "html": (markup.visit_marked, markup.depart_marked),
        EPUB: (markup.visit_marked, markup.depart_marked),
        "latex": (latex_marks.visit_marked, latex_marks.depart_marked),
        "text": TEXT,
        "man": TEXT,
        "texinfo": TEXT,
    },
    # a title's markup for its search result: the site's search only
    markup.search_title: {
        "html": (markup.visit_search_title, None),
        EPUB: (skip, None),
        "latex": (skip, None),
        "text": (skip, None),
        "man": (skip, None),
        "texinfo": (skip, None),
    },
    # an <audio> or <video> playing the book's copy on the site; an
    # edition cannot play it (EPUB's manifest has no media types for it,
    # paper none at all) and shows the file's name (the node's text)
    media.media_player: {
        "html": (media.visit_player, None),
        EPUB: TEXT,
        "latex": TEXT,
        "text": TEXT,
        "man": TEXT,
        "texinfo": TEXT,
    },
    # "see p. 214" after a link to another post of the same volume: the PDF only
    page_reference: {
        "html": (skip, None),
        EPUB: (skip, None),
        "latex": (visit_page_reference, None),
        "text": (skip, None),
    },
}

RESOLVED: dict[type[nodes.Element], str] = {
    term_links: "posts.page.resolve_links (site), editions.links.resolve (editions)",
    permanent_address: "posts.page.resolve_links (site), editions.links.resolve (editions)",
    cite_placeholder: "citations.panel.resolve (site), editions.links.resolve (editions)",
    edition_links: "editions.site.resolve (every build: the links in the site, nothing elsewhere)",
    listing_link: "listing.resolve (every build)",
}


def _by_builder(html: Visit | None, epub: Visit | None) -> Visit | None:
    """One HTML visitor that does what the table says for EPUB in the EPUB
    builder.  (Registering an ``epub`` visitor of its own would make Sphinx
    ignore every other extension's HTML visitors in the EPUB builder.)"""
    if html is epub:
        return html

    def visit(translator: Any, node: nodes.Node) -> None:
        chosen = epub if translator.builder.name == EPUB else html
        if chosen is not None:
            chosen(translator, node)

    return visit


def register(app: Sphinx) -> None:
    for node, by in WRITTEN.items():
        html = (_by_builder(by["html"][0], by[EPUB][0]), _by_builder(by["html"][1], by[EPUB][1]))
        others = {name: handlers for name, handlers in by.items() if name not in ("html", EPUB)}
        app.add_node(node, html=html, **others)  # type: ignore[arg-type]
    for node in RESOLVED:
        app.add_node(node)
