"""Read a WordPress export (WXR) as a stream of posts.

Only what the blog showed the public comes out of here: published posts
and pages, and their approved comments.  Drafts, private, scheduled,
trashed and password-protected posts, attachments and menu items are
counted and dropped; commenters' e-mails and IP addresses, user agents
and authors' logins are never read into a ``Post`` at all.

Two faults common in real exports are repaired, with a warning naming
the line: control characters (illegal in XML) inside the text, and a
namespace prefix (``atom:``) the export forgot to declare.  Anything
else that is not well-formed is refused as ``file:line:column: what``.
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import html
import re
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from bindery.archive.schema import one_line, web_address
from bindery.dates import ArchiveDate
from bindery.errors import DumpError
from bindery.markup.htmlconv import Comment, convert_post
from bindery.model import EXPORT, EXPORT_FILE, BlogIdentity, Dump, Post, Source, Term, post_key
from bindery.pool import ChunkConverter
from bindery.sources.reader import ReadAgain

# WXR 1.0-1.2, namespace written with http or https
_WP_NAMESPACE = re.compile(rb"""xmlns:wp=["']https?://wordpress\.org/export/1\.\d+/["']""")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # what _CONTROL matches
_UNDECLARED = re.compile(r"Namespace prefix (\S+) (?:on|for) \S+ (?:on \S+ )?is not defined")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date with no time
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
NO_TITLE = "(no title)"  # what WordPress itself shows for a post without one


@dataclass
class ExportNotes:
    """What an import of one export skipped and repaired, for its report."""

    skipped: Counter[str] = field(default_factory=Counter)
    repairs: list[str] = field(default_factory=list)
    # the blog's own term lists: (kind, name, nicename, parent nicename)
    terms: list[tuple[str, str, str, str]] = field(default_factory=list)
    base: str = ""
    channel: dict[str, str] = field(default_factory=dict)  # the blog's title, link, description…
    term_ids: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, nicename) → term id


class _CleanStream:
    """The export's bytes with XML-illegal control characters removed,
    noting the line of each repair; read in chunks, never whole."""

    def __init__(self, file: IO[bytes], declare: tuple[str, ...]) -> None:
        self.file = file
        self.declare = declare
        self.line = 1
        self.repaired: list[int] = []
        self._first = True

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size if size and size > 0 else 1 << 16)
        if self._first and chunk:
            self._first = False
            chunk = self._declare(chunk)
        # bytes.translate finds them faster than a regular expression (most chunks have none)
        if len(chunk.translate(None, _CONTROL_BYTES)) != len(chunk):
            line = self.line
            for part in re.split(rb"(\n)", chunk):
                if part == b"\n":
                    line += 1
                elif _CONTROL.search(part):
                    self.repaired.extend([line] * len(_CONTROL.findall(part)))
            chunk = _CONTROL.sub(b"", chunk)
        self.line += chunk.count(b"\n")
        return chunk

    def _declare(self, chunk: bytes) -> bytes:
        """Declare the missing prefixes on the root element (placeholder URIs)."""
        if not self.declare:
            return chunk
        at = chunk.find(b"<rss")
        if at < 0:
            return chunk
        extra = b"".join(f' xmlns:{p}="urn:bindery:undeclared:{p}"'.encode() for p in self.declare)
        return chunk[: at + 4] + extra + chunk[at + 4 :]


class WxrReader:
    """A WordPress export (WXR), the file a blog's owner gets from Tools → Export."""

    name = "a WordPress export"
    rank = EXPORT
    ordered = False  # an export's items come in no order the blog showed

    def sniff(self, path: Path, head: bytes) -> bool:
        """An XML document declaring WordPress's export namespace."""
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and _WP_NAMESPACE.search(head) is not None

    def read(self, path: Path, display: str, hints: tuple[object, ...]) -> Generator[Post, None, Dump]:
        """The export's published posts and pages; ``hints`` are the
        undeclared namespace prefixes to declare, each ``(prefix, line)``."""
        declare = tuple((str(p), int(n)) for p, n in (hint for hint in hints if isinstance(hint, tuple)))
        return (yield from stream_wxr(path, display, declare))


