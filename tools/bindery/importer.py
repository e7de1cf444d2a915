"""Merge parsed dumps into the posts on disk.

A post's address is fixed the first time it is imported: its slug is
stored in its front matter and file name, and nothing later moves it.
A post seen again (the same dump re-imported, or another category's
dump holding it too) only gains sources and categories; its body,
which a maintainer may have edited by hand, is left alone.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .addresses import LISTING_FOLDERS, Manifest
from .errors import DumpError
from .lock import writes_archive
from .merge import (
    PAGES,
    Identity,
    SourceReport,
    base_slug,
    enrich,
    load_pages,
    merge_pages,
    note_dumps,
    read_source,
    rich_fields,
)
from .model import Dump, Post, Source
from .myst import render_body
from .slugs import unique_slug
from .store import POSTS, PostFile, body_digest, load_posts, write_files


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    categories: int = 0
    written: list[str] = field(default_factory=list)
    sources: SourceReport = field(default_factory=SourceReport)  # what exports add

    def summary(self) -> str:
        return "\n".join(
            [
                *self.sources.lines(),
                f"{len(self.added)} added, {len(self.merged)} merged, "
                f"{len(self.unchanged)} unchanged; {self.categories} categories; "
                f"{len(self.written)} files written",
            ]
        )


def _not_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system gave undecoded (surrogates)
        return True
    return False


def display_path(path: Path, root: Path) -> str:
    """How a dump is named in sources and messages: relative to the root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the root; a symbolic link's loop
        return path.as_posix()


