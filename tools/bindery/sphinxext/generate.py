"""Listings generated inside the build, before Sphinx looks for pages.

At ``builder-inited`` the extension reads every post's front matter
(through the one schema), orders the archive, gives each category, tag
and author its kept address, records new addresses in ``addresses.txt``,
and writes the listing pages whose text changed (as python/peps writes
its indexes).  So a plain ``sphinx-build``, ``make html`` and an
incremental build all see the same listings, and an unchanged listing
keeps its file, so Sphinx does not read it again.

A bad post stops the build with one line naming its file and line.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..addresses import MANIFEST, Manifest
from ..catalog import PostRecord, load_catalog
from ..errors import BinderyError
from ..listings import TOP_CATEGORIES, Archive, Listing, generated_patterns, listings, render_all
from ..lock import archive_lock
from ..order import archive_order
from .feeds import feeds
from .redirects import old_addresses
from .state import book

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE = "bindery-catalog.pickle"


@dataclass
class Generated:
    catalog: dict[str, PostRecord]
    archive: Archive
    listings: list[Listing]
    written: list[str]


def make_listings(root: Path, cache: Path | None = None, old_addresses: bool = True) -> Generated:
    """Read the posts, write the listings and the manifest where they changed."""
    catalog = load_catalog(root, cache)
    manifest = Manifest.load(root)
    archive = archive_of(catalog, manifest)
    every = listings(archive)
    files = render_all(archive, every)
    manifest.add(site_addresses(catalog, every, old_addresses))
    files[MANIFEST] = manifest.text()
    written = write_changed(root, files, stale(root, files))
    return Generated(catalog, archive, every, written)


def regenerate(root: Path) -> list[str]:
    """The listings written outside a build (``bindery pages``)."""
    return make_listings(root).written


def generate(app: Sphinx) -> None:
    root = Path(app.srcdir)
    try:
        with archive_lock(root):  # no import may change the posts while they are read
            made = make_listings(root, Path(app.doctreedir) / CACHE, app.config.bindery_old_addresses)
    except BinderyError as err:
        print(err, file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as err:
        print(f"{err.filename or root}: {err.strerror}", file=sys.stderr)
        raise SystemExit(1) from None
    catalog, archive, every = made.catalog, made.archive, made.listings
    state = book(app.env)
    state.catalog = catalog
    state.order = list(archive.order)
    state.slugs = {kind: dict(names) for kind, names in archive.slugs.items()}
    state.listings = {x.doc: (x.kind, x.title) for x in every}
    state.authors_paged = archive.has_authors()
    categories = [x for x in every if x.kind == "category"]
    largest = sorted(categories, key=lambda x: (-len(x.posts), x.title.casefold(), x.title))[:TOP_CATEGORIES]
    state.top_categories = sorted(((x.title, x.doc) for x in largest), key=lambda x: (x[0].casefold(), x[0]))
    state.category_total = len(categories)
    state.feeds = {doc: title for doc, (title, _) in feeds(state).items()}
    state.years = sorted(((x.title, x.doc, len(x.posts)) for x in every if x.kind == "year"), reverse=True)
    # The blog's pages (About, …): the sidebar links them, as the blog's
    # menu did, for they are in no listing.
    pages = [(doc, record.title) for doc, record in catalog.items() if record.kind == "page"]
    state.pages = sorted(pages, key=lambda page: (page[1].casefold(), page[0]))


def archive_of(catalog: dict[str, PostRecord], manifest: Manifest) -> Archive:
    posts = {doc: r for doc, r in catalog.items() if r.kind == "post"}
    order = archive_order((doc, r.sources, r.archive_date) for doc, r in posts.items())
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
