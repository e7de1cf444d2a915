"""``archive-image``: an image of an imported post, never hot-linked.

If the blog's uploads folder was copied into ``raw/uploads/`` (mirroring
``wp-content/uploads/``), the image is taken from there and Sphinx copies
it into the book: the largest of its addresses (its argument, then its
``:sources:``, as the importer lists them) that the copy holds.
Otherwise the page shows a marked placeholder with the image's alt text,
caption and original address; nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bindery.archive.uploads import UPLOADS, local_copy, upload_path

__all__ = ["UPLOADS", "ArchiveImage", "upload_path"]

MISSING = "Image not preserved in the archive"


def add_caption(directive: SphinxDirective, figure: nodes.Element) -> None:
    """The directive's content under ``figure``: one paragraph as its
    caption, more as its legend."""
    if not directive.content:
        return
    inner = nodes.container()
    directive.state.nested_parse(directive.content, directive.content_offset, inner)
    if len(inner) == 1 and isinstance(inner[0], nodes.paragraph):
        caption = nodes.caption()
        caption.extend(inner[0].children)
        figure += caption
    elif len(inner):
        figure += nodes.legend("", *inner.children)


def placeholder(marker: str, lines: list[tuple[str, nodes.Node]]) -> nodes.container:
    """A marked box saying what the archive does not hold: a marker (not
    indexed for search), then labelled lines (``Original address: …``)."""
    box = nodes.container(classes=["archive-image-placeholder"])
    box += nodes.paragraph(marker, marker, classes=["archive-figure-missing", "no-search"])
    for label, value in lines:
        cls = "archive-image-address" if isinstance(value, nodes.literal) else "archive-image-alt"
        box += nodes.paragraph("", f"{label}: ", value, classes=[cls])
    return box


class ArchiveImage(SphinxDirective):
    has_content = True
    optional_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "alt": directives.unchanged,
        "sources": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        url = self.arguments[0] if self.arguments else ""
        alt = self.options.get("alt", "")
        addresses = [u for u in [url, *self.options.get("sources", "").split()] if u]
        figure = nodes.figure(classes=["archive-image"])
        self.set_source_info(figure)
        local = local_copy(Path(self.env.srcdir), addresses)
        if local is not None:
            figure += nodes.image(url, uri=f"/{local}", alt=alt)
            self.env.note_dependency(str(Path(self.env.srcdir, local)))
        else:
            figure["classes"].append("archive-image-missing")
            lines: list[tuple[str, nodes.Node]] = []
            if alt.strip():
                lines.append(("Alt text", nodes.inline(alt, alt)))
            if url:
                lines.append(("Original address", nodes.literal(url, url)))
            figure += placeholder(MISSING, lines)
        add_caption(self, figure)
        return [figure]
