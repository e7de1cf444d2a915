"""The extension's state, kept in (and pickled with) the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bindery.archive.blogfile import BlogFile
from bindery.book.catalog import PostRecord

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


@dataclass
class BookState:
    # from the post files, before reading (generate.py)
    catalog: dict[str, PostRecord] = field(default_factory=dict)  # docname → post or page
    order: list[str] = field(default_factory=list)  # post docnames, newest first
    slugs: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → name → slug
    listings: dict[str, tuple[str, str]] = field(default_factory=dict)  # docname → (kind, title)
    authors_paged: bool = False
    top_categories: list[tuple[str, str]] = field(default_factory=list)  # (name, docname), by name
    category_total: int = 0
    feeds: dict[str, str] = field(default_factory=dict)  # listing docname → title, where it has a feed
    years: list[tuple[str, str, int]] = field(default_factory=list)  # (year, docname, posts), newest first
    # the blog's pages (docname, title, the parent page's docname or None), by title
    pages: list[tuple[str, str, str | None]] = field(default_factory=list)
    category_parents: dict[str, str] = field(default_factory=dict)  # category → its parent (blog.yaml)
    old_archive: dict[str, str] = field(
        default_factory=dict
    )  # the blog's archive addresses → docname or feed
    blog_file: BlogFile = field(default_factory=BlogFile)  # blog.yaml
    post_blogs: dict[str, int] = field(default_factory=dict)  # docname → its blog's index in blog_file
    # derived once all is read (posts.update_order)
    position: dict[str, int] = field(default_factory=dict)
    nav: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # what each page's navigation showed

    def listing_doc(self, kind: str, name: str) -> str | None:
        folder = {"category": "categories", "tag": "tags", "author": "authors"}[kind]
        slug = self.slugs.get(kind, {}).get(name)
        return None if slug is None else f"{folder}/{slug}"


def book(env: BuildEnvironment) -> BookState:
    state = getattr(env, "bindery", None)
    if not isinstance(state, BookState):
        state = env.bindery = BookState()  # type: ignore[attr-defined]
    return state
