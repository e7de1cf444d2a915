"""The 404 page: written as 404.html in the book's style, with search and
the latest posts, its links absolute so that they work at any depth, and
served with status 404 by `make serve` for any missing address."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import CHROMIUM
from .test_a11y import open_page


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_the_404_page_is_written_with_absolute_links(seed_book):
    page = seed_book.html("404.html")
    assert page.h1.get_text() == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one("form.bindery-search__form")["action"] == "/search.html"
    latest = [a["href"] for a in page.select(".bindery-latest a")]
    assert len(latest) == 10 and all(h.startswith("/posts/") for h in latest)
    assert all((seed_book.out / h.lstrip("/")).is_file() for h in latest)
    # every link and asset of the page, sidebar included, from the root or absolute
    relative = [
        value
        for tag in page.find_all(["a", "link", "script", "img", "form"])
        for value in (tag.get("href"), tag.get("src"), tag.get("action"))
        if value and not value.startswith(("/", "#", "https://", "http://"))
    ]
    assert relative == []
    assert page.html["data-content_root"] == "/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_make_serve_answers_a_missing_page_with_the_404_page(seed_book):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bindery.dev.serve", str(seed_book.out), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                status, _ = fetch(base)
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200
        for missing in ("no-such-page.html", "2099/01/02/gone/", "deep/down/below/index.html"):
            status, body = fetch(base + missing)
            assert status == 404, missing
            assert body == (seed_book.out / "404.html").read_text(encoding="utf-8"), missing
        # a second server on the same port: one clear line
        again = subprocess.run(
            [sys.executable, "-m", "bindery.dev.serve", str(seed_book.out), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert again.returncode == 1
        assert again.stderr.startswith(f"{seed_book.out}: cannot serve on port {port}: ")
        assert len(again.stderr.splitlines()) == 1
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium installed; .ci/run installs it")
def test_the_404_page_works_from_any_depth_in_chromium(site, browser):
    context, page = open_page(browser, site, "light", 1280)
    response = page.goto(site + "a/b/c/not-here/")
    assert response.status == 404
    assert page.locator("main h1").first.inner_text() == "Page not found"
    # styled: the book's stylesheet loaded (its sidebar laid out beside the article)
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.locator(".bindery-nav").first.is_visible()
    first = page.locator(".bindery-latest a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site + "posts/") and page.url.endswith(".html")
    assert title in page.locator("main h1").first.inner_text()
    # its search form searches the archive
    page.goto(site + "x/y/")
    page.fill("#bindery-not-found-query", "chips")
    page.locator(".bindery-not-found button[type=submit]").click()
    page.wait_for_url("**/search.html?q=chips*", timeout=10_000)
    context.close()
