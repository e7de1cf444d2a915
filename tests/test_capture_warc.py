"""Web archives (WARC, WACZ) read as posts: small archives written in the
test's folder with warcio, bad ones included; no server and no build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from bindery.cli import main as bindery
from bindery.model import CAPTURE

from .conftest import read_source
from .warcs import Response, Revisit, write_wacz, write_warc

CAPTURES = Path(__file__).parent / "captures"
POST = (CAPTURES / "wordpress-post.html").read_bytes()
HOME = (CAPTURES / "wordpress-home.html").read_bytes()
POST_URI = "https://blog.example/2012/01/03/chips-down/"
# the same page, half loaded: its second paragraph and comments never arrived
HALF = POST.split(b"<p>Second paragraph")[0] + b"</div></article></main></body></html>"


def _site(date: str = "2015-03-01T12:00:00Z") -> list[Response]:
    return [
        Response("https://blog.example/", HOME, date),
        Response(POST_URI, POST, date),
        Response(
            "https://blog.example/wp-content/uploads/x.jpg",
            b"\xff\xd8" * 100,
            date,
            content_type="image/jpeg",
        ),
    ]


def test_a_warc_gives_its_posts_with_where_and_when_each_was_saved(tmp_path):
    path = write_warc(tmp_path / "site.warc.gz", _site())
    dump = read_source(path, "raw/site.warc.gz")
    assert [p.title for p in dump.posts] == ["Newest", "Chips “down”"]
    chips = dump.posts[1]
    assert chips.source.file == "raw/site.warc.gz"
    assert chips.source.url == POST_URI
    assert chips.source.captured == "2015-03-01T12:00:00+00:00"
    assert chips.comments == 3 and chips.wp_id == 1148
    assert dump.skipped == {"posts saved only as an excerpt": 1}


def test_an_uncompressed_warc_and_a_wacz_give_the_same(tmp_path):
    plain = read_source(write_warc(tmp_path / "site.warc", _site(), gzip=False), "raw/a")
    wacz = read_source(
        write_wacz(tmp_path / "site.wacz", write_warc(tmp_path / "data.warc.gz", _site())), "raw/a"
    )
    assert [p.body for p in plain.posts] == [p.body for p in wacz.posts]
    assert len(plain.posts) == 2


def test_the_newer_capture_is_used_unless_an_earlier_one_holds_more_text(tmp_path):
    fuller_later = write_warc(
        tmp_path / "a.warc.gz",
        [Response(POST_URI, HALF, "2014-01-01T00:00:00Z"), Response(POST_URI, POST, "2016-01-01T00:00:00Z")],
    )
    (post,) = read_source(fuller_later, "raw/a.warc.gz").posts
    assert "Second paragraph" in (post.body or "")
    assert post.source.captured == "2016-01-01T00:00:00+00:00"

    half_later = write_warc(
        tmp_path / "b.warc.gz",
        [Response(POST_URI, POST, "2014-01-01T00:00:00Z"), Response(POST_URI, HALF, "2016-01-01T00:00:00Z")],
    )
    dump = read_source(half_later, "raw/b.warc.gz")
    (post,) = dump.posts
    assert "Second paragraph" in (post.body or "")  # the half-loaded newer capture never replaces it
    assert post.source.captured == "2014-01-01T00:00:00+00:00"
    (note,) = dump.notes
    assert note.startswith("raw/b.warc.gz: record at offset ")
    assert (
        "this capture holds less of the text (10 words) than the earlier one at "
        "raw/b.warc.gz: record at offset 0" in note
    )


def test_a_revisit_is_followed_to_the_response_it_repeats(tmp_path):
    first = Response(POST_URI, POST, "2014-01-01T00:00:00Z")
    path = write_warc(tmp_path / "a.warc.gz", [first, Revisit(POST_URI, first, "2019-06-01T00:00:00Z")])
    (post,) = read_source(path, "raw/a.warc.gz").posts
    assert post.source.captured == "2019-06-01T00:00:00+00:00"  # the newest capture of the same text
    assert "Second paragraph" in (post.body or "")


def test_only_200_responses_are_read_and_redirects_lead_to_saved_ones(tmp_path):
    path = write_warc(
        tmp_path / "a.warc.gz",
        [
            Response("https://blog.example/?p=1148", b"", status="301 Moved Permanently", location=POST_URI),
            Response(POST_URI, POST),
            Response("https://blog.example/gone/", POST.replace(b"1148", b"999"), status="404 Not Found"),
        ],
    )
    dump = read_source(path, "raw/a.warc.gz")
    assert [p.wp_id for p in dump.posts] == [1148]
    assert dump.skipped == {"responses other than 200 OK (3xx)": 1, "responses other than 200 OK (4xx)": 1}


def test_an_error_page_saved_as_200_is_one_line_naming_its_record(tmp_path):
    path = write_warc(
        tmp_path / "a.warc.gz", [Response("https://blog.example/x/", (CAPTURES / "error.html").read_bytes())]
    )
    dump = read_source(path, "raw/a.warc.gz")
    assert dump.posts == ()
    assert dump.notes == (
        "raw/a.warc.gz: record at offset 0 (https://blog.example/x/): skipped: an error page",
    )


def _offsets(path: Path) -> list[int]:
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        return [records.get_record_offset() for _ in records]


def test_a_truncated_warc_is_read_as_far_as_it_is_good(tmp_path):
    path = write_warc(
        tmp_path / "a.warc.gz", [Response(POST_URI, POST), Response("https://blog.example/", HOME)]
    )
    first = _offsets(path)[1]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])  # the last record's gzip member cut short
    dump = read_source(path, "raw/a.warc.gz")
    assert [p.wp_id for p in dump.posts] == [1148]
    assert dump.notes == (
        f"raw/a.warc.gz: record at offset {first} (https://blog.example/): skipped: the record is cut short",
    )


def test_a_corrupt_gzip_member_ends_the_reading_there(tmp_path):
    path = write_warc(
        tmp_path / "a.warc.gz",
        [Response(POST_URI, POST), Response("https://blog.example/", HOME), Response(POST_URI + "x/", POST)],
    )
    second = _offsets(path)[1]
    data = bytearray(path.read_bytes())
    data[second + 40 : second + 60] = b"\x00" * 20  # the second record's compressed bytes
    path.write_bytes(bytes(data))
    dump = read_source(path, "raw/a.warc.gz")
    assert [p.wp_id for p in dump.posts] == [1148]
    (note,) = dump.notes
    assert note.startswith(
        f"raw/a.warc.gz: record at offset {second}: the archive is cut short or corrupt after here ("
    )
    assert note.endswith("); read up to there") and "\n" not in note


def test_a_record_cut_short_is_skipped_never_half_read(tmp_path):
    path = write_warc(
        tmp_path / "a.warc", [Response("https://blog.example/", HOME), Response(POST_URI, POST)], gzip=False
    )
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"Second paragraph")])  # the post's page stops mid-text
    dump = read_source(path, "raw/a.warc")
    assert all("Second" not in (p.body or "") for p in dump.posts)
    assert 1148 not in [p.wp_id for p in dump.posts if "Second" in (p.body or "")]
    assert any(n.endswith(f"({POST_URI}): skipped: the record is cut short") for n in dump.notes)


def test_a_wacz_that_is_no_zip_is_refused_with_one_line_and_nothing_written(tmp_path, capsys):
    book = tmp_path / "book"
    (book / "raw").mkdir(parents=True)
    wacz = write_wacz(book / "raw" / "site.wacz", write_warc(tmp_path / "data.warc.gz", _site()))
    wacz.write_bytes(wacz.read_bytes()[:-200])  # the central directory cut off
    code = bindery(["--root", str(book), "import", str(book / "raw")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("raw/site.wacz:1: not a complete WACZ (zip) file, cut short or corrupt")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (book / "posts").exists()


def test_bad_records_are_reported_by_the_command_in_one_line_each(tmp_path, capsys):
    book = tmp_path / "book"
    (book / "raw").mkdir(parents=True)
    path = write_warc(
        book / "raw" / "site.warc.gz",
        [
            Response("https://blog.example/login/", (CAPTURES / "login.html").read_bytes()),
            Response("https://blog.example/consent/", (CAPTURES / "consent.html").read_bytes()),
            Response(POST_URI, POST),
        ],
    )
    data = path.read_bytes()
    path.write_bytes(data[:-100])
    code = bindery(["--root", str(book), "import", str(book / "raw")])
    out, err = capsys.readouterr()
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 3 and "Traceback" not in err
    assert lines[0].endswith("(https://blog.example/login/): skipped: a login page")
    assert lines[1].endswith("(https://blog.example/consent/): skipped: a cookie-consent page")
    assert lines[2].endswith(f"({POST_URI}): skipped: the record is cut short")
    assert "0 added" in out and not list((book / "posts").glob("*.md"))


def _peak_rss_mb(root: Path, source: Path) -> float:
    """The peak memory (MB) of ``bindery import`` of one source, in a process of its own."""
    command = [sys.executable, "-m", "bindery.cli", "--root", str(root), "import", "-q", str(source)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_maxrss / 1024


def test_a_200_mb_warc_streams_in_bounded_memory(tmp_path):
    """Two hundred 1 MB images and the blog's pages: the import's peak memory
    stays far below the archive's size (warcio streams; nothing but pages is read)."""
    book = tmp_path / "book"
    (book / "raw").mkdir(parents=True)
    blob = os.urandom(1 << 20)
    records: list[Response | Revisit] = [Response("https://blog.example/", HOME)]
    records += [
        Response(f"https://blog.example/wp-content/uploads/{n}.jpg", blob, content_type="image/jpeg")
        for n in range(200)
    ]
    records.append(Response(POST_URI, POST))
    path = write_warc(book / "raw" / "big.warc", records, gzip=False)
    assert path.stat().st_size > 200 << 20
    small = write_warc(
        tmp_path / "small.warc",
        [Response("https://blog.example/", HOME), Response(POST_URI, POST)],
        gzip=False,
    )
    big_rss = _peak_rss_mb(book, path)
    assert (book / "posts" / "chips-down.md").exists()
    (tmp_path / "other").mkdir()
    small_rss = _peak_rss_mb(tmp_path / "other", small)
    assert big_rss < small_rss + 40, (big_rss, small_rss)  # the 200 MB of images cost next to nothing


