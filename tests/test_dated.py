"""A dated archive: order, listings, old addresses and feeds from real dates."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from bindery.archive.store import load_posts
from bindery.book.order import archive_order
from bindery.dates import ArchiveDate
from bindery.errors import DumpError
from bindery.model import Source
from bindery.sources.textdump import parse_dump

from .conftest import SEED, Book, make_book, sphinx_build


def d(text: str) -> ArchiveDate:
    return ArchiveDate.parse(text)


def test_dated_posts_newest_first_undated_keep_their_place():
    dump = [Source("raw/a.txt", line) for line in (10, 20, 30, 40)]
    order = archive_order(
        [
            ("new", [dump[0]], d("2022-05-01")),
            ("between", [dump[1]], None),  # below "new" in its dump: stays just after it
            ("old", [dump[2]], d("2010-01-01")),
            ("oldest-undated", [dump[3]], None),
            ("middle", [], d("2015-06-01T10:00:00+08:00")),
            ("alone", [Source("raw/b.txt", 5)], None),  # no dated neighbour: after every dated post
        ]
    )
    assert order == ["new", "between", "middle", "old", "oldest-undated", "alone"]


def test_month_precision_sorts_before_the_days_of_its_month():
    order = archive_order(
        [("day", [], d("2012-03-01")), ("month", [], d("2012-03")), ("feb", [], d("2012-02-29"))]
    )
    assert order == ["day", "month", "feb"]


def test_a_date_is_never_made_more_precise():
    assert d("2012-03").long() == "March 2012"
    assert d("2022-01-18").long() == "January 18, 2022"
    assert d("2022-01-18T09:30:00+0800").text == "2022-01-18T09:30:00+08:00"
    with pytest.raises(ValueError, match="not a date"):
        d("March 2012")


def test_a_monthly_header_whose_year_is_no_plain_number_is_refused_in_one_line():
    # "²" and "٣" are digits to str.isdigit, but int() refuses the first; a year has
    # four digits (and int() refuses 4,301)
    for year in ("²", "٣", "99999", "1" * 4301):
        with pytest.raises(DumpError, match=f'names its month like "March 2012", not \'March {year[:9]}'):
            parse_dump(MONTHLY.replace("2012", year), "march.txt")
    # a comment count int() would refuse is no comment line: the post has none
    with pytest.raises(DumpError, match="has no comment line"):
        parse_dump(MONTHLY.replace("Leave a comment", "1" * 4301 + " Comments"), "march.txt")


MONTHLY = (
    "Monthly Archives: March 2012\n\n"
    "A March Post\n\nTHE FIRST post of March.\n\nLeave a comment\n\nFiled under Economy\n"
)


def _date_posts(src: Path, dates: dict[str, dict[str, object]]) -> None:
    """Add front matter fields by hand, as a maintainer would."""
    for slug, fields in dates.items():
        path = src / "posts" / f"{slug}.md"
        text = path.read_text(encoding="utf-8")
        extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
        path.write_text(
            text.replace("---\n", "---\n" + extra, 1).replace("\n---\n" + extra, "\n---\n"), "utf-8"
        )


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> Book:
    base = tmp_path_factory.mktemp("dated")
    src = make_book(base / "src", {"technology.txt": SEED, "march.txt": MONTHLY})
    _date_posts(
        src,
        {
            "the-chips-are-down": {
                "date": "'2022-01-18T09:30:00+08:00'",
                "updated": "'2022-02-01T10:00:00+08:00'",
                "tags": "[Chips, Yiwu]",
                "original_url": "https://chinabystander.wordpress.com/2022/01/18/the-chips-are-down/",
                "wp_id": 123,
            },
            "reining-in-all-round": {"date": "2021-08-30", "tags": "[Yiwu]"},
        },
    )
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


def _seed_line(book: Book):
    posts = load_posts(book.src)
    return lambda slug: next((s.line for s in posts[slug].sources if s.file == "raw/technology.txt"), 0)


def listed(book: Book, page: str) -> list[str]:
    return [a["href"].rsplit("/", 1)[-1] for a in book.html(page).select(".post-list li > p > a:first-child")]


def test_monthly_dump_dates_its_posts_to_the_month(dated):
    post = load_posts(dated.src)["a-march-post"]
    assert post.meta["date"] == "2012-03"
    time = dated.html("posts/a-march-post.html").select_one(".post-date time")
    assert (time["datetime"], time.get_text()) == ("2012-03", "March 2012")


def test_post_shows_its_date_and_update_in_time_elements(dated):
    times = dated.html("posts/the-chips-are-down.html").select(".post-date time")
    assert [(t["datetime"], t.get_text()) for t in times] == [
        ("2022-01-18T09:30:00+08:00", "January 18, 2022"),
        ("2022-02-01T10:00:00+08:00", "February 1, 2022"),
    ]


def test_year_month_and_tag_pages_list_exactly_their_posts(dated):
    assert listed(dated, "posts/2022/index.html") == ["the-chips-are-down.html"]
    assert listed(dated, "posts/2022/01/index.html") == ["the-chips-are-down.html"]
    assert listed(dated, "posts/2021/08/index.html") == ["reining-in-all-round.html"]
    assert listed(dated, "posts/2012/03/index.html") == ["a-march-post.html"]
    assert listed(dated, "tags/yiwu.html") == ["the-chips-are-down.html", "reining-in-all-round.html"]
    assert listed(dated, "tags/chips.html") == ["the-chips-are-down.html"]
    tags = [a.get_text() for a in dated.html("posts/the-chips-are-down.html").select(".post-tagged a")]
    assert tags == ["Chips", "Yiwu"]
    # dated posts newest first; undated ones keep their place beside them in their dump
    order = listed(dated, "posts/index.html")
    seed = [
        f"{slug}.html"
        for slug in sorted(load_posts(dated.src), key=_seed_line(dated))
        if _seed_line(dated)(slug)
    ]
    assert [p for p in order if p in seed] == seed
    dated_ones = ["the-chips-are-down.html", "reining-in-all-round.html", "a-march-post.html"]
    assert [p for p in order if p in dated_ones] == dated_ones
    years = [a.get_text() for a in dated.html("index.html").select(".bindery-years a")]
    assert years == ["2022", "2021", "2012"]
    search_years = dated.html("search.html").select("select#bindery-search-year option")
    assert [o.get_text() for o in search_years] == ["All years", "2012", "2021", "2022"]
    counts = (dated.out / "_static" / "bindery-counts.css").read_text(encoding="utf-8")
    assert '[data-year="2012"]::after { content: " (1)"; }' in counts


def test_old_blog_addresses_redirect_to_the_post(dated):
    for old in ("2022/01/18/the-chips-are-down/index.html", "p/123.html"):
        page = dated.html(old)
        target = page.find("link", rel="canonical")["href"]
        assert target.endswith("/posts/the-chips-are-down.html"), old
        assert "2022/01/18/the-chips-are-down/index.html" in (dated.src / "addresses.txt").read_text("utf-8")


def test_feeds_parse_and_leave_undated_posts_out(dated):
    feed = feedparser.parse((dated.out / "posts" / "index.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.link.rsplit("/", 1)[-1] for e in feed.entries] == [
        "the-chips-are-down.html",
        "reining-in-all-round.html",
        "a-march-post.html",
    ]
    assert feed.entries[0].published.startswith("2022-01-18T09:30:00+08:00")
    tag = feedparser.parse((dated.out / "tags" / "yiwu.atom.xml").read_bytes())
    assert len(tag.entries) == 2
    links = dated.html("tags/yiwu.html").find_all("link", type="application/atom+xml")
    assert sorted(link["href"] for link in links) == ["../posts/index.atom.xml", "yiwu.atom.xml"]
    assert not (dated.out / "categories" / "banking.atom.xml").exists()  # its one post is undated


def test_a_plain_sphinx_build_regenerates_listings_after_a_title_edit(dated, tmp_path):
    page = dated.src / "posts" / "reining-in-all-round.md"
    page.write_text(re.sub(r"(?m)^title: .*$", "title: Reined In", page.read_text("utf-8"), count=1), "utf-8")
    result = sphinx_build(dated.src, tmp_path / "html")
    assert (result.returncode, result.stderr) == (0, "")
    titles = [
        a.get_text() for a in Book(dated.src, tmp_path / "html").html("tags/yiwu.html").select(".post-list a")
    ]
    assert "Reined In" in titles
    assert re.search("Reining In All", (dated.src / "tags" / "yiwu.md").read_text("utf-8")) is None
