"""Citations: metadata in the head, COinS for Zotero, the panel, and the archive's catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from bindery.archive.store import load_posts
from bindery.dates import ArchiveDate

from .conftest import Book, copy_repository_book, sphinx_build
from .test_book import HAZARD_TITLE

BASE = "https://chinabystander-archive.example/"
CHIPS = "posts/the-chips-are-down.html"
CHIPS_TITLE = "The Chips Are\u00a0Down"
CHIPS_OPENING = "BY VALUE, CHINA imports more semiconductors than oil."
US_STACKS = "posts/us-stacks-the-chips-in-high-stakes-high-tech-game-with-china.html"
METAVERSE = "posts/china-starts-to-bring-the-metaverse-into-line.html"
NEW_ORDER = "posts/chinas-new-tech-order.html"
ORIGINAL = "https://chinabystander.wordpress.com/2012/03/05/china-starts-to-bring-the-metaverse-into-line/"


def meta(page, name: str) -> list[str]:
    found = page.find_all("meta", attrs={"name": name}) or page.find_all("meta", attrs={"property": name})
    return [m["content"] for m in found]


def coins(page) -> list[dict[str, list[str]]]:
    """Each COinS span on the page, decoded as Zotero's OpenURL reader splits it."""
    return [parse_qs(span["title"], keep_blank_values=True) for span in page.select("span.Z3988")]


def test_metadata_files_the_post_as_a_blog_post(seed_book):
    page = seed_book.html(US_STACKS)
    title = "US Stacks The Chips In High-Stakes High-Tech Game With\u00a0China"
    url = BASE + US_STACKS
    opening = (
        "REPORTS FROM THE NETHERLANDS say that Washington is pressing the Dutch government to ban "
        "exports of semiconductor fabrication equipment to China."
    )
    assert page.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    assert meta(page, "DC.title") == meta(page, "citation_title") == meta(page, "og:title") == [title]
    assert meta(page, "DC.creator") == meta(page, "citation_author") == ["China Bystander"]
    assert meta(page, "DC.source") == meta(page, "og:site_name") == ["China Bystander"]
    assert meta(page, "DC.identifier") == meta(page, "citation_public_url") == meta(page, "og:url") == [url]
    assert meta(page, "DC.subject") == meta(page, "article:tag") == ["China-U.S.", "Technology"]
    assert meta(page, "DC.language") == meta(page, "citation_language") == ["en"]
    assert meta(page, "citation_keywords") == ["China-U.S.; Technology"]
    assert meta(page, "description") == meta(page, "og:description") == [opening]
    # Zotero put a DC.type into "website type", printed as "[blogPost]"
    assert meta(page, "DC.type") == []
    # the dump has no dates, and none is invented
    for name in ("DC.date", "citation_publication_date", "citation_date", "article:published_time"):
        assert meta(page, name) == [], name
    # pages that are not posts carry none of it
    assert meta(seed_book.html("categories/technology.html"), "DC.title") == []


def test_coins_gives_zotero_the_blog_post_and_its_one_field_author(seed_book):
    (item,) = coins(seed_book.html(US_STACKS))
    assert item["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"]
    assert item["rft.type"] == ["blogPost"]
    assert item["rft.title"] == ["US Stacks The Chips In High-Stakes High-Tech Game With\u00a0China"]
    assert item["rft.aucorp"] == ["China Bystander"]  # one field: Zotero does not split it
    assert "rft.aulast" not in item and "rft.au" not in item
    assert item["rft.source"] == ["China Bystander"]
    assert item["rft_id"] == [BASE + US_STACKS]
    assert item["rft.language"] == ["en"]
    assert item["rft.subject"] == ["China-U.S.", "Technology"]
    assert item["rft.description"][0].startswith("REPORTS FROM THE NETHERLANDS say")
    assert "rft.date" not in item


def test_a_listing_offers_each_post_it_lists_as_the_post_offers_itself(seed_book):
    listing = seed_book.html("categories/technology.html")
    spans = listing.select("span.Z3988")
    links = [a["href"] for a in listing.select(".post-list a") if "/posts/" in "/" + a["href"]]
    assert len(spans) == len(links) == 10
    for span, href in zip(spans, links, strict=True):
        (own,) = seed_book.html(href.removeprefix("../")).select("span.Z3988")
        assert span["title"] == own["title"]
    # the text of a post offers only itself, never its neighbours
    assert len(seed_book.html(CHIPS).select("span.Z3988")) == 1


