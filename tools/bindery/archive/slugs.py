"""Readable, permanent addresses for posts and categories."""

from __future__ import annotations

import functools
import re
from collections.abc import Container

from slugify import slugify

MAX_LENGTH = 80
# Names the site itself uses under posts/ and beside the listings' folders.
RESERVED = frozenset(
    {"index", "genindex", "search", "searchindex", "page", "categories", "tags", "authors", "pages"}
)
_REPLACEMENTS = [["&", "and"], ["’", ""], ["'", ""], ["ʼ", ""]]
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # what slug_for gives


@functools.lru_cache(maxsize=4096)  # a build asks for the blog's own slug once a post
def slug_for(text: str, fallback: str) -> str:
    """Lowercase ASCII words joined by hyphens, transliterated from any
    script; ``fallback`` where the text has no letters or digits at all."""
    if len(text) < MAX_LENGTH and SLUG.fullmatch(text):
        return text  # a slug already (WordPress's own, most often): slugify keeps it as it is
    slug = slugify(text, max_length=MAX_LENGTH, word_boundary=True, replacements=_REPLACEMENTS)
    return slug or fallback


def unique_slug(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first that is free."""
    slug, number = base, 1
    while slug in taken or slug in RESERVED:
        number += 1
        slug = f"{base}-{number}"
    return slug
