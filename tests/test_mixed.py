"""A mixed archive: the two WordPress samples and the undated seed dump, in one book."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from bindery.archive.store import load_posts
from bindery.dates import ArchiveDate
from bindery.dev.serve import serve

from .conftest import SEED, Book, make_book, sphinx_build
from .test_a11y import open_page
from .test_book import resolve

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Book:
    base = tmp_path_factory.mktemp("mixed")
    src = make_book(base / "src", {"technology.txt": SEED})
    for name in ("wordpress-export.xml", "theme-unit-test-data.xml"):
        shutil.copy(SAMPLES / name, src / "raw" / name)
    from bindery.importer.run import import_dumps

    import_dumps(sorted((src / "raw").glob("*")), src)
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


def listed(book: Book, page: str) -> list[str]:
    links = book.html(page).select(".post-list li > p > a:first-child")
    return [resolve(page, a["href"]) for a in links]


def redirect_target(book: Book, address: str) -> str:
    """Where the redirect page at ``address`` sends the reader."""
    refresh = book.html(address).find("meta", attrs={"http-equiv": "refresh"})["content"]
    return resolve(address, refresh.split("url=", 1)[1])


def test_year_and_month_pages_list_exactly_their_posts(mixed):
    posts = load_posts(mixed.src)
    years: dict[str, set[str]] = defaultdict(set)
    months: dict[str, set[str]] = defaultdict(set)
    for slug, post in posts.items():
        if post.meta.get("date"):
            date = ArchiveDate.parse(post.meta["date"])
            years[str(date.year)].add(f"posts/{slug}.html")
            months[f"{date.year}/{date.month:02d}"].add(f"posts/{slug}.html")
    assert len(years) >= 10
    for year, expected in years.items():
        assert set(listed(mixed, f"posts/{year}/index.html")) == expected, year
    for month, expected in months.items():
        assert set(listed(mixed, f"posts/{month}/index.html")) == expected, month
    # every dated post before every undated one in "All posts"
    order = listed(mixed, "posts/index.html")
    dated = [f"posts/{s}.html" for s, p in posts.items() if p.meta.get("date")]
    assert set(order[: len(dated)]) == set(dated)


def test_every_original_address_redirects_to_its_page(mixed):
    records = [*load_posts(mixed.src).values()]
    pages = mixed.src / "pages"
    from bindery.archive.store import parse_post

    records += [parse_post(p.read_text("utf-8"), f"pages/{p.name}") for p in pages.glob("*.md")]
    checked = 0
    for record in records:
        url = record.meta.get("original_url")
        if not url:
            continue
        path = unquote(urlsplit(url).path).strip("/")
        address = path if path.endswith(".html") else f"{path}/index.html"
        folder = "posts" if (mixed.src / "posts" / f"{record.slug}.md").exists() else "pages"
        assert redirect_target(mixed, address) == f"{folder}/{record.slug}.html", address
        checked += 1
    assert checked >= 56 + 18


def test_old_category_and_tag_addresses_redirect(mixed):
    assert redirect_target(mixed, "category/aciform/index.html") == "categories/aciform.html"
    assert redirect_target(mixed, "category/aciform/sub/index.html") == "categories/sub.html"
    tags = [p for p in (mixed.out / "tag").iterdir() if (p / "index.html").exists()]
    assert tags
    for tag in tags:
        assert redirect_target(mixed, f"tag/{tag.name}/index.html").startswith("tags/")


def test_the_archive_feed_holds_the_newest_fifty_dated_posts(mixed):
    feed = feedparser.parse((mixed.out / "posts" / "index.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 50
    links = [resolve("posts/index.html", PurePosixPath(e.link).name) for e in feed.entries]
    assert links == listed(mixed, "posts/index.html")[:50]


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(mixed) -> Iterator[str]:
    with serve(mixed.out) as url:
        yield url


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
def test_an_old_blog_address_lands_on_the_post_with_its_fragment(site, browser):
    page = browser.new_page()
    page.goto(site + "wp-6-1-font-size-scale/#p-2")
    page.wait_for_url("**/posts/wp-6-1-font-size-scale.html#p-2", timeout=10_000)
    assert page.evaluate("location.hash") == "#p-2"
    page.goto(site + "?p=163#p-1")
    page.wait_for_url("**/posts/wp-6-1-font-size-scale.html#p-1", timeout=10_000)
    page.close()


PHONE, DESK = 375, 1280  # widths
# an exported post's pages at their widest: threaded comments, placeholders
# with long image addresses, a title of one long word; and long search excerpts
WIDE = (
    "posts/template-comments.html",
    "posts/brooklyn-protests.html",
    "posts/block-gallery.html",
    "posts/title-should-not-overflow-the-content-area.html",
    "search.html?q=comment",
)


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
def test_the_sidebar_button_opens_the_navigation_on_a_phone_and_folds_it_on_a_desk(site, browser):
    context, page = open_page(browser, site + "posts/template-comments.html", "light", PHONE)
    page.locator(".bd-header-article .primary-toggle").click()
    page.locator("#pst-primary-sidebar-modal .bindery-nav").first.wait_for(state="visible", timeout=5_000)
    assert page.evaluate("document.getElementById('pst-primary-sidebar-modal').open")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('pst-primary-sidebar-modal').open")
    context.close()
    context, page = open_page(browser, site + "posts/template-comments.html", "light", DESK)
    page.locator(".bd-header-article .primary-toggle").click()
    assert page.evaluate(
        "document.getElementById('pst-primary-sidebar').classList.contains('pst-sidebar-hidden')"
    )
    context.close()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
@pytest.mark.parametrize("address", WIDE)
def test_an_exported_post_fits_a_phone(site, browser, address):
    """No sideways scrolling, and the header's one line clear of the title."""
    context, page = open_page(browser, site + address, "light", PHONE)
    measured = page.evaluate(
        """(() => {
          const header = document.querySelector('.bd-header-article').getBoundingClientRect();
          const crumbs = document.querySelector('.bd-breadcrumbs');
          const title = [...document.querySelectorAll('main h1')].find(h => h.offsetParent !== null);
          const item = document.querySelector('ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home)');
          return {
            wide: document.documentElement.scrollWidth - innerWidth,
            crumbs: crumbs ? crumbs.getBoundingClientRect().bottom - header.bottom : 0,
            title: title.getBoundingClientRect().top - header.bottom,
            separator: item ? getComputedStyle(item, '::before').content : '"›"',
          };
        })()"""
    )
    context.close()
    assert measured["wide"] <= 0, measured
    assert measured["crumbs"] <= 0 and measured["title"] >= 0, measured
    # a text separator: the icon font the theme asks for is not loaded
    assert measured["separator"] == '"›"', measured


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
def test_replies_are_set_in_under_what_they_answer(site, browser):
    for width in (PHONE, DESK):
        context, page = open_page(browser, site + "posts/template-comments.html", "light", width)
        steps = page.evaluate(
            """[...document.querySelectorAll('.archive-comment .archive-comment')].slice(0, 4).map(reply =>
                 reply.querySelector('.comment-author').getBoundingClientRect().left
                 - reply.parentElement.closest('.archive-comment')
                     .querySelector('.comment-author').getBoundingClientRect().left)"""
        )
        placeholder = page.evaluate(
            "(() => { const f = document.querySelector('figure.archive-image-missing');"
            " return f ? getComputedStyle(f).borderLeftStyle : 'none'; })()"
        )
        context.close()
        assert len(steps) == 4 and all(step >= 8 for step in steps), (width, steps)
        if placeholder != "none":  # (only if this post shows one)
            assert placeholder == "solid"
