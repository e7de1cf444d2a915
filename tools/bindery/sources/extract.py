"""Posts from pages no WordPress theme printed (Blogger, Movable Type,
Typepad, Ghost, Medium…), by the field's extraction libraries rather than
hand-written rules: trafilatura finds the text and title, htmldate the date.

Only a page that says it is one article is read (schema.org's
``BlogPosting``/``Article``, Open Graph's ``og:type`` ``article``, a
microformats ``h-entry``): an index page, a tag page or a profile is no
post, however much text it holds.  What the page does not tell (a date,
an author) is left out, never guessed: a date comes from the page's own
markup, not from its address or its text.
"""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

from lxml import etree

from bindery.archive.schema import one_line, web_address
from bindery.dates import ArchiveDate
from bindery.sources.capture import Capture, Entry, entry_key
from bindery.sources.document import canonical

ARTICLE_TYPES = {"blogposting", "article", "newsarticle", "socialmediaposting", "reportagenewsarticle"}


def json_ld(root: etree._Element) -> dict[str, Any]:
    """The page's schema.org article (JSON-LD), or an empty mapping."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in _items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
                return item
    return {}


def _items(data: object) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [i for d in data for i in _items(d)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *(_items(graph) if graph else [])]
    return []


def is_article(root: etree._Element) -> bool:
    if json_ld(root):
        return True
    for meta in root.iter("meta"):
        if meta.get("property") == "og:type" and (meta.get("content") or "").strip().lower() == "article":
            return True
    return any("h-entry" in (e.get("class") or "").split() for e in root.iter("article", "div"))


def entry(root: etree._Element, text: str, capture: Capture) -> Entry | None:
    """The article a page of another platform shows, or None where the
    page is no article or trafilatura finds no text in it."""
    if not is_article(root):
        return None
    import trafilatura  # (here: a second to import, and only pages of other platforms need it)
    from trafilatura.htmlprocessing import convert_to_html
    from trafilatura.settings import Document

    linked = json_ld(root)
    document = trafilatura.bare_extraction(
        text,  # (its own parse: it reads an lxml.html tree, not ours)
        url=capture.url,
        with_metadata=True,
        include_comments=False,
        include_formatting=True,
        include_links=True,
        include_images=True,
        include_tables=True,
    )
    if not isinstance(document, Document) or document.body is None:
        return None
    body = convert_to_html(document.body)
    words = len(" ".join(body.itertext()).split())
    if not words:
        return None
    inner = body.find(".//body")
    html = "".join(
        etree.tostring(c, encoding="unicode", method="html") for c in (body if inner is None else inner)
    )
    original = web_address(one_line(canonical(root, capture) or ""))
    key = entry_key(None, original)
    if key is None:
        return None
    author = linked.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    return Entry(
        key=key,
        kind="post",
        title=one_line(str(linked.get("headline") or document.title or "")),
        html=html,
        words=words,
        capture=capture,
        date=_date(linked.get("datePublished")) or _found_date(root),
        updated=_date(linked.get("dateModified")),
        author=one_line(str(author or document.author or "")) or None,
        original_url=original,
        categories=tuple(one_line(c) for c in document.categories or () if one_line(c)),
        tags=tuple(one_line(t) for t in document.tags or () if one_line(t)),
    )


def _date(value: object) -> str | None:
    """A date as a page's markup writes it (``datetime``, JSON-LD, Open
    Graph: ISO 8601, fractions of a second and ``Z`` included), as precise
    as it is."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return ArchiveDate.parse(value.strip()).text
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return ArchiveDate.parse(moment.replace(microsecond=0).isoformat()).text


markup_date = _date


def _found_date(root: etree._Element) -> str | None:
    """The page's own date (its markup, not its address or its text), to the day."""
    from htmldate import find_date

    found = find_date(copy.deepcopy(root), original_date=True, extensive_search=False)
    return _date(found) if found else None
