"""What a dump holds: posts made of paragraphs, lists and quotes."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Quote:
    text: str
    line: int


Block = Paragraph | BulletList | Quote


@dataclass(frozen=True)
class Source:
    """Where a post stands in a source: the file's path and the post's line
    (or its place in the source's list of posts: ``archive/sequence.py``);
    0 where it is not known.  A capture (a saved page, a mirror, a web
    archive) also gives the address the page was saved from and, where the
    capture says, when (ISO 8601 text, as ``dates.ArchiveDate`` writes it)."""

    file: str
    line: int
    url: str | None = None
    captured: str | None = None


# How rich a source is: a richer one may replace a body a poorer one
# generated, if nobody has edited it since.  A capture's body is the page as
# the blog rendered it; an export's is the author's own text.  A fetch
# through the REST API (``sources/rest.py``) is as rich as an export: where
# both give a post, ``importer/merge.fuller_or_newer`` chooses between their
# bodies; between two captures, ``importer/merge.newer_capture_wins``.
DUMP, CAPTURE, EXPORT, FETCH = 1, 2, 3, 4


@dataclass(frozen=True)
class Post:
    """One post (or page) as any source gives it; everything after the
    reader works on this alone, whatever the source's format."""

    title: str
    captions: tuple[str, ...]
    blocks: tuple[Block, ...]
    comments: int
    categories: tuple[str, ...]
    source: Source
    # A source that renders its own body (an export's HTML) gives its MyST
    # here, and its key (``post_key`` of its visible text, in reading order)
    # in ``fingerprint``: the text itself need not travel with the post.
    body: str | None = None
    fingerprint: str | None = None
    tags: tuple[str, ...] = ()
    date: str | None = None  # ISO 8601 text, as dates.ArchiveDate writes it
    updated: str | None = None
    author: str | None = None  # a display name, never a login or e-mail
    original_url: str | None = None
    guid: str | None = None
    wp_id: int | None = None
    name: str | None = None  # the slug the source proposes (WordPress's post_name)
    kind: str = "post"  # or "page": outside the post listings
    rank: int = DUMP
    parent_id: int | None = None  # a page's parent page, by the source's id (WordPress's post_parent)

    @cached_property
    def key(self) -> str:
        return self.fingerprint or post_key(self.title, self.texts())

    def texts(self) -> list[str]:
        """Every piece of the post's text after its title, in order."""
        out = list(self.captions)
        for block in self.blocks:
            if isinstance(block, BulletList):
                out.extend(block.items)
            else:
                out.append(block.text)
        return out


# What a source is, as the landing page names it.
TEXT_COPY, EXPORT_FILE, API_FETCH, CAPTURES = "text copy", "export", "fetch", "captures"


@dataclass(frozen=True)
class BlogIdentity:
    """What a source says of the blog itself: an export's channel, a REST
    API's root, a captured home page.  Any of it may be missing."""

    title: str | None = None
    tagline: str | None = None
    address: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Term:
    """A category or tag as the blog kept it: its slug, its parent's slug
    (categories), and its id (WordPress's term id, which ``?cat=N`` names)."""

    kind: str  # "category" or "tag"
    name: str
    slug: str | None = None
    parent: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Dump:
    path: str
    kind: str  # "Category", "Tag", "Monthly", ...
    name: str  # "Technology"
    posts: tuple[Post, ...] = field(default=())
    # an export's items that were not published, by why (draft, attachment…)
    skipped: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # repairs made to the source, one line each
    # the blog's addresses of its category and tag pages: (kind, name, address)
    old_terms: tuple[tuple[str, str, str], ...] = ()
    form: str = TEXT_COPY  # what the source is: TEXT_COPY, EXPORT_FILE, API_FETCH or CAPTURES
    blog: BlogIdentity | None = None
    made: str | None = None  # the day the source was made (an export's date), ISO 8601
    terms: tuple[Term, ...] = ()  # the blog's categories and tags, with their parents and ids


def normalise(text: str) -> str:
    """Text as a reader sees it: Unicode-normalised, any run of spaces
    (no-break spaces included) as one space."""
    if not text.isascii():  # (ASCII is NFKC already, and isascii costs nothing)
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def post_key(title: str, texts: list[str]) -> str:
    """The identity of a post: the same post copied from two category
    archives, or from an archive page and an export, has the same key;
    two posts that share a title do not.  Only the words count, not how
    a source splits them into blocks."""
    text = normalise(title) + "\0" + normalise(" ".join(texts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
