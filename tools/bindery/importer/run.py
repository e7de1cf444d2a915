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

from bindery.archive.blogfile import BLOG_FILE, load_blog_file
from bindery.archive.lock import writes_archive
from bindery.archive.manifest import LISTING_FOLDERS, Manifest
from bindery.archive.slugs import unique_slug
from bindery.archive.store import POSTS, PostFile, body_digest, load_posts, write_files
from bindery.book.catalog import record_from
from bindery.book.generate import taken_old_addresses
from bindery.book.listings import filed_under
from bindery.book.oldaddresses import BY_ID
from bindery.errors import DumpError
from bindery.importer.merge import (
    PAGES,
    Identity,
    SourceReport,
    base_slug,
    enrich,
    load_pages,
    merge_pages,
    note_dumps,
    read_posts,
    rich_fields,
)
from bindery.markup.myst import render_body
from bindery.model import Dump, Post, Source
from bindery.sources.wxr import Undeclared, UndeclaredPrefix


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    categories: int = 0
    written: list[str] = field(default_factory=list)
    sources: SourceReport = field(default_factory=SourceReport)  # what exports add
    taken: list[str] = field(default_factory=list)  # new posts whose blog address is the book's own

    def summary(self) -> str:
        return "\n".join(
            [
                *self.sources.lines(),
                *self.taken,
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
    declare: dict[str, Undeclared] = {}  # namespace prefixes an export forgot to declare
    while True:
        try:
            return _import_once(named, root, declare)
        except UndeclaredPrefix as missing:  # all over again, nothing written: the export is read anew
            declare[missing.path] = (*declare.get(missing.path, ()), missing.found)


def _import_once(named: list[tuple[str, Path]], root: Path, declare: dict[str, Undeclared]) -> ImportReport:
    """The import as one stream: each new post's file is staged as soon as
    its source gives it (while the next ones are still being converted),
    the rest once every source is read, and all committed at once."""
    posts = load_posts(root)
    pages = load_pages(root)
    manifest = Manifest.load(root)
    blog_file = load_blog_file(root)
    report = ImportReport()
    merging = PostMerge(posts, manifest, report)

    def files() -> Iterator[tuple[str, str]]:
        dumps: list[Dump] = []
        published_pages: list[Post] = []
        for name, path in named:
            source = read_posts(path, name, declare.get(name, ()))
            while True:
                try:
                    post = next(source)
                except StopIteration as end:
                    dumps.append(end.value)
                    break
                if post.kind != "post":
                    published_pages.append(post)
                elif (slug := merging.add(post)) is not None:
                    yield f"{POSTS}/{slug}.md", posts[slug].text()
        note_dumps(dumps, report.sources)
        # (a file that gains nothing keeps its hand formatting)
        told = [blog_file.add_dump(d, rename=lambda name: manifest.alias("category", name)) for d in dumps]
        merging.finish()
        write_pages = merge_pages(published_pages, pages, manifest, report.sources, new_post_file)
        # posts the dumps did not change keep their files, hand formatting and all
        keep_old_term_addresses(dumps, posts, manifest, blog_file.parents())
        report.categories = len({name for post in posts.values() for name in post.categories})
        new = {*(f"{POSTS}/{s}" for s in report.added), *(f"{PAGES}/{s}" for s in report.sources.pages_added)}
        report.taken = taken_addresses(posts, pages, manifest, new, blog_file.parents())
        if any(told):
            yield BLOG_FILE, blog_file.text()
        yield from book_files(
            posts,
            manifest,
            write_posts=sorted(merging.touched),  # new ones changed since they were staged, too
            extra={f"{PAGES}/{slug}.md": pages[slug].text() for slug in write_pages},
        )

    report.written = write_files(root, files())
    return report


def taken_addresses(
    posts: dict[str, PostFile],
    pages: dict[str, PostFile],
    manifest: Manifest,
    new: set[str],
    parents: dict[str, str],
) -> list[str]:
    """A line for each new post or page whose blog address is one of the
    book's own (``/categories/``, ``/search.html``): the book's page keeps
    that address, and no redirect is made from it."""
    catalog = {
        f"{folder}/{slug}": record_from(file, kind, summary=False)
        for folder, kind, files in ((POSTS, "post", posts), (PAGES, "page", pages))
        for slug, file in files.items()
    }
    lines = []
    for doc, (old, taken) in sorted(taken_old_addresses(catalog, manifest, parents).items()):
        if doc not in new:
            continue
        record = catalog[doc]
        by_id = f" and {BY_ID}/{record.wp_id}.html" if record.wp_id is not None else ""
        lines.append(
            f"{doc}.md: its blog address /{old.removesuffix('index.html')} is the book's own {taken}, "
            f"so no redirect is made from it; it stays at {doc}.html{by_id}"
        )
    return lines


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
    The listings are the build's to make (book/generate.py)."""
    return write_files(root, book_files(posts, manifest, write_posts, extra), remove=list(remove))


def book_files(
    posts: dict[str, PostFile],
    manifest: Manifest,
    write_posts: Iterable[str] = (),
    extra: dict[str, str] | None = None,
) -> Iterator[tuple[str, str]]:
    """The given posts' files, ``extra`` and the manifest (with the posts'
    addresses and their categories' and tags' kept slugs), as (path, text)."""
    manifest.add(f"{POSTS}/{slug}.html" for slug in posts)
    manifest.slugs_for("category", {name for post in posts.values() for name in post.categories})
    manifest.slugs_for("tag", {name for post in posts.values() for name in post.meta.get("tags") or ()})
    for slug in dict.fromkeys(write_posts):
        yield f"{POSTS}/{slug}.md", posts[slug].text()
    yield from (extra or {}).items()
    yield manifest.path, manifest.text()


def merge_dumps(dumps: Iterable[Dump], posts: dict[str, PostFile], manifest: Manifest) -> ImportReport:
    """Add the dumps' posts to ``posts`` (by slug), in place."""
    report = ImportReport()
    note_dumps(dumps := list(dumps), report.sources)
    merging = PostMerge(posts, manifest, report)
    for dump in dumps:
        for post in dump.posts:
            if post.kind == "post":  # published pages: merge.merge_pages
                merging.add(post)
    merging.finish()
    return report


class PostMerge:
    """Posts merged into ``posts`` (by slug) one at a time, in the order
    their sources give them: a new one gets its slug, a further copy of
    one already there is folded into its file."""

    def __init__(self, posts: dict[str, PostFile], manifest: Manifest, report: ImportReport) -> None:
        self.posts = posts
        self.manifest = manifest
        self.report = report
        self.identity = Identity(posts.values())
        self.added: set[str] = set()
        self.touched: set[str] = set()  # files changed by a further copy (new ones too)
        self.taken = manifest.taken_slugs(posts, (s for p in posts.values() for s in p.old_slugs))
        self.aliases: dict[str, str] = {}  # each category's name now, looked up once, not once a post

    def add(self, post: Post) -> str | None:
        """Merge one post; its slug if it is new (and its file to write)."""
        post = with_kept_names(post, self.manifest, self.aliases)
        existing = self.identity.find(post)
        if existing is None:
            slug = unique_slug(base_slug(post, f"post-{post.key[:8]}"), self.taken)
            self.taken.add(slug)
            self.posts[slug] = existing = new_post_file(post, slug)
            self.identity.add(existing)
            self.report.added.append(slug)
            self.added.add(slug)
            return slug
        if _merge(existing, post) | enrich(existing, post, self.report.sources):
            self.touched.add(existing.slug)
        return None

    def finish(self) -> None:
        """The report's lists of merged and unchanged posts."""
        self.report.merged = sorted(self.touched - self.added)
        self.report.unchanged = sorted(set(self.posts) - self.added - self.touched)


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


def keep_old_term_addresses(
    dumps: Iterable[Dump],
    posts: dict[str, PostFile],
    manifest: Manifest,
    parents: dict[str, str] | None = None,
) -> None:
    """The blog's category and tag pages (``category/technology/``) lead
    to the archive's, kept in the manifest as moves: renames chain on.  A
    parent category has a page of its children's posts (``parents``)."""
    used = {
        "category": {n for p in posts.values() for n in filed_under(p.categories, parents or {})},
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


__all__ = ["DumpError", "ImportReport", "import_dumps"]
