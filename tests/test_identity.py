"""The book's identity: its title, tagline, address and language come from
the sources (blog.yaml), the landing page says what the sources are, and
each post is cited under its own blog's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bindery.archive.blogfile import load_blog_file
from bindery.cli import main as bindery

from .conftest import BLOG_FILE, ROOT, SEED, Book, make_book, sphinx_build
from .test_citation import coins, meta
from .test_wxr import item, new_book, wxr

SAMPLES = Path(__file__).parent / "samples"
CHANNEL = (
    "<description>Notes &amp; essays on type</description>\n<language>fr-CA</language>\n"
    "<pubDate>Tue, 27 Jan 2015 14:56:57 +0000</pubDate>\n"
)
EXPORT = wxr(item(1, "Bonjour", "Le premier billet.", name="bonjour"), head=CHANNEL)


@pytest.fixture(scope="module")
def other_blog(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """A new book filled from another blog's export (the skeleton copied, as a maintainer does)."""
    base = tmp_path_factory.mktemp("other")
    src = new_book(base / "src", {"other.xml": EXPORT})
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "other.xml")]) == 0
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


def test_a_book_filled_from_an_export_takes_the_blogs_identity(other_blog):
    blog = load_blog_file(other_blog.src).primary
    assert (blog.title, blog.tagline, blog.address, blog.language) == (
        "Blog",
        "Notes & essays on type",
        "https://blog.example",
        "fr-CA",
    )
    assert [(s.file, s.form, s.date) for s in blog.sources] == [("raw/other.xml", "export", "2015-01-27")]
    landing = other_blog.html("index.html")
    assert landing.title.get_text() == "Blog — Blog"
    assert landing.html["lang"] == "fr-CA"
    assert landing.h1.get_text(strip=True).rstrip("#") == "Blog"
    text = landing.select_one("article").get_text(" ", strip=True)
    opening = "This is an archive of Blog (blog.example). It described itself as “Notes & essays on type”."
    assert opening in text
    assert "Its text comes from a WordPress export made on January 27, 2015." in text
    assert "China Bystander" not in landing.decode() and "Technology category" not in text
    page = other_blog.html("posts/bonjour.html")
    assert meta(page, "DC.source") == meta(page, "og:site_name") == ["Blog"]
    assert meta(page, "DC.language") == ["fr-CA"]
    assert coins(page)[0]["rft.source"] == ["Blog"]
    assert "journaltitle = {Blog}" in (other_blog.out / "archive.bib").read_text(encoding="utf-8")


def test_the_seed_keeps_its_landing_text(seed_book):
    landing = seed_book.html("index.html")
    assert landing.title.get_text() == "China Bystander: Technology — China Bystander: Technology"
    paragraphs = [p.get_text(" ", strip=True) for p in landing.select("article section > p")[:2]]
    assert paragraphs == [
        "This is an archive of the Technology category of China Bystander , a long-running blog on "
        'China\'s politics, economy and technology whose author writes as "this Bystander".',
        "Its text was copied from the category's archive page and is kept here word for word. The copy "
        "carries no dates and no addresses of the original posts, so none are given here; images were not "
        "copied, but their captions are kept and marked as such. Each post has a permanent address in this "
        "archive, shown at its foot.",
    ]


def test_conf_py_overrides_what_blog_yaml_says(tmp_path):
    src = make_book(tmp_path / "src", {"technology.txt": SEED})
    conf = src / "conf.py"
    overrides = '\nhtml_title = "Tech, as Seen"\nbindery_blog_name = "The Bystander"\n'
    conf.write_text(conf.read_text(encoding="utf-8") + overrides, encoding="utf-8")
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    book = Book(src, tmp_path / "html")
    assert book.html("index.html").h1.get_text(strip=True).rstrip("#") == "Tech, as Seen"
    assert meta(book.html("posts/the-chips-are-down.html"), "DC.source") == ["The Bystander"]


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        ("  language: en\n", "  language: en please\n", "8: language: 'en please' is not a language"),
        ("  address: https://", "  address: gopher://", "7: address: 'gopher://chinabystander"),
        ("- title: China Bystander\n", "- title: China Bystander\n  titel: x\n", "7: unknown field 'titel'"),
        ("    form: text copy\n", "    form: fax\n", "13: form: 'fax' is none of text copy"),
    ],
)
def test_a_bad_hand_edit_of_blog_yaml_is_one_line(tmp_path, edit, line, message):
    src = make_book(tmp_path / "src", {"technology.txt": SEED})
    path = src / BLOG_FILE
    text = path.read_text(encoding="utf-8")
    assert edit in text
    path.write_text(text.replace(edit, line, 1), encoding="utf-8")
    result = sphinx_build(src, tmp_path / "html")
    assert result.returncode == 1
    assert result.stderr.startswith(f"blog.yaml:{message}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_category_parents_in_blog_yaml_are_checked(tmp_path):
    src = make_book(tmp_path / "src", {"technology.txt": SEED})
    path = src / BLOG_FILE
    path.write_text(
        path.read_text(encoding="utf-8")
        + "categories:\n  Technology:\n    parent: Banking\n  Banking:\n    parent: Technology\n",
        encoding="utf-8",
    )
    result = sphinx_build(src, tmp_path / "html")
    assert result.returncode == 1
    assert result.stderr.strip() == "blog.yaml:18: parent: 'Technology' would be its own ancestor"


def test_the_repository_book_names_its_blog():
    blog = load_blog_file(ROOT).primary
    assert blog.title == "China Bystander" and blog.address == "https://chinabystander.wordpress.com/"
    assert [s.file for s in blog.sources] == ["raw/technology.txt"]
