"""``archive-figure``: the caption of an image the archive does not hold."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

MISSING = "Image not preserved in the archive"


class ArchiveFigure(SphinxDirective):
    """A figure whose image was lost when the blog was copied: the caption
    is shown as the blog showed it, under a marker saying so."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        figure = nodes.figure(classes=["archive-figure"])
        self.set_source_info(figure)
        marker = nodes.paragraph(MISSING, MISSING, classes=["archive-figure-missing", "no-search"])
        text, messages = self.parse_inline("\n".join(self.content), lineno=self.content_offset + 1)
        figure += marker
        figure += nodes.caption("", "", *text)
        return [figure, *messages]
