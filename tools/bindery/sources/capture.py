"""The posts of a capture of a blog: every page saved of it, put together.

A mirror or a web archive holds each post several times: its own page,
the archive pages (home, category, tag, date) that show it in full, a
feed, and in a web archive several captures of each.  Each page is read
into ``Entry``s (``page.py``, ``feed.py``); a ``CaptureSet`` keeps, for
each post (and each page of a post split over several), the fullest
copy: the post's own page before a listing's, a whole text before a
teaser, and between two captures of the same kind the newer, unless the
earlier holds more of the text (``importer.merge.newer_capture_wins``,
the rule the importer applies between sources too).  Comments are the
union of those every capture of the post's own page shows.  Only once
every page is read are the chosen copies converted to MyST.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from bindery.book.oldaddresses import url_key
from bindery.dates import ArchiveDate
from bindery.importer.merge import newer_capture_wins
from bindery.markup.htmlconv import Comment, convert_post
from bindery.model import CAPTURE, CAPTURES, Dump, Post, Source, post_key
from bindery.pool import ChunkConverter

NO_TITLE = "(no title)"  # as WordPress shows a post without one (and sources/wxr.py names it)
NEXT_PAGE = "<!--nextpage-->"  # between the pages of a post split over several (htmlconv sets a break)


@dataclass(frozen=True)
class Capture:
    """Where and when a page was saved, as the capture tells."""

    url: str | None = None  # the address it was saved from
    captured: str | None = None  # ISO 8601 moment
    where: str = ""  # how a message names it: the file, and a web archive's record offset


@dataclass(frozen=True)
class Entry:
    """One post as one saved page (or feed) shows it."""

    key: str  # the post it is of: its WordPress id, else its address
    kind: str  # "post" or "page"
    title: str
    html: str  # its text as the page shows it, theme furniture removed
    words: int
    capture: Capture
    whole: bool = True  # the post's own page, not a listing or a feed showing it
    truncated: bool = False  # a teaser ("Continue reading"), or an excerpt
    part: int = 1  # the page of a post split over several (<!--nextpage-->)
    parts: int = 1
    comments: tuple[Comment, ...] = ()
    date: str | None = None
    updated: str | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    original_url: str | None = None
    wp_id: int | None = None
    name: str | None = None
    comment_count: int | None = None  # where the page gives a count but not the comments (a feed)


def entry_key(wp_id: int | None, url: str | None) -> str | None:
    if wp_id is not None:
        return f"id:{wp_id}"
    return f"url:{url_key(url)}" if url else None


@dataclass
class Reading:
    """What one saved page (or feed) gives: its posts and the listing order
    it shows, or why it gives none."""

    entries: list[Entry] = field(default_factory=list)
    listing: tuple[int, str, int] | None = None  # (rank, address, page number) of a listing page
    skipped: str | None = None  # why it gives no post, as the report counts it ("an error page")
    note: str | None = None  # for bad input, the line the report gives it (its file and record named)


def skipped(why: str, loud: bool = False, note: str | None = None) -> Reading:
    """A page that gives no post; ``loud``: bad input, a line of its own in the report."""
    return Reading(skipped=why, note=note or (why if loud else None))


@dataclass
class CaptureSet:
    """The chosen copy of each post of one source (a mirror, a web archive)."""

    display: str
    best: dict[str, dict[int, Entry]] = field(default_factory=dict)  # post → part → entry
    comments: dict[str, dict[str, Comment]] = field(default_factory=dict)  # post → id → comment
    listings: dict[tuple[int, str, int], list[str]] = field(default_factory=dict)  # listing page → posts
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # an address's key → the id key of its post

    def add(self, entry: Entry) -> None:
        if entry.wp_id is not None and entry.original_url:  # its address, known to lead to its id
            self.aliases[entry_key(None, entry.original_url) or ""] = entry.key
        parts = self.best.setdefault(entry.key, {})
        held = parts.get(entry.part)
        if held is None or self._replaces(held, entry):
            parts[entry.part] = entry
        if entry.whole and entry.comments:
            known = self.comments.setdefault(entry.key, {})
            for comment in entry.comments:  # a newer capture's copy of a comment replaces an older's
                if comment.id not in known or entry is parts[entry.part]:
                    known[comment.id] = comment

    def take(self, reading: Reading, capture: Capture) -> None:
        """Add what one saved page shows; a page that is bad input (an error
        page, a login wall…) is one line of the report, naming its file (and record)."""
        if reading.skipped is not None:
            self.skipped[reading.skipped] += 1
        if reading.note is not None:
            self.notes.append(f"{capture.where}: skipped: {reading.note}")
        for entry in reading.entries:
            self.add(entry)
        keys = [entry.key for entry in reading.entries if entry.kind == "post"]
        if reading.listing is not None and keys:
            self.listed(reading.listing, keys)

    def dump(self) -> Dump:
        """The rest of the source's ``Dump``, once its posts are read."""
        times = [
            e.capture.captured for parts in self.best.values() for e in parts.values() if e.capture.captured
        ]
        return Dump(
            self.display,
            "Capture",
            self.display,
            (),
            skipped=dict(self.skipped),
            notes=tuple(self.notes),
            form=CAPTURES,  # the landing page names captures, and the day of the latest (blog.yaml)
            made=max(times)[:10] if times else None,
        )

    def listed(self, place: tuple[int, str, int], keys: list[str]) -> None:
        """A listing page (its rank, address and page number) shows ``keys`` in this order."""
        self.listings.setdefault(place, keys)

    def _replaces(self, held: Entry, new: Entry) -> bool:
        if (new.whole, not new.truncated) != (held.whole, not held.truncated):
            return (new.whole, not new.truncated) > (held.whole, not held.truncated)
        wins = newer_capture_wins(held.words, held.capture.captured, new.words, new.capture.captured)
        fuller, other = (held, new) if not wins else (new, held)
        if fuller.words > other.words and _newer(other, fuller):
            self.notes.append(
                f"{other.capture.where}: {other.original_url or other.title}: this capture holds less "
                f"of the text ({other.words} words) than the earlier one at {fuller.capture.where} "
                f"({fuller.words} words), whose text is used"
            )
        return wins

    def _fold_aliases(self) -> None:
        """Copies known by address (a feed's entry) joined to the copies of
        the same post known by its id (its page)."""
        for key in [k for k in self.best if k in self.aliases and self.aliases[k] != k]:
            parts = self.best.pop(key)
            for entry in parts.values():
                self.add(replace(entry, key=self.aliases[key]))
            for ident, comment in self.comments.pop(key, {}).items():
                self.comments.setdefault(self.aliases[key], {}).setdefault(ident, comment)

    def posts(self) -> Iterator[Post]:
        """Every post, in the blog's listing order where a listing was
        saved, then in the order first met; converted in worker processes."""
        self._fold_aliases()
        order = [self.aliases.get(k, k) for place in sorted(self.listings) for k in self.listings[place]]
        order.extend(self.best)
        chosen = []
        for key in dict.fromkeys(order):
            post = self._chosen(key)
            if post is not None:
                chosen.append(post)
        with ChunkConverter(functools.partial(_convert, display=self.display)) as converter:
            yield from converter.run(chosen)

    def _chosen(self, key: str) -> tuple[Entry, str] | None:
        parts = self.best.pop(key, None)
        if not parts:
            return None
        first = parts.get(1) or parts[min(parts)]
        if all(e.truncated for e in parts.values()):
            self.skipped["posts saved only as an excerpt"] += 1
            return None
        count = max(e.parts for e in parts.values())
        missing = [n for n in range(1, count + 1) if n not in parts]
        if missing:
            shown = ", ".join(map(str, missing))
            self.notes.append(
                f"{first.capture.where}: {first.original_url or first.title}: pages {shown} of "
                f"{count} were not saved; their text is missing"
            )
        html = NEXT_PAGE.join(parts[n].html for n in sorted(parts))
        comments = tuple(self.comments.pop(key, {}).values())
        return replace(first, html=html, comments=comments), key


