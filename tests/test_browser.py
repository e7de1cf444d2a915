"""What a reader does, in Debian's Chromium driven by Playwright.

The book is served over HTTP on localhost, as ``make serve`` serves it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="no Chromium installed (apt-get install chromium); .ci/run installs it",
    ),
]


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
    hit = page.locator("#search-results li a", has_text=title).first
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


@pytest.mark.parametrize(
    "page_path", ["index.html", "categories/technology.html", "posts/the-chips-are-down.html"]
)
def test_no_button_for_a_sidebar_the_page_lacks(page, site, page_path):
    """The theme's "Toggle secondary sidebar" button stood on every page with
    sections (the landing page) though the book has no secondary sidebar:
    a control that did nothing."""
    page.goto(site + page_path)
    assert page.locator(".primary-toggle").count() == 1  # the header's buttons are there
    if page.locator(".bd-sidebar-secondary").count() == 0:
        assert page.locator(".secondary-toggle").count() == 0


def test_copy_a_citation(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "posts/the-chips-are-down.html")
    for label in ("Chicago", "APA", "BibTeX"):
        style = page.locator(".citation-style").filter(has=page.locator(".citation-label", has_text=label))
        expected = style.locator(".citation-text").inner_text().rstrip()
        button = style.get_by_role("button", name=f"Copy the {label} citation")
        button.click()
        page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
        assert page.evaluate("navigator.clipboard.readText()") == expected
    assert expected.startswith("@online{china-bystander:the-chips-are-down,")
    context.close()


def test_an_old_address_takes_the_reader_to_the_post(page, moved_site):
    page.goto(moved_site + "posts/the-chips-are-down.html")
    page.wait_for_url("**/posts/chips-down.html", timeout=5_000)
    assert page.locator("article h1").inner_text().rstrip("#").strip() == "The Chips Are\u00a0Down"


def test_search_loads_only_pagefind_chunks(page, site):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(site)))
    page.goto(site + "search.html?q=lithography")
    page.locator("#search-results li").first.wait_for(timeout=15_000)
    assert not [url for url in requested if "searchindex" in url or url.startswith("_search/")]
    assert any(url.startswith("_pagefind/index/") for url in requested)
    # focus on the announced count, the excerpt from the post's own text
    assert page.evaluate("document.activeElement.id") == "search-summary"
    assert page.locator("#search-summary").get_attribute("role") == "status"
    excerpt = page.locator("#search-results li .bindery-search__excerpt").first.inner_text()
    assert "lithography" in excerpt.lower()
    assert "All categories" not in excerpt


def test_a_second_search_runs_in_the_page(page, site):
    page.goto(site + "search.html?q=lithography")
    page.locator("#search-results li").first.wait_for(timeout=15_000)
    page.evaluate("window.notReloaded = true")
    page.fill("#bindery-search-query", "Huawei")
    page.press("#bindery-search-query", "Enter")
    # focus moves from the field to the count once the results are shown
    page.wait_for_function("document.activeElement.id === 'search-summary'", timeout=15_000)
    assert "Huawei" in page.locator("#search-summary").inner_text()
    assert page.url == site + "search.html?q=Huawei"
    assert page.evaluate("window.notReloaded") is True
    titles = page.locator("#search-results li > a").all_inner_texts()
    assert "Canada Finally Bans Huawei From Its 5G\u00a0Networks" in titles
    page.go_back()
    page.locator("#search-results li > a", has_text="US Stacks The Chips").wait_for(timeout=15_000)
    assert "lithography" in page.locator("#search-summary").inner_text()
    assert page.input_value("#bindery-search-query") == "lithography"
    assert page.evaluate("window.notReloaded") is True


def test_search_filters_by_category(page, site):
    page.goto(site + "search.html?q=china&category=Banking")
    page.locator("#search-results li").first.wait_for(timeout=15_000)
    titles = page.locator("#search-results li > a").all_inner_texts()
    page.goto(site + "search.html?q=china")
    page.locator("#search-results li").first.wait_for(timeout=15_000)
    page.locator("#search-more").wait_for(state="attached")
    summary_all = page.locator("#search-summary").inner_text()
    assert 0 < len(titles) < int(summary_all.split()[0])


def test_an_old_address_keeps_its_fragment(page, moved_site):
    page.goto(moved_site + "posts/the-chips-are-down.html#p-3")
    page.wait_for_url("**/posts/chips-down.html#p-3", timeout=5_000)
