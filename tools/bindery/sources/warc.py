"""Web archives: WARC files (``.warc``, ``.warc.gz``; ISO 28500, what the
Wayback Machine, libraries' crawls, wget's ``--warc-file`` and
Browsertrix write) and WACZ files (a zip of WARCs with their indexes,
what Browsertrix, ArchiveWeb.page and ArchiveBox export).

Read as a stream, record by record, with warcio: memory stays bounded
whatever the archive's size (a payload is read only if it is an HTML
page, a feed or a response of the blog's REST API, and never past
``MAX_PAGE``).  API responses (``/wp-json/wp/v2/posts``…) are read as a
fetch's are (``rest.py``), for the posts no saved page shows.  Only ``200`` responses are
read; a revisit record (the same payload captured again) is followed to
the response it refers to, read again from its offset, as a capture of
its own date; a redirect is followed where it leads to a saved response
(it is read there).  Each post records the address its page was saved
from and when (``WARC-Target-URI``, ``WARC-Date``).

Bad input is read as far as it is good: a record cut short is skipped,
and a stream that breaks off (a truncated or corrupt gzip member) ends
the reading there, each with one line naming the file and the record's
offset.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from bindery.archive.schema import web_address
from bindery.errors import DumpError
from bindery.model import CAPTURE, Dump, Post, Source
from bindery.sources import feed, rest
from bindery.sources.capture import Capture, CaptureSet, skipped
from bindery.sources.extract import markup_date
from bindery.sources.gather import Saved, read_saved

MAX_PAGE = 64 << 20  # no blog page is larger: a larger payload is skipped unread
_BROKEN = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError, zipfile.BadZipFile)
FEED_TYPES = ("rss", "atom", "xml")


_API_ROUTE = re.compile(r"/wp/v2/(posts|pages|comments|categories|tags|users)(?:/\d+)?/?$")


def api_kind(uri: str) -> str | None:
    """What a REST API address lists (``posts``, ``categories``…), or None:
    ``/wp-json/wp/v2/posts?page=2``, ``/?rest_route=/wp/v2/posts/123``."""
    parts = urlsplit(uri)
    route = parse_qs(parts.query).get("rest_route", [""])[0] or (
        parts.path if "/wp-json/" in parts.path else ""
    )
    match = _API_ROUTE.search(route)
    return match[1] if match else None


@dataclass
class ApiResponses:
    """The REST API's responses an archive holds, as a fetch's are read."""

    state: rest.SiteState = field(default_factory=rest.SiteState)
    saved: dict[tuple[str, int], tuple[str | None, str | None]] = field(
        default_factory=dict
    )  # (address, time)

    def add(self, kind: str, data: Any, capture: Capture) -> str | None:
        """Fold in one response; what is wrong with it, or None."""
        items = [data] if isinstance(data, dict) else data
        try:
            rest.add_response(self.state, kind, items, capture.where)
        except DumpError as err:
            return err.message
        for item in items:
            self.saved[kind, item["id"]] = (capture.url, capture.captured)
        return None

    def posts(
        self, display: str, shown: set[tuple[str, int | None]], skipped: Counter[str]
    ) -> Iterator[Post]:
        """The published posts and pages no saved page showed, each saved
        from its API address."""
        for raw in rest.published(self.state, skipped):
            kind = "post" if raw.kind == rest.POSTS else "page"
            if (kind, raw.item["id"]) in shown:
                continue
            url, captured = self.saved[raw.kind, raw.item["id"]]
            post = rest.post_of(raw, display)
            # a capture, not a fetch: no guid (which would rank it as an export), its capture noted
            source = Source(display, 0, url or post.original_url, captured)
            yield dataclasses.replace(post, source=source, guid=None, rank=CAPTURE)


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


class WarcReader:
    """A WARC or WACZ file."""

    name = "a web archive (WARC or WACZ)"
    rank = CAPTURE
    ordered = True  # its archive pages give the blog's listing order

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.is_dir():
            return False
        if head.startswith(b"WARC/"):
            return True
        if head.startswith(b"\x1f\x8b"):
            return _gunzip_head(head).startswith(b"WARC/")
        return head.startswith(b"PK\x03\x04") and (
            path.suffix.lower() == ".wacz" or b"datapackage.json" in head or b"archive/" in head
        )

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        captures = CaptureSet(display)
        try:
            with path.open("rb") as file:
                zipped = file.read(4) == b"PK\x03\x04"
        except OSError as err:
            raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
        api = ApiResponses()
        saved: Iterator[Saved]
        if zipped:
            members = _wacz_members(path, display)
            saved = (
                s
                for member, opener in members
                for s in _read_warc(captures, api, opener, f"{display}!{member}")
            )
        else:
            saved = _read_warc(captures, api, lambda: path.open("rb"), display)
        read_saved(captures, saved)
        shown = set()
        for post in captures.posts():
            shown.add((post.kind, post.wp_id))
            yield post
        yield from api.posts(display, shown, captures.skipped)
        return captures.dump()


def _wacz_members(
    path: Path, display: str
) -> Iterator[tuple[str, Callable[[], AbstractContextManager[IO[bytes]]]]]:
    """The WARCs a WACZ holds (``archive/*.warc.gz``), each with a way to open it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise DumpError(display, 1, f"not a complete WACZ (zip) file, cut short or corrupt: {err}") from None
    with archive:
        names = sorted(n for n in archive.namelist() if n.lower().endswith((".warc", ".warc.gz")))
        if not names:
            raise DumpError(display, 1, "a WACZ (zip) file with no WARC in it (archive/*.warc.gz)")
        for name in names:
            yield name, lambda name=name: archive.open(name)  # type: ignore[misc]


def _read_warc(
    captures: CaptureSet,
    api: ApiResponses,
    opener: Callable[[], AbstractContextManager[IO[bytes]]],
    display: str,
) -> Iterator[Saved]:
    """Every page and feed of one WARC stream, in order; what is not read
    (a 404, a record cut short) is counted in ``captures``."""
    responses: dict[str, int] = {}  # payload digest → the offset of the response that holds it
    records = None
    try:
        with opener() as stream:
            records = ArchiveIterator(stream, arc2warc=True)
            for record in records:
                # where this record starts (get_record_offset would read it through)
                saved = _record(captures, api, record, display, records.offset, responses, opener)
                if saved is not None:
                    yield saved
    except _BROKEN as err:
        why = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        offset = records.offset if records is not None else 0  # the record that could not be read
        captures.notes.append(
            f"{display}: record at offset {offset}: the archive is cut short or corrupt after here "
            f"({why}); read up to there"
        )
        captures.skipped["archives cut short or corrupt"] += 1


def _record(
    captures: CaptureSet,
    api: ApiResponses,
    record: Any,
    display: str,
    offset: int,
    responses: dict[str, int],
    opener: Callable[[], AbstractContextManager[IO[bytes]]],
) -> Saved | None:
    kind = record.rec_type
    headers = record.rec_headers
    uri = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    captured = markup_date(headers.get_header("WARC-Date") or "")
    where = f"{display}: record at offset {offset} ({uri})"
    if kind == "revisit":
        digest = headers.get_header("WARC-Payload-Digest") or ""
        earlier = responses.get(digest)
        if earlier is None:
            captures.skipped["revisits of a response not in the archive"] += 1
            return None
        with opener() as again:
            again.seek(earlier)
            original = next(iter(ArchiveIterator(again, arc2warc=True)))
            return _payload(captures, api, original, Capture(web_address(uri), captured, where))
    if kind not in ("response", "resource"):
        return None
    if kind == "response":
        status = record.http_headers.get_statuscode() if record.http_headers else ""
        if status != "200":
            captures.skipped[
                f"responses other than 200 OK ({status[:1]}xx)" if status else "responses without a status"
            ] += 1
            return None
        digest = headers.get_header("WARC-Payload-Digest")
        if digest:
            responses.setdefault(digest, offset)
    return _payload(captures, api, record, Capture(web_address(uri), captured, where))


def _payload(captures: CaptureSet, api: ApiResponses, record: Any, capture: Capture) -> Saved | None:
    """Read the record's payload if it is a page or a feed."""
    http = record.http_headers
    content_type = (
        http.get_header("Content-Type") if http else record.rec_headers.get_header("Content-Type")
    ) or ""
    kind = content_type.split(";")[0].strip().lower()
    is_html = kind in ("text/html", "application/xhtml+xml")
    listed = api_kind(capture.url or "") if kind.endswith("json") else None
    if not is_html and not listed and not any(t in kind for t in FEED_TYPES):
        return None
    data = record.content_stream().read(MAX_PAGE + 1)
    if len(data) > MAX_PAGE:
        big = f"larger than {MAX_PAGE >> 20} MB, no blog page"
        return Saved(b"", capture, reading=skipped("pages too large to be a blog's", note=big))
    if record.raw_stream.limit > 0:  # fewer bytes than its Content-Length: the record was cut short
        return Saved(b"", capture, reading=skipped("records cut short", note="the record is cut short"))
    if listed:
        try:
            problem = api.add(listed, json.loads(data.decode("utf-8-sig")), capture)
        except (UnicodeDecodeError, ValueError) as err:
            problem = f"not JSON ({err})"
        note = f"a response of the REST API that cannot be read: {problem}" if problem else None
        return (
            Saved(b"", capture, reading=skipped("API responses that cannot be read", note=note))
            if note
            else None
        )
    if is_html:
        return Saved(data, capture, content_type)
    return Saved(data, capture, is_feed=True) if feed.looks_like_feed(data[:4096]) else None


READER = WarcReader()
