"""Addresses that keep working: redirects, the sitemap, the manifest check.

Every address in the manifest (``addresses.txt``) must be served by the
build, as a page or as a redirect.  Redirects come from a post's
``old_slugs`` and from manifest lines ``old.html -> new.html``; each is an
HTML page that sends the reader on at once, so old citations work on any
static host.  Both the redirects and the sitemap are made from the whole
environment, so an incremental build writes them complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from sphinx.util import logging

from ..addresses import MANIFEST, Manifest
from ..store import POSTS
from .posts import archive, page_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
REDIRECT_TEMPLATE = "bindery-redirect.html"
SITEMAP = "sitemap.xml"


def _docname(address: str) -> str:
    return address.removesuffix(".html")


def redirects(app: Sphinx) -> dict[str, str]:
    """Old docname → the docname it now lives at."""
    env = app.env
    posts = archive(env).posts
    out: dict[str, str] = {}
    for doc, info in posts.items():
        for old in info.old_slugs:
            out[f"{POSTS}/{old}"] = doc
    for old, new in Manifest.load(Path(app.srcdir)).moves.items():
        out[_docname(old)] = _docname(new)
    return out


def redirect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Pages for ``html-collect-pages``: one per old address."""
    env = app.env
    for old, new in sorted(redirects(app).items()):
        if old in env.found_docs:
            logger.warning("%s.html is a page and cannot also redirect to %s.html", old, new)
            continue
        if new not in env.found_docs:
            logger.warning("%s.html redirects to %s.html, which is not a page", old, new)
            continue
        context = {
            "target": app.builder.get_relative_uri(old, new),
            "canonical": page_url(app.config.html_baseurl, f"{new}.html"),
            "target_title": env.titles[new].astext() if new in env.titles else new,
        }
        yield old, context, REDIRECT_TEMPLATE


def served(app: Sphinx) -> set[str]:
    """Addresses this build serves: its pages and its redirects."""
    pages = {f"{doc}.html" for doc in app.env.found_docs}
    return pages | {f"{old}.html" for old in redirects(app)} | {"search.html", "genindex.html"}


def check_manifest(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    manifest = Manifest.load(Path(app.srcdir))
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
    path = Path(app.outdir) / SITEMAP
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
