"""Sphinx extension that binds the archive's posts into a book.

``setup()`` only registers; each concern lives in its own module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import posts
from .figure import ArchiveFigure

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).parent


def _add_paths(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("archive-figure", ArchiveFigure)
    app.add_node(posts.category_links)
    app.connect("config-inited", _add_paths)
    app.connect("env-before-read-docs", posts.init_env)
    app.connect("env-purge-doc", posts.purge_doc)
    app.connect("env-merge-info", posts.merge_info)
    app.connect("doctree-read", posts.read_doc, priority=600)  # after the metadata collector
    app.connect("env-updated", posts.update_order)
    app.connect("doctree-resolved", posts.resolve_links)
    app.connect("html-page-context", posts.page_context, priority=900)  # after the theme's
    app.add_css_file("bindery.css")
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
