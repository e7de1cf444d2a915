"""Metadata that reference managers read from a page.

Zotero reads COinS (an OpenURL ContextObject in ``span.Z3988``) before
embedded ``<meta>`` tags, and COinS is the one route by which it saves an
organisation's name as one field (``rft.aucorp``) and a blog post as a
blog post (``rft.type=blogPost``) without a junk "website type".  Several
spans on one page become Zotero's list to pick from, so a listing offers
its posts with the very same span each post's own page carries.

The ``<meta>`` tags (Dublin Core, Google Scholar, Open Graph) serve search
engines and the other reference managers.
"""

from __future__ import annotations

import html
from urllib.parse import quote_plus

from bindery.sphinxext.citations.model import Citation

COINS_CLASS = "Z3988"
_UNESCAPED = ":/,;'()!*"  # characters a KEV value may carry unescaped (RFC 3986 sub-delimiters)


def context_object(c: Citation) -> str:
    """The post as an OpenURL 1.0 ContextObject (Dublin Core format).

    Zotero's reader turns ``+`` into a space even when escaped as ``%2B``;
    there is no other way to write it, so a ``+`` in a title reaches Zotero
    as a space (the page's other citations keep it)."""
    pairs = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rft.type", "blogPost"),
        ("rft.title", c.title),
    ]
    if c.author.whole:
        pairs.append(("rft.aucorp", c.author.name))
    else:
        pairs += [("rft.aulast", c.author.family), ("rft.aufirst", c.author.given_and_suffix)]
    pairs += [("rft.source", c.blog), ("rft_id", c.url), ("rft.language", c.language)]
    if c.date:
        pairs.append(("rft.date", c.date.day_text))
    if c.abstract:
        pairs.append(("rft.description", c.abstract))
    pairs += [("rft.subject", name) for name in c.categories]
    # spaces as "+" and an address's ":/" as they are: a listing carries 200 of these
    return "&".join(f"{key}={quote_plus(value, safe=_UNESCAPED)}" for key, value in pairs)


def coins_span(c: Citation) -> str:
    return f'<span class="{COINS_CLASS}" title="{html.escape(context_object(c))}"></span>'


def meta_tags(c: Citation) -> str:
    """Dublin Core, Highwire (Google Scholar) and Open Graph tags."""
    creator = c.author.inverted()
    tags: list[tuple[str, str, str]] = [
        ("name", "DC.title", c.title),
        ("name", "DC.creator", creator),
        ("name", "DC.source", c.blog),
        ("name", "DC.publisher", c.blog),
        ("name", "DC.identifier", c.url),
        ("name", "DC.language", c.language),
        *(("name", "DC.subject", name) for name in c.categories),
        ("name", "citation_title", c.title),
        ("name", "citation_author", creator),
        ("name", "citation_public_url", c.url),
        ("name", "citation_language", c.language),
        ("property", "og:type", "article"),
        ("property", "og:title", c.title),
        ("property", "og:url", c.url),
        ("property", "og:site_name", c.blog),
        *(("property", "article:tag", name) for name in c.categories),
    ]
    if c.categories:
        tags.append(("name", "citation_keywords", "; ".join(c.categories)))
    if c.abstract:
        tags += [
            ("name", "DC.description", c.abstract),
            ("property", "og:description", c.abstract),
        ]
    if c.date:
        tags += [
            ("name", "DC.date", c.date.day_text),
            ("name", "citation_publication_date", c.date.day_text.replace("-", "/")),
            ("property", "article:published_time", c.date.text),
        ]
    if c.updated:
        tags.append(("property", "article:modified_time", c.updated.text))
    if c.original_url:
        tags.append(("name", "DC.relation", c.original_url))
    lines = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />']
    lines += [f'<meta {attr}="{name}" content="{html.escape(value)}" />' for attr, name, value in tags]
    return "\n".join(lines) + "\n"
