"""Captures merged with each other and with other sources: one page per
post, addresses that never move, and the newer capture's text unless an
earlier one holds more of it (the report says which)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bindery.importer.merge import newer_capture_wins
from bindery.importer.run import import_dumps

from .warcs import Response, write_warc

CAPTURES = Path(__file__).parent / "captures"
POST = (CAPTURES / "wordpress-post.html").read_bytes()
POST_URI = "https://blog.example/2012/01/03/chips-down/"
HALF = POST.split(b"<p>Second paragraph")[0] + b"</div></article></main></body></html>"
EDITED = POST.replace(b"with a line break.", b"with a line break, and a sentence the author added later.")

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>A Test Blog</title><link>https://blog.example</link>
<wp:base_blog_url>https://blog.example</wp:base_blog_url>
<item><title>Chips &#8220;down&#8221;</title><link>https://blog.example/2012/01/03/chips-down/</link>
<dc:creator><![CDATA[ben]]></dc:creator><guid isPermaLink="false">https://blog.example/?p=1148</guid>
<content:encoded><![CDATA[The export's own text of the post.]]></content:encoded>
<wp:post_id>1148</wp:post_id><wp:post_date>2012-01-03 10:11:37</wp:post_date>
<wp:post_date_gmt>2012-01-03 02:11:37</wp:post_date_gmt><wp:post_name>chips-down</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="technology"><![CDATA[Technology]]></category>
</item></channel></rss>
"""


def _front(path: Path) -> tuple[dict[str, object], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _book(tmp_path: Path, archives: dict[str, list[Response]]) -> Path:
    (tmp_path / "raw").mkdir(parents=True, exist_ok=True)
    for name, records in archives.items():
        write_warc(tmp_path / "raw" / name, records)
    return tmp_path


def test_the_rule_newest_unless_an_earlier_capture_holds_more():
    assert newer_capture_wins(100, "2014-01-01T00:00:00+00:00", 100, "2016-01-01T00:00:00+00:00")
    assert newer_capture_wins(100, "2014-01-01T00:00:00+00:00", 120, "2016-01-01T00:00:00+00:00")
    assert not newer_capture_wins(100, "2014-01-01T00:00:00+00:00", 60, "2016-01-01T00:00:00+00:00")
    assert not newer_capture_wins(100, "2016-01-01T00:00:00+00:00", 100, "2014-01-01T00:00:00+00:00")
    assert newer_capture_wins(100, "2016-01-01T00:00:00+00:00", 101, "2014-01-01T00:00:00+00:00")
    assert not newer_capture_wins(100, None, 100, None)  # nothing known: the one there stays


def test_a_newer_archive_replaces_the_text_and_the_report_says_so(tmp_path):
    book = _book(
        tmp_path,
        {
            "2014.warc.gz": [Response(POST_URI, POST, "2014-01-01T00:00:00Z")],
            "2016.warc.gz": [Response(POST_URI, EDITED, "2016-01-01T00:00:00Z")],
        },
    )
    report = import_dumps([book / "raw"], book)
    (path,) = (book / "posts").glob("*.md")
    meta, body = _front(path)
    assert "a sentence the author added later" in body
    assert meta["sources"] == [
        {"file": "raw/2014.warc.gz", "url": POST_URI, "captured": "2014-01-01T00:00:00+00:00"},
        {"file": "raw/2016.warc.gz", "url": POST_URI, "captured": "2016-01-01T00:00:00+00:00"},
    ]
    assert report.sources.captures == [
        "posts/chips-down.md: body from raw/2016.warc.gz (saved 2016-01-01T00:00:00+00:00, 26 words), "
        "not raw/2014.warc.gz (saved 2014-01-01T00:00:00+00:00, 19 words): the newer capture"
    ]
    assert report.sources.captures[0] in report.summary()


def test_a_half_loaded_newer_capture_never_replaces_a_fuller_one(tmp_path):
    book = _book(
        tmp_path,
        {
            "2014.warc.gz": [Response(POST_URI, POST, "2014-01-01T00:00:00Z")],
            "2016.warc.gz": [Response(POST_URI, HALF, "2016-01-01T00:00:00Z")],
        },
    )
    report = import_dumps([book / "raw"], book)
    (path,) = (book / "posts").glob("*.md")
    _, body = _front(path)
    assert "Second paragraph" in body and "You are welcome, Jane." in body
    assert report.sources.captures == [
        "posts/chips-down.md: body from raw/2014.warc.gz (saved 2014-01-01T00:00:00+00:00, 19 words), "
        "not raw/2016.warc.gz (saved 2016-01-01T00:00:00+00:00, 13 words): it holds more of the text"
    ]


def test_a_capture_and_the_blogs_export_are_one_page_whose_text_is_the_exports(tmp_path):
    book = _book(tmp_path, {"site.warc.gz": [Response(POST_URI, POST, "2015-01-01T00:00:00Z")]})
    (book / "raw" / "export.xml").write_text(EXPORT, encoding="utf-8")
    report = import_dumps([book / "raw"], book)
    (path,) = (book / "posts").glob("*.md")
    meta, body = _front(path)
    assert path.name == "chips-down.md" and report.added == ["chips-down"]
    assert "The export's own text of the post." in body  # an export's body is never replaced by a capture's
    assert [s["file"] for s in meta["sources"]] == ["raw/export.xml", "raw/site.warc.gz"]
    assert meta["tags"] == ["chips"]  # what only the capture knew is added
    assert meta["wp_id"] == 1148


def test_an_address_never_moves_when_a_capture_comes_later(tmp_path):
    book = _book(tmp_path, {"a.warc.gz": [Response(POST_URI, POST, "2014-01-01T00:00:00Z")]})
    import_dumps([book / "raw"], book)
    (first,) = (book / "posts").glob("*.md")
    moved = POST.replace(b"2012/01/03/chips-down/", b"2012/01/03/chips-are-down/")  # the blog renamed it
    write_warc(book / "raw" / "b.warc.gz", [Response(POST_URI, moved, "2016-01-01T00:00:00Z")])
    report = import_dumps([book / "raw"], book)
    assert [p.name for p in (book / "posts").glob("*.md")] == [first.name]  # found by its WordPress id
    assert report.added == []


def test_a_hand_edited_body_is_kept_whatever_capture_comes(tmp_path):
    book = _book(tmp_path, {"a.warc.gz": [Response(POST_URI, POST, "2014-01-01T00:00:00Z")]})
    import_dumps([book / "raw"], book)
    (path,) = (book / "posts").glob("*.md")
    path.write_text(path.read_text(encoding="utf-8").replace("Great post", "Great post (fixed by hand)"))
    write_warc(book / "raw" / "b.warc.gz", [Response(POST_URI, EDITED, "2016-01-01T00:00:00Z")])
    report = import_dumps([book / "raw"], book)
    assert "fixed by hand" in path.read_text(encoding="utf-8")
    assert report.sources.kept_edited == ["posts/chips-down.md"]
