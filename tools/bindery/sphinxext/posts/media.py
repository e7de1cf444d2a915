"""Galleries, players and embeds of imported posts; nothing loaded from elsewhere.

- ``archive-gallery``: its images (``archive-image``) in a grid of
  ``:columns:``, the gallery's caption under them.
- ``archive-media``: an audio or video file, played from the book's copy
  of the blog's uploads (``raw/uploads/``, copied into the book as Sphinx
  copies downloads), else a marked placeholder with the file's name and
  original address.
- ``archive-embed``: what a post embedded from another site (a video, a
  tweet, a map): a card naming the provider, with the title and the words
  the export kept, and a link.  No frame, no script: the page loads
  nothing from the provider.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote, unquote, urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from bindery.archive.uploads import local_copy
from bindery.sphinxext.posts.images import add_caption, placeholder

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

MISSING = {"audio": "Audio not preserved in the archive", "video": "Video not preserved in the archive"}


class ArchiveGallery(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"columns": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        columns = self.options.get("columns", "3").strip()
        columns = columns if columns.isdigit() and 0 < int(columns) < 10 else "3"
        box = nodes.container(classes=["archive-gallery", f"archive-gallery-columns-{columns}"])
        self.set_source_info(box)
        inner = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, inner)
        grid = nodes.container(classes=["archive-gallery-items"])
        caption = nodes.container(classes=["archive-gallery-caption"])
        for child in inner.children:
            (grid if isinstance(child, nodes.figure) else caption).append(child)
        box += grid
        if len(caption):
            box += caption
        return [box]


class media_player(addnodes.download_reference):
    """An ``<audio>`` or ``<video>`` playing the book's copy of a file: Sphinx
    copies it into the book (``_downloads/``) as it copies any download."""


def visit_player(translator: HTML5Translator, node: media_player) -> None:
    if "filename" not in node:  # (Sphinx could not read the copy: it said so)
        raise nodes.SkipNode
    src = posixpath.join(translator.builder.dlpath, quote(node["filename"]))
    kind = node["kind"]
    label = translator.attval(node["label"])
    translator.body.append(
        f'<{kind} class="archive-media-player" controls preload="metadata" src="{translator.attval(src)}"'
        f' aria-label="{label}"></{kind}>'
    )
    raise nodes.SkipNode


def file_name(url: str) -> str:
    try:
        return posixpath.basename(unquote(urlsplit(url).path)) or url
    except ValueError:
        return url


class ArchiveMedia(SphinxDirective):
    has_content = True
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "kind": lambda value: directives.choice(value, ("audio", "video")),
        "sources": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        url = self.arguments[0]
        kind = self.options.get("kind", "audio")
        addresses = [url, *self.options.get("sources", "").split()]
        figure = nodes.figure(classes=["archive-media", f"archive-media-{kind}"])
        self.set_source_info(figure)
        local = local_copy(Path(self.env.srcdir), addresses)
        if local is not None:
            # its text is what an edition, which cannot play it, shows
            name = file_name(url)
            figure += media_player("", name, reftarget=f"/{local}", kind=kind, label=name)
        else:
            figure["classes"].append("archive-image-missing")
            lines: list[tuple[str, nodes.Node]] = [
                ("File", nodes.inline(file_name(url), file_name(url))),
                ("Original address", nodes.literal(url, url)),
            ]
            figure += placeholder(MISSING[kind], lines)
        add_caption(self, figure)
        return [figure]


class ArchiveEmbed(SphinxDirective):
    """A card for what a post embedded from another site."""

    has_content = True
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "provider": directives.unchanged,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        url = self.arguments[0]
        provider = " ".join(self.options.get("provider", "").split())
        title = " ".join(self.options.get("title", "").split())
        card = nodes.figure(classes=["archive-embed"])
        self.set_source_info(card)
        # The card's own lines in one block, then its caption: a figure's
        # writer (docutils) takes whatever follows its first child to be
        # in the caption, and closes one that was never opened.
        body = nodes.container(classes=["archive-embed-body"])
        card += body
        if provider:
            label = f"Embedded from {provider}"
            body += nodes.paragraph(label, label, classes=["archive-embed-provider", "no-search"])
        if title:
            body += nodes.paragraph(title, "", nodes.inline(title, title), classes=["archive-embed-title"])
        link = nodes.reference(url, url, refuri=url)
        body += nodes.paragraph("", "", link, classes=["archive-embed-link"])
        if self.content:
            inner = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, inner)
            quotes = [n for n in inner.children if isinstance(n, nodes.block_quote)]
            for node in quotes:
                node["classes"].append("archive-embed-quote")
                body += node
            rest = [n for n in inner.children if not isinstance(n, nodes.block_quote)]
            if len(rest) == 1 and isinstance(rest[0], nodes.paragraph):
                card += nodes.caption("", "", *rest[0].children)
            elif rest:
                card += nodes.legend("", *rest)
        return [card]
