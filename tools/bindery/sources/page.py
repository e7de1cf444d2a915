"""One saved web page, read as the posts it shows.

WordPress prints nearly everything an export holds, in markup every
theme shares: the post's id (``<article id="post-123">``, the ``?p=123``
shortlink), ``.entry-title``, ``time.entry-date`` with its ``datetime``,
the author's ``rel="author"`` link, category and tag links
(``rel="category tag"``, ``rel="tag"``), the text (``.entry-content``),
the comment list (``li#comment-N``: author, ``time``, ``.comment-content``,
threading by nesting) and the canonical address.  Those are read here; a
page without them is left to ``extract.py`` (other blog platforms).

Theme furniture (navigation, sidebars, share buttons, related posts,
comment forms) is outside ``.entry-content`` or taken out of it; a page
that is no post (an error page, a login wall, a cookie-consent page, an
attachment, a password form) gives no post and says why.  Nothing that
was not public is read: no unapproved comment (a page shows one only to
its author, marked as awaiting moderation), no e-mail (none is on a
public page).
"""

from __future__ import annotations

import codecs
import copy
import datetime
import email.utils
import functools
import re
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import etree

from bindery.archive.schema import one_line, web_address
from bindery.dates import ArchiveDate
from bindery.markup.htmlconv import Comment
from bindery.sources import extract
from bindery.sources.capture import Capture, Entry, Reading, entry_key, skipped

_PARSER = etree.HTMLParser(huge_tree=True, remove_comments=False)
_POST_ID = re.compile(r"post-(\d{1,19})")
_COMMENT_ID = re.compile(r"(?:li-)?comment-(\d{1,19})")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_WAYBACK = re.compile(r"https?://web\.archive\.org/web/(\d{4,14})[a-z_]*/+(.+)", re.IGNORECASE)
_SINGLEFILE = re.compile(r"url:\s*(\S+)\s+saved date:\s*([^\n]+)")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")
_HTTRACK = re.compile(r"Mirrored from (\S+) by HTTrack Website Copier/[^,]*, ([^>]+?)\s*$")
_PAGE_NUMBER = re.compile(r"/(\d{1,4})/?$")
_LAST_NUMBER = re.compile(r"(\d{1,4})\s*$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# inside a post's text, but the theme's or a plugin's, not the author's
FURNITURE = (
    "sharedaddy", "sd-sharing-enabled", "sd-like", "jp-relatedposts", "jp-post-flair", "wpcnt",
    "addtoany_share_save_container", "addtoany_content", "yarpp-related", "yarpp", "page-links",
    "post-nav-links", "more-link", "screen-reader-text", "post-edit-link", "edit-link",
    "wp-block-post-navigation-link",
    "crp_related", "related-posts", "share-buttons", "social-share", "heateor_sss_sharing_container",
)  # fmt: skip
SINGULAR = {"single", "singular", "page", "single-post"}
LISTING = {"home", "blog", "archive", "category", "tag", "date", "author", "paged", "search"}
# (how early a listing's order counts, its kind): the blog's main listing first
LISTING_RANK = {"home": 0, "blog": 0}
CONSENT = re.compile(
    r"onetrust|cookiebot|didomi|qc-cmp|sp_message|cookie-?consent|cookie-?notice|gdpr|cmp-container|consent\.",
    re.IGNORECASE,
)


# -- decoding ----------------------------------------------------------------


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
_WHATWG = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
           "iso8859-1": "cp1252", "l1": "cp1252", "x-sjis": "shift_jis", "gb2312": "gbk"}  # fmt: skip


def parse(text: str) -> etree._Element | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    return etree.fromstring(text, _PARSER)


# -- the page ----------------------------------------------------------------


