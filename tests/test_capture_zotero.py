"""What Zotero saves from a post read from a web archive, asked of Zotero's
own translation server (tests/test_zotero.py starts it, or says why not)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup

from bindery.dev.serve import serve
from bindery.importer.run import import_dumps

from .conftest import ROOT, Book, sphinx_build
from .test_capture_warc import HOME, POST, POST_URI
from .test_zotero import Zotero, zotero  # noqa: F401  (the server, as a fixture)
from .warcs import Response, write_warc


@pytest.fixture(scope="module")
def captured_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    src = tmp_path_factory.mktemp("captured") / "src"
    (src / "raw").mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(ROOT / name, src / name)
    records = [
        Response("https://blog.example/", HOME, "2015-03-01T12:00:00Z"),
        Response(POST_URI, POST, "2015-03-01T12:00:00Z"),
    ]
    write_warc(src / "raw" / "site.warc.gz", records)
    import_dumps([src / "raw"], src)
    result = sphinx_build(src, src.parent / "html")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return Book(src, src.parent / "html")


@pytest.fixture(scope="module")
def captured_site(captured_book: Book) -> Iterator[str]:
    with serve(captured_book.out) as base:
        yield base


def test_zotero_saves_a_captured_post_as_a_blog_post_and_its_capture_as_a_note(
    zotero: Zotero,  # noqa: F811  (the fixture imported above)
    captured_book: Book,
    captured_site: str,
) -> None:
    address = "posts/chips-down.html"
    saved = zotero.save(captured_site + address)
    assert saved["itemType"] == "blogPost"
    assert (saved["title"], saved["date"]) == ("Chips “down”", "2012-01-03")
    assert saved["creators"] == [{"firstName": "Ben", "lastName": "Example", "creatorType": "author"}]
    soup = BeautifulSoup((captured_book.out / address).read_text(encoding="utf-8"), "html.parser")
    bibtex = soup.select(".cite-panel .citation-text")[2].get_text()
    items = zotero.import_(bibtex)
    notes = [i["note"] for i in items if i["itemType"] == "note"]
    assert notes == [f"<p>Originally published at {POST_URI}; saved from {POST_URI} on March 1, 2015</p>"]
