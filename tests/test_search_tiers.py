"""The two-tier search index: a rebuild indexes only the posts that changed,
and a reader finds every post as it is now, once (search_index.py)."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bindery.dev.serve import serve
from bindery.dev.synthetic import synthetic_dump
from bindery.importer.run import import_dumps
from bindery.sphinxext.search.index import (
    BASE,
    RECENT,
    RECENT_FILE,
    IndexWriteError,
    _config,
    _writes_done,
    check_written,
    finish,
    page_ids,
    shard_folder,
    shard_of,
    write_tiers,
)

from .conftest import CHROMIUM, make_book, sphinx_build

POSTS = 120  # enough that one post and its neighbours are under one in twenty
SHARD_PAGES = 40  # so that the base has three shards, as 10,000 posts would have two
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="no Chromium (apt-get install chromium); .ci/run installs it"
)


def _build(src: Path, out: Path) -> None:
    result = sphinx_build(src, out, "-D", f"bindery_search_shard_pages={SHARD_PAGES}")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


@pytest.fixture(scope="module")
def tiers(tmp_path_factory) -> tuple[Path, Path, dict[str, object]]:
    """A 120-post book (its base index in three shards) built once, then
    rebuilt after one post was edited by hand and one post was added."""
    base = tmp_path_factory.mktemp("tiers")
    src, out = (
        make_book(base / "src", {"synthetic.txt": synthetic_dump(POSTS, seed=5, words=60)}),
        base / "html",
    )
    edited = sorted((src / "posts").glob("*.md"))[40]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA wombatish sentence.\n", encoding="utf-8")
    _build(src, out)
    entry = out / BASE / "pagefind-entry.json"
    before = {
        "entry_time": entry.stat().st_mtime_ns,
        "recent": json.loads((out / RECENT / RECENT_FILE).read_text()),
    }
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("wombatish", "quokkaesque"), encoding="utf-8"
    )
    (src / "raw" / "new.txt").write_text(
        "Category Archives: Technology\n\nA Zanzibarian Dispatch\n\nA zanzibarian post, the newest.\n\n"
        "Leave a comment\n\nFiled under Technology\n",
        encoding="utf-8",
    )
    import_dumps([src / "raw" / "new.txt"], src)
    _build(src, out)
    before["edited"] = f"posts/{edited.stem}.html"
    return src, out, before


def test_a_rebuild_indexes_only_what_changed(tiers):
    _, out, before = tiers
    assert before["recent"] == {  # a first build indexes everything
        "shards": 3,
        "wasm": "wasm.en.pagefind",
        "merge": False,
        "stale": [],
    }
    shards = [page_ids(out / BASE / shard_folder(k)) for k in range(3)]
    assert all(POSTS // 3 - 15 < len(ids) < POSTS // 3 + 15 for ids in shards), [len(i) for i in shards]
    urls = [url for ids in shards for url in ids]
    assert len(urls) == len(set(urls)) == POSTS  # every post in one shard, once
    assert all(shard_of(url, 3) == k for k, ids in enumerate(shards) for url in ids)
    assert (out / BASE / "pagefind-entry.json").stat().st_mtime_ns == before["entry_time"]
    recent = json.loads((out / RECENT / RECENT_FILE).read_text())
    assert recent["merge"] is True and recent["shards"] == 3  # the base and its shards kept
    assert len(recent["stale"]) == 1  # the edited post's old text; the neighbours' text is unchanged
    (language,) = json.loads((out / RECENT / "pagefind-entry.json").read_text())["languages"].values()
    assert 2 <= language["page_count"] < POSTS // 20


@pytest.mark.browser
@needs_chromium
def test_a_reader_finds_each_post_as_it_is_now_and_once(tiers, page):
    _, out, before = tiers

    def search(word: str) -> tuple[str, list[str]]:
        page.goto(f"{site}search.html?q={word}")
        page.locator("#search-summary:not(:empty)").wait_for(timeout=30_000)
        if not page.locator("#search-summary").inner_text().startswith("No results"):
            page.locator("#search-results li").first.wait_for(timeout=30_000)  # shown after the count
        links = page.locator("#search-results li > a")
        hrefs = [href.split("/", 3)[3] for href in links.evaluate_all("(as) => as.map((a) => a.href)")]
        return page.locator("#search-summary").inner_text(), hrefs

    with serve(out) as site:
        assert search("zanzibarian") == (
            "1 result for “zanzibarian”.",
            ["posts/a-zanzibarian-dispatch.html"],
        )
        assert search("quokkaesque") == ("1 result for “quokkaesque”.", [before["edited"]])
        assert search("wombatish")[0] == "No results for “wombatish”."
        summary, hrefs = search("the")
        assert len(hrefs) == len(set(hrefs)) == 10, summary  # the first ten, none twice
        assert summary.startswith(f"{POSTS + 1} results for"), summary
        page.click("#search-more")  # the next ten, from whichever shards hold them
        page.locator("#search-results li").nth(19).wait_for(timeout=30_000)
        links = page.locator("#search-results li > a").evaluate_all("(as) => as.map((a) => a.href)")
        assert len(links) == len(set(links)) == 20 and links[:10] == [f"{site}{h}" for h in hrefs]


EVERY_INDEX = {"_pagefind", "_pagefind/shard-1", "_pagefind/shard-2", "_pagefind_recent"}


def _fetched(page) -> list[str]:
    """The site paths the page's context fetches from now on, as they finish."""
    fetched: list[str] = []
    page.context.on("requestfinished", lambda request: fetched.append(request.url.split("/", 3)[3]))
    return fetched


