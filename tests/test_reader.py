"""What a new reader meets first, in Chromium at a phone's width (390 px)
and a desk's (1280 px), light and dark: the header and its breadcrumbs,
search (served and from the files), the cite link, the keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bindery.dev.serve import serve

from .conftest import Book
from .test_a11y import open_page
from .test_browser import pytestmark as browser_marks
from .test_mixed import mixed  # noqa: F401 (a fixture: the WordPress samples and the seed dump)

pytestmark = browser_marks
PHONE, DESK = 390, 1280
WIDTHS = [PHONE, DESK]
MODES = [(mode, width) for mode in ("light", "dark") for width in WIDTHS]
# every kind of page that has breadcrumbs (the mixed book's)
CRUMBED = {
    "post": "posts/template-comments.html",
    "post with a long title": "posts/title-should-not-overflow-the-content-area.html",
    "tag": "tags/template.html",
    "category": "categories/classic.html",
    "page": "pages/about.html",
    "month": "posts/2012/01/index.html",
    "all posts": "posts/index.html",
}


@pytest.fixture(scope="module")
def mixed_site(mixed: Book) -> Iterator[str]:  # noqa: F811
    with serve(mixed.out) as url:
        yield url


# -- the header -------------------------------------------------------------

_CRUMBS = """(() => {
  const nav = document.querySelector('nav[aria-label="Breadcrumb"]');
  const box = el => el.getBoundingClientRect();
  const buttons = box(document.querySelector('.bd-header-article .article-header-buttons'));
  const toggle = box(document.querySelector('.bd-header-article .primary-toggle'));
  const crumbs = [...nav.querySelectorAll('li.breadcrumb-item')];
  const shown = crumbs.filter(li => li.getClientRects().length > 0);
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5
    && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const parents = crumbs.filter(li => !li.classList.contains('active'));
  return {
    parents: parents.length,
    parentsShown: parents.filter(li => shown.includes(li)).length,
    // a crumb whose text or icon does not fit it, or runs off the page
    cut: shown.filter(li => li.scrollWidth > li.clientWidth + 0.5
        || [...li.querySelectorAll('a, span, i')].some(el => box(el).right > box(li).right + 0.5
            || box(el).left < box(li).left - 0.5 || el.scrollWidth > el.clientWidth + 0.5)
        || box(li).left < 0 || box(li).right > innerWidth)
      .map(li => li.textContent.trim() || 'home'),
    // crumbs over each other, over the buttons or over the sidebar's toggle
    jammed: shown.filter((li, k) => overlap(box(li), buttons) || overlap(box(li), toggle)
        || shown.slice(k + 1).some(other => overlap(box(li), box(other))))
      .map(li => li.textContent.trim() || 'home'),
    header: box(document.querySelector('.bd-header-article')).top,
  };
})()"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", CRUMBED)
def test_the_breadcrumbs_are_whole_and_clear_of_the_buttons(browser, mixed_site, kind, width):
    """Every level up to this page's is shown whole (a phone may leave out
    the page's own title, which the heading just below it gives), none
    over another or over a button, and no empty band above the header."""
    context, page = open_page(browser, mixed_site + CRUMBED[kind], "light", width)
    found = page.evaluate(_CRUMBS)
    context.close()
    assert found["parents"] >= 1 and found["parentsShown"] == found["parents"], found
    assert found["cut"] == [] and found["jammed"] == [], found
    assert found["header"] == 0, found


@pytest.mark.parametrize("width", WIDTHS)
def test_the_top_bar_holds_no_second_search_button(browser, mixed_site, width):
    context, page = open_page(browser, mixed_site + CRUMBED["post"], "light", width)
    found = page.evaluate(
        """(() => ({
          searches: [...document.querySelectorAll('.search-button__button')]
            .filter(b => b.getClientRects().length > 0).length,
          topBar: document.querySelector('.bd-header')?.getBoundingClientRect().height ?? 0,
        }))()"""
    )
    context.close()
    assert found == {"searches": 1, "topBar": 0}


