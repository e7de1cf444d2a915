"""Deliberate moves: a post's new slug, a category's new name.

Neither breaks an address: the old one is kept as a redirect, a post's in
its front matter (``old_slugs``), a category page's in the manifest.
"""

from __future__ import annotations

from pathlib import Path

from bindery.archive.blogfile import BLOG_FILE, load_blog_file
from bindery.archive.lock import writes_archive
from bindery.archive.manifest import Manifest
from bindery.archive.schema import check_name
from bindery.archive.sequence import Sequence
from bindery.archive.slugs import RESERVED, slug_for
from bindery.archive.store import CATEGORIES, POSTS, load_posts
from bindery.errors import BinderyError
from bindery.importer.run import write_book


@writes_archive
def move_post(root: Path, old: str, new: str) -> list[str]:
    """Give post ``old`` the slug ``new``; ``posts/old.html`` redirects.

    Refused, changing nothing, where the move would lose or take an
    address: a slug that is not one, the same slug, a reserved name, an
    address that is or was another post's."""
    posts = load_posts(root)
    manifest = Manifest.load(root)
    if old not in posts:
        raise BinderyError(f"{POSTS}/{old}.md: no such post")
    check_new_slug(old, new)
    if new in RESERVED:
        raise BinderyError(f"{POSTS}/{new}.html is reserved for the site's own pages: choose another slug")
    if (
        new in manifest.taken_slugs(POSTS, posts, (s for p in posts.values() for s in p.old_slugs)) - {old}
        and new not in posts[old].old_slugs
    ):
        raise BinderyError(f"{POSTS}/{new}.html is taken: it is, or was, another post's address")
    post = posts.pop(old)
    post.meta["slug"] = new
    post.meta["old_slugs"] = [s for s in dict.fromkeys([*post.old_slugs, old]) if s != new]
    posts[new] = post
    listed = Sequence.load(root)
    listed.rename(old, new)
    return write_book(root, posts, manifest, listed, write_posts=[new], remove=[f"{POSTS}/{old}.md"])


def check_new_slug(old: str, new: str) -> None:
    """Refuse a new slug that is not one, saying exactly why."""
    if new == old:
        raise BinderyError(f"{POSTS}/{old}.md: the new slug is the post's slug already; nothing to move")
    if not new.strip():
        raise BinderyError(f"{new!r} is not a slug: it is empty")
    for character, what in ((",", "a comma"), ("\n", "a line break"), ("\r", "a line break")):
        if character in new:
            raise BinderyError(f"{new!r} is not a slug: it holds {what}")
    if slug_for(new, "") != new:
        raise BinderyError(f"{new!r} is not a slug: use lowercase ASCII words joined by hyphens")


@writes_archive
def rename_category(root: Path, old: str, new: str) -> list[str]:
    """File every post of category ``old`` under ``new`` instead.  The old
    address redirects to the new one, and so does every address that
    led to the old one: any number of renames, back and forth, chain
    straight to the newest."""
    posts = load_posts(root)
    manifest = Manifest.load(root)
    if new == old:
        raise BinderyError(f"{new!r} is already the category's name: nothing to rename")
    try:
        check_name(new, "category name")
    except ValueError as err:
        raise BinderyError(f"{err}: nothing renamed") from None
    if "," in new:
        raise BinderyError(f"category name {new!r} holds a comma, which 'Filed under' lines cannot carry")
    names = {name for post in posts.values() for name in post.categories}
    if old not in names:
        raise BinderyError(f"no post is filed under {old!r}")
    address = f"{CATEGORIES}/{manifest.slugs_for('category', names)[old]}.html"
    if new not in manifest.named("category") and slug_for(new, "category") == slug_for(old, "category"):
        manifest.rename(address, new)  # "Template" → "template": the same slug, so the same page
    else:
        manifest.move(address, f"{CATEGORIES}/{manifest.slugs_for('category', {new})[new]}.html")
    renamed = [slug for slug, post in posts.items() if old in post.categories]
    for slug in renamed:
        categories = posts[slug].categories
        posts[slug].meta["categories"] = list(dict.fromkeys(new if c == old else c for c in categories))
    blog_file = load_blog_file(root)
    before = blog_file.text()
    blog_file.rename_category(old, new)  # it keeps its parent and its children
    extra = [(BLOG_FILE, blog_file.text())] if blog_file.text() != before else []
    return write_book(root, posts, manifest, Sequence.load(root), write_posts=renamed, extra=extra)
