"""The extension's state, kept in (and pickled with) the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bindery.archive.blogfile import BlogFile
from bindery.archive.manifest import Manifest
from bindery.book.catalog import PostRecord
from bindery.book.listings import listing_doc

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
    feeds: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # listing → (title, posts)
    years: list[tuple[str, str, int]] = field(default_factory=list)  # (year, docname, posts), newest first
    # the blog's pages (docname, title, the parent page's docname or None), by title
    pages: list[tuple[str, str, str | None]] = field(default_factory=list)
    category_parents: dict[str, str] = field(default_factory=dict)  # category → its parent (blog.yaml)
    old_archive: dict[str, str] = field(
        default_factory=dict
    )  # the blog's archive addresses → docname or feed
    blog_file: BlogFile = field(default_factory=BlogFile)  # blog.yaml
    post_blogs: dict[str, int] = field(default_factory=dict)  # docname → its blog's index in blog_file
    manifest: Manifest = field(default_factory=Manifest)  # addresses.txt as this build wrote it
    redirects: dict[str, str] | None = None  # old address → the docname it leads to (redirects.py)
    # derived once all is read (posts.update_order)
    position: dict[str, int] = field(default_factory=dict)
    nav: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # what each page's navigation showed

    def __getstate__(self) -> dict[str, Any]:
        """Only what the next build compares with is pickled: the rest is
        made again before each build reads a page (generate.py), and
        Sphinx's parallel read sends the whole environment back, pickled,
        once per chunk of pages."""
        return {"nav": self.nav}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]
        self.nav = state.get("nav", {})

    def listing_doc(self, kind: str, name: str) -> str | None:
        slug = self.slugs.get(kind, {}).get(name)
        return None if slug is None else listing_doc(kind, slug)


def book(env: BuildEnvironment) -> BookState:
    state = getattr(env, "bindery", None)
    if not isinstance(state, BookState):
        state = env.bindery = BookState()  # type: ignore[attr-defined]
    return state
