"""What richer sources (WordPress exports) add to an import.

A post is known by its fingerprint (its words), and, from an export, also
by its WordPress guid and original address, so the same post from a text
dump and from an export meets in one page.  A richer source replaces a
body only if nobody has edited it by hand since it was generated (its
digest still matches ``generated``); a hand-edited body is kept, and the
report says so.  Front matter fields a source adds are only ever added,
never overwritten, so hand edits there stay too.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bindery.archive.manifest import Manifest
from bindery.archive.slugs import slug_for, unique_slug
from bindery.archive.store import PostFile, body_digest, parse_post
from bindery.book.oldaddresses import url_key
from bindery.errors import DumpError
from bindery.model import DUMP, EXPORT, Dump, Post
from bindery.sources.textdump import decode_dump, parse_dump
from bindery.sources.wxr import SNIFF, Undeclared, looks_like_wxr, read_wxr, refuse_non_wxr, stream_wxr

PAGES = "pages"
RICH_FIELDS = ("date", "updated", "author", "tags", "original_url", "guid", "wp_id")


def read_source(path: Path, display: str) -> Dump:
    """A text dump or a WordPress export, told apart by content, not name."""
    if _is_wxr(path, display):
        return read_wxr(path, display)
    return _read_dump(path, display)


def read_posts(path: Path, display: str, declare: Undeclared = ()) -> Generator[Post, None, Dump]:
    """``read_source`` as a stream: each post as soon as it is read (an
    export's as soon as it is converted), then the ``Dump`` is returned,
    its posts left out.  An export may raise ``wxr.UndeclaredPrefix``: read
    it again with ``declare`` naming the prefix."""
    if _is_wxr(path, display):
        return (yield from stream_wxr(path, display, declare))
    dump = _read_dump(path, display)
    yield from dump.posts
    return dataclasses.replace(dump, posts=())


def _is_wxr(path: Path, display: str) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF)
    except OSError as err:
        raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
    if looks_like_wxr(head):
        return True
    if b"\0" not in head:
        refuse_non_wxr(head, display)
    return False


def _read_dump(path: Path, display: str) -> Dump:
    return parse_dump(decode_dump(path.read_bytes(), display), display)


@dataclass
class SourceReport:
    """The counts an export adds to the import's report."""

    upgraded: list[str] = field(default_factory=list)  # bodies replaced by a richer source's
    kept_edited: list[str] = field(default_factory=list)  # hand-edited bodies left alone
    pages_added: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.pages_added:
            out.append(f"{len(self.pages_added)} pages added: {', '.join(self.pages_added)}")
        if self.upgraded:
            out.append(f"{len(self.upgraded)} bodies replaced by a richer source: {', '.join(self.upgraded)}")
        for slug in self.kept_edited:
            out.append(f"posts/{slug}.md: edited by hand, so its body was kept (a richer source has another)")
        if self.skipped:
            counts = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
            out.append(f"not published (skipped): {counts}")
        return out


class Identity:
    """Finds the file an incoming post belongs to."""

    def __init__(self, files: Iterable[PostFile]) -> None:
        self.keys: dict[str, PostFile] = {}
        for file in files:
            self.add(file)

    def add(self, file: PostFile) -> None:
        for key in identity_keys(file.meta):
            self.keys.setdefault(key, file)

    def find(self, post: Post) -> PostFile | None:
        """The file with the post's guid, address or words; never one that
        names another guid or address (two posts may share their words)."""
        meta = {"guid": post.guid, "original_url": post.original_url, "fingerprint": post.key}
        for key in identity_keys(meta):
            file = self.keys.get(key)
            if file is not None and not _conflicts(file.meta, post):
                return file
        return None


def _conflicts(meta: Mapping[str, object], post: Post) -> bool:
    if post.guid and meta.get("guid") and meta["guid"] != post.guid:
        return True
    url = meta.get("original_url")
    return bool(post.original_url and url and url_key(str(url)) != url_key(post.original_url))


def identity_keys(meta: Mapping[str, object]) -> list[str]:
    keys = []
    if meta.get("guid"):
        keys.append(f"guid:{meta['guid']}")
    if meta.get("original_url"):
        keys.append(f"url:{url_key(str(meta['original_url']))}")
    if meta.get("fingerprint"):
        keys.append(f"text:{meta['fingerprint']}")
    return keys


def base_slug(post: Post, fallback: str) -> str:
    """WordPress's own slug where the source has one, else the title's."""
    if post.name:
        return slug_for(post.name, fallback)
    return slug_for(post.title, fallback)


def rich_fields(post: Post) -> dict[str, object]:
    values: dict[str, object] = {
        "date": post.date,
        "updated": post.updated,
        "author": post.author,
        "tags": list(post.tags),
        "original_url": post.original_url,
        "guid": post.guid,
        "wp_id": post.wp_id,
    }
    return {k: v for k, v in values.items() if v not in (None, [])}


def rank_of(file: PostFile) -> int:
    return EXPORT if file.meta.get("guid") else DUMP


def enrich(file: PostFile, post: Post, report: SourceReport) -> bool:
    """Fold what a richer source knows into an existing file; True if it changed."""
    if post.body is None:
        return False
    changed = False
    for key, value in rich_fields(post).items():
        if key not in file.meta:
            file.meta[key] = value
            changed = True
    if post.rank < rank_of(file) or file.body == post.body:
        return changed
    if body_digest(file.body) != file.meta.get("generated"):
        if file.slug not in report.kept_edited:
            report.kept_edited.append(file.slug)
        return changed
    file.body = post.body
    file.meta["generated"] = body_digest(post.body)
    report.upgraded.append(file.slug)
    return True


def load_pages(root: Path) -> dict[str, PostFile]:
    """Every published page (About…) under ``root/pages``, by slug."""
    pages = {}
    for path in sorted((root / PAGES).glob("*.md")):
        page = parse_post(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
        pages[page.slug] = page
    return pages


def merge_pages(
    posts: Iterable[Post],
    pages: dict[str, PostFile],
    manifest: Manifest,
    report: SourceReport,
    new_file: Callable[[Post, str], PostFile],
) -> list[str]:
    """Add the exports' published pages (the posts of kind "page") to
    ``pages``; the slugs to write."""
    identity = Identity(pages.values())
    prefix = f"{PAGES}/"
    taken = set(pages) | {a[len(prefix) : -len(".html")] for a in manifest.addresses if a.startswith(prefix)}
    write: list[str] = []
    for post in posts:
        if post.kind != "page":
            continue
        existing = identity.find(post)
        if existing is None:
            slug = unique_slug(base_slug(post, f"page-{post.key[:8]}"), taken)
            taken.add(slug)
            pages[slug] = existing = new_file(post, slug)
            identity.add(existing)
            report.pages_added.append(slug)
            write.append(slug)
        elif enrich(existing, post, report):
            write.append(existing.slug)
    write += _add_parents([p for p in posts if p.kind == "page"], pages, identity)
    manifest.addresses.update(f"{PAGES}/{slug}.html" for slug in pages)
    return sorted(set(write))


def _add_parents(posts: Iterable[Post], pages: dict[str, PostFile], identity: Identity) -> list[str]:
    """Each page's parent page (by the source's id), where the page has
    none yet: a parent changed by hand stays so.  The slugs changed."""
    by_id = {int(p.meta["wp_id"]): slug for slug, p in pages.items() if p.meta.get("wp_id") is not None}
    changed = []
    for post in posts:
        file = identity.find(post) if post.parent_id is not None else None
        parent = by_id.get(post.parent_id) if post.parent_id is not None else None
        if file is None or parent is None or parent == file.slug or "parent" in file.meta:
            continue
        file.meta["parent"] = parent
        changed.append(file.slug)
    return changed


def note_dumps(dumps: Iterable[Dump], report: SourceReport) -> None:
    for dump in dumps:
        report.skipped.update(dump.skipped)
        report.notes.extend(dump.notes)