def _newer(a: Entry, b: Entry) -> bool:
    """Whether ``a`` was captured after ``b`` (both times known)."""
    if a.capture.captured is None or b.capture.captured is None:
        return False
    return ArchiveDate.parse(a.capture.captured).sort_key > ArchiveDate.parse(b.capture.captured).sort_key


def _convert(chunk: list[tuple[Entry, str]], display: str) -> list[Post]:
    return [post_of(entry, display) for entry, _ in chunk]


def post_of(entry: Entry, display: str) -> Post:
    """The chosen copy of a post as a ``Post``: its text through the HTML
    converter, as an export's is."""
    title = entry.title or NO_TITLE
    base = entry.capture.url or entry.original_url or ""
    converted = convert_post(title, entry.html, entry.comments, base=base, rendered=True)
    count = len(entry.comments) if entry.comment_count is None or entry.comments else entry.comment_count
    return Post(
        title=title,
        captions=(),
        blocks=(),
        comments=count,
        categories=entry.categories,
        source=Source(display, 0, entry.capture.url or entry.original_url, entry.capture.captured),
        body=converted.body,
        fingerprint=post_key(title, list(converted.text)),
        tags=entry.tags,
        date=entry.date,
        updated=entry.updated,
        author=entry.author,
        original_url=entry.original_url,
        wp_id=entry.wp_id,
        name=entry.name,
        kind=entry.kind,
        rank=CAPTURE,
    )
