"""What a page costs a reader, counted as Chromium downloads it.

A post page stays under BUDGET in all (HTML, CSS, scripts, fonts) and
costs the same at 10 posts and at a few hundred; no page but the search
page loads any search index.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bindery.dev.serve import serve
from bindery.dev.synthetic import synthetic_dump
from bindery.dev.weight import page_weight

from .conftest import Book, build_book
from .test_browser import pytestmark as browser_marks

pytestmark = browser_marks
BUDGET = 150 * 1024
POSTS = 300
PAGES = ["index.html", "posts/index.html", "categories/index.html"]


@pytest.fixture(scope="module")
def large_book(tmp_path_factory) -> Book:
    return build_book(tmp_path_factory.mktemp("weight"), {"synthetic.txt": synthetic_dump(POSTS)})


@pytest.fixture(scope="module")
def seed_site(seed_book: Book) -> Iterator[str]:
    with serve(seed_book.out) as url:
        yield url


@pytest.fixture(scope="module")
def large_site(large_book: Book) -> Iterator[str]:
    with serve(large_book.out) as url:
        yield url


def _search_index(urls: list[str]) -> list[str]:
    return [url for url in urls if "searchindex" in url or "_pagefind" in url or "_search/" in url]


def test_a_post_page_is_light_and_costs_the_same_at_any_size(
    page, seed_site, large_site, seed_book, large_book
):
    seed_post = "posts/the-chips-are-down.html"
    large_post = f"posts/{large_book.post_pages()[POSTS // 2].name}"
    small = page_weight(page, seed_site + seed_post)
    large = page_weight(page, large_site + large_post)
    assert small.total <= BUDGET, small.largest()
    assert large.total <= BUDGET, large.largest()
    assert abs(large.total - small.total) <= 0.10 * small.total, (small.total, large.total)
    assert _search_index(list(small.resources)) == []
    assert _search_index(list(large.resources)) == []


@pytest.mark.parametrize("path", PAGES)
def test_no_page_but_search_loads_a_search_index(page, large_site, path):
    weight = page_weight(page, large_site + path)
    assert _search_index(list(weight.resources)) == []
    assert "fontawesome" not in " ".join(weight.resources)
    # a listing's own HTML holds 200 posts' openings; what it loads besides is the same as a post's
    assets = weight.total - weight.resources[large_site + path]
    assert assets <= BUDGET - 30 * 1024, weight.largest()


def test_search_loads_only_what_the_query_needs(page, large_site, large_book):
    weight = page_weight(page, large_site + "search.html?q=market", "#search-results li")
    # the worker's fetches are counted: the index chunks and the wasm
    assert any("/_pagefind/index/" in url for url in weight.resources)
    assert any("wasm" in url for url in weight.resources)
    index = sum(p.stat().st_size for p in (large_book.out / "_pagefind").rglob("*") if p.is_file())
    assert weight.under("/_pagefind/") < min(index / 2, 300 * 1024)
