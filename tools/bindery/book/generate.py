"""Listings generated from the posts, before Sphinx looks for pages.

``make_listings`` reads every post's front matter (through the one
schema), orders the archive, gives each category, tag and author its
kept address, records new addresses in ``addresses.txt``, and writes the
listing pages whose text changed (as python/peps writes its indexes).
The build calls it before reading (``sphinxext/generate.py``), and
``bindery pages`` without a build; no Sphinx here.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bindery.archive.lock import writes_archive
from bindery.archive.manifest import MANIFEST, Manifest
from bindery.archive.sequence import Sequence
from bindery.book.catalog import PostRecord, load_catalog
from bindery.book.listings import Archive, Listing, generated_patterns, listings, render_all
from bindery.book.oldaddresses import old_addresses
from bindery.book.order import archive_order
from bindery.model import Source


@dataclass
class Generated:
    catalog: dict[str, PostRecord]
    archive: Archive
    listings: list[Listing]
    written: list[str]


def make_listings(root: Path, cache: Path | None = None, old: bool = True) -> Generated:
    """Read the posts, write the listings and the manifest where they changed."""
    catalog = load_catalog(root, cache)
    manifest = Manifest.load(root)
    archive = archive_of(catalog, manifest, Sequence.load(root))
    every = listings(archive)
    files = render_all(archive, every)
    manifest.add(site_addresses(catalog, every, old))
    files[MANIFEST] = manifest.text()
    written = write_changed(root, files, stale(root, files))
    return Generated(catalog, archive, every, written)


@writes_archive
def regenerate(root: Path) -> list[str]:
    """The listings written outside a build (``bindery pages``)."""
    return make_listings(root).written


def archive_of(catalog: dict[str, PostRecord], manifest: Manifest, listed: Sequence) -> Archive:
    posts = {doc: r for doc, r in catalog.items() if r.kind == "post"}
    places = listed.positions()
    order = archive_order((doc, placed(r, places), r.archive_date) for doc, r in posts.items())
    names: dict[str, set[str]] = {"category": set(), "tag": set(), "author": set()}
    for record in posts.values():
        names["category"].update(record.categories)
        names["tag"].update(record.tags)
        if record.author:
            names["author"].add(record.author)
    if len(names["author"]) < 2:
        names["author"] = set()  # one author: no author pages, no addresses for them
    slugs = {kind: manifest.slugs_for(kind, found) for kind, found in names.items()}
    return Archive(posts, order, slugs)


def placed(record: PostRecord, places: dict[str, dict[str, int]]) -> list[Source]:
    """The post's sources, each with its place in the order the source
    lists its posts (``Sequence.positions``; a line an older book's front
    matter gives for a source not in it)."""
    return [
        Source(s.file, places[s.file].get(record.slug, 0)) if s.file in places else s for s in record.sources
    ]


def site_addresses(catalog: dict[str, PostRecord], every: list[Listing], old: bool) -> set[str]:
    """Every address the site serves now that the manifest must keep."""
    out = {"index.html"} | {r.address for r in catalog.values()}
    for listing in every:
        out.update(f"{doc}.html" for doc in listing.docnames())
    if old:
        out.update(old_addresses(catalog))
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