@writes_archive
def import_dumps(paths: Sequence[Path], root: Path) -> ImportReport:
    """Import dumps into ``root/posts`` and regenerate ``root/categories``.

    Dumps are taken in sorted order, so which of two same-titled posts
    keeps the plain slug never depends on how the command was typed.
    """
    with _collector_paused():
        return _import(paths, root)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off: an import makes hundreds of
    thousands of objects that live to its end and hold no cycles, and the
    collector would walk them all again every few thousand allocations
    (a fifth of the time spent writing 10,000 posts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(paths: Sequence[Path], root: Path) -> ImportReport:
    named = sorted((display_path(p, root), p) for p in paths)
    for name, _ in named:
        if not name.isprintable() or _not_utf8(name):
            text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
            raise DumpError(shown, 1, "a file name sources cannot cite (not printable UTF-8); rename it")
    dumps = [read_source(p, name) for name, p in named]
    posts = load_posts(root)
    pages = load_pages(root)
    manifest = Manifest.load(root)
    report = merge_dumps(dumps, posts, manifest)
    write_pages = merge_pages(dumps, pages, manifest, report.sources, new_post_file)
    extra = {f"{PAGES}/{slug}.md": pages[slug].text() for slug in write_pages}
    # posts the dumps did not change keep their files, hand formatting and all
    keep_old_term_addresses(dumps, posts, manifest)
    report.written = write_book(
        root, posts, manifest, write_posts=[*report.added, *report.merged], extra=extra
    )
    report.categories = len({name for post in posts.values() for name in post.categories})
    return report


def write_book(
    root: Path,
    posts: dict[str, PostFile],
    manifest: Manifest,
    write_posts: Iterable[str] = (),
    remove: Iterable[str] = (),
    extra: dict[str, str] | None = None,
) -> list[str]:
    """Write the given posts and the manifest (with the posts' addresses
    and their categories' kept slugs) in one step.  Returns what changed.
    The listings are the build's to make (sphinxext/generate.py)."""
    slugs = list(dict.fromkeys(write_posts))
    manifest.add(f"{POSTS}/{slug}.html" for slug in posts)
    manifest.slugs_for("category", {name for post in posts.values() for name in post.categories})
    manifest.slugs_for("tag", {name for post in posts.values() for name in post.meta.get("tags") or ()})
    files = {f"{POSTS}/{slug}.md": posts[slug].text() for slug in slugs}
    files.update(extra or {})
    files[manifest.path] = manifest.text()
    return write_files(root, files, remove=list(remove))


def merge_dumps(dumps: Iterable[Dump], posts: dict[str, PostFile], manifest: Manifest) -> ImportReport:
    """Add the dumps' posts to ``posts`` (by slug), in place."""
    report = ImportReport()
    note_dumps(dumps := list(dumps), report.sources)
    identity = Identity(posts.values())
    added: set[str] = set()
    touched: set[str] = set()
    taken = manifest.taken_slugs(posts, (s for p in posts.values() for s in p.old_slugs))
    aliases: dict[str, str] = {}  # each category's name now, looked up once, not once a post
    for dump in dumps:
        for post in dump.posts:
            if post.kind != "post":
                continue  # published pages: merge.merge_pages
            post = with_kept_names(post, manifest, aliases)
            key = post.key
            existing = identity.find(post)
            if existing is None:
                slug = unique_slug(base_slug(post, f"post-{key[:8]}"), taken)
                taken.add(slug)
                posts[slug] = existing = new_post_file(post, slug)
                identity.add(existing)
                report.added.append(slug)
                added.add(slug)
            elif (
                _merge(existing, post) | enrich(existing, post, report.sources)
            ) and existing.slug not in added:
                touched.add(existing.slug)
    report.merged = sorted(touched)
    report.unchanged = sorted(set(posts) - added - touched)
    return report


def new_post_file(post: Post, slug: str) -> PostFile:
    meta: dict[str, object] = {
        "title": post.title,
        "slug": slug,
        **({"date": post.date} if post.date else {}),
        "categories": list(post.categories),
        "comments": post.comments,
        "sources": [_source(post.source)],
        "fingerprint": post.key,
        **rich_fields(post),
    }
    if not post.categories:
        del meta["categories"]
    body = post.body if post.body is not None else render_body(post)
    meta["generated"] = body_digest(body)
    return PostFile(meta, body)


def _source(source: Source) -> dict[str, object]:
    return {"file": source.file, "line": source.line}


def _merge(existing: PostFile, post: Post) -> bool:
    """Fold a further copy of a post into its file; True if anything changed.

    Categories come from a dump only the first time it is a source of the
    post, so a category renamed or removed by hand stays so on re-import.
    """
    meta = existing.meta
    before = copy.deepcopy(meta)
    sources = [s for s in existing.sources if s.file != post.source.file]
    if len(sources) == len(existing.sources):
        meta["categories"] = list(dict.fromkeys([*existing.categories, *post.categories]))
    meta["comments"] = max(int(meta.get("comments") or 0), post.comments)
    if post.date and not meta.get("date"):
        meta["date"] = post.date
    sources.append(post.source)
    meta["sources"] = [_source(s) for s in sorted(sources, key=lambda s: s.file)]
    return meta != before


def keep_old_term_addresses(dumps: Iterable[Dump], posts: dict[str, PostFile], manifest: Manifest) -> None:
    """The blog's category and tag pages (``category/technology/``) lead
    to the archive's, kept in the manifest as moves: renames chain on."""
    used = {
        "category": {n for p in posts.values() for n in p.categories},
        "tag": {n for p in posts.values() for n in p.meta.get("tags") or ()},
    }
    slugs = {kind: manifest.slugs_for(kind, names) for kind, names in used.items()}
    for dump in dumps:
        for kind, name, address in dump.old_terms:
            name = manifest.alias(kind, name)
            if name in slugs[kind] and address not in manifest.addresses:
                manifest.move(address, f"{LISTING_FOLDERS[kind]}/{slugs[kind][name]}.html")


def with_kept_names(post: Post, manifest: Manifest, aliases: dict[str, str] | None = None) -> Post:
    """The post with each category under its name now, where it was renamed
    (``bindery rename-category``): a new dump of the old category does not
    bring the old name back.  ``aliases`` remembers the names looked up
    (the manifest's names must not change while it is in use)."""
    if aliases is None:
        aliases = {}
    for name in post.categories:
        if name not in aliases:
            aliases[name] = manifest.alias("category", name)
    names = tuple(dict.fromkeys(aliases[n] for n in post.categories))
    return post if names == post.categories else dataclasses.replace(post, categories=names)


@writes_archive
def regenerate_pages(root: Path) -> list[str]:
    """Write the listings from the posts as they are on disk, as the build
    does before it reads them (for a look at them without a build)."""
    from .sphinxext.generate import regenerate

    return regenerate(root)


__all__ = ["DumpError", "ImportReport", "import_dumps", "regenerate_pages"]
