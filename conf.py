"""Sphinx configuration for the China Bystander archive."""

from __future__ import annotations

project = "China Bystander: Technology archive"
author = "China Bystander"
copyright = "China Bystander; this archive copies the blog's text unchanged"

# The one place the public address lives: canonical links, the sitemap,
# permanent addresses and citations are all built from it.
html_baseurl = "https://chinabystander-archive.example/"

# Used by citations and metadata: the blog, and its author as citations name them.
bindery_blog_name = "China Bystander"
bindery_author = "China Bystander"
bindery_blog_url = "https://chinabystander.wordpress.com/"

extensions = [
    "myst_parser",
    "sphinx_design",
    "bindery.sphinxext",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
include_patterns = [
    "index.md",
    "pages/*.md",
    "posts/*.md",
    "posts/page/*.md",
    "categories/*.md",
    "categories/*/*.md",
]
# Landing-page fragments, included by index.md.
exclude_patterns = ["categories/_*.md"]

# Fidelity: archive text stays text.  The importer's escaping
# (tools/bindery/myst.py) assumes exactly these settings: no MyST syntax
# extensions, and no typographic rewriting of quotes, dashes or dots.
myst_enable_extensions: list[str] = []
smartquotes = False

html_theme = "sphinx_book_theme"
html_title = "China Bystander: Technology"
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_sidebars = {"**": ["navbar-logo.html", "search-button-field.html", "bindery-nav.html"]}
html_theme_options = {
    "article_header_start": ["toggle-primary-sidebar.html", "breadcrumbs.html"],
    "use_download_button": False,
    "show_prev_next": True,
    "show_toc_level": 1,
    "secondary_sidebar_items": [],
}
