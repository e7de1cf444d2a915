"""``bindery fetch`` against a real WordPress loaded from each sample export
(``tests/wordpress.py``): the fetched book is the exported book, post by
post; nothing private arrives; a second fetch changes nothing; an edit
and a new post arrive; a server stopped mid-fetch leaves ``raw/`` and the
book as they were, and the next run resumes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from bindery.archive.store import PAGES, POSTS, load_posts

from .conftest import BOOK_FILES, ROOT
from .test_rest import comment_ids, text_words, words
from .test_wxr import BINDERY, run, snapshot
from .wordpress import SAMPLES, Site, wordpress

THEME = SAMPLES / "theme-unit-test-data.xml"
SMALL = SAMPLES / "wordpress-export.xml"


def new_book(dest: Path) -> Path:
    (dest / "raw").mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    return dest


def visible(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(root).items() if not any(p.startswith(".") for p in k.split("/"))}


def test_a_fetched_blog_is_its_export_post_by_post(tmp_path):
    exported = new_book(tmp_path / "exported")
    shutil.copy(THEME, exported / "raw" / THEME.name)
    assert run(exported, "import", "raw").returncode == 0
    fetched = new_book(tmp_path / "fetched")
    with wordpress(THEME) as site:
        result = run(fetched, "fetch", site.url, "--delay", "0")
        assert result.returncode == 0, result.stderr
        assert "56 new posts" in result.stdout  # as the API lists them: one is password-protected,
        assert "not published (skipped): 1 password-protected" in result.stdout
        before = snapshot(fetched)
        again = run(fetched, "fetch", site.url, "--delay", "0")
        assert again.returncode == 0, again.stderr
        assert (
            "0 new posts, 0 updated, 0 removed; 0 new pages, 0 updated, 0 removed; 0 new comments"
            in again.stdout
        )
        assert "nothing new: raw/ unchanged" in again.stdout and again.stdout.endswith("0 files written\n")
        assert snapshot(fetched) == before
    for folder in (POSTS, PAGES):
        ours = {p.meta["wp_id"]: p for p in load_posts(fetched, folder).values()}
        theirs = {p.meta["wp_id"]: p for p in load_posts(exported, folder).values()}
        # the same posts: every published one, nothing that was not (drafts, private, scheduled, protected)
        assert sorted(ours) == sorted(theirs) and len(ours) in (55, 21)
        for wp_id, post in ours.items():
            twin = theirs[wp_id]
            meta, other = post.meta, twin.meta
            assert (meta["slug"], meta.get("date"), meta.get("guid")) == (
                twin.slug,
                other.get("date"),
                other.get("guid"),
            )
            assert words(post.title) == words(twin.title) or twin.title == "(no title)"
            assert meta.get("author") == other.get("author") or other.get("author") is None
            assert {c.casefold() for c in post.categories} == {c.casefold() for c in twin.categories}
            assert {t.casefold() for t in meta.get("tags", [])} == {
                t.casefold() for t in other.get("tags", [])
            }
            # approved comments, the same; the public API shows no pingbacks or trackbacks
            assert comment_ids(post) == {c: k for c, k in comment_ids(twin).items() if k == "comment"}, (
                post.slug
            )
            # the words: all of the export's, more where WordPress renders more (a gallery's captions)
            assert not text_words(twin) - text_words(post), post.slug
    everything = "".join(p.read_text(encoding="utf-8") for p in fetched.rglob("*") if p.is_file())
    assert "@" not in "".join(
        line for line in everything.splitlines() if "comment_author_email" in line or "author_email" in line
    )


def restart_php(site: Site) -> subprocess.Popen[bytes]:
    """PHP's server again, as the harness starts it (its database never stopped)."""
    home = site.home
    php = subprocess.Popen(
        ["php", "-d", "display_errors=0", "-S", f"127.0.0.1:{site.port}", "-t", str(home / "wordpress"),
         str(home / "router.php")],
        cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{site.url}/robots.txt", timeout=2).close()
            return php
        except OSError:
            time.sleep(0.1)
    php.kill()
    pytest.fail("PHP's server did not start again")


def php(site: Site, code: str) -> str:
    load = f'require "{site.home}/wordpress/wp-load.php";'
    return subprocess.run(["php", "-r", load + code], capture_output=True, text=True, check=True).stdout


def test_edits_arrive_and_a_stopped_server_leaves_everything_as_it_was(tmp_path):
    book = new_book(tmp_path / "book")
    with wordpress(SMALL) as site:
        first = run(book, "fetch", site.url, "--delay", "0")
        assert first.returncode == 0, first.stderr
        assert "18 new posts, 0 updated, 0 removed" in first.stdout
        edited = int(php(site, 'echo get_posts(["numberposts" => 1])[0]->ID;'))
        php(
            site,
            f'wp_update_post(["ID" => {edited}, "post_content" => "<p>Rewritten on the blog today.</p>"]);',
        )
        added = int(php(site, 'echo wp_insert_post(["post_title" => "A post added on the blog", '
                              '"post_content" => "Words added later.", "post_status" => "publish", '
                              '"post_author" => 1]);'))  # fmt: skip
        before = visible(book)
        fetching = subprocess.Popen(
            [str(BINDERY), "fetch", site.url, "--delay", "0.4", "--retries", "1"],
            cwd=book, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        staging_log = book / "raw" / f".fetching-127.0.0.1-{site.port}" / "index.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            not staging_log.exists() or staging_log.read_text(encoding="utf-8").count("\n") < 2
        ):
            time.sleep(0.05)
        php_pid = int((site.home / "pids").read_text(encoding="utf-8").strip().split(",")[1])
        os.kill(php_pid, signal.SIGKILL)  # the server stops in the middle of the fetch
        out, err = fetching.communicate(timeout=120)
        assert fetching.returncode == 1 and out == ""
        assert err.count("\n") == 1 and "connection refused (is the site up?)" in err, err
        assert visible(book) == before  # raw/ and the book as they were
        server = restart_php(site)
        try:
            resumed = run(book, "fetch", site.url, "--delay", "0")
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert resumed.returncode == 0, resumed.stderr
    assert "1 new posts, 1 updated, 0 removed" in resumed.stdout and "responses resumed" in resumed.stdout
    posts = {p.meta["wp_id"]: p for p in load_posts(book).values()}
    assert "Rewritten on the blog today." in posts[edited].body
    assert "Words added later." in posts[added].body and len(posts) == 19
    assert len(list((book / "raw" / f"127.0.0.1-{site.port}").iterdir())) == 2  # two complete fetches
