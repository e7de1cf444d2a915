"""A saved page as a document: its bytes as text (in the encoding it
declares, never a guessed one), its parse, and the notes saving tools
leave in it of where and when they saved it (SingleFile, a browser's
"saved from", HTTrack's "Mirrored from", a Wayback Machine address)."""

from __future__ import annotations

import codecs
import datetime
import email.utils
import re
from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree

from bindery.archive.schema import one_line, web_address
from bindery.dates import ArchiveDate
from bindery.sources.capture import Capture

_PARSER = etree.HTMLParser(huge_tree=True, remove_comments=False)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_WAYBACK = re.compile(r"https?://web\.archive\.org/web/(\d{4,14})[a-z_]*/+(.+)", re.IGNORECASE)
_SINGLEFILE = re.compile(r"url:\s*(\S+)\s+saved date:\s*([^\n]+)")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")
_HTTRACK = re.compile(r"Mirrored from (\S+) by HTTrack Website Copier/[^,]*, ([^>]+?)\s*$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode(data: bytes, content_type: str = "") -> str:
    """The page's text, in the encoding its HTTP header, byte-order mark
    or ``<meta charset>`` declares, else UTF-8.  ValueError (one line) for
    an encoding nobody knows, or bytes that are not in the one declared:
    the text is never guessed."""
    name = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else None
    if name is None:
        found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.IGNORECASE)
        meta = _META_CHARSET.search(data[:4096])
        label = found[1] if found else meta[1].decode("ascii") if meta else "utf-8"
        name = _WHATWG.get(label.lower(), label)
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"declares an encoding nobody knows ({name!r})") from None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not valid {codec.name} (byte 0x{data[err.start]:02x} at {err.start}), and no other encoding "
            "is declared"
        ) from None


# labels browsers read as another encoding (the WHATWG Encoding Standard)


# labels browsers read as another encoding (the WHATWG Encoding Standard)
_WHATWG = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
           "iso8859-1": "cp1252", "l1": "cp1252", "x-sjis": "shift_jis", "gb2312": "gbk"}  # fmt: skip


def parse(text: str) -> etree._Element | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    return etree.fromstring(text, _PARSER)


# -- the page ----------------------------------------------------------------


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes are an HTML document's."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while start.startswith(b"<!--"):
        end = start.find(b"-->")
        if end < 0:
            return False
        start = start[end + 3 :].lstrip()
    return start.startswith((b"<!doctype html", b"<html"))


def saved_from(root: etree._Element, capture: Capture) -> Capture:
    """Where and when a page was saved, where the capture itself does not
    say: a note a saving tool leaves at the page's top (SingleFile's, a
    browser's "saved from", HTTrack's "Mirrored from"), or a Wayback
    Machine address (``/web/20120304050607/http://…``) as its canonical link."""
    if capture.url and capture.captured:
        return capture
    url, captured = capture.url, capture.captured
    for note in _top_comments(root):
        single, saved, httrack = (
            _SINGLEFILE.search(note),
            _SAVED_FROM.search(note),
            _HTTRACK.search(note.strip()),
        )
        if single:
            url, captured = url or web_address(single[1]), captured or _js_date(single[2])
        elif httrack:
            url, captured = url or web_address(f"http://{httrack[1]}"), captured or _http_date(httrack[2])
        elif saved:
            url = url or web_address(saved[1])
    for link in root.iter("link", "meta"):
        address = link.get("href") if link.tag == "link" else link.get("content")
        if link.get("rel") == "canonical" or link.get("property") == "og:url":
            target, when = unwrap((address or "").strip())
            if when:
                url, captured = url or target, captured or when
                break
    return Capture(url, captured, capture.where)


def _top_comments(root: etree._Element) -> Iterator[str]:
    """The comments before the page's body: where saving tools leave their notes."""
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._Comment):
            yield str(node.text or "")
    for child in root:
        if isinstance(child, etree._Comment):
            yield str(child.text or "")
        elif child.tag == "head":
            yield from (str(c.text or "") for c in child.iter(etree.Comment))
        elif child.tag == "body":
            return


def _http_date(text: str) -> str | None:
    """An HTTP date (``Mon, 01 Jan 2024 10:00:00 GMT``), as HTTrack notes its copy's."""
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return ArchiveDate.parse(moment.isoformat()).text if moment.tzinfo is not None else None


def _js_date(text: str) -> str | None:
    """SingleFile's date, as JavaScript writes it: ``Thu May 12 2022 10:11:12 GMT+0200 (…)``."""
    match = re.match(r"\w{3} (\w{3}) (\d{1,2}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT([+-]\d{4})", text.strip())
    if not match:
        return None
    try:
        moment = datetime.datetime.strptime(" ".join(match.groups()), "%b %d %Y %H:%M:%S %z")
    except ValueError:
        return None
    return ArchiveDate.parse(moment.isoformat()).text


def unwrap(url: str | None) -> tuple[str | None, str | None]:
    """(the address, the capture time) of a Wayback Machine address
    (``web.archive.org/web/20120304050607/http://…``); others as they are."""
    if not url:
        return None, None
    match = _WAYBACK.fullmatch(url)
    if match is None:
        return web_address(url), None
    stamp = match[1].ljust(14, "0")
    target = match[2] if "://" in match[2] else "http://" + match[2]
    moment = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:14]}+00:00"
    try:
        captured = ArchiveDate.parse(moment).text
    except ValueError:
        captured = None
    return web_address(target), captured


def canonical(root: etree._Element, capture: Capture) -> str | None:
    """The page's own address: its canonical link (made absolute, a Wayback
    Machine address unwrapped), else its ``og:url``, else where it was saved from."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").split():
            href, _ = unwrap(urljoin(capture.url or "", (link.get("href") or "").strip()))
            if href:
                return href
    og, _ = unwrap(meta_property(root, "og:url"))
    return og or unwrap(capture.url)[0]


def meta_property(root: etree._Element, prop: str) -> str | None:
    """The first non-empty ``<meta property|name=prop>`` of the page, on one line."""
    for meta in root.iter("meta"):
        if meta.get("property") == prop or meta.get("name") == prop:
            value = one_line(meta.get("content") or "")
            if value:
                return value
    return None
