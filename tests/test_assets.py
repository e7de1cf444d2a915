"""Trimming the theme's stylesheets and drawing its icons (assets.py)."""

from __future__ import annotations

import hashlib
import os

from bindery.sphinxext.assets import (
    BUNDLE,
    FOLDER,
    VERSION_LENGTH,
    all_names,
    names_in_pages,
    relink,
    trim_stylesheet,
)
from bindery.sphinxext.citations.description import describe, shorten
from bindery.sphinxext.icons import icon_stylesheet, icons_in_pages

from .conftest import Book

CSS = """
.used{color:red}
.unused{color:blue}
.used,.unused{margin:0}
.used:hover::before{content:"x"}
@media (min-width:960px){.unused{display:none}.used .also{display:block}}
@font-face{font-family:"Font Awesome 7 Free";src:url(fa.woff2)}
.fa-bars:before{content:"\\f0c9"}
.fa-solid,.fas{font-family:"Font Awesome 7 Free"}
[data-x="a.unused"] .used{top:0}
"""


def test_trim_keeps_rules_whose_names_are_all_used():
    trimmed = trim_stylesheet(CSS, {"used", "fa-bars", "fa-solid"})
    assert ".used{color:red}" in trimmed
    assert ".unused{color:blue}" not in trimmed
    assert ".used{margin:0}" in trimmed  # the unused selector dropped from the list
    assert ".used:hover::before" in trimmed
    assert "@media (min-width:960px){.used .also" not in trimmed  # .also is not used
    assert "@media" not in trimmed  # nothing left inside it
    assert "Font Awesome" not in trimmed  # icons.css draws the icons
    assert "fa-bars" not in trimmed
    assert '[data-x="a.unused"] .used' in trimmed  # attribute values are not class names


def test_names_in_built_pages(seed_book: Book):
    wanted = {"bd-article", "paragraph-link", "post-colophon", "cite-panel", "not-on-the-page"}
    names = all_names(names_in_pages([seed_book.out / "posts" / "the-chips-are-down.html"], wanted))
    assert {"bd-article", "paragraph-link", "post-colophon", "cite-panel"} == names - icons_names(names)
    assert {"bars", "magnifying-glass"} <= icons_in_pages(names)


def test_pages_link_the_stylesheet_by_its_version(seed_book: Book):
    css = seed_book.out / FOLDER / BUNDLE
    version = hashlib.sha256(css.read_bytes()).hexdigest()[:VERSION_LENGTH]
    for rel in ("index.html", "posts/the-chips-are-down.html", "categories/technology.html", "search.html"):
        links = [link["href"] for link in seed_book.html(rel).select('link[rel="stylesheet"]')]
        assert [href.rsplit("/", 1)[1] for href in links if BUNDLE in href] == [f"{BUNDLE}?v={version}"], rel


def test_relink_keeps_each_page_size_and_time(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(b'<link href="_static/trimmed/book.css?v=0000000000" /><p>book.css?v=x</p>')
    other = tmp_path / "b.html"
    other.write_bytes(b"<p>no stylesheet</p>")
    os.utime(page, ns=(1, 2_000_000_000))
    size = page.stat().st_size
    assert relink(tmp_path, "0123456789") == 1
    assert page.read_bytes() == b'<link href="_static/trimmed/book.css?v=0123456789" /><p>book.css?v=x</p>'
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (size, 2_000_000_000)
    assert relink(tmp_path, "0123456789") == 0


def test_relink_leaves_the_doctree_folder_alone(tmp_path):
    """Pagefind may be reading hard links to the pages in the doctree
    folder while the stylesheet is relinked (search/build.py)."""
    link = b'<link href="_static/trimmed/book.css?v=0000000000" />'
    for rel in ("a.html", "doctrees/b.html", ".doctrees/c.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(link)
    assert relink(tmp_path, "0123456789", tmp_path / "doctrees") == 1
    assert (tmp_path / "doctrees" / "b.html").read_bytes() == link
    assert (tmp_path / ".doctrees" / "c.html").read_bytes() == link


def icons_names(names):
    return {name for name in names if name.startswith("fa")}


def test_names_are_read_again_only_from_pages_written(tmp_path):
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    one.write_text('<p class="a b">', encoding="utf-8")
    two.write_text('<p id="c">', encoding="utf-8")
    wanted = set("abcdeX")
    known = names_in_pages([one, two], wanted)
    assert all_names(known) == {"a", "b", "c"}
    two.write_text('<p id="X">', encoding="utf-8")  # not written by the build: taken as it was
    assert all_names(names_in_pages([one, two], wanted, known, written=[one])) == {"a", "b", "c"}
    two.write_text('<p id="d" class="e">', encoding="utf-8")
    known = names_in_pages([one, two], wanted, known, written=[two])
    assert all_names(known) == {"a", "b", "d", "e"}
    assert all_names(names_in_pages([two], wanted, known, written=[])) == {"d", "e"}  # a page gone
    three = tmp_path / "three.html"
    three.write_text('<p class="X">', encoding="utf-8")  # not known: read, though not written
    assert all_names(names_in_pages([one, two, three], wanted, known, written=[])) == set("abdeX")
    assert names_in_pages([tmp_path / "never-written.html"], wanted) == {}


def test_icons_come_from_the_solid_set():
    # As in the theme's fontawesome.js: each set's icons, then the call that names the set.
    js = (
        'var r={house:[512,512,[],"f015","M1 1REGULAR"]};g("far",r);'
        'var s={house:[512,512,[127968,"home"],"f015","M2 2SOLID"],'
        '"magnifying-glass":[512,512,[],"f002","M3 3"]};'
        'g("fas",s);'
    )
    css = icon_stylesheet(js, ["home", "magnifying-glass"])
    assert ".fa-home {" in css and "SOLID" in css and "REGULAR" not in css
    assert ".fa-magnifying-glass {" in css


def test_a_post_page_links_one_stylesheet_and_no_icon_script(seed_book: Book):
    page = seed_book.html("posts/the-chips-are-down.html")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert [sheet.split("?v=")[0] for sheet in sheets] == [f"../{FOLDER}/{BUNDLE}"]
    scripts = " ".join(tag.get("src", "") for tag in page.select("script"))
    assert "fontawesome" not in scripts and "bootstrap" not in scripts and "searchindex" not in scripts
    bundle = (seed_book.out / FOLDER / BUNDLE).read_text(encoding="utf-8")
    assert ".fa-bars {" in bundle and ".cite-panel.cite-panel" in bundle
    assert len(bundle) < 120_000


def test_descriptions_are_the_posts_own_words(seed_book: Book):
    page = seed_book.html("posts/the-chips-are-down.html")
    # a post's description is its abstract, the opening its citations give
    description = page.select_one('meta[name="description"]')["content"]
    assert description == "BY VALUE, CHINA imports more semiconductors than oil."
    assert page.select_one('meta[property="og:description"]')["content"] == description
    assert len(page.select('meta[name="description"]')) == 1
    landing = seed_book.html("index.html").select_one('meta[name="description"]')["content"]
    assert landing


def test_shorten_cuts_at_a_word():
    assert shorten("one two  three", 100) == "one two three"
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert describe(
        '<p id="p-1">A &amp; B<a class="headerlink paragraph-link" href="#p-1">¶</a></p>', "T", "B"
    ) == ("A & B")
    assert describe("<p>no post</p>", "Economy", "Book") == "Economy: Book"
    # a first paragraph of an image alone says nothing: the title and the book's do
    assert describe('<p id="p-1"><img src="a.png" alt=""/></p>', "Photo", "Book") == "Photo: Book"
