"""axe-core in Chromium: no violation on any kind of page, in light and
dark mode, on a desktop and a phone; and what the keyboard can reach.

axe-core comes from npm (``tools/audit``, installed by ``.ci/run``).
"""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT
from .test_browser import pytestmark as browser_marks

AXE = ROOT / "tools" / "audit" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [
    *browser_marks,
    pytest.mark.skipif(
        not AXE.exists(), reason="axe-core not installed (cd tools/audit && npm ci; .ci/run does)"
    ),
]
PAGES = {
    "landing": "index.html",
    "all posts": "posts/index.html",
    "categories": "categories/index.html",
    "category": "categories/technology.html",
    "post with figure": "posts/us-stacks-the-chips-in-high-stakes-high-tech-game-with-china.html",
    "post with list": "posts/china-starts-to-bring-the-metaverse-into-line.html",
    "search with results": "search.html?q=chips",
    "not found": "a/missing/page/",
}
MODES = [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)]
_REFRESH = re.compile(r"<script>location\.replace.*?</script>|<meta http-equiv=\"refresh\"[^>]*>")


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in found]


def open_page(browser, url: str, mode: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "search.html" in url:
        page.locator("#search-results li").first.wait_for(timeout=15_000)
    return context, page


@pytest.mark.parametrize(("mode", "width"), MODES)
@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(browser, site, kind, mode, width):
    context, page = open_page(browser, site + PAGES[kind], mode, width)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    found = violations(page)
    context.close()
    assert found == []


@pytest.mark.parametrize("kind", PAGES)
def test_every_target_is_big_enough_on_a_phone(browser, site, kind):
    """axe's target-size (WCAG 2.5.8, 24 px), which it runs only when asked:
    at Lighthouse's phone width, where the header's controls stand closest."""
    context, page = open_page(browser, site + PAGES[kind], "light", 412)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "axe.run(document, {runOnly: ['target-size']})"
        ".then(r => r.violations.flatMap(v => v.nodes.map(n => n.target)))"
    )
    context.close()
    assert found == []


@pytest.mark.parametrize(("mode", "width"), MODES)
def test_no_axe_violations_on_a_redirect(browser, moved_site, mode, width):
    """The redirect page as it is, without the refresh that would leave it."""
    url = moved_site + "posts/the-chips-are-down.html"
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    page = context.new_page()
    page.route(
        url,
        lambda route: route.fulfill(body=_REFRESH.sub("", route.fetch().text()), content_type="text/html"),
    )
    page.goto(url)
    assert page.locator("main h1").count() == 1
    found = violations(page)
    context.close()
    assert found == []


def _tab_until(page, predicate: str, limit: int = 200) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return True
    return False


def test_a_paragraph_link_is_reached_by_keyboard_and_shown(page, site):
    page.goto(site + "posts/the-chips-are-down.html")
    assert _tab_until(page, "document.activeElement.classList.contains('paragraph-link')")
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"


@pytest.mark.parametrize(
    "selector", [".primary-toggle", ".theme-change-button", "a.reference.internal", ".search-button-field"]
)
def test_every_control_shows_a_focus_ring(page, site, selector):
    page.goto(site + "posts/the-chips-are-down.html")
    assert _tab_until(page, f"document.activeElement.matches({selector!r})")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style[0] != "none" and style[1] != "0px", style


def test_print_shows_no_buttons_and_keeps_the_colophon_whole(page, site):
    page.goto(site + "posts/the-chips-are-down.html")
    page.emulate_media(media="print")
    visible = page.evaluate(
        "[...document.querySelectorAll('button')].filter(b => b.offsetParent !== null).length"
    )
    assert visible == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.post-colophon')).breakInside") == "avoid"
    assert page.locator(".bindery-nav").is_hidden()


def test_slash_opens_search(page, site):
    page.goto(site + "posts/the-chips-are-down.html")
    page.keyboard.press("/")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible", timeout=5_000)
    assert page.evaluate("document.activeElement.name") == "q"