def _index_folders(fetched: list[str]) -> set[str]:
    """The index folders (shards, recent tier) whose chunks were fetched."""
    return {url.rsplit("/index/", 1)[0] for url in fetched if "/index/" in url}


@pytest.mark.browser
@needs_chromium
def test_every_shard_is_searched_and_the_webassembly_fetched_once(tiers, page):
    _, out, _ = tiers
    fetched = _fetched(page)
    with serve(out) as site:
        page.goto(f"{site}search.html?q=the")
        page.locator("#search-results li").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
    assert _index_folders(fetched) == EVERY_INDEX, fetched
    assert [url for url in fetched if "wasm." in url] == ["_pagefind/wasm.en.pagefind"], fetched


@pytest.mark.browser
@needs_chromium
def test_the_index_a_word_needs_is_fetched_while_it_is_typed(tiers, page):
    _, out, _ = tiers
    fetched = _fetched(page)
    with serve(out) as site:
        page.goto(f"{site}search.html")
        page.wait_for_load_state("networkidle")
        page.type("#bindery-search-query", "th", delay=30)
        page.wait_for_timeout(500)
        assert _index_folders(fetched) == set(), fetched  # a word of two letters: nothing yet
        page.type("#bindery-search-query", "e", delay=30)
        for _ in range(100):  # up to 10 s for every index's chunk
            if _index_folders(fetched) == EVERY_INDEX:
                break
            page.wait_for_timeout(100)
        assert _index_folders(fetched) == EVERY_INDEX, fetched
        page.wait_for_timeout(500)
        before = len(fetched)
        page.press("#bindery-search-query", "Enter")
        page.locator("#search-results li").first.wait_for(timeout=30_000)
        page.locator("#search-results li").nth(9).wait_for(timeout=30_000)
    after = [url for url in fetched[before:] if url.startswith("_pagefind")]
    assert after and all("/fragment/" in url for url in after), after  # only the excerpts


@pytest.mark.browser
@needs_chromium
def test_a_shard_that_cannot_load_is_reported(tiers, page, tmp_path):
    _, out, _ = tiers
    broken = tmp_path / "html"
    shutil.copytree(out, broken)
    (broken / BASE / shard_folder(2) / "pagefind-entry.json").unlink()
    with serve(broken) as site:
        page.goto(f"{site}search.html?q=the")
        summary = page.locator("#search-summary:not(:empty)")
        summary.wait_for(timeout=30_000)
        assert summary.inner_text().startswith("Search is not available: ")


def _apart(call, *args):
    """``call(*args)`` on a thread of its own: Playwright's sync API, once
    started by a browser test, keeps an event loop running on this one,
    and Pagefind's client needs ``asyncio.run``."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call, *args).result()


def _page(title: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><main data-pagefind-body>"
        f"<h1>{title}</h1><p>{title} text.</p></main></body></html>"
    )


def test_pagefind_finishes_its_files_before_it_exits(tmp_path):
    """Pagefind replies to "write the files" before its last writes land
    (which cut the base index short at 10,000 posts): the build waits for
    them, then lets the service exit on its own (status 0, not killed)."""
    from pagefind.service import PagefindService

    out = tmp_path / "index"

    async def run() -> int | None:
        service = await PagefindService().launch()
        index = await service.create_index(_config(out, ()))
        for name in ("alpha", "beta"):
            await index.add_html_file(content=_page(name), url=f"/posts/{name}.html")
        await index.write_files()
        await _writes_done(service._backend.pid, out)
        return await finish(service)

    assert _apart(asyncio.run, run()) == 0
    assert sorted(check_written(out)) == ["/posts/alpha.html", "/posts/beta.html"]


def test_an_index_cut_short_is_refused_and_indexed_again(tmp_path):
    site = tmp_path / "html"
    (site / "posts").mkdir(parents=True)
    pages = {}
    for name in ("alpha", "beta", "gamma"):
        (site / "posts" / f"{name}.html").write_text(_page(name), encoding="utf-8")
        pages[f"/posts/{name}.html"] = site / "posts" / f"{name}.html"
    state = tmp_path / "state.json"
    assert _apart(write_tiers, site, state, pages, ()) == "all 3 pages indexed"
    assert _apart(write_tiers, site, state, pages, ()) == "nothing to index"

    fragment = next((site / BASE / "fragment").iterdir())
    whole = fragment.read_bytes()
    fragment.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IndexWriteError, match="cut short"):
        check_written(site / BASE)
    fragment.write_bytes(whole)

    (site / BASE / "pagefind-entry.json").write_bytes(b"")  # as a terminated Pagefind left it
    with pytest.raises(IndexWriteError, match=r"pagefind-entry\.json: missing or cut short"):
        check_written(site / BASE)
    assert _apart(write_tiers, site, state, pages, ()) == "all 3 pages indexed"
    assert len(check_written(site / BASE)) == 3


def test_the_build_waits_for_a_file_still_being_written(tmp_path):
    """As Pagefind does after its reply: a file still open, its bytes not
    yet written; ``_writes_done`` returns only once it is closed."""
    out = tmp_path / "index"
    out.mkdir()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "f = open(sys.argv[1], 'w'); print('open', flush=True)\n"
            "time.sleep(0.5); f.write('whole'); f.close(); time.sleep(30)",
            str(out / "pagefind-entry.json"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "open\n"
        assert (out / "pagefind-entry.json").read_text() == ""
        _apart(asyncio.run, _writes_done(writer.pid, out, 20.0))
        assert (out / "pagefind-entry.json").read_text() == "whole"
    finally:
        writer.kill()
        writer.communicate()
