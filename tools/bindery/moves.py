"""Deliberate moves: a post's new slug, a category's new name.

Neither breaks an address: the old one is kept as a redirect, a post's in
its front matter (``old_slugs``), a category page's in the manifest.
"""

from __future__ import annotations

from pathlib import Path

from .addresses import Manifest
from .errors import BinderyError
from .importer import write_book
from .pages import categories_of
from .slugs import slug_for
from .store import CATEGORIES, POSTS, load_posts


def move_post(root: Path, old: str, new: str) -> list[str]:
    """Give post ``old`` the slug ``new``; ``posts/old.html`` redirects."""
    posts = load_posts(root)
    manifest = Manifest.load(root)
    if old not in posts:
        raise BinderyError(f"{POSTS}/{old}.md: no such post")
    if slug_for(new, "") != new:
        raise BinderyError(f"{new!r} is not a slug: use lowercase ASCII words joined by hyphens")
    if new in manifest.taken_slugs(posts) - {old} and new not in posts[old].old_slugs:
        raise BinderyError(f"{POSTS}/{new}.html is taken: it is, or was, another post's address")
    post = posts.pop(old)
    post.meta["slug"] = new
    post.meta["old_slugs"] = [s for s in dict.fromkeys([*post.old_slugs, old]) if s != new]
    posts[new] = post
    return write_book(root, posts, manifest, write_posts=[new], remove=[f"{POSTS}/{old}.md"])


def rename_category(root: Path, old: str, new: str) -> list[str]:
    """File every post of category ``old`` under ``new`` instead."""
    posts = load_posts(root)
    manifest = Manifest.load(root)
    before = {c.name: c.slug for c in categories_of(posts)}
    if old not in before:
        raise BinderyError(f"no post is filed under {old!r}")
    renamed = [slug for slug, post in posts.items() if old in post.categories]
    for slug in renamed:
        categories = posts[slug].categories
        posts[slug].meta["categories"] = list(dict.fromkeys(new if c == old else c for c in categories))
    after = {c.name: c.slug for c in categories_of(posts)}
    if before[old] != after[new]:
        manifest.move(f"{CATEGORIES}/{before[old]}.html", f"{CATEGORIES}/{after[new]}.html")
    return write_book(root, posts, manifest, write_posts=renamed)
