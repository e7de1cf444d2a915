"""Sphinx extension that binds the archive's posts into a book.

``setup()`` only registers; each concern lives in its own module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bindery.book.listings import POST_LIST
from bindery.book.volumes import MAX_POSTS
from bindery.markup.myst import FIGURE_DIRECTIVE
from bindery.sphinxext import (
    assets,
    buildlock,
    feeds,
    generate,
    guard,
    identity,
    listing,
    nodes,
    notfound,
    parallel,
    theme,
    unfinished,
)
from bindery.sphinxext.addresses import manifest as addresses
from bindery.sphinxext.addresses import oldlinks, redirects
from bindery.sphinxext.citations import description
from bindery.sphinxext.citations import panel as citation
from bindery.sphinxext.editions import config as editions
from bindery.sphinxext.editions import epub, links
from bindery.sphinxext.editions import images as edition_images
from bindery.sphinxext.editions import site as edition_site
from bindery.sphinxext.editions.latex import EditionLaTeXTranslator
from bindery.sphinxext.posts import comments, markup, media
from bindery.sphinxext.posts import page as posts
from bindery.sphinxext.posts.figure import ArchiveFigure
from bindery.sphinxext.posts.images import ArchiveImage
from bindery.sphinxext.search import build as search_build
from bindery.sphinxext.search import page as search
from bindery.sphinxext.search.index import SHARD_PAGES
from bindery.sphinxext.site import builds_site, site_only

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
    # The theme would shorten the text of links to GitHub and GitLab
    # (``https://github.com/user/repo`` shown as ``user/repo``): the book
    # shows the words the author wrote.
    config.html_theme_options = {**config.html_theme_options, "shorten_urls": False}
    # A post's footnotes are set where its footnotes block stands, inside
    # the post (MyST would move them after the comments, out of its section).
    config.myst_footnote_sort = False


def _add_assets(app: Sphinx) -> None:
    """The site's own style sheet and script (not an edition's)."""
    if builds_site(app):
        app.add_css_file("bindery.css")
        app.add_js_file("bindery.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("notfound.extension")  # 404.html (notfound.py); its handlers run before ours
    app.add_config_value("bindery_blog_name", "", "env", str)
    app.add_config_value("bindery_blog_url", "", "env", str)
    app.add_config_value("bindery_author", "", "env", str)
    app.add_config_value("bindery_old_addresses", True, "env", bool)
    # authors' names written family name first in Latin letters ("Xi Jinping"), for citations
    app.add_config_value("bindery_family_first", [], "env", list)
    # about this many posts in one shard of the search index (search_index.py)
    app.add_config_value("bindery_search_shard_pages", SHARD_PAGES, "", int)
    # the volume an EPUB or LaTeX build makes (sphinxext/editions); "" builds the site
    app.add_config_value("bindery_edition", "", "env", str)
    app.add_config_value("bindery_volume_posts", MAX_POSTS, "env", int)  # at most this many posts a volume
    # where `bindery editions` puts the editions, for the site to link them (editions/site.py)
    app.add_config_value("bindery_editions_dir", "_build/editions", "", str)
    app.add_directive(FIGURE_DIRECTIVE, ArchiveFigure)
    app.add_directive(POST_LIST, listing.PostList)
    app.add_directive("archive-image", ArchiveImage)
    app.add_directive("archive-gallery", media.ArchiveGallery)
    app.add_directive("archive-media", media.ArchiveMedia)
    app.add_directive("archive-embed", media.ArchiveEmbed)
    app.add_directive(markup.TERMS, markup.ArchiveTerms)
    for role, tag in markup.TAGS.items():
        app.add_role(role, markup.marked_role(tag))
    app.add_role(markup.ANCHOR, markup.anchor_role)
    app.add_transform(markup.InPageLinks)
    app.add_directive(comments.COMMENT, comments.ArchiveComment)
    app.add_directive(comments.LINKBACK, comments.ArchiveLinkback)
    nodes.register(app)  # what each builder does with each node of the extension: nodes.py
    parallel.freeze_heap_for_forks()
    app.connect("config-inited", buildlock.hold, priority=100)
    app.connect("config-inited", guard.check_settings)
    app.connect("config-inited", identity.check_blog_file)
    app.connect("config-inited", _add_paths)
    app.connect("config-inited", notfound.configure)
    app.connect("config-inited", unfinished.refuse_unfinished_write)
    app.connect("config-inited", editions.configure)
    app.set_translator("latex", EditionLaTeXTranslator)
    app.add_builder(epub.EditionEpubBuilder, override=True)
    app.add_post_transform(links.OtherVolumes)
    app.add_post_transform(edition_images.EditionImages)
    app.add_post_transform(edition_images.UnfitImages)
    app.add_transform(links.IndexEntries)
    app.connect("builder-inited", generate.generate)
    app.connect("builder-inited", search.without_sphinx_index)
    app.connect("builder-inited", site_only(assets.start_build))
    app.connect("builder-inited", _add_assets)
    app.connect("builder-inited", theme.templates_fixed_for_the_build)
    app.connect("builder-inited", epub.add_style)
    app.connect("env-purge-doc", citation.purge_doc)
    app.connect("env-merge-info", citation.merge_info)
    app.connect("source-read", posts.literal_author)
    app.connect("doctree-read", posts.read_doc, priority=600)  # after the metadata collector
    app.connect("doctree-read", citation.add_panel, priority=610)
    app.connect("doctree-read", comments.gather, priority=550)
    app.connect("doctree-read", markup.note_title)
    app.connect("doctree-read", edition_site.mark_pages, priority=660)
    app.connect("env-updated", oldlinks.collect)
    app.connect("doctree-resolved", oldlinks.resolve)
    app.connect("env-before-read-docs", parallel.before_read)
    app.connect("env-updated", parallel.after_read, priority=100)
    app.connect("write-started", parallel.before_write)
    # pages of the site to write again (an edition reads only its volume's posts)
    app.connect("env-updated", site_only(posts.update_order, []))
    app.connect("env-updated", site_only(citation.pages_citing_changed_posts, []))
    app.connect("env-updated", edition_site.pages_to_rewrite)
    app.connect("doctree-resolved", links.resolve, priority=400)  # an edition's, before the site's
    app.connect("doctree-resolved", posts.resolve_links)
    app.connect("doctree-resolved", listing.resolve)
    app.connect("doctree-resolved", site_only(citation.resolve))
    app.connect("doctree-resolved", edition_site.resolve)
    app.connect("doctree-resolved", site_only(assets.note_written))
    # before the theme renders its sidebars, after it sets the titles
    app.connect("html-page-context", site_only(posts.page_context), priority=400)
    app.connect("html-page-context", site_only(posts.escape_titles), priority=900)
    app.connect("html-page-context", site_only(citation.page_context))
    app.connect("html-page-context", site_only(feeds.page_context))
    app.connect("html-page-context", site_only(redirects.page_context))
    app.connect("html-page-context", site_only(assets.page_context))
    app.connect("html-page-context", site_only(description.page_context))
    app.connect("html-page-context", site_only(search.page_context))
    app.connect("html-page-context", site_only(notfound.page_context), priority=500)
    # Pagefind indexes the posts while the rest is written
    app.connect("html-collect-pages", site_only(search_build.start, ()), priority=100)
    app.connect("html-collect-pages", site_only(search.search_page, ()))
    app.connect("build-finished", parallel.after_write)
    app.connect("build-finished", site_only(redirects.write_redirects))
    app.connect("build-finished", site_only(addresses.write_sitemap))
    app.connect("build-finished", site_only(addresses.check_manifest))
    app.connect("build-finished", site_only(citation.write_catalogue))
    app.connect("build-finished", site_only(feeds.write_feeds))
    app.connect("build-finished", site_only(posts.write_counts))
    app.connect("build-finished", site_only(assets.write_trimmed))
    app.connect("build-finished", edition_site.copy_files)
    app.connect("build-finished", site_only(search_build.finish), priority=900)  # waits for Pagefind
    return {"version": "2", "env_version": 7, "parallel_read_safe": True, "parallel_write_safe": True}
