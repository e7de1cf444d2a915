"""Sphinx extension that binds the archive's posts into a book.

``setup()`` only registers; each concern lives in its own module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..myst import FIGURE_DIRECTIVE
from . import addresses, anchors, assets, citation, description, posts, search
from .figure import ArchiveFigure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent


def _add_paths(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))
    # Without it the theme's script reads an empty mode on a first visit and
    # logs "Got invalid theme mode" to the console.
    config.html_context.setdefault("default_mode", "auto")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("bindery_blog_name", "", "env", str)
    app.add_config_value("bindery_blog_url", "", "env", str)
    app.add_config_value("bindery_author", "", "env", str)
    app.add_search_language(search.CachedEnglish)
    app.add_directive(FIGURE_DIRECTIVE, ArchiveFigure)
    app.add_node(posts.category_links)
    app.add_node(
        anchors.paragraph_link,
        html=(anchors.visit_html, None),
        latex=(anchors.skip, None),
        text=(anchors.skip, None),
        man=(anchors.skip, None),
        texinfo=(anchors.skip, None),
    )
    app.connect("config-inited", _add_paths)
    app.connect("env-purge-doc", posts.purge_doc)
    app.connect("env-merge-info", posts.merge_info)
    app.connect("doctree-read", posts.read_doc, priority=600)  # after the metadata collector
    app.connect("doctree-read", citation.add_panel, priority=610)
    app.connect("env-updated", posts.update_order)
    app.connect("doctree-resolved", posts.resolve_links)
    # before the theme renders its sidebars, after it sets the titles
    app.connect("html-page-context", posts.page_context, priority=400)
    app.connect("html-page-context", posts.escape_titles, priority=900)
    app.connect("html-page-context", citation.page_context)
    app.connect("html-page-context", assets.page_context)
    app.connect("html-page-context", description.page_context)
    app.connect("html-page-context", search.page_context)
    app.connect("html-collect-pages", addresses.redirect_pages)
    app.connect("build-finished", addresses.write_sitemap)
    app.connect("build-finished", addresses.check_manifest)
    app.connect("build-finished", citation.write_catalogue)
    app.connect("build-finished", search.write_index)
    app.connect("build-finished", assets.write_trimmed)
    app.add_css_file("bindery.css")
    app.add_js_file("bindery.js", loading_method="defer")
    return {"version": "1", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
