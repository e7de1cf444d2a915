"""A post page does not grow with the archive (the theme's default does)."""

from __future__ import annotations

import statistics

import pytest

from bindery.archive.sequence import Sequence
from bindery.book.listings import LATEST_COUNT, PAGE_SIZE
from bindery.dev.synthetic import synthetic_dump
from bindery.sphinxext.posts.page import NEARBY

from .conftest import Book, build_book

SMALL, LARGE = 50, 500


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[int, Book]:
    return {
        n: build_book(tmp_path_factory.mktemp(f"n{n}"), {"synthetic.txt": synthetic_dump(n, words=100)})
        for n in (SMALL, LARGE)
    }


def test_post_pages_stay_the_same_size_as_the_archive_grows(books):
    small, large = books[SMALL], books[LARGE]
    # The large dump starts with the small one's posts (same seed).  The
    # small archive's last few posts gain neighbours in the large one.
    order = Sequence.load(small.src).lists["raw/synthetic.txt"]
    common = [f"{slug}.html" for slug in order[: -(NEARBY + 1)]]
    ratios = [
        (large.out / "posts" / name).stat().st_size / (small.out / "posts" / name).stat().st_size
        for name in common
    ]
    assert statistics.median(ratios) <= 1.01
    assert max(ratios) <= 1.02


def test_every_generated_post_is_built(books):
    for n, book in books.items():
        assert len(book.post_pages()) == n


def test_long_listings_are_paged_and_list_every_post_once(books):
    large = books[LARGE]
    count = -(-LARGE // PAGE_SIZE)
    pages = [f"posts/page/{n}.html" for n in range(1, count + 1)]
    listed: list[str] = []
    for page in pages:
        html = large.html(page)
        items = html.select(".post-list li > p > a:first-child")
        assert len(items) <= PAGE_SIZE, page
        listed += [a["href"].rsplit("/", 1)[-1] for a in items]
        pager = [a["href"].rsplit("/", 1)[-1] for a in html.select(".pager a")]
        assert len(pager) >= 2, page  # the newest, and newer or older
    assert sorted(listed) == sorted(p.name for p in large.post_pages())
    assert not (large.out / "posts" / "page" / f"{count + 1}.html").exists()
    # page 1 holds the oldest posts; the listing's own address, the newest page
    newest = large.html("posts/index.html").select(".post-list li > p > a:first-child")
    last = large.html(pages[-1]).select(".post-list li > p > a:first-child")
    assert [a["href"] for a in newest] == [a["href"].replace("../", "") for a in last]
    by_line = Sequence.load(large.src).lists["raw/synthetic.txt"]
    oldest = large.html("posts/page/1.html").select(".post-list li > p > a:first-child")
    assert [a["href"].rsplit("/", 1)[-1] for a in oldest] == [f"{s}.html" for s in by_line[-PAGE_SIZE:]]
    landing = large.html("index.html").select(".post-list li > p > a:first-child")
    assert len(landing) == LATEST_COUNT
    # a category's numbered pages link to its newest page, its own address
    technology = large.html("categories/technology/1.html")
    assert technology.select_one(".pager a")["href"] == "../technology.html"