READER = WxrReader()

# namespace prefixes an export uses but never declared, each with the line it is first used on
Undeclared = tuple[tuple[str, int], ...]


def stream_wxr(path: Path, display: str, declare: Undeclared = ()) -> Generator[Post, None, Dump]:
    """The export's published posts and pages, each as soon as it is
    converted; returns the rest of its ``Dump`` (its posts left out).

    Raises ``ReadAgain`` where the export uses a namespace prefix that is
    not in ``declare`` (and declares no more than 16), its hint the prefix
    and its line: the caller starts again with the prefix declared, a
    repair the Dump notes."""
    notes = ExportNotes()
    count = 0
    try:
        with path.open("rb") as file:
            stream = _CleanStream(file, tuple(prefix for prefix, _ in declare))
            for post in _items(stream, display, notes):
                count += 1
                yield post
    except etree.XMLSyntaxError as err:
        message, line, column = _first_error(err)
        missing = _UNDECLARED.search(message)
        if missing and missing[1] not in dict(declare) and len(declare) < 16:
            raise ReadAgain(display, (missing[1], line)) from None
        message = re.sub(r", line \d+, column \d+.*$", "", message.split("\n", 1)[0]).strip()
        raise DumpError(display, line, f"not well-formed XML: {message}", column) from None
    except OSError as err:
        raise DumpError(display, 1, f"cannot read: {err.strerror}") from None
    for prefix, line in declare:
        notes.repairs.append(
            f"{display}:{line}: repaired: declared the undeclared namespace prefix {prefix!r}"
        )
    if stream.repaired:
        lines = sorted(set(stream.repaired))
        shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
        notes.repairs.append(
            f"{display}:{lines[0]}: repaired: removed {len(stream.repaired)} control character(s) "
            f"not allowed in XML (lines {shown})"
        )
    if not count and not notes.skipped:
        raise DumpError(display, 1, "a WordPress export with no items")
    return Dump(
        display,
        "Export",
        display,
        (),
        skipped=dict(notes.skipped),
        notes=tuple(notes.repairs),
        old_terms=old_term_addresses(notes),
        form=EXPORT_FILE,
        blog=blog_identity(notes),
        made=export_day(notes),
        terms=export_terms(notes),
    )


def _first_error(err: etree.XMLSyntaxError) -> tuple[str, int, int]:
    """(what, line, column) of the first thing wrong with the export.  Not
    always the error raised: where the parse stopped at an entity it was
    told not to resolve (``&bogus;``), lxml raises "no element found" at
    (0, 0) and the real fault is in the parser's log."""
    if err.position and err.position[0] >= 1:
        return str(err.msg or err), *err.position
    fatal = next((e for e in err.error_log if e.level_name == "FATAL"), None)
    if fatal is not None:
        return fatal.message, max(fatal.line, 1), fatal.column
    return str(err.msg or err), max(err.lineno or 1, 1), 0