def read_page(data: bytes, capture: Capture, content_type: str = "") -> Reading:
    """The posts a saved page shows."""
    try:
        text = decode(data, content_type)
    except ValueError as err:
        return skipped(f"a page in an unknown encoding: {err}", loud=True)
    root = parse(text)
    if root is None:
        return skipped("an empty page", loud=True)
    capture = _saved_from(root, capture)
    body = root.find("body")
    classes = set(_classes(body)) if body is not None else set()
    articles = _articles(root)
    if not articles or "error404" in classes:
        return _not_wordpress(root, text, capture, classes)
    singular = bool(classes & SINGULAR) or (not (classes & LISTING) and len(articles) == 1)
    entries = []
    reasons = []
    for article in articles:
        entry = _entry(root, article, capture, singular, classes)
        if isinstance(entry, str):
            reasons.append(entry)
        else:
            entries.append(entry)
    reading = Reading(entries)
    if not entries:
        reading.skipped = reasons[0] if reasons else "no post on the page"
    if not singular:
        kind = next((k for k in ("home", "blog") if k in classes), "archive")
        address = capture.url or ""
        page = _page_number(classes, address)
        reading.listing = (LISTING_RANK.get(kind, 1), _unpaged(address), page)
        if "search" in classes:
            reading.listing = None
    return reading


def _saved_from(root: etree._Element, capture: Capture) -> Capture:
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


def _classes(element: etree._Element | None) -> list[str]:
    return (element.get("class") or "").split() if element is not None else []


def _has_class(element: etree._Element, *names: str) -> bool:
    return any(name in _classes(element) for name in names)


def _articles(root: etree._Element) -> list[etree._Element]:
    """The posts' outermost elements: ``id="post-N"``, or ``hentry``."""
    found = []
    for element in _CANDIDATES(root):
        if (
            _POST_ID.fullmatch(element.get("id") or "") or _has_class(element, "hentry")
        ) and not _within_post(element):
            found.append(element)
    return found


_CANDIDATES = etree.XPath(
    "//*[self::article or self::div or self::section or self::li]"
    "[starts-with(@id, 'post-') or contains(@class, 'hentry')]"
)


