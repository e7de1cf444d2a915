"""Images an edition's format cannot hold, made into ones it can.

xelatex includes PNG, JPEG and PDF only, and EPUB 3's core media types
leave out WebP: a blog's GIFs and WebPs would stop ``make pdf`` ("Cannot
determine size of graphic") or fail epubcheck.  In an edition's build
each is converted to PNG with Pillow (an animation: its first frame),
through Sphinx's own image converter step.  An image that still cannot
go in (a format neither knows, a file Pillow cannot read) becomes the
marked placeholder the site shows for an image the archive lacks, with
its alt text: the build goes on, and the reader is told.  The site's
pages keep the files as they are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from PIL import Image, UnidentifiedImageError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging
from sphinx.util.images import guess_mimetype

from bindery.sphinxext.posts.images import placeholder
from bindery.sphinxext.site import builds_site

logger = logging.getLogger(__name__)
NOT_IN_EDITION = "Image not in this edition"


class EditionImages(ImageConverter):
    # (a list, as Sphinx's ImageConverter declares it)
    conversion_rules = [("image/gif", "image/png"), ("image/webp", "image/png")]  # noqa: RUF012

    def match(self, node: nodes.image) -> bool:
        return not builds_site(self.app) and super().match(node)

    def is_available(self) -> bool:
        return True  # Pillow is one of bindery's dependencies

    def convert(self, _from: str | os.PathLike[str], _to: str | os.PathLike[str]) -> bool:
        try:
            with Image.open(_from) as image:
                image.seek(0)  # an animation's first frame
                keep_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
                image.convert("RGBA" if keep_alpha else "RGB").save(_to, "PNG")
        except (OSError, UnidentifiedImageError, ValueError) as err:
            logger.info("bindery: %s: not converted for the edition (%s)", _from, err)
            return False
        return True


class UnfitImages(SphinxPostTransform):
    """After the converters: an image the edition's builder still cannot
    include, or whose file is not a readable image (epubcheck refuses a
    corrupt one, xelatex stops on it), becomes a placeholder naming it."""

    default_priority = 210

    def run(self, **kwargs: Any) -> None:
        if builds_site(self.app):
            return
        supported = set(self.app.builder.supported_image_types)
        for image in list(self.document.findall(nodes.image)):
            uri = image["uri"]
            if "://" in uri:
                continue
            path = self.env.srcdir / uri  # (an absolute uri, a converted file's, stays itself)
            if guess_mimetype(path) in supported and _readable(path):
                continue
            lines: list[tuple[str, nodes.Node]] = [("File", nodes.inline("", os.path.basename(uri)))]
            if image.get("alt", "").strip():
                lines.insert(0, ("Alt text", nodes.inline(image["alt"], image["alt"])))
            image.replace_self(placeholder(NOT_IN_EDITION, lines))


def _readable(path: Path) -> bool:
    """A raster image Pillow can read whole; a vector one (SVG, PDF) is taken as it is."""
    if path.suffix.lower() in (".svg", ".svgz", ".pdf"):
        return True
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return False
    return True
