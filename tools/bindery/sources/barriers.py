"""Pages that stand where a post should (an error page, a login wall, a
cookie-consent page) told from a page of another blog platform, which
``extract.py`` reads: each skipped with its reason, a line of the report."""

from __future__ import annotations

import re

from lxml import etree

from bindery.sources import extract
from bindery.sources.capture import Capture, Reading, skipped
from bindery.sources.elements import text_of

CONSENT = re.compile(
    r"onetrust|cookiebot|didomi|qc-cmp|sp_message|cookie-?consent|cookie-?notice|gdpr|cmp-container|consent\.",
    re.IGNORECASE,
)


def not_a_post(root: etree._Element, text: str, capture: Capture, classes: set[str]) -> Reading:
    title = text_of(root.find("head/title")) if root.find("head") is not None else ""
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
