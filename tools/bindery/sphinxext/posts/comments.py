"""Comments and linkbacks from a WordPress export, as the post's MyST keeps them.

Each comment is an ``archive-comment`` directive after the post's text, so
a maintainer can fix or remove one by hand.  They are written flat, in
order, each naming the comment it answers (``:parent:``); here replies
are nested under what they answer, and pingbacks and trackbacks
(``archive-linkback``) are gathered into a "Linked from" list.  Links
written by commenters carry ``rel="nofollow ugc"``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bindery.dates import ArchiveDate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

COMMENT, LINKBACK = "archive-comment", "archive-linkback"


class ugc_reference(nodes.reference):
    """A link a commenter wrote: the page does not vouch for it."""


def _when(date: str | None) -> str:
    if not date:
        return ""
    try:
        return ArchiveDate.parse(date).long()
    except ValueError:
        return date


class ArchiveComment(SphinxDirective):
    """One approved comment: its author's name, its date, its text."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "author": directives.unchanged,
        "date": directives.unchanged,
        "id": directives.unchanged,
        "parent": directives.unchanged,
    }
    kind = COMMENT

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=[self.kind])
        self.set_source_info(box)
        ident = self.options.get("id", "").strip()
        if ident:
            box["ids"].append(nodes.make_id(f"comment-{ident}"))  # WordPress's own #comment-123
        box["comment_id"] = ident
        box["comment_parent"] = self.options.get("parent", "").strip()
        author = self.options.get("author", "").strip() or "Anonymous"
        meta = nodes.paragraph(classes=["comment-meta"])
        name: nodes.Node = nodes.strong(author, author, classes=["comment-author"])
        url = self.arguments[0] if self.arguments else ""
        if url:
            name = ugc_reference("", "", name, refuri=url)
        meta += name
        when = _when(self.options.get("date"))
        if when:
            meta += nodes.Text(" · ")
            meta += nodes.inline(when, when, classes=["comment-date"])
        box += meta
        body = nodes.container(classes=["comment-text"])
        self.state.nested_parse(self.content, self.content_offset, body)
        box += body
        return [box]


class ArchiveLinkback(ArchiveComment):
    """A pingback or trackback: the page that linked to the post."""

    kind = LINKBACK


def gather(app: Sphinx, doctree: nodes.document) -> None:
    """Nest replies under their parents; group comments and linkbacks."""
    comments = [n for n in doctree.findall(nodes.container) if COMMENT in n["classes"]]
    linkbacks = [n for n in doctree.findall(nodes.container) if LINKBACK in n["classes"]]
    for box in (*comments, *linkbacks):
        for ref in list(box.findall(nodes.reference)):
            if not isinstance(ref, ugc_reference) and ref.get("refuri"):
                ref.replace_self(ugc_reference(ref.rawsource, "", *ref.children, **ref.attributes))
    _group(comments, "Comments", "archive-comments", nest=True)
    _group(linkbacks, "Linked from", "archive-linkbacks", nest=False)


def _group(boxes: Sequence[nodes.Element], title: str, cls: str, nest: bool) -> None:
    if not boxes:
        return
    first = boxes[0]
    group = nodes.container(classes=[cls])
    group += nodes.rubric(title, title)
    first.parent.replace(first, group)
    for box in boxes:
        if box.parent is not None and box is not first:
            box.parent.remove(box)
    # a reply nests under a comment written before it (WordPress numbers a
    # reply after what it answers): parents that answer each other, from a
    # damaged export or a hand edit, could otherwise take both off the page
    earlier: dict[str, nodes.Element] = {}
    for box in boxes:
        parent = earlier.get(box["comment_parent"]) if nest else None
        (group if parent is None else parent).append(box)
        if box["comment_id"]:
            earlier.setdefault(box["comment_id"], box)


def visit_ugc(translator: HTML5Translator, node: ugc_reference) -> None:
    translator.body.append(
        translator.starttag(
            node, "a", "", href=node["refuri"], rel="nofollow ugc", CLASS="reference external"
        )
    )


def depart_ugc(translator: HTML5Translator, node: ugc_reference) -> None:
    translator.body.append("</a>")


def visit_plain(translator: nodes.NodeVisitor, node: ugc_reference) -> None:
    translator.visit_reference(node)  # type: ignore[attr-defined]


def depart_plain(translator: nodes.NodeVisitor, node: ugc_reference) -> None:
    translator.depart_reference(node)  # type: ignore[attr-defined]
