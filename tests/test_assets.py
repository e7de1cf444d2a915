"""Trimming the theme's stylesheets and drawing its icons (assets.py)."""

from __future__ import annotations

from bindery.sphinxext.assets import (
    BUNDLE,
    FOLDER,
    icon_stylesheet,
    icons_in_pages,
    names_in_pages,
    trim_stylesheet,
)
from bindery.sphinxext.description import describe, shorten

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
    names = names_in_pages([seed_book.out / "posts" / "the-chips-are-down.html"])
    assert {"bd-article", "paragraph-link", "post-colophon", "cite-panel"} <= names
    assert {"bars", "magnifying-glass"} <= icons_in_pages(names)


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
    assert sheets == [f"../{FOLDER}/{BUNDLE}"]
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
