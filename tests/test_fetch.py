"""``bindery fetch`` against a small stand-in for a WordPress REST API, served
in this process: politeness, privacy, what is downloaded again (nothing),
resuming, and every kind of bad answer in one line.  The real WordPress
is in ``test_fetch_wordpress.py``."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bindery.archive.store import load_posts
from bindery.cli import main as bindery
from bindery.fetch.client import USER_AGENT, Client
from bindery.fetch.discovery import WPCOM_API, Api
from bindery.fetch.progress import TerminalProgress

from .conftest import BOOK_FILES, ROOT
from .test_wxr import snapshot
from .wordpress import free_port

Answer = tuple[int, dict[str, str], bytes]


def post(wp_id: int, text: str, modified: str = "2020-01-01T00:00:00", category: int = 1) -> dict[str, Any]:
    return {
        "id": wp_id,
        "date": f"2019-0{wp_id}-01T10:00:00",
        "date_gmt": f"2019-0{wp_id}-01T02:00:00",
        "modified": modified,
        "modified_gmt": modified,
        "guid": {"rendered": f"https://blog.example/?p={wp_id}"},
        "slug": f"post-{wp_id}",
        "status": "publish",
        "type": "post",
        "link": f"https://blog.example/post-{wp_id}/",
        "title": {"rendered": f"Post {wp_id}"},
        "content": {"rendered": f"<p>{text}</p>", "protected": False},
        "author": 1,
        "categories": [category],
        "tags": [],
    }


@dataclass
class FakeBlog:
    """A WordPress-shaped site: a home page naming its API, robots.txt, and
    the API's lists with ``include``, ``post``, ``categories``, ``_fields``
    and paging.  ``answers`` overrides a path; ``log`` keeps every request."""

    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    categories: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"id": 1, "name": "Technology", "slug": "technology", "link": ""},
            {"id": 2, "name": "Travel", "slug": "travel", "link": ""},
        ]
    )
    robots: str | None = "User-agent: *\nDisallow: /wp-admin/\n"
    answers: dict[str, Callable[[], Answer]] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    url: str = ""

    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        if path in self.answers:
            return self.answers[path]()
        if path == "/":
            head = {"Content-Type": "text/html", "Link": f'<{self.url}/wp-json/>; rel="https://api.w.org/"',
                    "Set-Cookie": "tracker=you; Path=/"}  # fmt: skip
            return 200, head, b"<!DOCTYPE html><title>Blog</title><p>Hello</p>"
        if path == "/robots.txt":
            return (
                (404, {}, b"")
                if self.robots is None
                else (200, {"Content-Type": "text/plain"}, self.robots.encode())
            )
        route = path.removeprefix("/wp-json/wp/v2/")
        lists = {"posts": list(self.posts.values()), "pages": [], "comments": list(self.comments.values()),
                 "categories": self.categories, "tags": []}  # fmt: skip
        if route not in lists:
            return 404, {"Content-Type": "application/json"}, b'{"code":"rest_no_route"}'
        items = sorted(lists[route], key=lambda i: i["id"])
        one = {k: v[0] for k, v in query.items()}
        for name, key in (("include", "id"), ("post", "post")):
            if name in one:
                wanted = {int(i) for i in one[name].split(",")}
                items = [i for i in items if i[key] in wanted]
        if "categories" in one:
            wanted = {int(i) for i in one["categories"].split(",")}
            items = [i for i in items if set(i["categories"]) & wanted]
        if "_fields" in one:
            items = [{k: i[k] for k in one["_fields"].split(",") if k in i} for i in items]
        per_page, page = int(one.get("per_page", 10)), int(one.get("page", 1))
        pages = max(1, -(-len(items) // per_page))
        body = json.dumps(items[(page - 1) * per_page : page * per_page]).encode()
        head = {"Content-Type": "application/json; charset=UTF-8", "X-WP-Total": str(len(items)),
                "X-WP-TotalPages": str(pages)}  # fmt: skip
        return 200, head, body

    def asked(self, route: str) -> list[str]:
        return [path for path, _ in self.log if urlsplit(path).path == f"/wp-json/wp/v2/{route}"]


@pytest.fixture
def blog() -> Iterator[FakeBlog]:
    site = FakeBlog(posts={1: post(1, "One."), 2: post(2, "Two."), 3: post(3, "Three.")})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.log.append((self.path, dict(self.headers)))
            parts = urlsplit(self.path)
            status, headers, body = site.answer(parts.path, parse_qs(parts.query))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "raw").mkdir()
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def fetch(book: Path, url: str, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    code = bindery(["--root", str(book), "fetch", url, "--delay", "0", "--retries", "0", *options])
    out, err = capsys.readouterr()
    return code, out, err


def visible(book: Path) -> dict[str, bytes]:
    """The book and raw/ as a reader or an import sees them (no hidden staging)."""
    return {k: v for k, v in snapshot(book).items() if not any(p.startswith(".") for p in k.split("/"))}


# -- a good citizen -------------------------------------------------------------


def test_a_fetch_names_itself_and_sends_no_credentials_or_cookies(blog, book, capsys, monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".netrc").write_text("machine 127.0.0.1 login me password secret\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NETRC", str(home / ".netrc"))
    code, out, err = fetch(book, blog.url, capsys)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"raw/127.0.0.1-{blog.url.rsplit(':', 1)[1]}: 3 new posts, 0 updated, 0 removed;")
    assert blog.log[0][0] == "/robots.txt" and len(blog.log) > 5
    for _path, headers in blog.log:
        assert headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("bindery/0.1.0 ")
        assert not {"Authorization", "Cookie", "Proxy-Authorization"} & set(headers)


def test_robots_txt_is_obeyed(blog, book, capsys):
    blog.robots = "User-agent: *\nDisallow: /wp-json/\n"
    code, out, err = fetch(book, blog.url, capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"{blog.url}/wp-json/wp/v2/categories?orderby=id&order=asc&per_page=100&page=1: "
        "the site's robots.txt asks robots not to fetch this; bindery does not\n"
    )
    assert not blog.asked("categories")
    assert not [p for p in (book / "raw").iterdir() if not p.name.startswith(".")]


def test_retry_after_is_honoured_and_requests_are_spaced(blog):
    answers = iter(
        [(429, {"Retry-After": "3"}, b""), (503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, b"")]
    )
    blog.answers["/slow"] = lambda: next(answers, (200, {"Content-Type": "text/plain"}, b"ok"))
    waits: list[float] = []
    client = Client({"127.0.0.1"}, delay=1.0, sleep=waits.append)
    response = client.get(f"{blog.url}/slow")
    assert response.status == 200 and response.body == b"ok"
    # robots.txt, then the page 1 s later; 429: the 3 s asked; 503 with a date passed: at once.
    # (The sleeps are recorded, not slept: each request still waits its second after the last.)
    assert len(waits) == 5 and (waits[1], waits[3]) == (3.0, 0.0), waits
    assert all(0.5 < w <= 1.0 for w in (waits[0], waits[2], waits[4])), waits


def test_a_redirect_away_from_the_site_is_not_followed(blog, book, capsys):
    blog.answers["/wp-json/wp/v2/categories"] = lambda: (
        302,
        {"Location": "https://consent.example/ask"},
        b"",
    )
    code, out, err = fetch(book, blog.url, capsys)
    assert (code, out) == (1, "")
    assert (
        err.endswith(
            ": redirected to https://consent.example/ask, outside the site (a login or consent page?); "
            "only redirects within the site are followed\n"
        )
        and err.count("\n") == 1
    )


# -- bad input: one line, nothing in raw/ or the book ----------------------------


def html(text: str) -> Callable[[], Answer]:
    return lambda: (200, {"Content-Type": "text/html"}, text.encode())


def categories_answer(
    status: int, body: bytes, kind: str = "application/json"
) -> dict[str, Callable[[], Answer]]:
    return {"/wp-json/wp/v2/categories": lambda: (status, {"Content-Type": kind}, body)}


API = "/wp-json/wp/v2/categories?orderby=id&order=asc&per_page=100&page=1"
ELSEWHERE = "archive it from a text dump or saved pages instead (see docs/sources.md)"
PUBLIC_ONLY = f"bindery archives only what a blog shows the public and sends no credentials; {ELSEWHERE}"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"/": html("<p>A static site</p>")}, "{url}: not a WordPress site, or its REST API is switched off "
         f"(its home page names no https://api.w.org/ link); {ELSEWHERE}"),
        ({"/": lambda: (401, {}, b"")},
         f"{{url}}: the site demands authentication (HTTP 401); {PUBLIC_ONLY}"),
        (categories_answer(401, b'{"code":"rest_login_required","message":"Sorry"}'),
         f"{{url}}{API}: the REST API demands authentication for its categories (HTTP 401: "
         f"rest_login_required); {PUBLIC_ONLY}"),
        (categories_answer(200, b'<form><input type="password" name="pwd"></form>', "text/html"),
         f"{{url}}{API}: answered with a login page, not its categories; {PUBLIC_ONLY}"),
        (categories_answer(200, b"<h1>Accept our cookies to continue</h1>", "text/html"),
         f"{{url}}{API}: answered with an HTML page (a consent or login wall?), not the JSON of its "
         f"categories; {ELSEWHERE}"),
        (categories_answer(200, b'{"oops'), f"{{url}}{API}: the answer is not JSON (Unterminated string "
         "starting at at line 1), not its categories"),
        (categories_answer(200, b'{"categories": []}'),
         f"{{url}}{API}: not what WordPress's REST API answers "
         "for categories: not a list of categories (a JSON object)"),
        (categories_answer(200, b'[{"id": 1}]'), f"{{url}}{API}: not what WordPress's REST API answers for "
         "categories: item 1 (categorie 1): no name"),
        (categories_answer(404, b'{"code":"rest_no_route"}'), f"{{url}}{API}: the REST API has no its "
         f"categories here (HTTP 404: rest_no_route); {ELSEWHERE}"),
    ],
    ids=["not-wordpress", "site-401", "api-401", "login-page", "consent-page", "not-json", "not-a-list",
         "not-the-shape", "rest-off"],
)  # fmt: skip
def test_bad_answers_are_one_line_and_change_nothing(blog, book, capsys, answers, message):
    blog.answers.update(answers)
    before = visible(book)
    code, out, err = fetch(book, blog.url, capsys)
    assert (code, out, err) == (1, "", message.format(url=blog.url) + "\n")
    assert visible(book) == before


def test_network_failures_are_one_line(book, capsys):
    port = free_port()
    code, out, err = fetch(book, f"http://127.0.0.1:{port}/", capsys)
    assert (code, out, err) == (
        1,
        "",
        f"http://127.0.0.1:{port}/robots.txt: connection refused (is the site up?)\n",
    )
    code, out, err = fetch(book, "http://no-such-host.invalid/", capsys)
    assert (code, out) == (1, "")
    assert err == (
        "http://no-such-host.invalid/robots.txt: the host name is not known (DNS lookup failed); "
        "check the address\n"
    )
    code, out, err = fetch(book, "ftp://blog.example/", capsys)
    assert (code, err) == (1, "ftp://blog.example/: only http:// and https:// addresses are fetched\n")
    code, out, err = fetch(book, "https://me:secret@blog.example/", capsys)
    assert err == (
        "https://me:secret@blog.example/: an address with a user name or password; "
        "bindery never sends credentials\n"
    )
    assert not list((book / "raw").iterdir())


def test_a_full_disk_is_one_line_and_the_next_run_resumes(blog, book, capsys, monkeypatch):
    real_fsync = os.fsync
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 4:  # the staging's notes, then two responses, then a full disk
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = fetch(book, blog.url, capsys)
    site = f"127.0.0.1-{blog.url.rsplit(':', 1)[1]}"
    assert (code, out) == (1, "")
    assert err == (
        f"{book}/raw/.fetching-{site}/0003-listing.json: cannot write: No space left on device; "
        "nothing in raw/ changed, and the next run resumes\n"
    )
    assert visible(book) == {k: v for k, v in visible(book).items() if not k.startswith(("raw/", "posts/"))}
    monkeypatch.setattr(os, "fsync", real_fsync)
    asked = len(blog.log)
    code, out, err = fetch(book, blog.url, capsys, "--no-import")
    assert (code, err) == (0, "")
    assert "3 new posts" in out and "2 responses resumed" in out
    assert not [
        p for p, _ in blog.log[asked:] if "categories" in p or "tags" in p
    ]  # saved before, not asked again


# -- only what is new; nothing removed; resuming --------------------------------


def test_a_second_fetch_downloads_nothing_and_a_later_one_brings_what_changed(blog, book, capsys):
    code, out, err = fetch(book, blog.url, capsys)
    assert code == 0, err
    # three posts, the manifest, and blog.yaml (the fetch as a source of the blog, its category)
    assert out.splitlines()[-1] == "3 added, 0 merged, 0 unchanged; 1 categories; 5 files written"
    before = snapshot(book)
    asked = len(blog.log)
    code, out, err = fetch(book, blog.url, capsys)
    assert code == 0, err
    assert "0 new posts, 0 updated, 0 removed;" in out and "nothing new: raw/ unchanged" in out
    assert "; 0 files written\n" in out and snapshot(book) == before
    assert not [p for p, _ in blog.log[asked:] if "include=" in p]  # no post or comment downloaded again

    blog.posts[4] = post(4, "Four, new.")
    blog.posts[2] = post(2, "Two, edited on the blog.", modified="2021-05-05T05:05:05")
    del blog.posts[3]
    blog.comments[7] = {"id": 7, "post": 1, "parent": 0, "author_name": "Ann", "date": "2021-01-01T00:00:00",
                        "date_gmt": "2021-01-01T00:00:00", "content": {"rendered": "<p>Hello.</p>"},
                        "status": "approved", "type": "comment"}  # fmt: skip
    asked = len(blog.log)
    code, out, err = fetch(book, blog.url, capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        f"raw/127.0.0.1-{blog.url.rsplit(':', 1)[1]}: 1 new posts, 1 updated, 1 removed;"
    )
    assert "1 new comments" in lines[0]
    assert lines[1] == "removed from the blog, kept in the book: https://blog.example/post-3/"
    assert [urlsplit(p).query for p in blog.asked("posts")[len(blog.asked("posts")) - 1 :]] == [
        "include=2%2C4&_embed=author&per_page=100&page=1"
    ] or any("include=2,4" in p or "include=2%2C4" in p for p, _ in blog.log[asked:])
    posts = load_posts(book)
    assert sorted(posts) == ["post-1", "post-2", "post-3", "post-4"]  # the removed post stays
    assert "Two, edited on the blog." in posts["post-2"].body
    assert posts["post-2"].meta["updated"] == "2021-05-05T05:05:05+00:00"
    assert "Hello." in posts["post-1"].body and posts["post-1"].meta["comments"] == 1
    code, out, err = fetch(book, blog.url, capsys)  # a removal is reported once
    assert "0 new posts, 0 updated, 0 removed;" in out and "nothing new" in out


def test_an_interrupted_fetch_leaves_raw_as_it_was_and_resumes(blog, book, capsys):
    served = {"n": 0}
    real = blog.answer

    def failing(path: str, query: dict[str, list[str]]) -> Answer:
        served["n"] += 1
        if served["n"] > 5:  # the server goes away after a few answers
            return 503, {}, b""
        return real(path, query)

    blog.answer = failing  # type: ignore[method-assign]
    before = visible(book)
    code, out, err = fetch(book, blog.url, capsys)
    assert (code, out) == (1, "")
    assert (
        err == f"{blog.url}/wp-json/wp/v2/posts?include=1,2,3&_embed=author&per_page=100&page=1: "
        "the REST API answered HTTP 503 for its posts\n"
    )
    assert visible(book) == before
    blog.answer = real  # type: ignore[method-assign]
    asked = len(blog.log)
    code, out, err = fetch(book, blog.url, capsys)
    assert code == 0, err
    assert "3 new posts" in out and "3 responses resumed" in out  # the categories, tags and list of posts
    assert not [p for p, _ in blog.log[asked:] if "categories" in p or "/tags" in p or "posts?_fields" in p]


def test_a_category_limits_the_fetch(blog, book, capsys):
    blog.posts[2]["categories"] = [2]
    code, out, err = fetch(book, blog.url, capsys, "--category", "technology", "--no-import")
    assert code == 0, err
    assert "2 new posts" in out and "0 new pages" in out
    code, out, err = fetch(book, blog.url, capsys, "--category", "Gardening")
    assert (code, out) == (1, "")
    assert err == "the blog has no category 'Gardening' (it has: Technology, Travel)\n"


# -- discovery and progress --------------------------------------------------------


def test_the_api_is_found_from_the_home_pages_link_tag(blog, book, capsys):
    page = (
        f'<html><head><link rel="https://api.w.org/" href="{blog.url}/wp-json/" /></head><p>Blog</p></html>'
    )
    blog.answers["/"] = html(page)  # no Link header: the tag alone
    code, out, err = fetch(book, blog.url, capsys, "--no-import")
    assert (code, err) == (0, "") and "3 new posts" in out


def test_api_addresses_of_each_kind_of_root():
    assert Api("https://b.example", "https://b.example/wp-json/").url("posts", {"page": "2"}) == (
        "https://b.example/wp-json/wp/v2/posts?page=2"
    )
    # a site without pretty permalinks: the route goes in the query
    assert Api("http://b.example", "http://b.example/?rest_route=/").url("posts", {"include": "1,2"}) == (
        "http://b.example/?rest_route=/wp/v2/posts&include=1,2"
    )
    wpcom = Api("https://x.wordpress.com", WPCOM_API.format(site="x.wordpress.com"), "")
    assert wpcom.url("tags", {}) == "https://public-api.wordpress.com/wp/v2/sites/x.wordpress.com/tags"


def test_the_progress_line_counts_and_says_what_is_left():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = TerminalProgress(stream)
    progress.request("https://b.example/wp-json/wp/v2/posts?page=1")
    progress.plan("posts", 1, 4)
    progress.waiting(2, "HTTP 429")
    progress.finish()
    shown = stream.getvalue().split("\r")
    assert "bindery fetch: 1 requests" in shown[2] and "posts 1/4 · about 0 s left" in shown[2]
    assert "waiting 2 s (HTTP 429)" in shown[3] and shown[-1] == ""
    quiet = io.StringIO()  # not a terminal: nothing at all
    TerminalProgress(quiet).request("https://b.example/")
    assert quiet.getvalue() == ""
