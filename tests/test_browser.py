"""What a reader does, in Debian's Chromium driven by Playwright.

The book is served over HTTP on localhost, as ``make serve`` serves it.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Book

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="no Chromium installed (apt-get install chromium); .ci/run installs it",
    ),
]
# As a sandboxed root user with no network but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(seed_book: Book) -> Iterator[str]:
    yield from serve(seed_book.out)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    ("word", "title"),
    [
        ("lithography", "US Stacks The Chips In High-Stakes High-Tech Game With\u00a0China"),
        ("Huawei", "Canada Finally Bans Huawei From Its 5G\u00a0Networks"),
    ],
)
def test_search_for_a_word_and_open_the_hit(page, site, word, title):
    page.goto(site + "posts/the-chips-are-down.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill(word)
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    hit = page.locator("#search-results ul.search li a", has_text=title).first
    hit.wait_for(timeout=15_000)
    hit.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().rstrip("#").strip() == title
    assert word.lower() in page.locator("article").inner_text().lower()


def test_follow_a_category_then_a_post_then_next(page, site):
    page.goto(site)
    page.locator(".category-card", has_text="Politics & Society").click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().rstrip("#").strip() == "Politics & Society"
    page.locator(".post-list li a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/posts/shanghai-police-data-hack-reveals-as-much-as-it-hides.html")
    page.locator("a.right-next").click()
    page.wait_for_load_state()
    assert page.url.endswith("/posts/the-unhealthy-use-of-chinas-health-codes-app.html")
    assert page.locator("article h1").inner_text().rstrip("#").strip() == (
        "The Unhealthy Use Of China’s Health Codes\u00a0App"
    )


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "categories/index.html",
        "categories/technology.html",
        "posts/us-stacks-the-chips-in-high-stakes-high-tech-game-with-china.html",
        "search.html?q=chips",
    ],
)
def test_no_horizontal_scroll_at_phone_width(browser, site, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390
