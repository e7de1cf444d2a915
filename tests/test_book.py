"""The built book, parsed: pages, links, navigation, search, titles."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from bindery.archive.store import load_posts

from .conftest import DUMPS, SEED, Book, read_source

HAZARD_TITLE = (
    '<b>Markup</b> in a title: <script>alert("title")</script> &amp; *not* `code` #1 [x](y) {z}`w` \\'
)
# a book filled from a copy of one category's page names no blog: it is titled by the category
HAZARDS_TITLE = "Hazards"


def resolve(page: str, href: str) -> str:
    """A link's target as a path from the site root, without its fragment."""
    href = href.split("#")[0]
    if not href:
        return page
    parts: list[str] = []
    for part in (PurePosixPath(page).parent / href).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def listed_posts(book: Book, page: str) -> list[str]:
    """The posts a listing page links to, in its order."""
    links = book.html(page).select(".post-list li > p > a:first-child")
    return [resolve(page, a["href"]) for a in links]


def test_every_post_has_a_page(seed_book):
    slugs = set(load_posts(seed_book.src))
    assert len(slugs) == 10
    assert {p.stem for p in seed_book.post_pages()} == slugs


def test_landing_page_lists_posts_in_archive_order_and_all_categories(seed_book):
    posts = load_posts(seed_book.src)
    by_title = {p.title: f"posts/{slug}.html" for slug, p in posts.items()}
    dump_order = [by_title[p.title] for p in read_source(SEED).posts]
    assert listed_posts(seed_book, "index.html") == dump_order
    cards = seed_book.html("index.html").select(".category-card")
    counts = {
        c.select_one(".sd-card-title").get_text(strip=True): c.select_one(".sd-card-text").get_text()
        for c in cards
    }
    assert counts == {
        "Banking": "1 post",
        "China-U.S.": "1 post",
        "Economy": "1 post",
        "Financial Services": "1 post",
        "Politics & Society": "2 posts",
        "Technology": "10 posts",
    }


def test_category_pages_link_to_exactly_their_posts(seed_book):
    posts = load_posts(seed_book.src)
    order = listed_posts(seed_book, "index.html")
    pages = {
        seed_book.html(f"categories/{p.name}")
        .select_one("article h1")
        .get_text()
        .rstrip("#"): f"categories/{p.name}"
        for p in (seed_book.out / "categories").glob("*.html")
        if p.name != "index.html"
    }
    assert len(pages) == 6
    for name, page in pages.items():
        filed = [f"posts/{slug}.html" for slug, p in posts.items() if name in p.categories]
        assert listed_posts(seed_book, page) == [p for p in order if p in filed], name
        back = [resolve(page, a["href"]) for a in seed_book.html(page).select("article a.reference")]
        assert "categories/index.html" in back


def test_every_post_links_to_its_categories(seed_book):
    category_title = {}
    for path in (seed_book.out / "categories").glob("*.html"):
        category_title[f"categories/{path.name}"] = (
            seed_book.html(f"categories/{path.name}").select_one("h1").get_text().rstrip("#")
        )
    for slug, post in load_posts(seed_book.src).items():
        page = f"posts/{slug}.html"
        links = seed_book.html(page).select(".post-filed a")
        targets = [resolve(page, a["href"]) for a in links]
        assert [category_title[t] for t in targets] == post.categories
        assert [a.get_text() for a in links] == post.categories


def test_previous_and_next_chain_through_all_posts(seed_book):
    order = listed_posts(seed_book, "index.html")
    page, seen = order[0], [order[0]]
    assert seed_book.html(page).select_one("a.left-prev") is None
    while (link := seed_book.html(page).select_one("a.right-next")) is not None:
        page = resolve(page, link["href"])
        seen.append(page)
    assert seen == order
    backwards = [page]
    while (link := seed_book.html(page).select_one("a.left-prev")) is not None:
        page = resolve(page, link["href"])
        backwards.append(page)
    assert backwards == order[::-1]