def test_metadata_keeps_a_title_of_markup_as_text(hazards_book):
    slug = next(s for s, p in load_posts(hazards_book.src).items() if p.title == HAZARD_TITLE)
    page = hazards_book.html(f"posts/{slug}.html")
    assert meta(page, "citation_title") == meta(page, "og:title") == [HAZARD_TITLE]
    assert meta(page, "DC.subject") == ["Hazards", "<i>Odd</i> & Co", "Politics & Society"]
    (item,) = coins(page)
    assert item["rft.title"] == [HAZARD_TITLE]
    assert item["rft.subject"] == ["Hazards", "<i>Odd</i> & Co", "Politics & Society"]


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
        f"China Bystander. “{CHIPS_TITLE}.” China Bystander, n.d. Accessed [date]. {url}."
    )
    assert (
        texts["APA"]
        == f"China Bystander. (n.d.). {CHIPS_TITLE}. China Bystander. Retrieved [date], from {url}"
    )
    assert texts["BibTeX"] == (
        "@online{china-bystander:the-chips-are-down,\n"
        "  author = {{China Bystander}},\n"
        "  title = {{The Chips Are~Down}},\n"
        "  journaltitle = {China Bystander},\n"
        f"  url = {{{url}}},\n"
        "  language = {en},\n"
        "  keywords = {Technology}\n"
        "}\n"
    )
    panel = seed_book.html(CHIPS).select_one(".cite-panel")
    assert panel.select_one(".citation-style em").get_text() == "China Bystander"
    assert "no-search" in panel["class"]


def test_bibtex_escapes_what_latex_would_read(hazards_book):
    slug = next(s for s, p in load_posts(hazards_book.src).items() if p.title == HAZARD_TITLE)
    bibtex = panel_texts(hazards_book, f"posts/{slug}.html")["BibTeX"]
    title = re.search(r"title = \{\{(.*)\}\},", bibtex).group(1)
    # "<" and ">" in math mode: LaTeX's default encoding would set them as ¡ and ¿
    assert title == (
        r'$<$b$>$Markup$<$/b$>$ in a title: $<$script$>$alert("title")$<$/script$>$ \&amp; *not* `code` '
        r"\#1 [x](y) \{z\}`w` \textbackslash{}"
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
        "blog": "China Bystander",
        "blog_address": "https://chinabystander.wordpress.com/",
        "comments": 0,
        "sources": [{"file": "raw/technology.txt"}],
    }
    assert [p["slug"] for p in posts][:2] == [
        "corruption-probes-aim-to-kickstart-chinas-lagging-semiconductors-sector",
        "us-stacks-the-chips-in-high-stakes-high-tech-game-with-china",
    ]
    bib = (seed_book.out / "archive.bib").read_text(encoding="utf-8")
    assert bib.count("@online{") == 10
    assert panel_texts(seed_book, CHIPS)["BibTeX"] in bib
    link = seed_book.html(CHIPS).select_one(".cite-panel a[href$='archive.bib']")
    assert link["href"] == "../archive.bib"


def add_front_matter(src: Path, address: str, lines: str) -> None:
    """Write fields into a post's front matter by hand, as a WordPress import would."""
    page = src / address.replace(".html", ".md")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\nslug: ", f"\n{lines}\nslug: ", 1), encoding="utf-8")


def dated_book(dest: Path) -> Book:
    """The seed book with three posts given what a WordPress export gives:
    a day with a time and offset, a day and a person, a month and an old address."""
    src = copy_repository_book(dest / "src")
    add_front_matter(src, CHIPS, "date: '2022-01-18T09:30:00+08:00'")
    add_front_matter(
        src, NEW_ORDER, "date: 2022-01-20\nauthor: Ben Hammersley\nupdated: 2023-05-01T10:00:00Z"
    )
    add_front_matter(src, METAVERSE, f"date: '2012-03'\noriginal_url: {ORIGINAL}")
    result = sphinx_build(src, dest / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, dest / "html")


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return dated_book(tmp_path_factory.mktemp("dated"))


def test_a_dated_post_carries_its_day_everywhere(dated):
    page = dated.html(CHIPS)
    assert meta(page, "citation_publication_date") == ["2022/01/18"]
    assert meta(page, "DC.date") == ["2022-01-18"]
    assert meta(page, "article:published_time") == ["2022-01-18T09:30:00+08:00"]
    assert coins(page)[0]["rft.date"] == ["2022-01-18"]
    # its abstract is its own opening, not the date line now above it
    assert meta(page, "description") == ["BY VALUE, CHINA imports more semiconductors than oil."]
    assert coins(page)[0]["rft.description"] == meta(page, "description")
    texts = panel_texts(dated, CHIPS)
    url = BASE + CHIPS
    assert texts["Chicago"] == f"China Bystander. “{CHIPS_TITLE}.” China Bystander, January 18, 2022. {url}."
    assert texts["APA"] == f"China Bystander. (2022, January 18). {CHIPS_TITLE}. China Bystander. {url}"
    assert "  date = {2022-01-18},\n  year = {2022},\n  month = {1},\n" in texts["BibTeX"]
    assert "note = " not in texts["BibTeX"]
    catalogue = json.loads((dated.out / "catalogue.json").read_text(encoding="utf-8"))
    chips = next(p for p in catalogue["posts"] if p["slug"] == "the-chips-are-down")
    assert chips["date"] == "2022-01-18T09:30:00+08:00"


