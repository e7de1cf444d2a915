"""One saved web page, read as the posts it shows.

WordPress prints nearly everything an export holds, in markup every
theme shares: the post's id (``<article id="post-123">``, the ``?p=123``
shortlink), ``.entry-title``, ``time.entry-date`` with its ``datetime``,
the author's ``rel="author"`` link, category and tag links
(``rel="category tag"``, ``rel="tag"``), the text (``.entry-content``),
the comment list (``li#comment-N``: author, ``time``, ``.comment-content``,
threading by nesting) and the canonical address.  Those are read here
(the comments by ``comments.py``); a page without them is an error page,
a login or consent wall, or another platform's (``barriers.py``,
``extract.py``).

Theme furniture (navigation, sidebars, share buttons, related posts,
comment forms) is outside ``.entry-content`` or taken out of it; a page
that is no post (an error page, a login wall, a cookie-consent page, an
attachment, a password form) gives no post and says why.  Nothing that
was not public is read: no unapproved comment (a page shows one only to
its author, marked as awaiting moderation), no e-mail (none is on a
public page).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import etree

from bindery.archive.schema import one_line
from bindery.sources import extract
from bindery.sources.barriers import not_a_post
from bindery.sources.capture import Capture, Entry, Reading, entry_key, skipped
from bindery.sources.comments import comments_of, in_comments
from bindery.sources.document import canonical, decode, meta_property, parse, saved_from, unwrap
from bindery.sources.elements import class_names, drop, first_with_class, has_class, inner_html, text_of
from bindery.sources.extract import markup_date

_POST_ID = re.compile(r"post-(\d{1,19})")
_PAGE_NUMBER = re.compile(r"/(\d{1,4})/?$")
_LAST_NUMBER = re.compile(r"(\d{1,4})\s*$")
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
# -- decoding ----------------------------------------------------------------


def read_page(data: bytes, capture: Capture, content_type: str = "") -> Reading:
    """The posts a saved page shows."""
    try:
        text = decode(data, content_type)
    except ValueError as err:
        return skipped(f"a page in an unknown encoding: {err}", loud=True)
    root = parse(text)
    if root is None:
        return skipped("an empty page", loud=True)
    capture = saved_from(root, capture)
    body = root.find("body")
    classes = set(class_names(body)) if body is not None else set()
    articles = _articles(root)
    if not articles or "error404" in classes:
        return not_a_post(root, text, capture, classes)
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


def _articles(root: etree._Element) -> list[etree._Element]:
    """The posts' outermost elements: ``id="post-N"``, or ``hentry``."""
    found = []
    for element in _CANDIDATES(root):
        if (_POST_ID.fullmatch(element.get("id") or "") or has_class(element, "hentry")) and not _within_post(
            element
        ):
            found.append(element)
    return found


_CANDIDATES = etree.XPath(
    "//*[self::article or self::div or self::section or self::li]"
    "[starts-with(@id, 'post-') or contains(@class, 'hentry')]"
)