def test_sidebar_is_the_same_small_structure_everywhere(seed_book):
    categories = [
        f"categories/{p.stem}.html" for p in sorted((seed_book.src / "categories").glob("[!_]*.md"))
    ]
    categories.remove("categories/index.html")
    for page in [
        "index.html",
        "categories/technology.html",
        *(f"posts/{p.name}" for p in seed_book.post_pages()),
    ]:
        nav = seed_book.html(page).select_one("nav.bindery-nav")
        top = [resolve(page, a["href"]) for a in nav.select(".bd-toc-item > ul:first-child a")]
        assert top == ["index.html", "posts/index.html", "categories/index.html"], page
        listed = [resolve(page, a["href"]) for a in nav.select(".bindery-categories a")]
        assert listed == categories, page  # never the posts
        assert len(nav.select(".bindery-nearby a")) <= 7, page
    post = seed_book.html("posts/us-stacks-the-chips-in-high-stakes-high-tech-game-with-china.html")
    filed = [a.get_text() for a in post.select(".bindery-categories li.filed a")]
    assert filed == ["China-U.S.", "Technology"]


def test_build_has_no_sources_or_unused_pages(seed_book):
    assert not [p for p in seed_book.out.glob("_sources/**/*") if p.is_file()]
    assert not list(seed_book.out.glob("categories/_*"))


def test_titles_are_text_wherever_the_theme_shows_them(hazards_book):
    posts = load_posts(hazards_book.src)
    slug = next(s for s, p in posts.items() if p.title == HAZARD_TITLE)
    page = f"posts/{slug}.html"
    html = hazards_book.html(page)
    assert html.title.get_text() == f"{HAZARD_TITLE} — {HAZARDS_TITLE}"
    assert html.select_one("#jb-print-docs-body h1").get_text() == HAZARD_TITLE
    assert html.select_one(".bd-breadcrumbs .active").get_text() == HAZARD_TITLE
    assert html.select_one(".bindery-nearby li.current a").get_text() == HAZARD_TITLE
    assert html.select_one("article h1").get_text().rstrip("#") == HAZARD_TITLE
    neighbour = resolve(page, html.select_one("a.right-next")["href"])
    other = hazards_book.html(neighbour)
    assert other.select_one("a.left-prev .prev-next-title").get_text() == HAZARD_TITLE
    assert other.find("link", rel="prev")["title"] == HAZARD_TITLE
    assert HAZARD_TITLE in [a.get_text() for a in other.select(".bindery-nearby a")]
    for listing in ("index.html", "categories/hazards.html"):
        links = hazards_book.html(listing).select(".post-list li > p > a:first-child")
        assert HAZARD_TITLE in [a.get_text() for a in links], listing
    assert html.select_one("[data-pagefind-body] h1").get_text().rstrip("#") == HAZARD_TITLE
    # the odd category name is text too
    assert "<i>Odd</i> & Co" in [a.get_text() for a in html.select(".post-filed a")]


def test_captions_are_figures_of_a_missing_image(seed_book):
    html = seed_book.html("posts/reining-in-all-round.html")
    figure = html.select_one("article figure.archive-figure")
    assert figure.select_one(".archive-figure-missing").get_text() == "Image not preserved in the archive"
    assert figure.select_one("figcaption .caption-text").get_text().startswith("Screenshot of China Cinda")
    assert figure.find("img") is None


def test_opening_capitals_are_marked(seed_book):
    html = seed_book.html("posts/the-chips-are-down.html")
    assert html.select_one("article .opening-capitals").get_text() == "BY VALUE, CHINA"


def test_hazard_dump_builds_its_odd_slugs(hazards_book):
    names = {p.stem for p in hazards_book.post_pages()}
    assert {"photographs-lost", "photographs-lost-2", "zhong-guo-de-xin-ke-ji-zhi-xu"} <= names
    assert any(re.fullmatch(r"post-[0-9a-f]{8}", n) for n in names)


def test_dumps_fixture_is_present():
    assert Path(DUMPS / "hazards.txt").exists()
