"""Slugs: readable, safe, unique, and never handed out twice."""

from __future__ import annotations

import random

import pytest
from slugify import slugify

from bindery.archive import slugs
from bindery.archive.manifest import Manifest
from bindery.archive.slugs import MAX_LENGTH, RESERVED, SLUG, slug_for, unique_slug
from bindery.importer.merge import ImportReport, PostMerge
from bindery.sources.textdump import parse_dump


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Corruption Probes Aim To Kickstart China’s Lagging Semiconductors\u00a0Sector",
         "corruption-probes-aim-to-kickstart-chinas-lagging-semiconductors-sector"),
        ("Politics & Society", "politics-and-society"),
        ("China-U.S.", "china-u-s"),
        ("中国的新科技秩序", "zhong-guo-de-xin-ke-ji-zhi-xu"),
        ("Россия и Китай", "rossiia-i-kitai"),
        ("../../etc/passwd", "etc-passwd"),
        ("Café “déjà” vu", "cafe-deja-vu"),
    ],
)  # fmt: skip
def test_readable_slugs(title, slug):
    assert slug_for(title, "x") == slug


@pytest.mark.parametrize("title", ["!!!", "…", "🚀🚀", "   ", "—"])
def test_titles_without_letters_get_the_fallback(title):
    assert slug_for(title, "post-1234abcd") == "post-1234abcd"


def test_long_titles_are_cut_at_a_word():
    slug = slug_for(" ".join(["semiconductor"] * 20), "x")
    assert len(slug) <= MAX_LENGTH
    assert slug.endswith("semiconductor")


def test_random_titles_always_give_safe_slugs():
    rng = random.Random(7)
    alphabet = "aZ09 -_./\\:?#%&*<>\"'’“”—\u00a0中文ßé😀\t"
    for _ in range(2000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        slug = slug_for(title, "fallback")
        assert SLUG.fullmatch(slug), (title, slug)
        assert ".." not in slug and "/" not in slug


def test_a_slug_already_is_kept_as_slugify_would_keep_it():
    """The short path for text that is a slug already gives what slugify gives."""
    rng = random.Random(11)
    texts = ["a", "0", "2010", "a-b", "x" * (MAX_LENGTH - 1), "-".join(["ab"] * 40)[: MAX_LENGTH - 1]]
    for _ in range(5000):
        texts.append("".join(rng.choice("ab09-") for _ in range(rng.randint(1, MAX_LENGTH + 5))))
    kept = 0
    for text in texts:
        full = slugify(text, max_length=MAX_LENGTH, word_boundary=True, replacements=slugs._REPLACEMENTS)
        assert slug_for(text, "fallback") == (full or "fallback"), text
        kept += len(text) < MAX_LENGTH and SLUG.fullmatch(text) is not None
    assert kept > 500  # the short path was taken, and agreed


def test_unique_slug_counts_up_and_skips_reserved_names():
    assert unique_slug("chips", set()) == "chips"
    assert unique_slug("chips", {"chips"}) == "chips-2"
    assert unique_slug("chips", {"chips", "chips-2"}) == "chips-3"
    for name in RESERVED:
        assert unique_slug(name, set()) == f"{name}-2"


def _dump(*titles: str) -> str:
    posts = [
        f"{t}\n\nTEXT OF post number {i}.\n\nLeave a comment\n\nFiled under A" for i, t in enumerate(titles)
    ]
    return "Category Archives: A\n\n" + "\n\n".join(posts) + "\n"


def merge_dumps(dump, posts: dict, manifest: Manifest) -> ImportReport:
    """The dump's posts merged into ``posts``, as an import merges them."""
    report = ImportReport()
    merging = PostMerge(posts, {}, manifest, report)
    for post in dump.posts:
        merging.add(post)
    merging.finish()
    return report


def test_duplicate_titles_get_distinct_deterministic_slugs():
    dump = parse_dump(_dump("Same", "Same", "Same"), "raw/a.txt")
    for _ in range(2):
        posts: dict = {}
        report = merge_dumps(dump, posts, Manifest())
        assert report.added == ["same", "same-2", "same-3"]


def test_published_addresses_are_never_reused():
    """A post removed from the archive leaves its address in the manifest;
    a new post of the same title must not take it."""
    manifest = Manifest.parse("posts/same.html\nposts/same-2.html -> posts/other.html\n")
    posts: dict = {}
    report = merge_dumps(parse_dump(_dump("Same"), "raw/a.txt"), posts, manifest)
    assert report.added == ["same-3"]
