"""Merging a source's posts into the archive: one engine for posts and pages.

A post is known by its fingerprint (its words), and, from a richer
source, also by its WordPress guid and original address, so the same
post from a text dump and from an export meets in one page.  A post's
address is fixed the first time it is imported (its slug, in its front
matter and file name) and nothing later moves it: a post seen again
only gains sources, categories and the fields a richer source adds.  A
richer source replaces a body only if nobody has edited it by hand since
it was generated (its digest still matches ``generated``); a hand-edited
body is kept, and the report says so.  Front matter fields a source adds
are only ever added, never overwritten, so hand edits there stay too.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from bindery.archive.manifest import LISTING_FOLDERS, Manifest
from bindery.archive.slugs import slug_for, unique_slug
from bindery.archive.store import PAGES, POSTS, PostFile, body_digest
from bindery.book.listings import filed_under
from bindery.book.oldaddresses import url_key
from bindery.dates import ArchiveDate
from bindery.markup.htmlconv import COMMENT_DIRECTIVE, LINKBACK_DIRECTIVE
from bindery.markup.myst import render_body
from bindery.model import CAPTURE, DUMP, EXPORT, Dump, Post, Source

RICH_FIELDS = ("date", "updated", "author", "tags", "original_url", "guid", "wp_id")


@dataclass
class SourceReport:
    """The counts an export adds to the import's report."""

    upgraded: list[str] = field(default_factory=list)  # bodies replaced by a richer source's
    captures: list[str] = field(default_factory=list)  # which of two captures' bodies a post kept, and why
    # posts two rich sources (an export, a fetch) both give, where their bodies differ:
    # which body was kept, and why ("posts/x.md: kept raw/blog.xml's body: 812 words, not 790")
    chosen: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # bodies replaced by a later version of the post
    kept_edited: list[str] = field(default_factory=list)  # files whose hand-edited bodies were left alone
    pages_added: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.pages_added:
            out.append(f"{len(self.pages_added)} pages added: {', '.join(self.pages_added)}")
        if self.upgraded:
            out.append(f"{len(self.upgraded)} bodies replaced by a richer source: {', '.join(self.upgraded)}")
        if self.edited:
            out.append(f"{len(self.edited)} posts edited on the blog since: {', '.join(self.edited)}")
        out.extend(self.chosen)
        out.extend(self.captures)
        for path in self.kept_edited:
            out.append(f"{path}: edited by hand, so its body was kept (a richer source has another)")
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
        meta = {
            "guid": post.guid,
            "original_url": post.original_url,
            "wp_id": post.wp_id,
            "fingerprint": post.key,
        }
        for key in identity_keys(meta):
            file = self.keys.get(key)
            if file is not None and not _conflicts(file.meta, post):
                return file
        return None


def _conflicts(meta: Mapping[str, object], post: Post) -> bool:
    if post.guid and meta.get("guid") and meta["guid"] != post.guid:
        return True
    url, wp_id = meta.get("original_url"), meta.get("wp_id")
    same_blog = bool(url and post.original_url) and _host(str(url)) == _host(post.original_url or "")
    if same_blog and post.wp_id is not None and wp_id is not None:
        return wp_id != post.wp_id  # one blog's ids: the id decides (a slug may change)
    return bool(post.original_url and url and url_key(str(url)) != url_key(post.original_url))


def _host(url: str) -> str:
    return url_key(url).split("/", 1)[0]


def identity_keys(meta: Mapping[str, object]) -> list[str]:
    keys = []
    if meta.get("guid"):
        keys.append(f"guid:{meta['guid']}")
    if meta.get("original_url"):
        keys.append(f"url:{url_key(str(meta['original_url']))}")
        if meta.get("wp_id") is not None:  # the same blog's post, whose address changed (a new slug)
            keys.append(f"id:{_host(str(meta['original_url']))}:{meta['wp_id']}")
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
    if file.meta.get("guid"):
        return EXPORT
    return CAPTURE if any(source.url for source in file.sources) else DUMP


def newer_capture_wins(
    old_words: int, old_captured: str | None, new_words: int, new_captured: str | None
) -> bool:
    """Whether a capture's body replaces another capture's: the newer
    capture's body is used unless the earlier one holds more of the text
    (a half-loaded or truncated page never replaces a fuller one).  A
    capture whose time is unknown counts as the earlier."""
    if _newer(new_captured, old_captured):
        return new_words >= old_words
    return new_words > old_words


def _newer(captured: str | None, than: str | None) -> bool:
    return captured is not None and (than is None or _instant(captured) >= _instant(than))


def _instant(captured: str) -> tuple[int, int, int, str]:
    return ArchiveDate.parse(captured).sort_key


def body_words(body: str) -> int:
    """The words of a post's text, before its comments (``words_in_body``):
    what two captures of one post are compared by."""
    marks = (body.find("{" + name + "}") for name in (COMMENT_DIRECTIVE, LINKBACK_DIRECTIVE))
    cut = min((at for at in marks if at >= 0), default=len(body))
    return words_in_body(body[:cut])


