"""A link's address as the book writes it: absolute, and read back whole."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bindery.archive.schema import PLAIN_WEB

LINK_SCHEMES = ("http", "https", "mailto")
_ABSOLUTE = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_URL_UNSAFE = re.compile(r'[\x00-\x20<>\\"`|]')  # (a "|" would end a table's cell)


def safe_url(href: str, base: str) -> str | None:
    """An absolute http(s) or mailto address, written so that MyST reads it
    back whole; None for any other scheme."""
    href = href.strip()
    if not href:
        return None
    if PLAIN_WEB.fullmatch(href):  # most links: urlsplit would find nothing amiss
        return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", href)
    try:
        url = href if _ABSOLUTE.match(href) else urljoin(base, href) if base else href
        parts = urlsplit(url)
    except ValueError:  # ``http://[oops``: no address anyone could follow
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url)