def _local(tag: object) -> str:
    """``{namespace}name`` → ``name``, remembered: an export has few tags."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
    return name


_LOCAL_NAMES: dict[object, str] = {}


def _items(stream: _CleanStream, path: str, notes: ExportNotes) -> Iterator[Post]:
    """The export's published posts, in order.  The parse is one stream in
    this process; each item's public fields, read here, are converted to a
    ``Post`` in chunks by ``convert.ChunkConverter`` (a pool of processes once
    the export is large enough to pay for one)."""
    with ChunkConverter(functools.partial(_posts, path=path)) as converter:
        yield from converter.run(_raw_items(stream, notes))


def _posts(chunk: list[RawItem], path: str) -> list[Post]:
    return [_post(raw, path) for raw in chunk]


def _raw_items(stream: _CleanStream, notes: ExportNotes) -> Iterator[RawItem]:
    authors: dict[str, str] = {}
    base = ""
    parser = etree.iterparse(
        stream,
        events=("end",),
        # filtered in C: the rest costs nothing here
        tag=("{*}item", "{*}author", "{*}base_blog_url", "{*}category", "{*}tag", *CHANNEL_TAGS),
        huge_tree=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
    )
    for _event, element in parser:
        name = _local(element.tag)
        parent = element.getparent()
        if parent is None or _local(parent.tag) != "channel":
            continue
        if name == "item":
            raw = _raw_item(element, authors, base, notes)
            if raw is not None:
                yield raw
        elif name == "author":
            login = _child_text(element, "author_login")
            display = one_line(_child_text(element, "author_display_name"))
            if login and display:
                authors[login] = display
        elif name == "base_blog_url":
            base = notes.base = (element.text or "").strip()
        elif name == "category":
            notes.terms.append(
                ("category", _term_name(element, "cat_name"), _child_text(element, "category_nicename"),
                 _child_text(element, "category_parent"))
            )  # fmt: skip
        elif name == "tag":
            notes.terms.append(("tag", _term_name(element, "tag_name"), _child_text(element, "tag_slug"), ""))
        if name in ("category", "tag"):
            _note_term_id(element, name, notes)
        elif name in CHANNEL_FIELDS:
            notes.channel.setdefault(name, (element.text or "").strip())
        element.clear()
        while element.getprevious() is not None:
            del parent[0]


# The channel's own fields: what the export says of the blog (blog_identity).
CHANNEL_FIELDS = ("title", "link", "description", "language", "pubDate")
CHANNEL_TAGS = tuple(f"{{*}}{name}" for name in CHANNEL_FIELDS)


def _note_term_id(element: etree._Element, kind: str, notes: ExportNotes) -> None:
    slug = _child_text(element, "category_nicename" if kind == "category" else "tag_slug")
    term_id = _child_text(element, "term_id").strip()
    if slug and term_id.isdigit() and len(term_id) <= 20:
        notes.term_ids[(kind, slug)] = int(term_id)


def blog_identity(notes: ExportNotes) -> BlogIdentity:
    """The blog as the export's channel names it (its title HTML-escaped,
    as WordPress writes it)."""
    channel = notes.channel
    address = web_address(channel.get("link", "")) or web_address(notes.base)
    language = channel.get("language", "")
    return BlogIdentity(
        title=one_line(decode_entities(channel.get("title", ""))) or None,
        tagline=one_line(decode_entities(channel.get("description", ""))) or None,
        address=address,
        language=language if re.fullmatch(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*", language) else None,
    )


def export_day(notes: ExportNotes) -> str | None:
    """The day the export was made (its channel's pubDate)."""
    try:
        moment = email.utils.parsedate_to_datetime(notes.channel.get("pubDate", ""))
    except (TypeError, ValueError, IndexError):
        return None
    return moment.date().isoformat() if moment.year > 1900 else None


def export_terms(notes: ExportNotes) -> tuple[Term, ...]:
    """The blog's categories and tags, with their parents and ids."""
    return tuple(
        Term(kind, name, unquote(slug), unquote(parent) or None, notes.term_ids.get((kind, slug)))
        for kind, name, slug, parent in notes.terms
        if name and slug
    )


def _term_name(element: etree._Element, field: str) -> str:
    return one_line(decode_entities(_child_text(element, field)))


def old_term_addresses(notes: ExportNotes) -> tuple[tuple[str, str, str], ...]:
    """(kind, name, the blog's address of its archive page) for each term:
    ``category/parent/child/index.html``, ``tag/yiwu/index.html``, under
    the blog's own path."""
    prefix = urlsplit(notes.base).path.strip("/") if web_address(notes.base) else ""
    parents = {nicename: parent for kind, _, nicename, parent in notes.terms if kind == "category"}
    out = []
    for kind, name, nicename, parent in notes.terms:
        if not (name and nicename):
            continue
        path = [unquote(nicename)]
        seen = {nicename}
        while parent and parent not in seen:
            path.insert(0, unquote(parent))
            seen.add(parent)
            parent = parents.get(parent, "")
        address = "/".join(p for p in [prefix, kind, *path, "index.html"] if p)
        if any(c.isspace() or not c.isprintable() for c in address):
            continue  # no nicename WordPress makes (it makes "a-b" of "a b"), and no address to keep
        out.append((kind, name, address))
    return tuple(out)


def _child_text(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return child.text or ""
    return ""


def decode_entities(text: str) -> str:
    """WordPress stores titles and terms HTML-escaped: ``&amp;``, ``&#8217;``.
    Only complete references are decoded (``AT&T`` stays)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


class RawItem(NamedTuple):
    """A published item's public fields as the export holds them: what a
    worker process needs to make its ``Post``, and nothing private (no
    e-mail, IP, user agent or login; no unapproved comment)."""

    line: int
    kind: str
    fields: dict[str, str]  # ITEM_FIELDS, as text
    terms: list[tuple[str, str | None]]  # (category element's text, its domain)
    comments: list[dict[str, str]]  # approved ones' COMMENT_FIELDS, as text
    author: str | None
    base: str


ITEM_FIELDS = (
    "title",
    "link",
    "post_id",
    "encoded",
    "post_name",
    "post_date",
    "post_date_gmt",
    "post_modified",
    "post_modified_gmt",
    "guid",
    "post_parent",
)
COMMENT_FIELDS = (
    "comment_id",
    "comment_parent",
    "comment_author",
    "comment_date",
    "comment_date_gmt",
    "comment_content",
    "comment_type",
    "comment_author_url",
)


def _raw_item(item: etree._Element, authors: dict[str, str], base: str, notes: ExportNotes) -> RawItem | None:
    """A published post's or page's fields; None (counted) for the rest."""
    # one pass over the item's fields: the first of each name (``excerpt:encoded``
    # is not ``content:encoded``), its terms and its approved comments
    fields: dict[str, etree._Element] = {}
    terms: list[tuple[str, str | None]] = []
    comments: list[dict[str, str]] = []
    for child in item:
        tag = child.tag
        name = _LOCAL_NAMES.get(tag) or _local(tag)
        if name == "category":
            terms.append((child.text or "", child.get("domain")))
        elif name == "comment":
            comment = _raw_comment(child)
            if comment is not None:
                comments.append(comment)
        elif name == "encoded" and "excerpt" in tag:
            name = "excerpt"
        if name not in fields:
            fields[name] = child

    def text(name: str) -> str:
        node = fields.get(name)
        return (node.text or "") if node is not None else ""

    kind, status = text("post_type").strip(), text("status").strip()
    if kind not in ("post", "page"):
        notes.skipped[kind or "untyped item"] += 1
        return None
    if status != "publish":
        notes.skipped[{"future": "scheduled"}.get(status, status or "no status")] += 1
        return None
    if text("post_password"):
        notes.skipped["password-protected"] += 1
        return None
    return RawItem(
        line=item.sourceline or 1,
        kind=kind,
        fields={name: text(name) for name in ITEM_FIELDS},
        terms=terms,
        comments=comments,
        author=authors.get(text("creator").strip()),
        base=base,
    )


def _raw_comment(node: etree._Element) -> dict[str, str] | None:
    """An approved comment's public fields; None for any other comment."""
    names = _LOCAL_NAMES
    fields = {names.get(child.tag) or _local(child.tag): (child.text or "") for child in node}
    if fields.get("comment_approved", "").strip() != "1":
        return None
    return {name: fields[name] for name in COMMENT_FIELDS if name in fields}


def _post(raw: RawItem, path: str) -> Post:
    """The item as a ``Post``, its key computed (it travels with it; the
    visible text it is computed from stays here)."""
    fields = raw.fields
    # a title is one line (a line break in it would end the page's heading)
    title = " ".join(decode_entities(fields["title"]).split()) or NO_TITLE
    categories: list[str] = []
    tags: list[str] = []
    for text, domain in raw.terms:
        term = one_line(decode_entities(text))
        if term and domain == "category":
            categories.append(term)
        elif term and domain == "post_tag":
            tags.append(term)
    comments = [_comment(c) for c in raw.comments]
    link = fields["link"].strip()
    wp_id = fields["post_id"].strip()
    converted = convert_post(title, fields["encoded"], comments, base=link or raw.base)
    name = unquote(fields["post_name"].strip())
    return Post(
        title=title,
        captions=(),
        blocks=(),
        comments=len(comments),
        categories=tuple(dict.fromkeys(categories)),
        source=Source(path, raw.line),
        body=converted.body,
        fingerprint=post_key(title, list(converted.text)),
        tags=tuple(dict.fromkeys(tags)),
        date=wp_date(fields["post_date"], fields["post_date_gmt"]),
        updated=wp_date(fields["post_modified"], fields["post_modified_gmt"]),
        author=raw.author,
        original_url=web_address(link),
        guid=fields["guid"].strip() or None,
        wp_id=_id(wp_id),
        name=name or None,
        kind=raw.kind,
        rank=EXPORT,
        parent_id=_id(fields["post_parent"]),
    )


def _id(text: str) -> int | None:
    """A WordPress id: a whole number above 0 (a post_parent of 0 is none)."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 20 and int(text) > 0 else None


def _comment(fields: dict[str, str]) -> Comment:
    """An approved comment, with nothing private: no e-mail, IP or agent."""
    kind = fields.get("comment_type", "").strip() or "comment"
    parent = fields.get("comment_parent", "0").strip()
    url = fields.get("comment_author_url", "").strip()
    return Comment(
        id=fields.get("comment_id", "").strip(),
        parent=parent if parent not in ("", "0") else None,
        author=one_line(decode_entities(fields.get("comment_author", ""))) or "Anonymous",
        date=wp_date(fields.get("comment_date", ""), fields.get("comment_date_gmt", "")),
        html=fields.get("comment_content", ""),
        linkback=kind in ("pingback", "trackback"),
        url=web_address(url),
    )


@functools.lru_cache(maxsize=4096)
def wp_date(local: str, gmt: str) -> str | None:
    """``2010-01-08T12:20:00+08:00``: the local time, with the offset that
    the local and GMT times imply (to the quarter hour); no offset if the
    GMT time is missing (WordPress writes zeros for unpublished items).
    A day alone stays a day; what is no date at all (another tool's export
    may hold anything) is None."""
    if _DAY.fullmatch(local.strip()):
        return _archive_date(local.strip())
    moment = _moment(local)
    if moment is None:
        return None
    if moment.tzinfo is not None:  # another tool's, with its own offset
        return _archive_date(moment.isoformat())
    utc = _moment(gmt)
    if utc is not None:
        try:
            if utc.tzinfo is not None:
                utc = utc.astimezone(datetime.UTC).replace(tzinfo=None)
            minutes = round((moment - utc).total_seconds() / 900) * 15
        except (OverflowError, ValueError):  # beyond the years datetime holds
            minutes = None
        if minutes is not None and abs(minutes) <= 14 * 60:
            moment = moment.replace(tzinfo=_zone(minutes))
    # a naive time, or one with a whole quarter-hour offset: already as
    # ArchiveDate writes it (four-digit year, to the second)
    return moment.isoformat()


@functools.cache
def _zone(minutes: int) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(minutes=minutes))


def _moment(text: str) -> datetime.datetime | None:
    """A time as WordPress writes it (``2010-01-08 12:20:00``) or in another
    ISO 8601 form, to the second; None for anything else (``0000-00-00 …``)."""
    try:
        return datetime.datetime.fromisoformat(text.strip()).replace(microsecond=0)
    except ValueError:
        return None


def _archive_date(text: str) -> str | None:
    try:
        return ArchiveDate.parse(text).text
    except ValueError:
        return None