# -- search -----------------------------------------------------------------


def _contrast(page, selector: str, pseudo: str | None = None) -> float:
    """The contrast of an element's text colour on its own background."""
    return page.evaluate(
        """([selector, pseudo]) => {
          const s = getComputedStyle(document.querySelector(selector), pseudo);
          const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
            .reduce((sum, v, k) => sum + v * [0.2126, 0.7152, 0.0722][k], 0);
          const [a, b] = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        [selector, pseudo],
    )


@pytest.mark.parametrize(("mode", "width"), MODES)
def test_the_search_form_takes_the_pages_colours(browser, site, mode, width):
    """Dark mode: the field and both drop-downs dark like the page, their
    text and the drop-downs' arrows light (they were white boxes)."""
    context, page = open_page(browser, site + "search.html?q=chips", mode, width)
    page_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for selector in ("#bindery-search-query", "#bindery-search-category", "#bindery-search-year"):
        assert _contrast(page, selector) >= 7, selector
        background = page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).backgroundColor")
        assert background == page_background, selector
    arrows = page.evaluate(
        "[...document.querySelectorAll('.bindery-search__form select')]"
        ".map(s => getComputedStyle(s).backgroundImage)"
    )
    context.close()
    stroke = {"light": "%23343a40", "dark": "%23dee2e6"}[mode]  # Bootstrap's own arrow, in each mode's colour
    assert all(stroke in arrow for arrow in arrows), arrows


