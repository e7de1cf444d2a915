"""The search index: Pagefind's, over the posts' own text only."""

from __future__ import annotations

import json
import shutil

from bindery.sphinxext.search.page import FOLDER, filters_of

from .conftest import Book, sphinx_build


def test_pagefind_indexes_every_post_and_nothing_else(seed_book: Book):
    entry = json.loads((seed_book.out / FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    assert language["page_count"] == len(seed_book.post_pages())


def test_posts_carry_their_text_and_filters(seed_book: Book):
    page = seed_book.html("posts/the-chips-are-down.html")
    body = page.select_one("[data-pagefind-body]")
    assert body is not None
    assert body.select_one("h1") is not None
    filters = [tag["data-pagefind-filter"] for tag in body.select("[data-pagefind-filter]")]
    assert filters == ["category:Technology"]


def test_listings_are_not_indexed(seed_book: Book):
    for rel in ("index.html", "posts/index.html", "categories/index.html", "categories/technology.html"):
        assert seed_book.html(rel).select("[data-pagefind-body]") == [], rel


def test_filters_of_a_post():
    assert filters_of(("Banking", "Economy"), None) == [("category", "Banking"), ("category", "Economy")]
    assert filters_of(("Banking",), "2012-03") == [("category", "Banking"), ("year", "2012")]
    assert filters_of((), "n.d.") == []


def test_sphinx_writes_no_search_index_of_its_own(seed_book: Book):
    assert not (seed_book.out / "searchindex.js").exists()
    assert seed_book.html("search.html").select_one("#search-results") is not None


def test_the_search_page_lists_each_filter_s_choices(seed_book: Book):
    """Written into the page, not asked of Pagefind (whose filter counts
    would then slow every search)."""
    page = seed_book.html("search.html")
    indexed = set()
    for post in (seed_book.out / "posts").glob("*.html"):
        tags = seed_book.html(f"posts/{post.name}").select("[data-pagefind-filter]")
        indexed |= {tag["data-pagefind-filter"].removeprefix("category:") for tag in tags}
    category = page.select_one("select#bindery-search-category")
    options = [o.get_text() for o in category.select("option")]
    assert options == ["All categories", *sorted(indexed, key=str.casefold)]
    assert "Technology" in options
    assert not category.has_attr("hidden")
    year = page.select_one("select#bindery-search-year")  # the dumps give no dates
    assert [o.get_text() for o in year.select("option")] == ["All years"]
    assert year.has_attr("hidden") and page.select_one("label[for=bindery-search-year]").has_attr("hidden")


def test_a_rebuild_that_rewrites_no_post_keeps_the_index(seed_book: Book, tmp_path):
    src, out = tmp_path / "src", tmp_path / "html"
    shutil.copytree(seed_book.src, src)
    shutil.copytree(seed_book.out, out)
    entry = out / FOLDER / "pagefind-entry.json"
    assert sphinx_build(src, out).returncode == 0  # in its new folder, Sphinx rewrites every page
    before = entry.stat().st_mtime_ns
    result = sphinx_build(src, out)
    assert (result.returncode, result.stderr) == (0, "")
    assert entry.stat().st_mtime_ns == before
    post = src / "posts" / "the-chips-are-down.md"
    post.write_text(
        post.read_text(encoding="utf-8") + "\nA zanzibarian sentence added by hand.\n", encoding="utf-8"
    )
    result = sphinx_build(src, out)
    assert (result.returncode, result.stderr) == (0, "")
    assert entry.stat().st_mtime_ns != before
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]