def _within_post(element: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if _POST_ID.fullmatch(ancestor.get("id") or "") or has_class(ancestor, "hentry"):
            return True
    return False


def _post_of(element: etree._Element) -> etree._Element | None:
    """The nearest post around ``element`` (a query loop in a post holds other posts)."""
    for ancestor in element.iterancestors():
        if _POST_ID.fullmatch(ancestor.get("id") or "") or has_class(ancestor, "hentry"):
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
    classes = set(class_names(article))
    kinds = {c[5:] for c in classes if c.startswith("type-")}
    if (
        "post-password-required" in classes
        or article.find(".//form[@class='post-password-form']") is not None
    ):
        return "password-protected posts"
    kind = "page" if "page" in kinds or (not kinds and "page" in page and singular) else "post"
    if kinds and not kinds & {"post", "page"}:
        return f"{next(iter(sorted(kinds)))} pages"  # an attachment's page, a custom type's
    content = first_with_class(article, "entry-content", "post-content", "entry", "post-body")
    truncated = False
    if content is None:
        content = first_with_class(article, "entry-summary")
        truncated = True
    if content is None:
        return "posts shown without their text"
    id_match = _POST_ID.fullmatch(article.get("id") or "")
    wp_id = int(id_match[1]) if id_match else _shortlink_id(root) if singular else None
    original = canonical(root, capture) if singular else _title_link(article, capture)
    key = entry_key(wp_id, original)
    if key is None:
        return "posts with neither an id nor an address"
    # WordPress's teaser link leads to the rest of the post (``#more-123``)
    truncated = truncated or any(
        "#more-" in (e.get("href") or "") and has_class(e, "more-link") and _post_of(e) is article
        for e in content.iter("a")
    )
    part, parts = _parts(content, capture.url or "", singular)
    if part > 1 and original:  # the address of the post, not of its page
        original = re.sub(rf"/{part}/?$", "/", original)
        key = entry_key(wp_id, original) or key
    _strip_furniture(content)
    html = inner_html(content)
    words = len(" ".join(content.itertext()).split())
    date, updated = _dates(article, root if singular else None)
    comments = comments_of(root, content) if singular else ()
    title = text_of(first_with_class(article, "entry-title", "post-title"))
    if singular and _untitled(root, title):
        title = ""
    return Entry(
        key=key,
        kind=kind,
        title=title or (meta_property(root, "og:title") if singular else "") or "",
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
    name = text_of(head.find("title")) if head is not None else ""
    if not name or not title or title in name:
        return False
    return not any(mark in name for mark in (" – ", " — ", " | ", " - ", " · ", " :: ", " » "))


def _strip_furniture(content: etree._Element) -> None:
    """Take out what a theme or plugin adds to a post's text (by its
    classes: share buttons, related posts, page links); the author's own
    markup (a button, a form in the text) stays, words and all."""
    for node in list(content.iter()):
        if not isinstance(node.tag, str):
            continue
        if any(c in FURNITURE for c in class_names(node)) or (node.get("id") or "").startswith(
            ("jp-post-flair", "jp-relatedposts")
        ):
            drop(node)


def _parts(content: etree._Element, address: str, singular: bool) -> tuple[int, int]:
    """(this page, pages) of a post split over several (``<!--nextpage-->``):
    its page links (``Page 1``, ``2``…), the current one not a link."""
    links = first_with_class(content, "page-links", "post-nav-links")
    if links is None or not singular:
        return 1, 1
    numbers = []
    current = None
    for node in links.iter("a", "span"):
        match = _LAST_NUMBER.search(text_of(node))
        if match:
            numbers.append(int(match[1]))
            if node.tag == "span" and has_class(node, "current"):
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


def _title_link(article: etree._Element, capture: Capture) -> str | None:
    heading = first_with_class(article, "entry-title", "post-title")
    links = list(heading.iter("a")) if heading is not None else []
    links += [a for a in article.iter("a") if "bookmark" in (a.get("rel") or "").split()]
    for link in links:
        href, _ = unwrap(urljoin(capture.url or "", (link.get("href") or "").strip()))
        if href:
            return href
    return None


def _slug(url: str | None) -> str | None:
    if not url:
        return None
    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return last if last and not last.endswith((".php", ".html", ".htm")) and not last.isdigit() else None


def _dates(article: etree._Element, root: etree._Element | None) -> tuple[str | None, str | None]:
    """(published, updated): the theme's ``<time>``, else what the page's
    head says (Open Graph's ``article:published_time``, schema.org's
    ``datePublished``)."""
    times = [t for t in article.iter("time") if t.get("datetime") and not in_comments(t)]
    published = next((t for t in times if has_class(t, "published")), None)
    if published is None:
        published = next((t for t in times if has_class(t, "entry-date")), None)
    updated = next((t for t in times if has_class(t, "updated") and not has_class(t, "published")), None)
    date = markup_date(published.get("datetime")) if published is not None else None
    changed = markup_date(updated.get("datetime")) if updated is not None else None
    if root is not None:
        linked = extract.json_ld(root)
        date = (
            date
            or markup_date(meta_property(root, "article:published_time"))
            or markup_date(linked.get("datePublished"))
        )
        changed = (
            changed
            or markup_date(meta_property(root, "article:modified_time"))
            or markup_date(linked.get("dateModified"))
        )
    return date, changed if changed != date else None


def _author(article: etree._Element, root: etree._Element | None) -> str | None:
    for link in article.iter("a"):
        if "author" in (link.get("rel") or "").split() and not in_comments(link):
            name = text_of(link)
            if name:
                return name
    card = first_with_class(article, "author")
    name = text_of(first_with_class(card, "fn")) if card is not None else ""
    if not name and root is not None:
        name = one_line(meta_property(root, "author") or "")
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
        name = text_of(link)
        if name:
            names.append(name)
    return tuple(dict.fromkeys(names))


# -- comments ------------------------------------------------------------------
