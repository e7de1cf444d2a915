"""``archive-image``: an image of an imported post, never hot-linked.

If the blog's uploads folder was copied into ``raw/uploads/`` (mirroring
``wp-content/uploads/``), the image is taken from there and Sphinx copies
it into the book.  Otherwise the page shows a marked placeholder with the
image's alt text, caption and original address; nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

UPLOADS = "raw/uploads"
MISSING = "Image not preserved in the archive"


def upload_path(url: str) -> str | None:
    """Where an image lives under the uploads folder, from its address:
    ``…/wp-content/uploads/2010/01/a.jpg`` or ``*.files.wordpress.com/2010/01/a.jpg``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # ``http://[oops``, in a hand edit: shown as not kept
        return None
    path = unquote(parts.path)
    if "/wp-content/uploads/" in path:
        rel = path.split("/wp-content/uploads/", 1)[1]
    elif parts.netloc.endswith(".files.wordpress.com"):
        rel = path.lstrip("/")
    else:
        return None
    if not rel or any(part in ("", ".", "..") for part in rel.split("/")):
        return None
    return rel


class ArchiveImage(SphinxDirective):
    has_content = True
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"alt": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        url = self.arguments[0]
        alt = self.options.get("alt", "")
        figure = nodes.figure(classes=["archive-image"])
        self.set_source_info(figure)
        rel = upload_path(url)
        local = Path(self.env.srcdir, UPLOADS, rel) if rel else None
        if local is not None and local.is_file():
            figure += nodes.image(url, uri=f"/{UPLOADS}/{rel}", alt=alt)
            self.env.note_dependency(str(local))
        else:
            figure["classes"].append("archive-image-missing")
            box = nodes.container(classes=["archive-image-placeholder"])
            box += nodes.paragraph(MISSING, MISSING, classes=["archive-figure-missing", "no-search"])
            if alt.strip():
                box += nodes.paragraph(
                    "", "Alt text: ", nodes.inline(alt, alt), classes=["archive-image-alt"]
                )
            box += nodes.paragraph(
                "", "Original address: ", nodes.literal(url, url), classes=["archive-image-address"]
            )
            figure += box
        if self.content:
            caption = nodes.caption()
            inner = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, inner)
            if len(inner) == 1 and isinstance(inner[0], nodes.paragraph):
                caption.extend(inner[0].children)
                figure += caption
            else:
                figure += nodes.legend("", *inner.children)
        return [figure]
