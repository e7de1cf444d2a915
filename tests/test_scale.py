"""A post page does not grow with the archive (the theme's default does)."""

from __future__ import annotations

import statistics

import pytest

from bindery.sphinxext.posts import NEARBY
from bindery.store import load_posts
from bindery.synthetic import synthetic_dump

from .conftest import Book, build_book

SMALL, LARGE = 40, 400


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
    posts = load_posts(small.src)
    order = sorted(posts, key=lambda slug: posts[slug].sources[0].line)
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
