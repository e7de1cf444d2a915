"""Citations: metadata in the head, the panel, and the archive's catalogue."""

from __future__ import annotations

import json
import re

from bindery.store import load_posts

from .conftest import Book, copy_repository_book, sphinx_build
from .test_book import HAZARD_TITLE

BASE = "https://chinabystander-archive.example/"
CHIPS = "posts/the-chips-are-down.html"
CHIPS_TITLE = "The Chips Are\u00a0Down"


def meta(page, name: str) -> list[str]:
    found = page.find_all("meta", attrs={"name": name}) or page.find_all("meta", attrs={"property": name})
    return [m["content"] for m in found]


def test_metadata_files_the_post_as_a_blog_post(seed_book):
    page = seed_book.html("posts/us-stacks-the-chips-in-high-stakes-high-tech-game-with-china.html")
    title = "US Stacks The Chips In High-Stakes High-Tech Game With\u00a0China"
    url = BASE + "posts/us-stacks-the-chips-in-high-stakes-high-tech-game-with-china.html"
    # Zotero's RDF reader takes DC.type when it names an item type
    assert meta(page, "DC.type") == ["blogPost"]
    assert page.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    assert meta(page, "DC.title") == meta(page, "citation_title") == meta(page, "og:title") == [title]
    assert meta(page, "DC.creator") == meta(page, "citation_author") == ["China Bystander"]
    assert meta(page, "DC.source") == meta(page, "og:site_name") == ["China Bystander"]
    assert meta(page, "DC.identifier") == meta(page, "citation_public_url") == meta(page, "og:url") == [url]
    assert meta(page, "DC.subject") == meta(page, "article:tag") == ["China-U.S.", "Technology"]
    assert meta(page, "citation_keywords") == ["China-U.S.; Technology"]
    # the dump has no dates, and none is invented
    for name in ("DC.date", "citation_publication_date", "citation_date", "article:published_time"):
        assert meta(page, name) == [], name
    # pages that are not posts carry none of it
    assert meta(seed_book.html("categories/technology.html"), "DC.type") == []


def test_metadata_keeps_a_title_of_markup_as_text(hazards_book):
    slug = next(s for s, p in load_posts(hazards_book.src).items() if p.title == HAZARD_TITLE)
    page = hazards_book.html(f"posts/{slug}.html")
    assert meta(page, "citation_title") == meta(page, "og:title") == [HAZARD_TITLE]
    assert meta(page, "DC.subject") == ["Hazards", "<i>Odd</i> & Co", "Politics & Society"]


def panel_texts(book: Book, address: str) -> dict[str, str]:
    panel = book.html(address).select_one(".cite-panel")
    return {
        style.select_one(".citation-label").get_text(): (
            style.select_one(".citation-text pre") or style.select_one(".citation-text")
        ).get_text()
        for style in panel.select(".citation-style")
    }


def test_cite_panel_gives_chicago_apa_and_bibtex(seed_book):
    texts = panel_texts(seed_book, CHIPS)
    url = BASE + CHIPS
    assert texts["Chicago"] == (
        f"China Bystander. “{CHIPS_TITLE}.” China Bystander (blog), n.d. Accessed [date]. {url}."
    )
    assert (
        texts["APA"]
        == f"China Bystander. (n.d.). {CHIPS_TITLE}. China Bystander. Retrieved [date], from {url}"
    )
    assert texts["BibTeX"] == (
        "@misc{china-bystander:the-chips-are-down,\n"
        "  author = {{China Bystander}},\n"
        f"  title = {{{{{CHIPS_TITLE}}}}},\n"
        "  howpublished = {China Bystander (blog)},\n"
        f"  url = {{{url}}},\n"
        "  keywords = {Technology},\n"
        "  note = {Blog post, undated}\n"
        "}\n"
    )
    panel = seed_book.html(CHIPS).select_one(".cite-panel")
    assert panel.select_one(".citation-style em").get_text() == "China Bystander"
    assert "no-search" in panel["class"]


def test_bibtex_escapes_what_latex_would_read(hazards_book):
    slug = next(s for s, p in load_posts(hazards_book.src).items() if p.title == HAZARD_TITLE)
    bibtex = panel_texts(hazards_book, f"posts/{slug}.html")["BibTeX"]
    title = re.search(r"title = \{\{(.*)\}\},", bibtex).group(1)
    assert title == (
        r'<b>Markup</b> in a title: <script>alert("title")</script> \&amp; *not* `code` \#1 [x](y) '
        r"\{z\}`w` \textbackslash{}"
    )


def test_archive_catalogue_and_bibtex(seed_book):
    catalogue = json.loads((seed_book.out / "catalogue.json").read_text(encoding="utf-8"))
    posts = catalogue["posts"]
    assert len(posts) == 10
    chips = next(p for p in posts if p["slug"] == "the-chips-are-down")
    assert chips == {
        "address": BASE + CHIPS,
        "path": CHIPS,
        "slug": "the-chips-are-down",
        "title": CHIPS_TITLE,
        "categories": ["Technology"],
        "comments": 0,
        "sources": [{"file": "raw/technology.txt", "line": 204}],
    }
    assert [p["slug"] for p in posts][:2] == [
        "corruption-probes-aim-to-kickstart-chinas-lagging-semiconductors-sector",
        "us-stacks-the-chips-in-high-stakes-high-tech-game-with-china",
    ]
    bib = (seed_book.out / "archive.bib").read_text(encoding="utf-8")
    assert bib.count("@misc{") == 10
    assert panel_texts(seed_book, CHIPS)["BibTeX"] in bib
    link = seed_book.html(CHIPS).select_one(".cite-panel a[href$='archive.bib']")
    assert link["href"] == "../archive.bib"


def test_a_known_date_is_cited(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    page = src / "posts" / "the-chips-are-down.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("slug: the-chips", "date: 2022-01-20\nslug: the-chips")
    )
    assert sphinx_build(src, tmp_path / "html").returncode == 0
    book = Book(src, tmp_path / "html")
    html = book.html(CHIPS)
    assert meta(html, "citation_publication_date") == ["2022/01/20"]
    assert meta(html, "DC.date") == ["2022-01-20"]
    texts = panel_texts(book, CHIPS)
    assert "(blog), January 20, 2022. Accessed [date]." in texts["Chicago"]
    assert texts["APA"].startswith("China Bystander. (2022, January 20). ")
    assert "  year = {2022},\n" in texts["BibTeX"]
    catalogue = json.loads((book.out / "catalogue.json").read_text(encoding="utf-8"))
    assert next(p for p in catalogue["posts"] if p["slug"] == "the-chips-are-down")["date"] == "2022-01-20"
