"""Addresses that keep working: the sitemap and the manifest check.

Every address in the manifest (``addresses.txt``) must be served by the
build, as a page or as a redirect (redirects.py).  The sitemap is made
from the whole environment, so an incremental build writes it complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from sphinx.util import logging

from bindery.archive.manifest import MANIFEST
from bindery.archive.textfile import write_if_changed
from bindery.sphinxext.addresses.redirects import redirects
from bindery.sphinxext.posts.page import page_url
from bindery.sphinxext.state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
SITEMAP = "sitemap.xml"


def served(app: Sphinx) -> set[str]:
    """Addresses this build serves: its pages and its redirects."""
    pages = {f"{doc}.html" for doc in app.env.found_docs}
    return pages | set(redirects(app)) | {"search.html", "genindex.html"}


def check_manifest(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    manifest = book(app.env).manifest
    serving = served(app)
    for address in sorted(manifest.addresses - serving, key=manifest.lines.__getitem__):
        logger.warning(
            "%s is in the manifest but no longer served: restore the page or add a redirect "
            "('%s -> new.html')",
            address,
            address,
            location=f"{Path(app.srcdir) / MANIFEST}:{manifest.lines[address]}",
        )


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sitemap.xml of every page, from the environment (not only the pages
    written by this build, as sphinx-sitemap does: its issue #13)."""
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = ElementTree.Element("urlset", xmlns=namespace)
    for doc in sorted(app.env.found_docs):
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = page_url(app.config.html_baseurl, f"{doc}.html")
    ElementTree.indent(root)
    text = ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
    write_if_changed(Path(app.outdir) / SITEMAP, text)