@pytest.mark.parametrize("name", ["a.warc.gz", "a.wacz"])
def test_an_empty_or_foreign_zip_is_refused(tmp_path, capsys, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("datapackage.json", "{}")
    if name.endswith(".gz"):
        path.write_bytes(b"\x1f\x8b" + b"\x00" * 40)  # gzip magic, no WARC in it: no reader claims it
        code = bindery(["--root", str(tmp_path), "import", str(path)])
        assert code == 1
        return
    code = bindery(["--root", str(tmp_path), "import", str(path)])
    assert code == 1
    assert capsys.readouterr().err == "a.wacz:1: a WACZ (zip) file with no WARC in it (archive/*.warc.gz)\n"


FETCHED = Path(__file__).parent / "fetched" / "theme-unit-test"


def _api_records() -> list[Response | Revisit]:
    """The REST API's responses a fetch saved, as a crawler's WARC holds them."""
    (folder,) = [f for f in FETCHED.iterdir() if f.is_dir()]
    index = json.loads((folder / "fetch.json").read_text(encoding="utf-8"))
    return [
        Response(
            entry["url"],
            (folder / entry["file"]).read_bytes(),
            "2016-05-01T00:00:00Z",
            content_type="application/json; charset=UTF-8",
        )
        for entry in index["responses"]
    ]


def test_the_rest_apis_responses_in_a_warc_give_the_posts_a_fetch_gives(tmp_path):
    fetched = read_source(FETCHED, "raw/theme-unit-test")
    archived = read_source(write_warc(tmp_path / "api.warc.gz", _api_records()), "raw/api.warc.gz")
    assert len(archived.posts) == len(fetched.posts) > 3
    for mine, theirs in zip(
        sorted(archived.posts, key=lambda p: p.wp_id or 0),
        sorted(fetched.posts, key=lambda p: p.wp_id or 0),
        strict=True,
    ):
        assert (mine.title, mine.body, mine.date, mine.categories, mine.tags, mine.author) == (
            theirs.title,
            theirs.body,
            theirs.date,
            theirs.categories,
            theirs.tags,
            theirs.author,
        )
        assert mine.rank == CAPTURE and mine.guid is None  # a capture, ranked as one
        assert mine.source.url is not None and "/wp-json/wp/v2/posts" in mine.source.url
        assert mine.source.captured == "2016-05-01T00:00:00+00:00"


def test_a_post_both_a_page_and_the_api_show_is_read_once_and_bad_json_is_one_line(tmp_path):
    item = {
        **{"id": 1148, "date": "2012-01-03T10:11:37", "date_gmt": "2012-01-03T02:11:37", "link": POST_URI},
        **{"slug": "chips-down", "status": "publish", "type": "post", "title": {"rendered": "Chips"}},
        **{"content": {"rendered": "<p>From the API.</p>", "protected": False}, "categories": [], "tags": []},
    }
    api = "https://blog.example/wp-json/wp/v2/posts?per_page=100"
    records = [
        Response(POST_URI, POST),
        Response(api, json.dumps([item]).encode(), content_type="application/json"),
        Response("https://blog.example/wp-json/wp/v2/tags", b"{not json", content_type="application/json"),
    ]
    dump = read_source(write_warc(tmp_path / "a.warc.gz", records), "raw/a.warc.gz")
    (post,) = dump.posts
    assert "Second paragraph" in (post.body or "")  # the page's, with its comments
    (note,) = dump.notes
    assert note.startswith("raw/a.warc.gz: record at offset ")
    why = "skipped: a response of the REST API that cannot be read: not JSON"
    assert f"(https://blog.example/wp-json/wp/v2/tags): {why}" in note
