"""Not one word lost or changed: each post's built HTML holds its source text.

For every post, the text of each rendered block (title, captions,
paragraphs, quotes, list items) must equal the dump's text for it, with
only runs of ASCII white space folded, as HTML folds them.  A no-break
space must come out as a no-break space.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from bindery.archive.store import load_posts
from bindery.model import BulletList, Post

from .conftest import DUMPS, SEED, Book, read_source

_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
# What a post page may hold: the text and nothing that would be markup.
ALLOWED_TAGS = {"section", "h1", "a", "p", "span", "figure", "figcaption", "blockquote", "div", "ul", "li"}


def fold(text: str) -> str:
    return _ASCII_SPACE.sub(" ", text).strip(" ")


def source_texts(post: Post) -> list[str]:
    out = [post.title, *post.captions]
    for block in post.blocks:
        out.extend(block.items if isinstance(block, BulletList) else [block.text])
    return [fold(t) for t in out]


def rendered_texts(page: BeautifulSoup) -> list[str]:
    section = page.select_one("article.bd-article section")
    assert isinstance(section, Tag)
    apparatus = ".headerlink, .post-date, .post-colophon, .cite-panel, .archive-figure-missing"
    for element in section.select(apparatus):
        element.decompose()
    tags = {t.name for t in section.find_all(True)} | {"section"}
    assert tags <= ALLOWED_TAGS, f"markup made from text: {tags - ALLOWED_TAGS}"
    assert section.find("a") is None, "a link made from text"
    out = [section.h1.get_text()]
    out += [c.get_text() for c in section.select("figcaption")]
    blocks: list[str] = []
    for child in section.children:  # in page order
        if not isinstance(child, Tag):
            continue
        if child.name in ("p", "blockquote"):
            blocks.append(child.get_text())
        elif child.name == "ul":
            blocks.extend(li.get_text() for li in child.find_all("li"))
    return [fold(t) for t in out + blocks]


def assert_faithful(book: Book, dump: Path) -> int:
    posts = load_posts(book.src)
    by_key = {p.meta["fingerprint"]: slug for slug, p in posts.items()}
    checked = 0
    for post in read_source(dump).posts:
        page = book.html(f"posts/{by_key[post.key]}.html")
        assert rendered_texts(page) == source_texts(post), post.title
        checked += 1
    return checked


def test_seed_archive_is_faithful(seed_book):
    assert assert_faithful(seed_book, SEED) == 10


def test_hazardous_text_stays_text(hazards_book):
    assert assert_faithful(hazards_book, DUMPS / "hazards.txt") == 5


def test_no_break_spaces_survive(seed_book, hazards_book):
    title = seed_book.html("posts/the-chips-are-down.html").select_one("article h1").get_text()
    assert "Are\u00a0Down" in title
    page = hazards_book.html(
        "posts/b-markup-b-in-a-title-script-alert-title-script-andamp-not-code-1-x-y-z-w.html"
    )
    for link in page.select("a.headerlink"):
        link.decompose()
    texts = [p.get_text() for p in page.select("article section > p")]
    assert "\u00a0leading and trailing no-break spaces\u00a0" in texts


def test_no_script_from_text_reaches_any_page(hazards_book):
    for path in hazards_book.out.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in page.find_all("script"):
            assert "alert(" not in script.get_text(), path
        assert page.find("img", onerror=True) is None, path
        # the theme's icons are <i class="fa-…">; markup made of text has no class
        assert page.find(["b", "i"], class_=False) is None, path
