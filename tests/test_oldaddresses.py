"""The old blog's addresses in the book: where its posts and archives were,
what its query forms asked for, and where they lead now."""

from __future__ import annotations

from pathlib import Path

from bindery.archive.store import load_posts
from bindery.cli import main as bindery

from .conftest import Book, sphinx_build
from .test_mixed import redirect_target
from .test_wxr import item, new_book, wxr

BLOG = "https://blog.example"
# posts whose blog addresses are the book's own paths
TAKEN = {
    "categories": ("/categories/", "categories/index.html"),
    "tags": ("/tags/", "tags/index.html"),
    "posts": ("/posts/", "posts/index.html"),
    "search": ("/search.html", "search.html"),
    "static": ("/_static/bindery.css/", "_static/"),
    "sitemap": ("/sitemap.xml/", "sitemap.xml"),
    "year": ("/posts/2010/", "posts/2010/index.html"),
}
TERMS = (
    '<category domain="category" nicename="tech"><![CDATA[Technology]]></category>'
    '<category domain="post_tag" nicename="chips"><![CDATA[chips]]></category>'
)
TAKEN_EXPORT = wxr(
    "".join(
        item(10 + n, f"At {name}", f"The post once at {path}.", name=name, link=BLOG + path)
        for n, (name, (path, _)) in enumerate(TAKEN.items())
    )
    + item(30, "Free", "A post at an address of its own.", name="free", terms=TERMS)
)


def test_an_old_address_the_book_uses_is_the_books_and_the_import_says_so(tmp_path, capsys):
    src = new_book(tmp_path / "src", {"taken.xml": TAKEN_EXPORT})
    assert bindery(["--root", str(src), "import", str(src / "raw" / "taken.xml")]) == 0
    report = capsys.readouterr().out
    slugs = {post.meta["wp_id"]: slug for slug, post in load_posts(src).items()}
    for n, (path, taken) in enumerate(TAKEN.values()):
        doc = f"posts/{slugs[10 + n]}"
        assert (
            f"{doc}.md: its blog address {path} is the book's own "
            f"{taken}, so no redirect is made from it; it stays at {doc}.html and p/{10 + n}.html"
        ) in report.splitlines(), report
    assert "posts/free.md" not in report
    result = sphinx_build(src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    book = Book(src, tmp_path / "html")
    # the book's own pages are its own: no redirect replaced them
    for page in ("categories/index.html", "tags/index.html", "posts/index.html", "search.html"):
        assert book.html(page).find("meta", attrs={"http-equiv": "refresh"}) is None, page
    assert (book.out / "_static" / "bindery.css").is_file()
    assert (book.out / "sitemap.xml").is_file()
    # each post stays reachable at its own address and by its id
    for n, name in enumerate(TAKEN):
        doc = f"posts/{slugs[10 + n]}.html"
        assert book.html(doc).h1.get_text().startswith(f"At {name}")
        assert redirect_target(book, f"p/{10 + n}.html") == doc
    assert redirect_target(book, "free/index.html") == "posts/free.html"
    assert not Path(book.out / "categories" / "index").exists()
