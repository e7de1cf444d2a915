"""``bindery import``: every source read, its posts merged into the archive,
all written at once.

Sources are taken in sorted order of their names, so which of two
same-titled posts keeps the plain slug never depends on how the command
was typed.  The import is one stream: each new post's file is staged as
soon as its source gives it (while the next ones are still being
converted), the rest once every source is read, and all committed at
once (``archive/journal.py``): a failure changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bindery import sources
from bindery.archive.blogfile import BLOG_FILE, load_blog_file
from bindery.archive.lock import writes_archive
from bindery.archive.manifest import Manifest
from bindery.archive.sequence import SEQUENCE
from bindery.archive.sequence import Sequence as Listed
from bindery.archive.store import PAGES, POSTS, PostFile, load_posts, write_files
from bindery.book.catalog import record_from
from bindery.book.generate import taken_old_addresses
from bindery.book.oldaddresses import BY_ID
from bindery.errors import DumpError
from bindery.importer.merge import ImportReport, PostMerge, keep_old_term_addresses, note_dumps
from bindery.model import Dump
from bindery.sources.reader import ReadAgain, Reader


def _not_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system gave undecoded (surrogates)
        return True
    return False


def display_path(path: Path, root: Path) -> str:
    """How a source is named in sources and messages: relative to the root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the root; a symbolic link's loop
        return path.as_posix()


@writes_archive
def import_dumps(paths: Sequence[Path], root: Path) -> ImportReport:
    """Import the sources ``paths`` name (files, or folders of them such as
    ``raw/``) into ``root/posts`` and ``root/pages``."""
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
    named: list[tuple[str, Path, Reader]] = []
    unread: list[str] = []
    for path, reader in sources.find_sources(paths):
        name = display_path(path, root)
        if not name.isprintable() or _not_utf8(name):
            text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
            raise DumpError(shown, 1, "a file name sources cannot cite (not printable UTF-8); rename it")
        if reader is None:
            unread.append(f"{name}: skipped: not a source any reader knows")
        else:
            named.append((name, path, reader))
    named.sort(key=lambda item: item[0])
    hints: dict[str, tuple[object, ...]] = {}  # what a reader asked to be told on reading a source again
    while True:
        try:
            report = _import_once(named, root, hints)
        except ReadAgain as again:  # all over again, nothing written: the source is read anew
            hints[again.display] = (*hints.get(again.display, ()), again.hint)
            continue
        report.sources.notes[:0] = unread
        return report


def _import_once(
    named: list[tuple[str, Path, Reader]], root: Path, hints: dict[str, tuple[object, ...]]
) -> ImportReport:
    posts = load_posts(root)
    pages = load_posts(root, PAGES)
    manifest = Manifest.load(root)
    listed = Listed.load(root)
    blog_file = load_blog_file(root)
    report = ImportReport()
    merging = PostMerge(posts, pages, manifest, report)

    def files() -> Iterator[tuple[str, str]]:
        dumps: list[Dump] = []
        for name, path, reader in named:
            order: list[str] = []
            stream = sources.read(path, name, hints.get(name, ()), reader)
            while True:
                try:
                    post = next(stream)
                except StopIteration as end:
                    dumps.append(end.value)
                    break
                file, new = merging.add(post)
                if post.kind == "post":
                    order.append(file.slug)
                if new:
                    yield f"{POSTS if post.kind == 'post' else PAGES}/{file.slug}.md", file.text()
            if reader.ordered:
                listed.record(name, order)
        note_dumps(dumps, report.sources)
        # what the sources say of their blogs (a file that gains nothing keeps its hand formatting)
        told = [blog_file.add_dump(d, rename=lambda name: manifest.alias("category", name)) for d in dumps]
        merging.add_parents()
        merging.finish()
        # posts the sources did not change keep their files, hand formatting and all
        keep_old_term_addresses(dumps, posts, manifest, blog_file.parents())
        report.categories = len({name for post in posts.values() for name in post.categories})
        report.taken = taken_addresses(posts, pages, manifest, merging.added, blog_file.parents())
        changed = merging.changed()  # new ones changed since they were staged, too
        texts = [(path, file.text()) for path, file in changed]
        if any(told):
            texts.append((BLOG_FILE, blog_file.text()))
        yield from book_files(posts, manifest, listed, pages, texts)

    report.written = write_files(root, files())
    return report


def taken_addresses(
    posts: dict[str, PostFile],
    pages: dict[str, PostFile],
    manifest: Manifest,
    new: set[str],
    parents: dict[str, str],
) -> list[str]:
    """A line for each new post or page (``new``: docnames) whose blog
    address is one of the book's own (``/categories/``, ``/search.html``):
    the book's page keeps that address, and no redirect is made from it."""
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
    listed: Listed,
    write_posts: Iterable[str] = (),
    remove: Iterable[str] = (),
    extra: Iterable[tuple[str, str]] = (),
) -> list[str]:
    """Write the given posts, ``extra`` files, the manifest (with the
    posts' addresses and their categories' kept slugs) and the sources'
    order of their posts, in one step.  Returns what changed.  The
    listings are the build's to make (``book/generate.py``)."""
    texts = [(f"{POSTS}/{slug}.md", posts[slug].text()) for slug in dict.fromkeys(write_posts)]
    return write_files(root, book_files(posts, manifest, listed, {}, [*texts, *extra]), remove=list(remove))


def book_files(
    posts: dict[str, PostFile],
    manifest: Manifest,
    listed: Listed,
    pages: dict[str, PostFile],
    texts: Iterable[tuple[str, str]],
) -> Iterator[tuple[str, str]]:
    """``texts``, then the manifest (with the posts' and pages' addresses
    and their categories' and tags' kept slugs) and the sources' order of
    their posts, as (path, text)."""
    yield from texts
    manifest.add(f"{POSTS}/{slug}.html" for slug in posts)
    manifest.add(f"{PAGES}/{slug}.html" for slug in pages)
    manifest.slugs_for("category", {name for post in posts.values() for name in post.categories})
    manifest.slugs_for("tag", {name for post in posts.values() for name in post.meta.get("tags") or ()})
    yield manifest.path, manifest.text()
    if listed.lists:
        yield SEQUENCE, listed.text()


__all__ = ["DumpError", "ImportReport", "import_dumps"]