def _newest_capture(sources: Iterable[Source]) -> str | None:
    times = [s.captured for s in sources if s.captured]
    return max(times, key=_instant) if times else None


def _capture_choice(file: PostFile, post: Post, report: SourceReport, folder: str) -> bool:
    """Whether ``post`` (a capture) replaces the body of ``file`` (made
    from another capture), by ``newer_capture_wins``; the report says which."""
    others = [s for s in file.sources if s.url and s.file != post.source.file]
    old_words, new_words = body_words(file.body), body_words(post.body or "")
    old_time, new_time = _newest_capture(others), post.source.captured
    wins = newer_capture_wins(old_words, old_time, new_words, new_time)
    earlier = ", ".join(sorted({s.file for s in others}))
    new = f"{post.source.file} (saved {new_time or 'at an unknown time'}, {new_words} words)"
    old = f"{earlier} (saved {old_time or 'at an unknown time'}, {old_words} words)"
    chosen, passed = (new, old) if wins else (old, new)
    newest = _newer(new_time, old_time) == wins
    why = "the newer capture" if newest else "it holds more of the text"
    report.captures.append(f"{folder}/{file.slug}.md: body from {chosen}, not {passed}: {why}")
    return wins


def enrich(file: PostFile, post: Post, report: SourceReport, folder: str = POSTS) -> bool:
    """Fold what a richer source knows into an existing file; True if it changed."""
    if post.body is None:
        return False
    file_rank = rank_of(file)  # as its body was made, before this source's fields are added
    changed = False
    for key, value in rich_fields(post).items():
        if key not in file.meta:
            file.meta[key] = value
            changed = True
    if post.rank < file_rank or file.body == post.body:
        return changed
    path = f"{folder}/{file.slug}.md"
    if body_digest(file.body) != file.meta.get("generated"):
        if path not in report.kept_edited:
            report.kept_edited.append(path)
        return changed
    both_rich = file_rank >= EXPORT and post.rank >= EXPORT
    if post.rank == file_rank == CAPTURE and _has_other_source(file, post):
        if not _capture_choice(file, post, report, folder):
            return changed
        choice = BodyChoice(True, False, "")
    elif both_rich and _has_other_source(file, post):
        choice = fuller_or_newer(file, post)
        source = post.source.file
        kept = f"the body from {source} kept" if choice.take else f"body kept over {source}'s"
        report.chosen.append(f"{path}: {kept}: {choice.why}")
        if not choice.take:
            return changed
    else:
        choice = BodyChoice(True, both_rich and _later(post.updated, file.meta.get("updated")), "")
        (report.edited if choice.edited else report.upgraded).append(file.slug)
    if choice.edited and post.updated:
        file.meta["updated"] = post.updated
    file.body = post.body
    file.meta["generated"] = body_digest(post.body)
    return True


def _has_other_source(file: PostFile, post: Post) -> bool:
    return any(source.file != post.source.file for source in file.sources)


class BodyChoice(NamedTuple):
    take: bool  # the incoming post's body replaces the file's
    edited: bool  # because it is a later version of the post
    why: str


def fuller_or_newer(file: PostFile, post: Post) -> BodyChoice:
    """Whether ``post``'s body replaces ``file``'s where two rich sources give
    the same post (an export, which has the body as written, and a fetch,
    which has it as WordPress rendered it): a newer version of the post (an
    edit made on the blog since) always; the same version only if it holds
    more of the post's words.  Returns the choice and why, for the report."""
    if _later(post.updated, file.meta.get("updated")):
        return BodyChoice(True, True, f"edited on the blog since (updated {post.updated})")
    if _later(file.meta.get("updated"), post.updated):
        return BodyChoice(
            False, False, f"newer than {post.source.file}'s (updated {file.meta.get('updated')})"
        )
    new_words, old_words = words_in_body(post.body or ""), words_in_body(file.body)
    if new_words > old_words:
        return BodyChoice(True, False, f"{new_words} words, not {old_words}")
    return BodyChoice(False, False, f"{old_words} words, not {new_words}")


def _later(one: object, other: object) -> bool:
    """Whether the modification time ``one`` is later than ``other`` (False
    where either is unknown), compared across offsets."""
    if not one or not other:
        return False
    try:
        return ArchiveDate.parse(one).sort_key > ArchiveDate.parse(other).sort_key
    except ValueError:
        return False


# What a word is not, in a body the converter wrote: a directive's fence and
# option lines, a link's or image's address, a shortcode an export keeps as
# written (``\[gallery ids="4,5"\]``: the fetch has what it rendered), a
# backslash escape.
_NOT_WORDS = re.compile(
    r"^(?:`{3,}.*|:[\w-]+:.*)$|\]\([^)]*\)|<https?://[^>]*>|\\\[/?[a-z][\w-]*(?:\s[^\]\n]*)?\\\]|\\(?=\S)",
    re.MULTILINE,
)
_WORD = re.compile(r"\w+")


