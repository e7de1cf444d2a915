"""Each page's ``<meta name="description">``: what a search engine shows.

A post is described by its abstract, the opening sentence its citations
give (citation.py); any other page by the start of its first paragraph,
word for word (cut at a word and marked with an ellipsis), or its title
and the book's.  Nothing is made up.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from bindery.sphinxext.citations.panel import state_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LENGTH = 160  # characters search engines show
_FIRST_PARAGRAPH = re.compile(r'<p id="p-1"[^>]*>(.*?)</p>', re.S)
_PARAGRAPH_LINK = re.compile(r'<a class="headerlink paragraph-link"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def shorten(text: str, length: int = LENGTH) -> str:
    """``text`` with its spaces collapsed, cut at a word to at most ``length``."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def describe(body: str, title: str, book: str) -> str:
    match = _FIRST_PARAGRAPH.search(body)
    text = shorten(html.unescape(_TAG.sub("", _PARAGRAPH_LINK.sub("", match.group(1))))) if match else ""
    return text or shorten(f"{title}: {book}" if title and title != book else book)


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    abstract = state_of(app.env).abstracts.get(pagename)
    if abstract:  # a post: its abstract, as its citations give it (citation.py)
        context["bindery_description"] = abstract
        return
    title = html.unescape(_TAG.sub("", context.get("title") or ""))
    context["bindery_description"] = describe(context.get("body") or "", title, app.config.project)
