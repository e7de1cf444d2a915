"""Saved pages and feeds read as posts: small fixture pages in
tests/captures, no server and no build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bindery import sources
from bindery.model import CAPTURE
from bindery.sources import feed, saved, warc
from bindery.sources.capture import Capture
from bindery.sources.document import unwrap
from bindery.sources.page import read_page

from .conftest import read_source

CAPTURES = Path(__file__).parent / "captures"


def _one(path: Path):
    dump = read_source(path, path.name)
    assert len(dump.posts) == 1, dump
    return dump.posts[0], dump


def test_a_wordpress_post_page_gives_every_field_an_export_does():
    post, _ = _one(CAPTURES / "wordpress-post.html")
    assert post.title == "Chips “down”"
    assert post.date == "2012-01-03T10:11:37+08:00"
    assert post.updated == "2012-02-01T09:00:00+08:00"
    assert post.author == "Ben Example"
    assert post.categories == ("Technology", "China & Trade")
    assert post.tags == ("chips",)
    assert post.original_url == "https://blog.example/2012/01/03/chips-down/"
    assert post.wp_id == 1148
    assert post.name == "chips-down"
    assert post.kind == "post"
    assert post.rank == CAPTURE
    assert post.source.url == "https://blog.example/2012/01/03/chips-down/"
    assert post.source.captured is None  # a saved file does not say when it was saved


def test_a_page_keeps_every_word_as_text_and_no_theme_furniture():
    post, _ = _one(CAPTURES / "wordpress-post.html")
    body = post.body or ""
    # text that looks like markup stays text
    assert r"has \*stars\* and \[brackets\] and \<b\>not bold\</b\>." in body
    assert "*semiconductor*" in body
    assert "Second paragraph\\\nwith a line break." in body
    for furniture in ("Share this", "Twitter", "Related", "Another post entirely", "Recent Posts",
                      "Older post in the sidebar", "Proudly powered", "Leave a comment", "Home",
                      "tracking", "Reply", "says:"):  # fmt: skip
        assert furniture not in body, furniture


def test_only_approved_comments_with_their_threads_and_nothing_private():
    post, _ = _one(CAPTURES / "wordpress-post.html")
    body = post.body or ""
    assert post.comments == 3  # two comments and a pingback; the one awaiting moderation is not public
    assert ':author: "Jane Reader"\n:date: "2012-01-04T08:00:00+08:00"\n:id: "881"' in body
    assert ':id: "882"\n:parent: "881"' in body
    assert "You are welcome, Jane." in body
    assert "{archive-linkback} https://other.example/linking-post/" in body
    assert ':author: "A linking post"' in body
    assert "Unapproved" not in body and "Waiting Person" not in body
    assert "gravatar" not in body and "@" not in body


def test_a_listing_gives_its_order_and_a_teaser_is_no_post(tmp_path):
    site = tmp_path / "blog.example"
    site.mkdir()
    shutil.copy(CAPTURES / "wordpress-home.html", site / "index.html")
    (site / "2012" / "01" / "03" / "chips-down").mkdir(parents=True)
    shutil.copy(CAPTURES / "wordpress-post.html", site / "2012/01/03/chips-down/index.html")
    dump = read_source(site, "raw/blog.example")
    titles = [p.title for p in dump.posts]
    assert titles == ["Newest", "Chips “down”"]  # the home page's order; the teaser left out
    assert dump.skipped == {"posts saved only as an excerpt": 1}
    chips = dump.posts[1]
    assert "Second paragraph" in (chips.body or "")  # its own page's text, not the listing's
    assert chips.comments == 3
    newest = dump.posts[0]
    assert newest.source.url == "http://blog.example/"  # its text was saved from the home page
    assert newest.original_url == "https://blog.example/2012/01/05/newest/"


def test_a_post_split_over_pages_is_one_post(tmp_path):
    page = (CAPTURES / "wordpress-post.html").read_text(encoding="utf-8")
    current = '<span class="post-page-numbers current">Page 1</span>'
    other = '<a href="https://blog.example/2012/01/03/chips-down/2/" class="post-page-numbers">Page 2</a>'
    links = f'<nav class="page-links" aria-label="Page"> {current} {other}</nav>'
    first = page.replace("</div>\n\t<footer", links + "</div>\n\t<footer")
    second = (
        first.replace("The <em>semiconductor</em> industry", "The second page")
        .replace(
            '<span class="post-page-numbers current">Page 1</span>',
            '<a href="https://blog.example/2012/01/03/chips-down/" class="post-page-numbers">Page 1</a>',
        )
        .replace(
            '<a href="https://blog.example/2012/01/03/chips-down/2/" class="post-page-numbers">Page 2</a>',
            '<span class="post-page-numbers current">Page 2</span>',
        )
        .replace(
            'href="https://blog.example/2012/01/03/chips-down/" />',
            'href="https://blog.example/2012/01/03/chips-down/2/" />',
        )
    )
    site = tmp_path / "site"
    (site / "chips" / "2").mkdir(parents=True)
    (site / "index.html").write_text(first, encoding="utf-8")
    (site / "chips" / "2" / "index.html").write_text(second, encoding="utf-8")
    dump = read_source(site, "raw/site")
    assert len(dump.posts) == 1
    body = dump.posts[0].body or ""
    assert body.index("The *semiconductor* industry") < body.index("***") < body.index("The second page")
    assert "Page 1" not in body and "Page 2" not in body
    assert dump.posts[0].original_url == "https://blog.example/2012/01/03/chips-down/"


def test_a_page_of_another_platform_by_trafilatura_and_its_own_dates():
    post, _ = _one(CAPTURES / "blogger-post.html")
    assert post.title == "The factory floor"
    assert post.date == "2015-03-04T10:11:12+08:00"
    assert post.updated == "2015-03-05T08:00:00+08:00"
    assert post.author == "Li Wei"
    assert post.original_url == "https://notes.blogspot.com/2015/03/the-factory-floor.html"
    body = post.body or ""
    assert "louder than anything I had imagined" in body
    assert "for everyone to see." in body and "at full speed." in body
    for furniture in ("Blog Archive", "Labels", "Powered by Blogger", "Share to Twitter", "About me"):
        assert furniture not in body, furniture


def test_a_page_that_is_no_article_gives_no_post_and_no_date_is_guessed():
    dump = read_source(CAPTURES / "blogger-index.html", "raw/index.html")
    assert dump.posts == ()
    assert dump.skipped == {"pages that show no post": 1}


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("error.html", "an error page"),
        ("login.html", "a login page"),
        ("consent.html", "a cookie-consent page"),
    ],
)
def test_pages_that_are_no_post_are_skipped_with_one_line_naming_them(name, why):
    dump = read_source(CAPTURES / name, f"raw/{name}")
    assert dump.posts == ()
    assert dump.notes == (f"raw/{name}: skipped: {why}",)


def test_a_page_in_an_encoding_nobody_knows_is_skipped_with_one_line(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(
        b'<!doctype html><html><head><meta charset="x-klingon-8"></head><body>qapla</body></html>'
    )
    dump = read_source(path, "raw/page.html")
    assert dump.posts == ()
    unknown = "declares an encoding nobody knows ('x-klingon-8')"
    assert dump.notes == (f"raw/page.html: skipped: a page in an unknown encoding: {unknown}",)


def test_a_page_whose_bytes_are_not_its_encoding_is_skipped_not_guessed(tmp_path):
    path = tmp_path / "page.html"
    text = (
        (CAPTURES / "wordpress-post.html")
        .read_bytes()
        .replace(b"semiconductor", "s\u00e9miconductor".encode("latin-1"))
    )
    path.write_bytes(text)
    dump = read_source(path, "raw/page.html")
    assert dump.posts == ()
    (note,) = dump.notes
    assert note.startswith(
        "raw/page.html: skipped: a page in an unknown encoding: not valid utf-8 (byte 0xe9 at "
    )


def test_a_declared_legacy_encoding_is_read_as_declared(tmp_path):
    path = tmp_path / "page.html"
    text = (CAPTURES / "wordpress-post.html").read_text(encoding="utf-8")
    text = text.replace('charset="UTF-8"', 'charset="windows-1252"').replace(
        "semiconductor", "s\u00e9miconductor"
    )
    text = text.replace("&#8220;", "&quot;").replace("&#8221;", "&quot;")
    path.write_bytes(text.encode("cp1252"))
    post, _ = _one(path)
    assert "*s\u00e9miconductor*" in (post.body or "")


def test_a_saved_page_names_where_and_when_singlefile_saved_it(tmp_path):
    path = tmp_path / "saved.html"
    text = (CAPTURES / "wordpress-post.html").read_text(encoding="utf-8")
    text = text.replace('<link rel="canonical" href="https://blog.example/2012/01/03/chips-down/" />', "")
    note = (
        "<!--\n Page saved with SingleFile \n url: https://blog.example/2012/01/03/chips-down/ \n"
        " saved date: Thu May 12 2022 10:11:12 GMT+0200 (Central European Summer Time)\n-->"
    )
    path.write_text(text.replace("<html", note + "\n<html", 1), encoding="utf-8")
    post, _ = _one(path)
    assert post.source.url == "https://blog.example/2012/01/03/chips-down/"
    assert post.source.captured == "2022-05-12T10:11:12+02:00"
    assert post.original_url == "https://blog.example/2012/01/03/chips-down/"


def test_a_wayback_machine_address_is_the_address_it_saved_and_when():
    assert unwrap("https://web.archive.org/web/20120304050607/http://blog.example/2012/01/03/x/") == (
        "http://blog.example/2012/01/03/x/",
        "2012-03-04T05:06:07+00:00",
    )
    assert unwrap("http://web.archive.org/web/20120304050607id_/blog.example/x") == (
        "http://blog.example/x",
        "2012-03-04T05:06:07+00:00",
    )
    assert unwrap("https://blog.example/x") == ("https://blog.example/x", None)
    page = (
        (CAPTURES / "wordpress-post.html")
        .read_bytes()
        .replace(
            b'href="https://blog.example/2012/01/03/chips-down/"',
            b'href="https://web.archive.org/web/20130101000000/https://blog.example/2012/01/03/chips-down/"',
        )
    )
    (entry,) = read_page(page, Capture()).entries
    assert entry.original_url == "https://blog.example/2012/01/03/chips-down/"
    assert entry.capture.captured == "2013-01-01T00:00:00+00:00"  # when the Wayback Machine saved it


def test_an_httrack_copy_names_where_and_when_it_was_mirrored():
    note = (
        b"<!-- Mirrored from blog.example/2012/01/03/chips-down/ by HTTrack Website Copier/3.x "
        b"[XR&CO'2014], Mon, 01 Jan 2024 10:00:00 GMT -->"
    )
    page = (CAPTURES / "wordpress-post.html").read_bytes().replace(b"<head>", note + b"\n<head>", 1)
    (entry,) = read_page(page, Capture()).entries
    assert entry.capture.url == "http://blog.example/2012/01/03/chips-down/"
    assert entry.capture.captured == "2024-01-01T10:00:00+00:00"


def test_a_full_content_feed_gives_its_posts_and_only_them():
    dump = read_source(CAPTURES / "feed.xml", "raw/feed.xml")
    (post,) = dump.posts  # not the protected post's form, not the excerpt
    assert post.title == "Newest"
    assert post.date == "2012-01-05T02:00:00+00:00"
    assert post.author == "Ben Example"
    assert post.categories == () and post.tags == ("Technology", "chips")  # a feed mixes them: tags
    assert post.comments == 2
    assert post.wp_id == 1150
    assert r"a \*second\* paragraph" in (post.body or "")
    assert dump.skipped == {"posts saved only as an excerpt": 1}


def test_a_feed_of_comments_is_no_source_of_posts():
    dump = read_source(CAPTURES / "comments-feed.xml", "raw/comments.xml")
    assert dump.posts == ()
    assert dump.skipped == {"feeds of comments": 1}


def test_each_kind_of_file_is_told_by_its_content(tmp_path):
    (tmp_path / "site").mkdir()
    shutil.copy(CAPTURES / "wordpress-home.html", tmp_path / "site" / "index.html")
    shutil.copy(CAPTURES / "feed.xml", tmp_path / "feed.rss.txt")  # a name that says otherwise
    shutil.copy(CAPTURES / "wordpress-post.html", tmp_path / "Saved Page.html")
    (tmp_path / "Saved Page_files").mkdir()
    (tmp_path / "Saved Page_files" / "style.css").write_text("body {}")
    found = {path.name: reader for path, reader in sources.find_sources([tmp_path])}
    assert found == {
        "Saved Page.html": saved.SAVED_PAGE,
        "Saved Page_files": saved.MIRROR,  # a saved page's images and styles: read as nothing
        "feed.rss.txt": feed.READER,
        "site": saved.MIRROR,
    }
    assert warc.READER.sniff(tmp_path / "x", b"WARC/1.1\r\n") is True