def words_in_body(body: str) -> int:
    """How many of the post's words a generated body holds: its text and its
    comments', without the markup around them."""
    return len(_WORD.findall(_NOT_WORDS.sub(" ", body)))


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    categories: int = 0
    written: list[str] = field(default_factory=list)
    sources: SourceReport = field(default_factory=SourceReport)  # what richer sources add
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


@dataclass
class Shelf:
    """One kind's files in the archive (posts, or the blog's pages), by slug."""

    folder: str
    files: dict[str, PostFile]
    taken: set[str]  # slugs no new file may take: live, old, or ever published

    def __post_init__(self) -> None:
        self.identity = Identity(self.files.values())


class PostMerge:
    """Posts and pages merged into the archive one at a time, in the order
    their sources give them: a new one gets its slug, a further copy of one
    already there is folded into its file."""

    def __init__(
        self, posts: dict[str, PostFile], pages: dict[str, PostFile], manifest: Manifest, report: ImportReport
    ) -> None:
        self.manifest = manifest
        self.report = report
        self.shelves = {
            "post": Shelf(POSTS, posts, manifest.taken_slugs(POSTS, posts, _old_slugs(posts))),
            "page": Shelf(PAGES, pages, manifest.taken_slugs(PAGES, pages, _old_slugs(pages))),
        }
        self.added: set[str] = set()  # paths of the files made new
        self.touched: set[str] = set()  # paths of the files changed by a further copy (new ones too)
        self.aliases: dict[str, str] = {}  # each category's name now, looked up once, not once a post
        self.parent_ids: dict[str, int] = {}  # page slug → its parent page's id, as its sources give it

    def add(self, post: Post) -> tuple[PostFile, bool]:
        """Merge one post (or page): its file, and whether it is new."""
        file, new = self._add(post)
        if post.kind == "page" and post.parent_id is not None:
            self.parent_ids.setdefault(file.slug, post.parent_id)
        return file, new

    def _add(self, post: Post) -> tuple[PostFile, bool]:
        shelf = self.shelves[post.kind]
        post = with_kept_names(post, self.manifest, self.aliases)
        existing = shelf.identity.find(post)
        if existing is None:
            slug = unique_slug(base_slug(post, f"{post.kind}-{post.key[:8]}"), shelf.taken)
            shelf.taken.add(slug)
            shelf.files[slug] = file = new_post_file(post, slug)
            shelf.identity.add(file)
            self.added.add(f"{shelf.folder}/{slug}")
            (self.report.added if post.kind == "post" else self.report.sources.pages_added).append(slug)
            return file, True
        if _merge(existing, post) | enrich(existing, post, self.report.sources, shelf.folder):
            self.touched.add(f"{shelf.folder}/{existing.slug}")
        return existing, False

    def changed(self) -> list[tuple[str, PostFile]]:
        """(path, file) of each file a further copy changed, in path order."""
        out: list[tuple[str, PostFile]] = []
        for shelf in self.shelves.values():
            prefix = f"{shelf.folder}/"
            out.extend((f"{path}.md", shelf.files[path[len(prefix) :]]) for path in sorted(self.touched)
                       if path.startswith(prefix))  # fmt: skip
        return out

    def add_parents(self) -> None:
        """Each page's parent page (by the source's id), where the page has
        none yet: a parent changed by hand stays so."""
        pages = self.shelves["page"].files
        by_id = {int(p.meta["wp_id"]): slug for slug, p in pages.items() if p.meta.get("wp_id") is not None}
        for slug, parent_id in self.parent_ids.items():
            parent = by_id.get(parent_id)
            file = pages[slug]
            if parent is None or parent == slug or "parent" in file.meta:
                continue
            file.meta["parent"] = parent
            self.touched.add(f"{PAGES}/{slug}")

    def finish(self) -> None:
        """The report's lists of merged and unchanged posts."""
        posts = self.shelves["post"]
        prefix = f"{POSTS}/"
        added = {p[len(prefix) :] for p in self.added if p.startswith(prefix)}
        touched = {p[len(prefix) :] for p in self.touched if p.startswith(prefix)}
        self.report.merged = sorted(touched - added)
        self.report.unchanged = sorted(set(posts.files) - added - touched)


def _old_slugs(files: Mapping[str, PostFile]) -> list[str]:
    return [slug for file in files.values() for slug in file.old_slugs]


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
    out: dict[str, object] = {"file": source.file}
    if source.url:
        out["url"] = source.url
    if source.captured:
        out["captured"] = source.captured
    return out


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


def note_dumps(dumps: Iterable[Dump], report: SourceReport) -> None:
    """What the sources skipped (unpublished items) and repaired, for the report."""
    for dump in dumps:
        report.skipped.update(dump.skipped)
        report.notes.extend(dump.notes)
