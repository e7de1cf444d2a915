"""The old blog's addresses in the book: where its posts and archives were,
what its query forms asked for, and where they lead now."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bindery.archive.manifest import Manifest
from bindery.archive.store import load_posts
from bindery.book.archiveaddresses import permalink_front
from bindery.book.catalog import PostRecord
from bindery.cli import main as bindery
from bindery.dev.serve import serve

from .conftest import CHROMIUM, Book, sphinx_build
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


# -- the blog's archives --------------------------------------------------------


def dated_item(post_id: int, day: str, name: str, terms: str) -> str:
    """A post of blog.example at /YYYY/MM/DD/name/, published on ``day``."""
    link = f"{BLOG}/{day.replace('-', '/')}/{name}/"
    text = item(post_id, f"Post {post_id}", f"Words of post {post_id}.", name=name, link=link, terms=terms)
    return text.replace("2010-01-08", day)


ASIA = (
    '<category domain="category" nicename="asia"><![CDATA[Asia]]></category>'
    '<category domain="post_tag" nicename="yiwu"><![CDATA[Yiwu]]></category>'
)
ARCHIVE_TERMS = (
    "<wp:category><wp:term_id>10</wp:term_id><wp:category_nicename>world</wp:category_nicename>"
    "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[World]]></wp:cat_name></wp:category>\n"
    "<wp:category><wp:term_id>11</wp:term_id><wp:category_nicename>asia</wp:category_nicename>"
    "<wp:category_parent>world</wp:category_parent><wp:cat_name><![CDATA[Asia]]></wp:cat_name></wp:category>\n"
    "<wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug>yiwu</wp:tag_slug>"
    "<wp:tag_name><![CDATA[Yiwu]]></wp:tag_name></wp:tag>\n"
)
ARCHIVE_EXPORT = wxr(
    "".join(dated_item(100 + n, "2012-01-05", f"jan-{n}", ASIA) for n in range(11))
    + dated_item(120, "2012-01-20", "late-january", ASIA)
    + dated_item(121, "2012-02-01", "february", TERMS)
    + dated_item(122, "2011-06-30", "june", TERMS),
    head=ARCHIVE_TERMS,
)
# each old archive address → the page of the book it leads to
ARCHIVES = {
    "2012/index.html": "posts/2012/index.html",
    "2011/index.html": "posts/2011/index.html",
    "2012/01/index.html": "posts/2012/01/index.html",
    "2012/01/05/index.html": "posts/2012/01/index.html",
    "2012/01/page/2/index.html": "posts/2012/01/index.html",
    "2012/01/05/page/2/index.html": "posts/2012/01/index.html",
    "2012/page/2/index.html": "posts/2012/index.html",
    "page/2/index.html": "posts/index.html",
    "category/world/page/2/index.html": "categories/world.html",
    "category/world/asia/page/2/index.html": "categories/asia.html",
    "category/world/asia/index.html": "categories/asia.html",
    "tag/yiwu/index.html": "tags/yiwu.html",
    "cat/11.html": "categories/asia.html",
    "cat/10.html": "categories/world.html",
    "tag/yiwu.html": "tags/yiwu.html",
}
FEEDS = {
    "feed/index.html": "posts/index.atom.xml",
    "comments/feed/index.html": "posts/index.atom.xml",
    "category/world/feed/index.html": "categories/world.atom.xml",
}


@pytest.fixture(scope="module")
def archive_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    base = tmp_path_factory.mktemp("archives")
    src = new_book(base / "src", {"blog.xml": ARCHIVE_EXPORT})
    assert bindery(["--root", str(src), "import", "-q", str(src / "raw" / "blog.xml")]) == 0
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


def test_the_blogs_archive_addresses_redirect_to_the_books_listings(archive_book):
    for old, new in {**ARCHIVES, **FEEDS}.items():
        assert redirect_target(archive_book, old) == new, old
    # a feed's old address also names the feed, for feed readers that find feeds in a page
    page = archive_book.html("feed/index.html")
    assert (
        page.find("link", rel="alternate", type="application/atom+xml")["href"] == "../posts/index.atom.xml"
    )
    # no page past the archive's last (ten posts a page, as WordPress's default)
    assert not (archive_book.out / "2012" / "01" / "page" / "3").exists()
    assert not (archive_book.out / "page" / "3").exists()
    # each is kept in the manifest, to be served from now on
    assert set(ARCHIVES) | set(FEEDS) <= Manifest.load(archive_book.src).addresses


@pytest.mark.parametrize(
    ("links", "ids", "front"),
    [
        (["/2012/01/05/a/", "/2011/03/09/b/"], [1, 2], []),
        (["/blog/2012/01/05/a/", "/blog/2011/03/b/"], [1, 2], ["blog"]),
        (["/a/", "/b/"], [1, 2], []),
        (["/blog/a/", "/blog/b/"], [1, 2], ["blog"]),
        (["/archives/1", "/archives/2"], [1, 2], ["archives", "date"]),
        (["/?p=1", "/?p=2"], [1, 2], None),
        (["/news/a/", "/opinion/b/"], [1, 2], []),  # /%category%/%postname%/
    ],
)
def test_date_archives_follow_the_blogs_permalinks(links, ids, front):
    posts = [
        PostRecord(
            slug=f"p{n}",
            kind="post",
            title="T",
            date="2012-01-05" if "2012" in url else "2011-03-09",
            original_url=f"{BLOG}{url}",
            wp_id=n,
        )
        for url, n in zip(links, ids, strict=True)
    ]
    assert permalink_front(posts, []) == front


@pytest.fixture(scope="module")
def archive_site(archive_book: Book) -> Iterator[str]:
    with serve(archive_book.out) as url:  # as `make serve` serves it: 404.html for a missing page
        yield url


# what a reader asks for at the blog's old address → where Chromium lands
FOLLOWED = {
    "?s=yiwu%20words": "search.html?q=yiwu%20words",
    "?cat=11": "categories/asia.html",
    "?tag=yiwu": "tags/yiwu.html",
    "?m=201201": "posts/2012/01/index.html",
    "?m=20120105": "posts/2012/01/index.html",
    "?m=2011": "posts/2011/index.html",
    "?p=100#p-1": "posts/jan-0.html#p-1",
    "?page_id=121": "posts/february.html",
    "2012/01/05/": "posts/2012/01/index.html",
    "2012/01/05/page/2/": "posts/2012/01/index.html",
    "page/2/": "posts/index.html",
    "category/world/asia/": "categories/asia.html",
    "category/world/page/40/": "categories/world.html",  # past the pages made: the 404 page's script
    "author/jdoe/": "posts/index.html",  # one author: all posts (the 404 page's script)
    "comments/feed/": "posts/index.atom.xml",
}


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
@pytest.mark.parametrize(("old", "new"), FOLLOWED.items())
def test_an_old_address_is_followed_in_chromium(archive_site, browser, old, new):
    page = browser.new_page()
    page.goto(archive_site + old)
    page.wait_for_url(archive_site + new, timeout=10_000)
    page.close()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
def test_no_such_post_is_the_404_page(archive_site, browser):
    page = browser.new_page()
    with page.expect_response(archive_site + "p/999999.html") as answer:
        page.goto(archive_site + "?p=999999")
    assert answer.value.status == 404
    page.wait_for_load_state()
    assert page.locator("main h1").first.inner_text() == "Page not found"
    assert page.url == archive_site + "p/999999.html"
    page.close()
