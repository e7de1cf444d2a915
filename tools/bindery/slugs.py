"""Readable, permanent addresses for posts and categories."""

from __future__ import annotations

from collections.abc import Container

from slugify import slugify

MAX_LENGTH = 80
# Names the site itself uses under posts/ and beside the listings' folders.
RESERVED = frozenset(
    {"index", "genindex", "search", "searchindex", "page", "categories", "tags", "authors", "pages"}
)
_REPLACEMENTS = [["&", "and"], ["’", ""], ["'", ""], ["ʼ", ""]]


def slug_for(text: str, fallback: str) -> str:
    """Lowercase ASCII words joined by hyphens, transliterated from any
    script; ``fallback`` where the text has no letters or digits at all."""
    slug = slugify(text, max_length=MAX_LENGTH, word_boundary=True, replacements=_REPLACEMENTS)
    return slug or fallback


def unique_slug(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first that is free."""
    slug, number = base, 1
    while slug in taken or slug in RESERVED:
        number += 1
        slug = f"{base}-{number}"
    return slug
