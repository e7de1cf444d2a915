"""A listing page's posts, from the entries its file holds.

A listing page (``book/listings.py``) shows up to 200 posts, each as its
linked title, its date, its categories and its opening sentence: a
1,500-post book has some 8,000 such links on its listing pages.  Written
as Markdown, every link was looked for on disk, made a cross-reference
and resolved by MyST one at a time, and every title parsed: a seventh of
a full build.  The page holds instead one JSON entry a line, which
``PostList`` turns into the same list of nodes directly.  Only what is
MyST goes through MyST's inline parser: a post's opening sentence, and a
title with markup.  Each link is a ``listing_link`` that ``resolve`` makes
a relative link when the page is written, as MyST's would be (the same
HTML).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
CLASSES = ["post-list", "no-search"]  # the posts are searched, not their listing


class listing_link(nodes.Inline, nodes.TextElement):
    """Placeholder for a link to the document ``docname``; its children are the link's text."""


class PostList(SphinxDirective):
    """``archive-post-list``: one JSON entry a line, with ``doc`` and
    ``title`` (or ``heading``, as MyST), and optionally ``date``, ``under``
    with ``terms`` (``[name, docname]`` pairs) and ``summary`` (MyST)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        items = nodes.bullet_list(bullet="-")
        for offset, line in enumerate(self.content):
            try:
                entry = json.loads(line)
                items += nodes.list_item("", nodes.paragraph("", "", *self._item(entry)))
            except (ValueError, KeyError, TypeError) as err:
                lineno = self.content_offset + offset + 1
                raise self.error(f"line {lineno}: not an entry of a post list ({err})") from None
        box = nodes.container("", items, classes=list(CLASSES))
        self.set_source_info(box)
        return [box]

    def _item(self, entry: dict[str, Any]) -> list[nodes.Node]:
        title: list[nodes.Node] = (
            self._myst(entry["heading"]) if "heading" in entry else [nodes.Text(entry["title"])]
        )
        out: list[nodes.Node] = [listing_link("", "", *_unlinked(title), docname=entry["doc"])]
        if "date" in entry:
            out.append(nodes.Text(f" · {entry['date']}"))
        if entry.get("terms"):
            out += [*_line_break(), nodes.Text(f"{entry['under']} ")]
            for number, (name, doc) in enumerate(entry["terms"]):
                if number:
                    out.append(nodes.Text(", "))
                out.append(listing_link("", name, docname=doc))
        if entry.get("summary"):
            out += [*_line_break(), *self._myst(entry["summary"])]
        return out

    def _myst(self, text: str) -> list[nodes.Node]:
        found, messages = self.state.inline_text(text, self.lineno)
        return [*found, *messages]  # (MyST reports none: it warns as it parses)


def _line_break() -> list[nodes.Node]:
    """What MyST makes of a hard line break (``\\`` at a line's end)."""
    return [nodes.raw("", "<br />\n", format="html"), nodes.raw("", "\\\\\n", format="latex")]


def _unlinked(found: list[nodes.Node]) -> list[nodes.Node]:
    """A title's own links as their text: the title is itself the link."""
    box = nodes.Element("", *found)
    for link in list(box.findall(lambda n: isinstance(n, (nodes.reference, addnodes.pending_xref)))):
        assert isinstance(link, nodes.Element)
        link.replace_self(link.children)
    return list(box.children)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: each placeholder as a link relative to the page,
    its text in ``<span class="std std-doc">`` as MyST's."""
    for node in list(doctree.findall(listing_link)):
        target = node["docname"]
        text = nodes.inline("", "", *node.children, classes=["std", "std-doc"])
        if target not in app.env.all_docs:
            logger.warning("a listing links to %r, which is not a page of the book", target, location=node)
            node.replace_self(text)
            continue
        try:
            node.replace_self(make_refnode(app.builder, docname, target, None, text))
        except NoUri:
            node.replace_self(text)