def test_a_month_is_cited_as_a_month_with_the_original_address(dated):
    page = dated.html(METAVERSE)
    assert meta(page, "citation_publication_date") == ["2012/03"]
    assert meta(page, "DC.date") == meta(page, "article:published_time") == ["2012-03"]
    assert meta(page, "DC.relation") == [ORIGINAL]
    assert coins(page)[0]["rft.date"] == ["2012-03"]
    texts = panel_texts(dated, METAVERSE)
    url = BASE + METAVERSE
    assert texts["Chicago"].endswith(
        f" China Bystander, March 2012. {url}. Originally published at {ORIGINAL}."
    )
    assert texts["APA"].startswith("China Bystander. (2012, March). ")
    assert texts["APA"].endswith(f" China Bystander. {url} Originally published at {ORIGINAL}.")
    assert "  date = {2012-03},\n  year = {2012},\n  month = {3},\n" in texts["BibTeX"]
    assert f"  note = {{Originally published at {ORIGINAL}}}\n" in texts["BibTeX"]


def test_a_person_is_cited_by_family_and_given_name(dated):
    page = dated.html(NEW_ORDER)
    assert meta(page, "citation_author") == meta(page, "DC.creator") == ["Hammersley, Ben"]
    # unquoted in YAML, both are dates: still read as written
    assert meta(page, "article:published_time") == ["2022-01-20"]
    assert meta(page, "article:modified_time") == ["2023-05-01T10:00:00+00:00"]
    (item,) = coins(page)
    assert (item["rft.aulast"], item["rft.aufirst"]) == (["Hammersley"], ["Ben"])
    assert "rft.aucorp" not in item
    texts = panel_texts(dated, NEW_ORDER)
    assert texts["Chicago"].startswith("Hammersley, Ben. “China’s New Tech\u00a0Order.” China Bystander")
    assert texts["APA"].startswith("Hammersley, B. (2022, January 20). China’s New Tech\u00a0Order. ")
    assert "  author = {Hammersley, Ben},\n" in texts["BibTeX"]


def test_a_changed_address_reaches_every_page_on_an_incremental_build(tmp_path):
    book = dated_book(tmp_path)
    conf = book.src / "conf.py"
    new_base = "https://archive.example.org/bystander/"
    conf.write_text(conf.read_text(encoding="utf-8").replace(BASE, new_base), encoding="utf-8")
    result = sphinx_build(book.src, book.out)
    assert (result.returncode, result.stderr) == (0, "")
    for path in [*book.post_pages(), book.out / "categories" / "technology.html"]:
        text = path.read_text(encoding="utf-8")
        assert BASE not in text, path.name
    page = book.html(CHIPS)
    url = new_base + CHIPS
    assert page.select_one(".post-permalink")["href"] == url
    assert url in panel_texts(book, CHIPS)["Chicago"]
    assert coins(page)[0]["rft_id"] == [url]
    assert meta(page, "og:url") == [url]


def test_a_listing_offers_a_posts_new_author_after_an_incremental_build(tmp_path):
    book = dated_book(tmp_path)
    listing = book.out / "categories" / "technology.html"
    before = listing.stat().st_mtime_ns
    add_front_matter(book.src, CHIPS, "author: Ben Hammersley")
    result = sphinx_build(book.src, book.out)
    assert (result.returncode, result.stderr) == (0, "")
    assert listing.stat().st_mtime_ns != before
    offered = {item["rft_id"][0]: item for item in coins(book.html("categories/technology.html"))}
    assert offered[BASE + CHIPS]["rft.aulast"] == ["Hammersley"]
    assert offered[BASE + CHIPS] == coins(book.html(CHIPS))[0]


def test_dates_as_yaml_or_a_wordpress_export_write_them():
    parse = ArchiveDate.parse
    assert parse("2022-01-18 09:30:00+08:00") == parse("2022-01-18T09:30:00+08:00")
    assert parse("2022-01-18T09:30:00+08:00").text == "2022-01-18T09:30:00+08:00"
    assert (parse("2012-03").day_text, parse("2012-03").long()) == ("2012-03", "March 2012")
    for text in ("2012-13", "2022-02-30", "March 2012", "18/01/2022"):
        with pytest.raises(ValueError):
            parse(text)


def test_a_date_that_is_not_a_date_stops_the_build(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    add_front_matter(src, CHIPS, "date: sometime in 2012\nupdated: '2023-01-02'")
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (
        1,
        "posts/the-chips-are-down.md:3: date: 'sometime in 2012' is not a date: "
        "write 2012-03, 2022-01-18 or 2022-01-18T09:30:00+08:00\n",
    )