def _within_post(element: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if _POST_ID.fullmatch(ancestor.get("id") or "") or _has_class(ancestor, "hentry"):
            return True
    return False


def _post_of(element: etree._Element) -> etree._Element | None:
    """The nearest post around ``element`` (a query loop in a post holds other posts)."""
    for ancestor in element.iterancestors():
        if _POST_ID.fullmatch(ancestor.get("id") or "") or _has_class(ancestor, "hentry"):
            return ancestor
    return None


def _page_number(classes: set[str], address: str) -> int:
    for name in classes:
        if name.startswith("paged-") and name[6:].isdigit():
            return int(name[6:])
    match = _PAGE_NUMBER.search(urlsplit(address).path) if "/page/" in address else None
    return int(match[1]) if match else 1


def _unpaged(address: str) -> str:
    path = urlsplit(address).path
    return re.sub(r"/page/\d+/?$", "/", path) if path else address


# -- one post ------------------------------------------------------------------


def _entry(
    root: etree._Element, article: etree._Element, capture: Capture, singular: bool, page: set[str]
) -> Entry | str:
    """The post ``article`` shows, or why it is none."""
    classes = set(_classes(article))
    kinds = {c[5:] for c in classes if c.startswith("type-")}
    if (
        "post-password-required" in classes
        or article.find(".//form[@class='post-password-form']") is not None
    ):
        return "password-protected posts"
    kind = "page" if "page" in kinds or (not kinds and "page" in page and singular) else "post"
    if kinds and not kinds & {"post", "page"}:
        return f"{next(iter(sorted(kinds)))} pages"  # an attachment's page, a custom type's
    content = _first(article, "entry-content", "post-content", "entry", "post-body")
    truncated = False
    if content is None:
        content = _first(article, "entry-summary")
        truncated = True
    if content is None:
        return "posts shown without their text"
    id_match = _POST_ID.fullmatch(article.get("id") or "")
    wp_id = int(id_match[1]) if id_match else _shortlink_id(root) if singular else None
    original = _canonical(root, capture) if singular else _title_link(article, capture)
    key = entry_key(wp_id, original)
    if key is None:
        return "posts with neither an id nor an address"
    # WordPress's teaser link leads to the rest of the post (``#more-123``)
    truncated = truncated or any(
        "#more-" in (e.get("href") or "") and _has_class(e, "more-link") and _post_of(e) is article
        for e in content.iter("a")
    )
    part, parts = _parts(content, capture.url or "", singular)
    if part > 1 and original:  # the address of the post, not of its page
        original = re.sub(rf"/{part}/?$", "/", original)
        key = entry_key(wp_id, original) or key
    _strip_furniture(content)
    html = _inner_html(content)
    words = len(" ".join(content.itertext()).split())
    date, updated = _dates(article, root if singular else None)
    comments = _comments(root, content) if singular else ()
    title = _text(_first(article, "entry-title", "post-title"))
    if singular and _untitled(root, title):
        title = ""
    return Entry(
        key=key,
        kind=kind,
        title=title or (_og(root, "og:title") if singular else "") or "",
        html=html,
        words=words,
        capture=capture,
        whole=singular,
        truncated=truncated,
        part=part,
        parts=parts,
        comments=comments,
        date=date,
        updated=updated,
        author=_author(article, root if singular else None),
        categories=_terms(article, content, category=True),
        tags=_terms(article, content, category=False),
        original_url=original,
        wp_id=wp_id,
        name=_slug(original),
    )


def _untitled(root: etree._Element, title: str) -> bool:
    """Whether the heading is the theme's word for a post without a title
    ("Untitled"): WordPress's ``<title>`` is then the blog's name alone."""
    head = root.find("head")
    name = _text(head.find("title")) if head is not None else ""
    if not name or not title or title in name:
        return False
    return not any(mark in name for mark in (" – ", " — ", " | ", " - ", " · ", " :: ", " » "))


def _first(element: etree._Element, *names: str) -> etree._Element | None:
    """The first descendant with one of the classes, in the order named."""
    for name in names:
        for node in _with_class(name)(element):
            if name in _classes(node):
                return node  # type: ignore[no-any-return]
    return None


@functools.cache
def _with_class(name: str) -> etree.XPath:
    """The descendants whose class attribute holds ``name`` (found by
    libxml2, not by a Python loop over every node; the caller checks the
    whole word)."""
    return etree.XPath(f".//*[contains(@class, '{name}')]")


def _text(element: etree._Element | None) -> str:
    return one_line("".join(element.itertext())) if element is not None else ""


def _inner_html(element: etree._Element) -> str:
    parts = [_escape_text(element.text or "")]
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in element
    )
    return "".join(parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _strip_furniture(content: etree._Element) -> None:
    """Take out what a theme or plugin adds to a post's text (by its
    classes: share buttons, related posts, page links); the author's own
    markup (a button, a form in the text) stays, words and all."""
    for node in list(content.iter()):
        if not isinstance(node.tag, str):
            continue
        if any(c in FURNITURE for c in _classes(node)) or (node.get("id") or "").startswith(
            ("jp-post-flair", "jp-relatedposts")
        ):
            _drop(node)


def _drop(node: etree._Element) -> None:
    """Remove ``node``, keeping the text after it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _parts(content: etree._Element, address: str, singular: bool) -> tuple[int, int]:
    """(this page, pages) of a post split over several (``<!--nextpage-->``):
    its page links (``Page 1``, ``2``…), the current one not a link."""
    links = _first(content, "page-links", "post-nav-links")
    if links is None or not singular:
        return 1, 1
    numbers = []
    current = None
    for node in links.iter("a", "span"):
        match = _LAST_NUMBER.search(_text(node))
        if match:
            numbers.append(int(match[1]))
            if node.tag == "span" and _has_class(node, "current"):
                current = int(match[1])
    if current is None:
        match = _PAGE_NUMBER.search(urlsplit(address).path)
        current = int(match[1]) if match and int(match[1]) <= max(numbers, default=1) else 1
    return current, max([current, *numbers])


def _shortlink_id(root: etree._Element) -> int | None:
    for link in root.iter("link"):
        if link.get("rel") == "shortlink":
            ids = parse_qs(urlsplit(link.get("href") or "").query).get("p", [])
            if ids and ids[0].isdigit() and len(ids[0]) < 20:
                return int(ids[0])
    return None


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


def _canonical(root: etree._Element, capture: Capture) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").split():
            href, _ = unwrap(urljoin(capture.url or "", (link.get("href") or "").strip()))
            if href:
                return href
    og, _ = unwrap(_og(root, "og:url"))
    return og or unwrap(capture.url)[0]


def _title_link(article: etree._Element, capture: Capture) -> str | None:
    heading = _first(article, "entry-title", "post-title")
    links = list(heading.iter("a")) if heading is not None else []
    links += [a for a in article.iter("a") if "bookmark" in (a.get("rel") or "").split()]
    for link in links:
        href, _ = unwrap(urljoin(capture.url or "", (link.get("href") or "").strip()))
        if href:
            return href
    return None


def _og(root: etree._Element, prop: str) -> str | None:
    for meta in root.iter("meta"):
        if meta.get("property") == prop or meta.get("name") == prop:
            value = one_line(meta.get("content") or "")
            if value:
                return value
    return None


def _slug(url: str | None) -> str | None:
    if not url:
        return None
    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return last if last and not last.endswith((".php", ".html", ".htm")) and not last.isdigit() else None


_date = extract.markup_date


def _dates(article: etree._Element, root: etree._Element | None) -> tuple[str | None, str | None]:
    """(published, updated): the theme's ``<time>``, else what the page's
    head says (Open Graph's ``article:published_time``, schema.org's
    ``datePublished``)."""
    times = [t for t in article.iter("time") if t.get("datetime") and not _in_comments(t)]
    published = next((t for t in times if _has_class(t, "published")), None)
    if published is None:
        published = next((t for t in times if _has_class(t, "entry-date")), None)
    updated = next((t for t in times if _has_class(t, "updated") and not _has_class(t, "published")), None)
    date = _date(published.get("datetime")) if published is not None else None
    changed = _date(updated.get("datetime")) if updated is not None else None
    if root is not None:
        linked = extract.json_ld(root)
        date = date or _date(_og(root, "article:published_time")) or _date(linked.get("datePublished"))
        changed = changed or _date(_og(root, "article:modified_time")) or _date(linked.get("dateModified"))
    return date, changed if changed != date else None


def _in_comments(element: etree._Element) -> bool:
    return any(
        _COMMENT_ID.fullmatch(a.get("id") or "") or a.get("id") == "comments" for a in element.iterancestors()
    )


def _author(article: etree._Element, root: etree._Element | None) -> str | None:
    for link in article.iter("a"):
        if "author" in (link.get("rel") or "").split() and not _in_comments(link):
            name = _text(link)
            if name:
                return name
    card = _first(article, "author")
    name = _text(_first(card, "fn")) if card is not None else ""
    if not name and root is not None:
        name = one_line(_og(root, "author") or "")
    return name or None


def _terms(article: etree._Element, content: etree._Element, category: bool) -> tuple[str, ...]:
    """Category (``rel="category tag"``) or tag (``rel="tag"``) links' names,
    outside the post's text."""
    names = []
    for link in article.iter("a"):
        rel = (link.get("rel") or "").split()
        if "tag" not in rel and "category" not in rel:
            continue
        if ("category" in rel) != category or any(a is content for a in link.iterancestors()):
            continue
        name = _text(link)
        if name:
            names.append(name)
    return tuple(dict.fromkeys(names))


# -- comments ------------------------------------------------------------------


def _comments(root: etree._Element, content: etree._Element) -> tuple[Comment, ...]:
    """The approved comments the page shows, each with its parent (a
    comments block in the post's own text is part of the text)."""
    nodes: dict[str, etree._Element] = {}
    for element in root.iter("li", "article", "div"):
        match = _COMMENT_ID.fullmatch(element.get("id") or "")
        if match and match[1] not in nodes and not any(a is content for a in element.iterancestors()):
            nodes[match[1]] = element
    out = []
    for ident, node in nodes.items():
        comment = _comment(ident, node, nodes)
        if comment is not None:
            out.append(comment)
    return tuple(out)


def _own(node: etree._Element) -> Iterator[etree._Element]:
    """The comment's own elements, not its replies'."""
    stack = list(node)
    while stack:
        element = stack.pop(0)
        if not isinstance(element.tag, str):
            continue
        if _COMMENT_ID.fullmatch(element.get("id") or "") or _has_class(element, "children"):
            continue
        yield element
        stack[:0] = list(element)


def _comment(ident: str, node: etree._Element, nodes: dict[str, etree._Element]) -> Comment | None:
    own = list(_own(node))
    if any(_has_class(e, "comment-awaiting-moderation") for e in own):
        return None  # shown only to its author, never approved
    parent = None
    for ancestor in node.iterancestors():
        match = _COMMENT_ID.fullmatch(ancestor.get("id") or "")
        if match and match[1] != ident and nodes.get(match[1]) is ancestor:
            parent = match[1]
            break
    linkback = _has_class(node, "pingback", "trackback")
    fn = next((e for e in own if _has_class(e, "fn", "wp-block-comment-author-name")), None)
    author = _text(fn) or "Anonymous"
    link = next((a for a in fn.iter("a")), None) if fn is not None else None
    url = web_address((link.get("href") or "").strip()) if link is not None else None
    time = next((e for e in own if e.tag == "time" and e.get("datetime")), None)
    date = _date(time.get("datetime")) if time is not None else None
    content = next((e for e in own if _has_class(e, "comment-content", "wp-block-comment-content")), None)
    if linkback:
        html = ""
        if fn is None:  # the linking page's name is the link in the body
            link = next((e for e in own if e.tag == "a" and e.get("href")), None)
            author = _text(link) or author
            url = web_address((link.get("href") or "").strip()) if link is not None else None
    elif content is not None:
        html = _inner_html(_without(content, "reply", "comment-meta", "comment-metadata"))
    else:
        body = next((e for e in own if _has_class(e, "comment-body")), node)
        html = _inner_html(
            _without(body, "comment-author", "comment-meta", "commentmetadata", "reply", "comment-metadata")
        )
    return Comment(ident, parent, author, date, html, linkback=linkback, url=url, rendered=True)


def _without(element: etree._Element, *names: str) -> etree._Element:
    """A copy of ``element`` without its replies and the furniture named."""
    copied = copy.deepcopy(element)
    for node in list(copied.iter()):
        if not isinstance(node.tag, str) or node is copied:
            continue
        if (
            any(n in _classes(node) for n in names)
            or _has_class(node, "children", "avatar")
            or _COMMENT_ID.fullmatch(node.get("id") or "")
            or node.tag == "form"
        ):
            _drop(node)
    return copied


# -- pages no WordPress theme printed --------------------------------------------


def _not_wordpress(root: etree._Element, text: str, capture: Capture, classes: set[str]) -> Reading:
    title = _text(root.find("head/title")) if root.find("head") is not None else ""
    if "error404" in classes or re.search(r"\b(404|not found|page not found|error \d{3})\b", title, re.I):
        return skipped("an error page", loud=True)
    if any(i.get("type", "").lower() == "password" for i in root.iter("input")) and not extract.is_article(
        root
    ):
        return skipped("a login page", loud=True)
    if _consent(root) and not extract.is_article(root):
        return skipped("a cookie-consent page", loud=True)
    entry = extract.entry(root, text, capture)
    if entry is None:
        return skipped("pages that show no post")
    if _consent(root) and entry.words < 150 and re.search(r"cookie|consent", entry.html, re.I):
        return skipped("a cookie-consent page", loud=True)
    return Reading([entry])


def _consent(root: etree._Element) -> bool:
    for element in root.iter():
        if isinstance(element.tag, str) and CONSENT.search(
            f"{element.get('id') or ''} {element.get('class') or ''}"
        ):
            return True
    return any(CONSENT.search(form.get("action") or "") for form in root.iter("form"))


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes are an HTML document's."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    while start.startswith(b"<!--"):
        end = start.find(b"-->")
        if end < 0:
            return False
        start = start[end + 3 :].lstrip()
    return start.startswith((b"<!doctype html", b"<html"))


def words_of(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)
