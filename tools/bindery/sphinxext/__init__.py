"""Sphinx extension that binds the archive's posts into a book.

``setup()`` only registers; each concern lives in its own module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bindery.markup.myst import FIGURE_DIRECTIVE
from bindery.sphinxext import (
    assets,
    buildlock,
    feeds,
    generate,
    guard,
    identity,
    notfound,
    parallel,
    unfinished,
)
from bindery.sphinxext.addresses import manifest as addresses
from bindery.sphinxext.addresses import oldlinks, redirects
from bindery.sphinxext.citations import description
from bindery.sphinxext.citations import panel as citation
from bindery.sphinxext.posts import anchors, comments, markup, media
from bindery.sphinxext.posts import page as posts
from bindery.sphinxext.posts.figure import ArchiveFigure
from bindery.sphinxext.posts.images import ArchiveImage
from bindery.sphinxext.search import build as search_build
from bindery.sphinxext.search import page as search
from bindery.sphinxext.search.index import SHARD_PAGES

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
    app.add_directive(FIGURE_DIRECTIVE, ArchiveFigure)
    app.add_directive("archive-image", ArchiveImage)
    app.add_directive("archive-gallery", media.ArchiveGallery)
    app.add_directive("archive-media", media.ArchiveMedia)
    app.add_directive("archive-embed", media.ArchiveEmbed)
    app.add_directive(markup.TERMS, markup.ArchiveTerms)
    for role, tag in markup.TAGS.items():
        app.add_role(role, markup.marked_role(tag))
    app.add_role(markup.ANCHOR, markup.anchor_role)
    app.add_transform(markup.InPageLinks)
    through = (markup.pass_through, markup.pass_through)
    app.add_node(
        markup.marked,
        html=(markup.visit_marked, markup.depart_marked),
        latex=through,
        text=through,
        man=through,
        texinfo=through,
    )
    app.add_node(
        markup.search_title,
        html=(markup.visit_search_title, None),
        latex=(markup.skip_search_title, None),
        text=(markup.skip_search_title, None),
        man=(markup.skip_search_title, None),
        texinfo=(markup.skip_search_title, None),
    )
    app.add_node(
        media.media_player,
        html=(media.visit_player, None),
        latex=(media.skip_player, None),
        text=(media.skip_player, None),
        man=(media.skip_player, None),
        texinfo=(media.skip_player, None),
    )
    app.add_directive(comments.COMMENT, comments.ArchiveComment)
    app.add_directive(comments.LINKBACK, comments.ArchiveLinkback)
    plain = (comments.visit_plain, comments.depart_plain)
    app.add_node(
        comments.ugc_reference, html=(comments.visit_ugc, comments.depart_ugc), latex=plain, text=plain
    )
    app.add_node(posts.term_links)
    app.add_node(posts.permanent_address)
    app.add_node(citation.cite_placeholder)
    app.add_node(
        posts.archive_time,
        html=(posts.visit_time, posts.depart_time),
        latex=(anchors.skip_node, anchors.skip_node),
        text=(anchors.skip_node, anchors.skip_node),
    )
    app.add_node(
        anchors.paragraph_link,
        html=(anchors.visit_html, None),
        latex=(anchors.skip, None),
        text=(anchors.skip, None),
        man=(anchors.skip, None),
        texinfo=(anchors.skip, None),
    )
    app.connect("config-inited", buildlock.hold, priority=100)
    app.connect("config-inited", guard.check_settings)
    app.connect("config-inited", identity.check_blog_file)
    app.connect("config-inited", _add_paths)
    app.connect("config-inited", notfound.configure)
    app.connect("config-inited", unfinished.refuse_unfinished_write)
    app.connect("builder-inited", generate.generate)
    app.connect("builder-inited", search.without_sphinx_index)
    app.connect("builder-inited", assets.start_build)
    app.connect("env-purge-doc", citation.purge_doc)
    app.connect("env-merge-info", citation.merge_info)
    app.connect("source-read", posts.literal_author)
    app.connect("doctree-read", posts.read_doc, priority=600)  # after the metadata collector
    app.connect("doctree-read", citation.add_panel, priority=610)
    app.connect("doctree-read", comments.gather, priority=550)
    app.connect("doctree-read", markup.note_title)
    app.connect("env-updated", oldlinks.collect)
    app.connect("doctree-resolved", oldlinks.resolve)
    app.connect("env-before-read-docs", parallel.before_read)
    app.connect("env-updated", parallel.after_read, priority=100)
    app.connect("write-started", parallel.before_write)
    app.connect("env-updated", posts.update_order)
    app.connect("env-updated", citation.pages_citing_changed_posts)
    app.connect("doctree-resolved", posts.resolve_links)
    app.connect("doctree-resolved", citation.resolve)
    app.connect("doctree-resolved", assets.note_written)
    # before the theme renders its sidebars, after it sets the titles
    app.connect("html-page-context", posts.page_context, priority=400)
    app.connect("html-page-context", posts.escape_titles, priority=900)
    app.connect("html-page-context", citation.page_context)
    app.connect("html-page-context", feeds.page_context)
    app.connect("html-page-context", redirects.page_context)
    app.connect("html-page-context", assets.page_context)
    app.connect("html-page-context", description.page_context)
    app.connect("html-page-context", search.page_context)
    app.connect("html-page-context", notfound.page_context, priority=500)
    app.connect("html-collect-pages", search_build.start, priority=100)  # Pagefind, while the rest is written
    app.connect("html-collect-pages", search.search_page)
    app.connect("build-finished", parallel.after_write)
    app.connect("build-finished", redirects.write_redirects)
    app.connect("build-finished", addresses.write_sitemap)
    app.connect("build-finished", addresses.check_manifest)
    app.connect("build-finished", citation.write_catalogue)
    app.connect("build-finished", feeds.write_feeds)
    app.connect("build-finished", posts.write_counts)
    app.connect("build-finished", assets.write_trimmed)
    app.connect("build-finished", search_build.finish, priority=900)  # waits for Pagefind
    app.add_css_file("bindery.css")
    app.add_js_file("bindery.js", loading_method="defer")
    return {"version": "2", "env_version": 7, "parallel_read_safe": True, "parallel_write_safe": True}
