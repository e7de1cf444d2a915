"""Building one volume: ``sphinx-build -b epub|latex -D bindery_edition=KEY``.

With ``bindery_edition`` set, the build plans the volumes from the posts'
front matter (``book/volumes.py``), writes the volume's root document and
its chapters' into ``editions/``, and configures Sphinx to read only
them and the volume's posts (``include_patterns``), with the EPUB and
LaTeX settings of an edition.  So each volume is a small build of its
own, with its own doctree folder: a volume is read again only when its
posts change, and ``bindery editions`` skips a volume whose posts did not.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from bindery.book.generate import write_changed
from bindery.book.volumes import FOLDER, basename, describe, render_volume, volumes_of
from bindery.errors import BinderyError
from bindery.sphinxext.editions import epub, latex
from bindery.sphinxext.generate import CACHE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = "bindery-edition-static"  # in the doctree folder: the cover and the EPUB's style sheet


def configure(app: Sphinx, config: Config) -> None:
    """config-inited: with ``bindery_edition`` set, configure the volume's build."""
    key = config.bindery_edition
    if not key:
        return
    root = Path(app.srcdir)
    try:
        volumes, _ = volumes_of(root, Path(app.doctreedir) / CACHE, config.bindery_volume_posts)
    except BinderyError as err:
        raise SystemExit(str(err)) from None
    volume = next((v for v in volumes if v.key == key), None)
    if volume is None:
        keys = ", ".join(v.key for v in volumes) or "none: the archive has no posts"
        raise SystemExit(f"bindery_edition: the book has no volume {key!r}; its volumes are {keys}")
    blog = config.bindery_blog_name or config.project
    address = config.html_baseurl
    files = render_volume(volume, blog, address)
    stale = sorted(
        p.relative_to(root).as_posix()
        for p in (root / FOLDER / volume.key).glob("*.md")
        if p.relative_to(root).as_posix() not in files
    )
    write_changed(root, files, stale)
    config.root_doc = volume.root_doc
    config.include_patterns = [f"{volume.root_doc}.md", f"{FOLDER}/{volume.key}/*.md"] + [
        f"{doc}.md" for doc in volume.posts
    ]
    config.exclude_patterns = []
    title = f"{blog}: {volume.title}"
    about = describe(volume, blog)
    author = config.bindery_author or config.author or blog
    name = basename(blog, volume.key)
    static = Path(app.doctreedir) / STATIC
    epub.write_static(static, blog, volume.title, volume.span)
    # the site's own static files (scripts, its style sheet) stay out of the edition
    config.html_static_path = [str(static)]
    config.templates_path = [p for p in config.templates_path if not str(p).endswith("sphinxext/templates")]
    # an HTML build of a volume (one page, to print) has the EPUB's plain theme, without the site's sidebar
    config.html_theme = config.epub_theme
    config.html_theme_options = {}
    config.html_sidebars = {}
    # sphinx-notfound-page leaves the EPUB alone; a one-page HTML build gets a plain 404 page
    config.notfound_template = "page.html"
    config.epub_basename = name
    config.epub_title = title
    config.epub_author = author
    config.epub_publisher = blog
    config.epub_copyright = config.copyright or author
    config.epub_description = about
    config.epub_contributor = "bindery"
    config.epub_language = config.language or "en"
    config.epub_scheme = "URL" if address else "UUID"
    config.epub_identifier = (
        f"{address.rstrip('/')}/editions/{volume.key}"
        if address
        else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{blog}/{volume.key}')}"
    )
    config.epub_uid = "BookId"
    config.epub_cover = (f"_static/{epub.COVER}", "epub-cover.html")
    config.epub_show_urls = "footnote"
    config.epub_exclude_files = [".buildinfo.bak"]  # Sphinx's, when the volume's settings changed
    config.epub_tocdepth = 2
    config.epub_use_index = True
    config.version = config.version or "1"
    config.latex_engine = "xelatex"
    config.latex_documents = [(volume.root_doc, f"{name}.tex", title, author, "manual", True)]
    config.latex_show_urls = "footnote"
    config.latex_show_pagerefs = False  # links to posts say "see p. N" (links.page_reference)
    config.latex_use_xindy = False
    config.latex_toplevel_sectioning = "chapter"
    config.latex_elements = latex.latex_elements(blog, volume.title, about, address)
