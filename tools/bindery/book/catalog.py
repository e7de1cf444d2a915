"""What the book needs to know of every post, read from the post files.

The build reads this before it reads any page, to generate the listings
and to know each post's neighbours and categories.  Front matter is
checked by the one schema (``schema.py``); a post file unchanged since
the last build is not parsed again (a cache keyed by size and mtime).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from bindery.archive.store import PAGES, POSTS, PostFile, decode_text, parse_post
from bindery.dates import ArchiveDate
from bindery.errors import DumpError
from bindery.markup.summary import opening_sentence
from bindery.model import Source

CACHE_VERSION = 3  # 2: a source's capture address and time; 3: a page's parent


@dataclass(frozen=True)
class PostRecord:
    """One post (or page) of the book, as its front matter and body say."""

    slug: str
    kind: str  # "post" or "page"
    title: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    comments: int = 0
    sources: tuple[Source, ...] = ()
    date: str | None = None
    updated: str | None = None
    author: str | None = None
    original_url: str | None = None
    wp_id: int | None = None
    old_slugs: tuple[str, ...] = ()
    summary: str = ""  # the opening sentence, as MyST
    parent: str | None = None  # a page's parent page, by slug

    @property
    def folder(self) -> str:
        return POSTS if self.kind == "post" else PAGES

    @property
    def docname(self) -> str:
        return f"{self.folder}/{self.slug}"

    @property
    def address(self) -> str:
        return f"{self.docname}.html"

    @property
    def archive_date(self) -> ArchiveDate | None:
        return ArchiveDate.parse(self.date) if self.date else None

    @property
    def archive_updated(self) -> ArchiveDate | None:
        return ArchiveDate.parse(self.updated) if self.updated else None


def record_of(text: str, rel: str, kind: str) -> PostRecord:
    return record_from(parse_post(text, rel), kind)


def record_from(post: PostFile, kind: str, summary: bool = True) -> PostRecord:
    """The record of a post file already read (``summary``: with its opening sentence)."""
    meta = post.meta
    return PostRecord(
        slug=post.slug,
        kind=kind,
        title=post.title,
        categories=tuple(meta.get("categories") or ()),
        tags=tuple(meta.get("tags") or ()),
        comments=meta.get("comments", 0),
        sources=tuple(post.sources),
        date=meta.get("date"),
        updated=meta.get("updated"),
        author=meta.get("author"),
        original_url=meta.get("original_url"),
        wp_id=meta.get("wp_id"),
        old_slugs=tuple(meta.get("old_slugs") or ()),
        summary=opening_sentence(post.body) if summary else "",
        parent=meta.get("parent"),
    )


def load_catalog(root: Path, cache: Path | None = None) -> dict[str, PostRecord]:
    """Docname → record for every post and page under ``root``."""
    cached: dict[str, tuple[int, int, PostRecord]] = {}
    if cache is not None and cache.exists():
        try:
            version, cached = pickle.loads(cache.read_bytes())
            if version != CACHE_VERSION:
                cached = {}
        except Exception:  # a cache from another version, or cut short: start afresh
            cached = {}
    out: dict[str, PostRecord] = {}
    fresh: dict[str, tuple[int, int, PostRecord]] = {}
    for folder, kind in ((POSTS, "post"), (PAGES, "page")):
        for path in sorted((root / folder).glob("*.md")):
            if path.name == "index.md":
                continue
            rel = path.relative_to(root).as_posix()
            stat = path.stat()
            hit = cached.get(rel)
            if hit is not None and hit[:2] == (stat.st_size, stat.st_mtime_ns):
                record = hit[2]
            else:
                record = record_of(decode_text(path.read_bytes(), rel), rel, kind)
            fresh[rel] = (stat.st_size, stat.st_mtime_ns, record)
            out[record.docname] = record
    if cache is not None and fresh != cached:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((CACHE_VERSION, fresh)))
    check_parents(root, out)
    return out


def check_parents(root: Path, catalog: dict[str, PostRecord]) -> None:
    """A page's ``parent`` names another page, and no page is its own
    ancestor; a post has none (posts are filed under categories)."""
    pages = {r.slug: r for r in catalog.values() if r.kind == "page"}
    for record in catalog.values():
        if record.parent is None:
            continue
        if record.kind != "page":
            problem = "a post has no parent page (file it under categories); only pages have one"
        elif record.parent not in pages:
            problem = f"{record.parent!r} is not a page (pages/{record.parent}.md)"
        elif record.slug in page_ancestors(record.slug, pages):
            problem = f"{record.slug!r} would be its own ancestor"
        else:
            continue
        rel = f"{record.docname}.md"
        lines = decode_text((root / rel).read_bytes(), rel).split("\n")
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("parent:")), 2)
        raise DumpError(rel, line, f"parent: {problem}")


def page_ancestors(slug: str, pages: dict[str, PostRecord]) -> list[str]:
    """A page's parent, its parent's parent…, nearest first (a loop ends it)."""
    out: list[str] = []
    parent = pages[slug].parent if slug in pages else None
    while parent is not None and parent in pages and parent not in out:
        out.append(parent)
        parent = pages[parent].parent
    return out