@pytest.mark.parametrize(("mode", "width"), MODES)
def test_the_search_dialog_icon_leaves_the_first_letter_alone(browser, site, mode, width):
    context, page = open_page(browser, site + "posts/the-chips-are-down.html", mode, width)
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible", timeout=5_000)
    page.keyboard.type("W")
    gap = page.evaluate(
        """(() => {
          const dialog = document.getElementById('pst-search-dialog');
          const icon = dialog.querySelector('.fa-magnifying-glass').getBoundingClientRect();
          const field = dialog.querySelector('input');
          const s = getComputedStyle(field);
          const left = field.getBoundingClientRect().left;
          return left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft) - icon.right;
        })()"""
    )
    context.close()
    assert gap >= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_search_opened_from_the_files_says_to_serve_the_book(browser, seed_book, width):
    """``file://…/search.html?q=…`` cannot run Pagefind (no module scripts,
    no workers): the page keeps the query and says what to do."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((seed_book.out / "search.html").as_uri() + "?q=chips")
    notice = page.locator(".bindery-search__served")
    notice.wait_for(state="visible", timeout=5_000)
    text = notice.inner_text()
    query = page.input_value("#bindery-search-query")
    context.close()
    assert "make serve" in text and "http://localhost:8000/search.html?q=chips" in text, text
    assert query == "chips"


def test_search_served_says_nothing_of_serving(page, site):
    page.goto(site + "search.html?q=chips")
    page.locator("#search-results li").first.wait_for(timeout=15_000)
    assert page.locator(".bindery-search__served").is_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_show_the_matching_text_and_count_what_they_are(browser, mixed_site, width):
    """Excerpts are the words of the text around the match, never the
    title and "Published … by …" line above it; the count says results,
    and a page (not a post) among them says so."""
    context, page = open_page(browser, mixed_site + "search.html?q=comment", "light", width)
    page.locator("#search-more").wait_for(state="attached")
    summary = page.locator("#search-summary").inner_text()
    results = page.evaluate(
        """[...document.querySelectorAll('#search-results li')].map(li => ({
          title: li.querySelector('a').textContent,
          href: li.querySelector('a').getAttribute('href'),
          kind: li.querySelector('.bindery-search__kind')?.textContent || '',
          excerpt: li.querySelector('.bindery-search__excerpt').textContent,
          marked: li.querySelectorAll('.bindery-search__excerpt mark').length,
        }))"""
    )
    context.close()
    count = int(summary.split()[0])
    assert summary == f"{count} results for “comment”.", summary
    assert len(results) == 10 < count
    for result in results:
        assert not result["excerpt"].startswith(result["title"].split()[0]), result
        assert "Published" not in result["excerpt"] and "· by" not in result["excerpt"], result
        assert result["kind"] == ("Page" if "/pages/" in result["href"] else ""), result
    assert any(result["kind"] == "Page" for result in results)
    assert sum(result["marked"] > 0 for result in results) >= 8  # the matching words, marked


# -- citing -----------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("address", "line"),
    [
        ("posts/template-comments.html", "Published January 3, 2012 · by Theme Buster · Cite"),
        ("posts/the-chips-are-down.html", "Cite this post"),  # undated, no author: a line of its own
    ],
)
def test_the_cite_link_beside_the_date_goes_to_the_panel_and_back(browser, mixed_site, address, line, width):
    context, page = open_page(browser, mixed_site + address, "light", width)
    assert page.locator(".post-date").inner_text() == line
    cite = page.locator(".post-date a.cite-link")
    cite.click()
    page.wait_for_url("**#cite-this-post")
    panel_top = page.evaluate("document.getElementById('cite-this-post').getBoundingClientRect().top")
    assert 0 <= panel_top < 900 / 2
    page.locator("#cite-this-post a.cite-back").click()
    top = "document.querySelector('.post-date').getBoundingClientRect().top"
    page.wait_for_function(f"{top} > 0", timeout=5_000)
    line_top = page.evaluate(top)
    context.close()
    assert 0 < line_top < 900 / 2


@pytest.mark.parametrize("width", WIDTHS)
def test_print_keeps_one_citation_style(browser, mixed_site, width):
    """On paper: Chicago, without BibTeX, APA or the links to and fro."""
    context, page = open_page(browser, mixed_site + "posts/template-comments.html", "light", width)
    page.emulate_media(media="print")
    shown = page.evaluate(
        "[...document.querySelectorAll('.cite-panel .citation-style, .bibtex-link, .cite-link, .cite-back')]"
        ".filter(e => e.getClientRects().length > 0).map(e => e.textContent.trim())"
    )
    context.close()
    assert len(shown) == 1 and shown[0].startswith("Chicago"), shown


# -- the keyboard -----------------------------------------------------------


def _tab_stops(page, limit: int = 400) -> list[str]:
    """What each Tab reaches, from the top of the page, until it comes
    round to one it reached before (or leaves the page)."""
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """(() => { const e = document.activeElement;
              if (!e || e === document.body || e.dataset.tabbed) return null;
              e.dataset.tabbed = 'yes';
              const region = e.closest('#pst-primary-sidebar') ? 'sidebar'
                : e.closest('.bd-header-article') ? 'header' : e.closest('article') ? 'article' : 'other';
              const name = e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent.trim();
              return region + ':' + name.slice(0, 40); })()"""
        )
        if where is None:
            break
        stops.append(where)
    return stops


@pytest.mark.parametrize("width", WIDTHS)
def test_the_article_comes_before_the_sidebar_by_keyboard(browser, mixed_site, width):
    context, page = open_page(browser, mixed_site + CRUMBED["post"], "light", width)
    stops = _tab_stops(page)
    context.close()
    regions = [stop.split(":")[0] for stop in stops]
    toggle = next(k for k, stop in enumerate(stops) if stop.startswith("header:Toggle primary sidebar"))
    assert toggle <= 2, stops  # the skip link, then the toggle
    assert "article" in regions
    if "sidebar" in regions:  # a desk's; a phone's sidebar opens from the toggle
        assert regions.index("article") < regions.index("sidebar"), stops


def test_paragraph_links_are_named_for_what_they_do(page, mixed_site):
    page.goto(mixed_site + CRUMBED["post"])
    links = page.locator("a.paragraph-link")
    assert links.count() > 5
    named = page.get_by_role("link", name="Link to this paragraph", exact=True)
    assert named.count() == links.count()
    assert re.fullmatch(r"¶", links.first.inner_text())  # what a pointer sees is unchanged
