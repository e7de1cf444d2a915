"""The EPUB edition: Sphinx's EPUB 3 builder with its own plain theme
(no script, no web page around the text), a style sheet for the archive's
own blocks, and a cover made from the title, as SVG (EPUB 3 allows an
SVG cover; nothing is fetched, no image library is needed).
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

COVER = "bindery-cover.svg"
STYLE = "bindery-edition.css"
CSS = """\
/* The archive's own blocks in the EPUB edition. */
p.post-date, div.post-address { font-size: 0.9em; margin-top: 0; }
div.post-address a { word-break: break-all; }
div.post-colophon { font-size: 0.9em; margin-top: 2em; border-top: 1px solid #999; }
div.archive-comments, div.archive-linkbacks { font-size: 0.85em; margin-top: 2em; }
div.archive-comment, div.archive-linkback { margin: 0.8em 0 0.8em 1em; }
p.comment-meta { margin-bottom: 0.2em; }
figure.archive-figure, figure.archive-image-missing, div.figure.archive-figure {
  border: 1px dashed #888; padding: 0.4em 0.6em; margin: 1em 0;
}
p.archive-figure-missing { font-size: 0.85em; font-style: italic; margin: 0; }
p.archive-image-address code { word-break: break-all; }
p, li { overflow-wrap: break-word; }
div.epub-cover { text-align: center; }
div.epub-cover img { max-width: 100%; max-height: 100%; }
"""


def cover_svg(blog: str, title: str, span: str) -> str:
    """A plain cover: the blog's name, the volume's title, its years."""
    lines = textwrap.wrap(blog, 22) or [blog]
    texts = []
    y = 330
    for line in lines[:6]:
        texts.append(f'<text x="400" y="{y}" class="blog">{escape(line)}</text>')
        y += 78
    y += 40
    for line in (textwrap.wrap(title, 30) or [title])[:3]:
        texts.append(f'<text x="400" y="{y}" class="title">{escape(line)}</text>')
        y += 56
    if span and span != title:
        texts.append(f'<text x="400" y="{y + 20}" class="span">{escape(span)}</text>')
    body = "\n  ".join(texts)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 800 1200" width="800" height="1200">
  <title>{escape(blog)}: {escape(title)}</title>
  <style>
    text {{ font-family: serif; text-anchor: middle; fill: #1d2733; }}
    .blog {{ font-size: 64px; font-weight: bold; }}
    .title {{ font-size: 44px; }}
    .span {{ font-size: 36px; fill: #5a4630; }}
  </style>
  <rect width="800" height="1200" fill="#f4efe4"/>
  <rect x="40" y="40" width="720" height="1120" fill="none" stroke="#5a4630" stroke-width="4"/>
  <rect x="56" y="56" width="688" height="1088" fill="none" stroke="#5a4630" stroke-width="1"/>
  {body}
  <text x="400" y="1090" class="span" style="font-size: 28px">An archive</text>
</svg>
"""


def write_static(folder: Path, blog: str, title: str, span: str) -> None:
    """The cover and the style sheet, where the EPUB builder copies static files from."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((COVER, cover_svg(blog, title, span)), (STYLE, CSS)):
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def add_style(app: Sphinx) -> None:
    """builder-inited: the EPUB's pages link the edition's style sheet."""
    if app.config.bindery_edition and app.builder.name == "epub":
        app.add_css_file(STYLE)


class EditionEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with two of its metadata files mended:
    ``toc.ncx`` names the book by its identifier, as epubcheck requires
    (Sphinx writes the identifier's XML id there), and the cover image is
    marked ``cover-image``, as EPUB 3 readers look for it."""

    def add_visible_links(self, tree: nodes.document, show_urls: str = "inline") -> None:
        """Sphinx adds a "Footnotes" heading to every page when it shows
        addresses as footnotes; a page without any keeps none."""
        super().add_visible_links(tree, show_urls)
        for rubric in list(tree.findall(nodes.rubric)):
            parent = rubric.parent
            after = parent[parent.index(rubric) + 1 :]
            if rubric.astext() == "Footnotes" and not any(isinstance(n, nodes.footnote) for n in after):
                parent.remove(rubric)

    def build_toc(self) -> None:
        super().build_toc()
        path = self.outdir / "toc.ncx"
        uid = html.escape(self.config.epub_uid)
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(
                f'name="dtb:uid" content="{uid}"',
                f'name="dtb:uid" content="{html.escape(self.config.epub_identifier)}"',
            ),
            encoding="utf-8",
        )

    def build_content(self) -> None:
        super().build_content()
        if not self.config.epub_cover:
            return
        path = self.outdir / "content.opf"
        href = html.escape(self.config.epub_cover[0])
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(
                rf'(<item [^>]*href="{re.escape(href)}"[^>]*?) ?/>', r'\1 properties="cover-image" />', text
            ),
            encoding="utf-8",
        )
