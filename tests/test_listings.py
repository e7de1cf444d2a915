"""Listings and named addresses: kept slugs, renames, stable pages, linear cost."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bindery.archive.manifest import Manifest
from bindery.archive.store import load_posts
from bindery.book.catalog import PostRecord
from bindery.book.listings import PAGE_SIZE, POST_LIST, Archive, render_all
from bindery.cli import main as bindery
from bindery.errors import DumpError
from bindery.markup.myst import escape_line
from bindery.model import Source

from .conftest import ROOT, copy_repository_book, sphinx_build


def record(n: int, categories: tuple[str, ...] = ("Technology",)) -> PostRecord:
    return PostRecord(
        slug=f"post-{n}",
        kind="post",
        title=f"Post {n}",
        categories=categories,
        sources=(Source("raw/a.txt", n),),
    )


def archive_of(count: int, categories: tuple[str, ...] = ("Technology",)) -> Archive:
    posts = {f"posts/post-{n}": record(n, categories) for n in range(count, 0, -1)}  # post-count is newest
    order = list(posts)
    manifest = Manifest()
    slugs = {"category": manifest.slugs_for("category", categories), "tag": {}, "author": {}}
    return Archive(posts, order, slugs)


def test_adding_a_post_changes_only_the_newest_page_of_each_listing():
    before = render_all(archive_of(2 * PAGE_SIZE + 50))
    after = render_all(archive_of(2 * PAGE_SIZE + 51))
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert changed == [
        "categories/_cards.md",  # the counts on the landing page
        "categories/_latest.md",
        "categories/index.md",
        "categories/technology.md",  # each listing's own address: its newest page
        "categories/technology/3.md",  # and the last numbered page, which the post joins
        "posts/index.md",
        "posts/page/3.md",
    ]


def test_a_category_page_does_not_repeat_each_posts_other_categories():
    many = tuple(f"Category {n}" for n in range(3000))
    pages = render_all(archive_of(1, many))
    sizes = {len(text) for path, text in pages.items() if path.startswith("categories/category-")}
    assert max(sizes) < 1000  # one post, listed without its 2,999 other categories
    assert sum(len(t) for t in pages.values()) < 3000 * 1500  # linear in posts × categories


def test_a_post_list_holds_each_title_as_written_on_a_line_of_its_own():
    """A page's posts are JSON lines (sphinxext/listing.py): a title is a
    string with nothing escaped, and a character that ends a line for
    Python (U+2028, U+0085) is written as an escape, so no entry splits."""
    odd = "Line\u2028separated *not emphasis* [not a link](x.md)\x85 `code` {role}`x` end"
    archive = archive_of(3)
    shown = replace(record(2), title=odd, heading=escape_line(odd), summary="It *is* MyST.")
    archive.posts["posts/post-2"] = shown
    text = render_all(archive)["posts/index.md"]
    lines = text.split(f"```{{{POST_LIST}}}\n", 1)[1].split("\n```", 1)[0].splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["doc"] for e in entries] == ["posts/post-3", "posts/post-2", "posts/post-1"]
    assert entries[1]["title"] == odd and "heading" not in entries[1]
    assert entries[1]["summary"] == "It *is* MyST."
    assert "\u2028" not in text and "\x85" not in text


def test_a_new_look_alike_category_gets_a_new_address():
    manifest = Manifest.parse("categories/china-u-s.html\ncategories/banking.html\n")  # written before names
    first = manifest.slugs_for("category", {"China-U.S.", "Banking"})
    assert first == {"China-U.S.": "china-u-s", "Banking": "banking"}
    later = manifest.slugs_for("category", {"China U.S.", "China-U.S.", "BANKING", "Banking"})
    assert later == {
        "China U.S.": "china-u-s-2",
        "China-U.S.": "china-u-s",
        "BANKING": "banking-2",
        "Banking": "banking",
    }
    assert Manifest.parse(manifest.text()).slugs_for("category", {"China U.S."}) == {
        "China U.S.": "china-u-s-2"
    }


def test_renames_chain_to_the_newest_and_back(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    assert bindery(["--root", str(src), "rename-category", "Banking", "Banking & Finance"]) == 0
    assert bindery(["--root", str(src), "rename-category", "Banking & Finance", "Money"]) == 0
    manifest = Manifest.load(src)
    assert manifest.moves["categories/banking.html"] == "categories/money.html"
    assert manifest.moves["categories/banking-and-finance.html"] == "categories/money.html"
    assert bindery(["--root", str(src), "rename-category", "Money", "Banking"]) == 0
    manifest = Manifest.load(src)
    assert "categories/banking.html" not in manifest.moves  # a page again
    assert manifest.moves["categories/money.html"] == "categories/banking.html"
    assert manifest.moves["categories/banking-and-finance.html"] == "categories/banking.html"
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    # a new dump of the category under an old name files its posts under the newest
    assert bindery(["--root", str(src), "rename-category", "Banking", "Money"]) == 0
    assert bindery(["--root", str(src), "import", "-q", "raw/technology.txt"]) == 0
    assert all("Banking" not in p.categories for p in load_posts(src).values())


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Banking", "'Banking' is already the category's name: nothing to rename"),
        ("", "a category name must not be empty: nothing renamed"),
        ("A\nB", "category name 'A\\nB' holds a line break or control character: nothing renamed"),
        ("A, B", "category name 'A, B' holds a comma, which 'Filed under' lines cannot carry"),
    ],
)
def test_rename_refuses_what_it_cannot_keep(tmp_path, capsys, new, message):
    src = copy_repository_book(tmp_path / "src")

    def tree() -> dict[Path, bytes]:  # the lock file is no part of the archive
        return {p: p.read_bytes() for p in src.rglob("*") if p.is_file() and p.name != ".bindery.lock"}

    before = tree()
    assert bindery(["--root", str(src), "rename-category", "Banking", new]) == 1
    assert capsys.readouterr().err == message + "\n"
    assert tree() == before


def _one_line_failure(src: Path, out: Path) -> str:
    result = sphinx_build(src, out)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.rstrip("\n")


def test_build_refuses_settings_that_turn_text_into_markup(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + '\nmyst_enable_extensions = ["dollarmath"]\n', "utf-8")
    assert _one_line_failure(src, tmp_path / "html") == (
        "conf.py: myst_enable_extensions includes 'dollarmath', which reads $…$ in archive text as maths: "
        "archive text must stay text; remove it"
    )
    shutil.copy(ROOT / "conf.py", conf)
    conf.write_text(conf.read_text("utf-8") + "\nsmartquotes = True\n", "utf-8")
    assert "smartquotes" in _one_line_failure(src, tmp_path / "html")


def test_a_bad_hand_edit_stops_the_build_with_its_file_and_line(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    post = src / "posts" / "the-chips-are-down.md"
    post.write_text(post.read_text("utf-8").replace("comments: 0", "comments: many"), "utf-8")
    assert _one_line_failure(src, tmp_path / "html") == (
        "posts/the-chips-are-down.md:6: comments: must be a whole number of 0 or more, not 'many'"
    )


def test_renaming_to_a_look_alike_takes_no_published_address(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    assert bindery(["--root", str(src), "rename-category", "Banking", "China U.S."]) == 0
    manifest = Manifest.load(src)
    assert manifest.names["categories/china-u-s.html"] == "China-U.S."
    assert manifest.names["categories/china-u-s-2.html"] == "China U.S."
    assert manifest.moves["categories/banking.html"] == "categories/china-u-s-2.html"
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    title = (tmp_path / "html" / "categories" / "china-u-s.html").read_text("utf-8")
    assert "<h1>China-U.S." in title


def test_a_rename_that_keeps_the_slug_keeps_the_address(tmp_path, capsys):
    """``Technology`` → ``technology`` (or ``TECHNOLOGY``): the same slug,
    so the same page, with no redirect and no ``technology-2``; a later
    dump that still says ``Technology`` files its posts under the new name."""
    src = copy_repository_book(tmp_path / "src")
    assert bindery(["--root", str(src), "rename-category", "Technology", "technology"]) == 0
    assert capsys.readouterr().out == "posts filed under 'Technology' are now filed under 'technology'\n"
    manifest = Manifest.load(src)
    assert manifest.names["categories/technology.html"] == "technology"
    assert "categories/technology.html" not in manifest.moves
    assert not [a for a in manifest.addresses if a.startswith("categories/technology-")]
    assert "= Technology -> categories/technology.html\n" in (src / "addresses.txt").read_text("utf-8")
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    page = (tmp_path / "html" / "categories" / "technology.html").read_text("utf-8")
    assert "<h1>technology" in page and 'http-equiv="refresh"' not in page
    assert not (tmp_path / "html" / "categories" / "technology-2.html").exists()
    # the old name in a new import: filed under the new one
    assert bindery(["--root", str(src), "import", "-q", "raw/technology.txt"]) == 0
    assert all("Technology" not in p.categories for p in load_posts(src).values())
    assert Manifest.load(src).names["categories/technology.html"] == "technology"
    # back, and on to a third spelling: still the one address
    assert bindery(["--root", str(src), "rename-category", "technology", "Technology"]) == 0
    assert bindery(["--root", str(src), "rename-category", "Technology", "TECHNOLOGY"]) == 0
    manifest = Manifest.load(src)
    assert manifest.names["categories/technology.html"] == "TECHNOLOGY"
    assert manifest.alias("category", "technology") == "TECHNOLOGY"
    assert manifest.alias("category", "Technology") == "TECHNOLOGY"
    assert not [a for a in manifest.addresses if a.startswith("categories/technology-")]
    assert Manifest.parse(manifest.text()) == manifest


def test_a_rename_onto_another_categorys_name_still_merges_into_it(tmp_path):
    """Two categories whose names make one slug (``Banking``, ``BANKING``
    at ``banking-2``): renaming one to the other files its posts there,
    and its address redirects, as any rename onto a name in use."""
    src = copy_repository_book(tmp_path / "src")
    assert bindery(["--root", str(src), "rename-category", "Economy", "BANKING"]) == 0
    assert bindery(["--root", str(src), "rename-category", "BANKING", "Banking"]) == 0
    manifest = Manifest.load(src)
    assert manifest.names["categories/banking-2.html"] == "BANKING"
    assert manifest.moves["categories/banking-2.html"] == "categories/banking.html"
    assert manifest.moves["categories/economy.html"] == "categories/banking.html"


@pytest.mark.parametrize(
    "line", ["= Technology", "= -> categories/technology.html", "= Technology -> a b.html"]
)
def test_a_bad_former_name_line_is_one_line(line):
    with pytest.raises(DumpError) as refused:
        Manifest.parse(f"categories/technology.html = technology\n{line}\n")
    assert str(refused.value) == f"addresses.txt:2: expected '= former name -> address': {line!r}"
