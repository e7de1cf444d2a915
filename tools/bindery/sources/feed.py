"""A blog's feed (RSS 2.0, Atom, RSS 1.0), read with feedparser.

A full-content feed (WordPress's default: ``content:encoded``) holds each
recent post's text, title, date, author and terms; a summary feed holds
only excerpts, which are no post (counted, not read).  A feed does not
tell a category from a tag (WordPress lists both as ``<category>``), so
its terms are kept as tags.  A feed of comments is no source of posts.
Feeds come alone (``raw/feed.xml``) or inside a mirror or web archive
(``feed/index.html``), where a post's own page is preferred to its entry.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Generator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser

from bindery.archive.schema import one_line, web_address
from bindery.errors import DumpError
from bindery.model import CAPTURE, Dump, Post
from bindery.sources.capture import Capture, CaptureSet, Entry, Reading, entry_key, skipped
from bindery.sources.extract import markup_date

_ROOT = re.compile(rb"<(?:rss\b|feed\b[^>]*http://www\.w3\.org/2005/Atom|rdf:RDF\b[^>]*purl\.org/rss)", re.S)
_WORDPRESS_EXPORT = re.compile(rb"xmlns:wp=[\"']https?://wordpress\.org/export/")


def looks_like_feed(head: bytes) -> bool:
    """An RSS or Atom document (not a WordPress export, which is RSS too)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"<"):
        return False
    return _ROOT.search(start[:4096]) is not None and _WORDPRESS_EXPORT.search(head) is None


def read_feed(data: bytes, capture: Capture) -> Reading:
    """A feed's full-content entries."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = str(parsed.get("bozo_exception") or "not well-formed").splitlines()[0]
            return skipped(f"a feed that cannot be read ({problem})", loud=True)
        return skipped("feeds with no entries")
    links = [str(e.get("link") or "") for e in entries]
    if all("#comment-" in link for link in links):
        return skipped("feeds of comments")
    return Reading([entry for item in entries if (entry := _entry(item, capture)) is not None])


def _entry(item: Any, capture: Capture) -> Entry | None:
    link = web_address(str(item.get("link") or "").strip())
    guid = str(item.get("id") or "")
    # WordPress's guid (``?p=123``) names the id only on the blog that made
    # it: a post moved from another blog keeps its old guid
    same_blog = bool(link and guid) and urlsplit(guid).netloc == urlsplit(link or "").netloc
    ids = parse_qs(urlsplit(guid).query).get("p", []) if same_blog else []
    wp_id = int(ids[0]) if ids and ids[0].isdigit() and len(ids[0]) < 20 else None
    key = entry_key(wp_id, link)
    if key is None:
        return None
    contents = [c for c in item.get("content") or [] if "html" in str(c.get("type", "html"))]
    html = str(contents[0].get("value") or "") if contents else str(item.get("summary") or "")
    if "post-password-form" in html or "action=postpass" in html:
        return None  # a password-protected post: its form, not its text
    words = len(re.sub(r"<[^>]*>", " ", html).split())
    date = _date(item.get("published") or item.get("created"))
    updated = _date(dict.get(item, "updated"))  # (feedparser's own get warns, and answers the published date)
    count = str(item.get("slash_comments") or "").strip()
    return Entry(
        key=key,
        kind="post",
        title=one_line(str(item.get("title") or "")),
        html=html,
        words=words,
        capture=Capture(capture.url, capture.captured, capture.where),
        whole=False,
        truncated=not contents,
        date=date,
        updated=updated if updated != date else None,
        author=one_line(str(item.get("author") or "")) or None,
        tags=tuple(
            dict.fromkeys(one_line(str(t.get("term") or "")) for t in item.get("tags") or [] if t.get("term"))
        ),
        original_url=link,
        wp_id=wp_id,
        name=None,
        comment_count=int(count) if count.isdigit() and len(count) < 9 else None,
    )


def _date(text: object) -> str | None:
    """RSS's RFC 822 date (``Tue, 03 Jan 2012 17:11:37 +0000``) or Atom's ISO 8601."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return markup_date(text)
    if moment.tzinfo is None:
        return None  # RFC 822 without a zone ("-0000"): the moment is not known
    return markup_date(moment.isoformat())


class FeedReader:
    """A feed file: RSS or Atom."""

    name = "a feed (RSS or Atom)"
    rank = CAPTURE
    ordered = True  # newest first, as the blog listed them

    def sniff(self, path: Path, head: bytes) -> bool:
        return not path.is_dir() and looks_like_feed(head)

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
        captures = CaptureSet(display)
        capture = Capture(where=display)
        captures.take(read_feed(data, capture), capture)
        yield from captures.posts()
        return captures.dump()


READER = FeedReader()
