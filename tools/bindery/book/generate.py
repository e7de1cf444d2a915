"""Listings generated from the posts, before Sphinx looks for pages.

``make_listings`` reads every post's front matter (through the one
schema), orders the archive, gives each category, tag and author its
kept address, records new addresses in ``addresses.txt``, and writes the
listing pages whose text changed (as python/peps writes its indexes).
The build calls it before reading (``sphinxext/generate.py``), and
``bindery pages`` without a build; no Sphinx here.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bindery.archive.blogfile import BlogFile, load_blog_file
from bindery.archive.lock import writes_archive
from bindery.archive.manifest import LISTING_FOLDERS, MANIFEST, Manifest
from bindery.archive.sequence import Sequence
from bindery.book.archiveaddresses import archive_addresses
from bindery.book.catalog import PostRecord, load_catalog
from bindery.book.identity import ABOUT, render_about, settings_of
from bindery.book.listings import (
    INDEXES,
    Archive,
    Listing,
    filed_under,
    generated_patterns,
    listings,
    render_all,
)
from bindery.book.oldaddresses import old_addresses, old_path, taken_by_book
from bindery.book.order import archive_order
from bindery.model import Source


@dataclass
class Generated:
    catalog: dict[str, PostRecord]
    archive: Archive
    listings: list[Listing]
    written: list[str]
    blog_file: BlogFile
    old_archive: dict[str, str]  # the blog's archive addresses → where they lead (archiveaddresses.py)


def make_listings(
    root: Path, cache: Path | None = None, old: bool = True, title: str | None = None
) -> Generated:
    """Read the posts, write the listings, the landing page's opening and
    the manifest where they changed.  ``title``: the book's (conf.py's
    ``html_title``; by default, as blog.yaml makes it)."""
    catalog = load_catalog(root, cache)
    blog_file = load_blog_file(root)
    manifest = Manifest.load(root)
    archive = archive_of(catalog, manifest, Sequence.load(root), blog_file.parents())
    every = listings(archive)
    files = render_all(archive, every)
    files[ABOUT] = render_about(blog_file, title or settings_of(blog_file.primary).title, catalog)
    pages = book_pages(catalog, every)
    old_archive = free_addresses(archive_addresses(catalog, every, blog_file, term_moves(manifest)), pages)
    manifest.add(site_addresses(catalog, every, old) | (set(old_archive) if old else set()))
    files[MANIFEST] = manifest.text()
    written = write_changed(root, files, stale(root, files))
    return Generated(catalog, archive, every, written, blog_file, old_archive if old else {})


def term_moves(manifest: Manifest) -> dict[str, str]:
    """The manifest's moves that lead to a category's, tag's or author's listing."""
    folders = tuple(f"{folder}/" for folder in LISTING_FOLDERS.values())
    return {old: new for old, new in manifest.moves.items() if new.startswith(folders)}


def free_addresses(addresses: dict[str, str], pages: set[str]) -> dict[str, str]:
    """Those of ``addresses`` that no page of the book holds (the book's page wins)."""
    reserved = pages | {f"{doc}.html" for doc in INDEXES}
    return {old: new for old, new in addresses.items() if taken_by_book(old, reserved) is None}


@writes_archive
def regenerate(root: Path) -> list[str]:
    """The listings written outside a build (``bindery pages``)."""
    return make_listings(root).written


def archive_of(
    catalog: dict[str, PostRecord],
    manifest: Manifest,
    listed: Sequence,
    parents: dict[str, str] | None = None,
) -> Archive:
    """``parents``: each category's parent (blog.yaml)."""
    parents = parents or {}
    posts = {doc: r for doc, r in catalog.items() if r.kind == "post"}
    places = listed.positions()
    order = archive_order((doc, placed(r, places), r.archive_date) for doc, r in posts.items())
    names: dict[str, set[str]] = {"category": set(), "tag": set(), "author": set()}
    for record in posts.values():
        names["category"].update(filed_under(record.categories, parents))
        names["tag"].update(record.tags)
        if record.author:
            names["author"].add(record.author)
    if len(names["author"]) < 2:
        names["author"] = set()  # one author: no author pages, no addresses for them
    slugs = {kind: manifest.slugs_for(kind, found) for kind, found in names.items()}
    return Archive(posts, order, slugs, parents)


def placed(record: PostRecord, places: dict[str, dict[str, int]]) -> list[Source]:
    """The post's sources, each with its place in the order the source
    lists its posts (``Sequence.positions``; a line an older book's front
    matter gives for a source not in it)."""
    return [
        dataclasses.replace(s, line=places[s.file].get(record.slug, 0)) if s.file in places else s
        for s in record.sources
    ]


def site_addresses(catalog: dict[str, PostRecord], every: list[Listing], old: bool) -> set[str]:
    """Every address the site serves now that the manifest must keep."""
    out = book_pages(catalog, every)
    if old:
        out.update(old_addresses(catalog, out | {f"{doc}.html" for doc in INDEXES}))
    return out


def book_pages(catalog: dict[str, PostRecord], every: list[Listing]) -> set[str]:
    """The addresses of the book's own pages: the landing page, the posts
    and pages, and every listing."""
    out = {"index.html"} | {r.address for r in catalog.values()}
    for listing in every:
        out.update(f"{doc}.html" for doc in listing.docnames())
    return out


def taken_old_addresses(
    catalog: dict[str, PostRecord], manifest: Manifest, parents: dict[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """Docname → (its old address, the book's page that holds it) for each
    post or page whose blog address is one of the book's own: no redirect
    is made from it (the import names them)."""
    every = listings(archive_of(catalog, copy.deepcopy(manifest), Sequence(), parents))
    pages = book_pages(catalog, every) | {f"{doc}.html" for doc in INDEXES}
    out = {}
    for doc, record in catalog.items():
        path = old_path(record.original_url) if record.original_url else None
        taken = taken_by_book(path, pages) if path is not None else None
        if path is not None and taken is not None:
            out[doc] = (path, taken)
    return out


def stale(root: Path, files: dict[str, str]) -> list[str]:
    """Generated pages that no listing needs any more."""
    found = {p.relative_to(root).as_posix() for pattern in generated_patterns() for p in root.glob(pattern)}
    return sorted(found - set(files))


def write_changed(root: Path, files: dict[str, str], remove: list[str]) -> list[str]:
    """Write each file whose text changed (atomically: a temporary file
    renamed into place), remove the stale ones; return what changed."""
    written = []
    for rel, text in files.items():
        target = root / rel
        try:
            if target.read_text(encoding="utf-8") == text:
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bindery-", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(rel)
    for rel in remove:
        (root / rel).unlink(missing_ok=True)
    return sorted([*written, *remove])
