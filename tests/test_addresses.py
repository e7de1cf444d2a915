"""Permanent addresses: nothing later moves a published post."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

from bindery.archive.manifest import Manifest
from bindery.archive.store import load_posts
from bindery.cli import main as bindery
from bindery.importer.run import import_dumps

from .conftest import ROOT, SEED, Book, copy_repository_book, sphinx_build

BASE = "https://chinabystander-archive.example/"
NBSP = "\u00a0"


def site_pages(book: Book) -> list[str]:
    """Every HTML page of a build (the theme's _static holds template files)."""
    return sorted(
        p.relative_to(book.out).as_posix() for p in book.out.rglob("*.html") if "_static" not in p.parts
    )


def build(src: Path, out: Path) -> Book:
    result = sphinx_build(src, out)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return Book(src, out)


def served_post(book: Book, address: str) -> str:
    """The fingerprint of the post a page serves, following a redirect."""
    page = book.html(address)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    if refresh is not None:
        target = refresh["content"].split("url=", 1)[1]
        address = str(Path(address).parent / target)
        page = book.html(address)
    url = page.find("meta", attrs={"name": "citation_public_url"})["content"]
    slug = url.removeprefix(BASE + "posts/").removesuffix(".html")
    return load_posts(book.src)[slug].meta["fingerprint"]


SECOND_DUMP = (
    "Category Archives: Economy\n\n"
    "A New Post On Rates\n\nTHE CENTRAL BANK cut rates.\n\nLeave a comment\n\nFiled under Economy\n\n"
    "Policy Shift Will Favour China’s Tech Platform And Real Estate Firms\n\n"
    + "\n\n".join(SEED.read_text(encoding="utf-8").split("\n")[120:135:2])
    + "\n\n1 Comment\n\nFiled under Economy, Technology\n\n"
    f"The Chips Are{NBSP}Down\n\nA DIFFERENT POST under the same title.\n\n"
    "Leave a comment\n\nFiled under Economy\n"
)


def test_nothing_later_moves_a_published_post(tmp_path):
    first = build(copy_repository_book(tmp_path / "src"), tmp_path / "first")
    before = {f"posts/{slug}.html": p.meta["fingerprint"] for slug, p in load_posts(first.src).items()}
    assert len(before) == 10

    # a new dump (new post, same title, a post already imported), a title
    # edited by hand, a category renamed, and the same dumps imported again
    (first.src / "raw" / "economy.txt").write_text(SECOND_DUMP, encoding="utf-8")
    import_dumps(sorted((first.src / "raw").glob("*.txt")), first.src)
    page = first.src / "posts" / "the-chips-are-down.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: The Chips Are", "title: The Chips Were"))
    assert bindery(["--root", str(first.src), "rename-category", "Banking", "Banking and Finance"]) == 0
    import_dumps(sorted((first.src / "raw").glob("*.txt")), first.src)
    second = build(first.src, tmp_path / "second")

    for address, fingerprint in before.items():
        assert served_post(second, address) == fingerprint, address
    after = load_posts(second.src)
    assert len(after) == 12
    assert after["the-chips-are-down-2"].title == f"The Chips Are{NBSP}Down"
    merged = after["policy-shift-will-favour-chinas-tech-platform-and-real-estate-firms"]
    assert [s.file for s in merged.sources] == ["raw/economy.txt", "raw/technology.txt"]
    # every page of the first build is served by the second
    for address in site_pages(first):
        assert (second.out / address).exists(), address


def test_renamed_slug_leaves_a_redirect(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    assert bindery(["--root", str(src), "move", "the-chips-are-down", "chips-down"]) == 0
    book = build(src, tmp_path / "html")
    page = book.html("posts/the-chips-are-down.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=chips-down.html"
    assert page.find("link", rel="canonical")["href"] == BASE + "posts/chips-down.html"
    assert page.find("a", href="chips-down.html").get_text() == f"The Chips Are{NBSP}Down"
    assert served_post(book, "posts/the-chips-are-down.html") == served_post(book, "posts/chips-down.html")
    # the old address is kept by the post and the manifest, and never reused
    assert load_posts(src)["chips-down"].old_slugs == ["the-chips-are-down"]
    assert {"posts/the-chips-are-down.html", "posts/chips-down.html"} <= Manifest.load(src).addresses
    assert bindery(["--root", str(src), "move", "chips-down", "reining-in-all-round"]) == 1


def test_build_fails_when_a_published_address_disappears(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    (src / "posts" / "the-chips-are-down.md").unlink()
    bindery(["--root", str(src), "pages"])
    result = sphinx_build(src, tmp_path / "html")
    assert result.returncode == 1
    line = Manifest.load(src).lines["posts/the-chips-are-down.html"]
    warning = f"addresses.txt:{line}: WARNING: posts/the-chips-are-down.html is in the manifest"
    assert f"{warning} but no longer served" in result.stderr
    # a redirect line serves it again
    manifest = (src / "addresses.txt").read_text(encoding="utf-8")
    (src / "addresses.txt").write_text(
        manifest.replace("posts/the-chips-are-down.html\n", "posts/the-chips-are-down.html -> index.html\n"),
        encoding="utf-8",
    )
    book = build(src, tmp_path / "html2")
    assert book.html("posts/the-chips-are-down.html").find("meta", attrs={"http-equiv": "refresh"})


def test_manifest_lists_every_page_of_the_book(seed_book):
    manifest = Manifest.load(ROOT)
    assert manifest.addresses == set(site_pages(seed_book)) - {"search.html", "genindex.html", "404.html"}


def test_every_page_names_its_canonical_address(seed_book):
    for address in site_pages(seed_book):
        canonical = seed_book.html(address).find_all("link", rel="canonical")
        assert [link["href"] for link in canonical] == [BASE + address], address


def test_sitemap_lists_every_page(seed_book):
    tree = ElementTree.parse(seed_book.out / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    pages = [BASE + a for a in site_pages(seed_book) if a not in ("search.html", "genindex.html", "404.html")]
    assert urls == pages


def test_sitemap_stays_complete_after_an_incremental_build(tmp_path):
    src = copy_repository_book(tmp_path / "src")
    build(src, tmp_path / "html")
    full = (tmp_path / "html" / "sitemap.xml").read_text(encoding="utf-8")
    page = src / "posts" / "the-chips-are-down.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(src, tmp_path / "html")
    assert (tmp_path / "html" / "sitemap.xml").read_text(encoding="utf-8") == full


def test_paragraph_anchors_are_positions(seed_book, tmp_path):
    page = seed_book.html("posts/the-chips-are-down.html")
    paragraphs = page.select("article section > p:not(.post-date)")  # (the date line, or the Cite link)
    assert [p.get("id") for p in paragraphs] == [f"p-{n}" for n in range(1, len(paragraphs) + 1)]
    links = [p.select_one("a.paragraph-link")["href"] for p in paragraphs]
    assert links == [f"#p-{n}" for n in range(1, len(paragraphs) + 1)]
    quote = seed_book.html("posts/canada-finally-bans-huawei-from-its-5g-networks.html").select_one(
        "blockquote p"
    )
    assert quote["id"] == "p-7"
    items = seed_book.html("posts/china-starts-to-bring-the-metaverse-into-line.html").select("article li p")
    assert [p["id"] for p in items] == ["p-5", "p-6", "p-7", "p-8"]
    # the same in another build, in another folder
    other = copy_repository_book(tmp_path / "src")
    shutil.rmtree(other / "categories")
    bindery(["--root", str(other), "pages"])
    again = build(other, tmp_path / "html")
    assert [
        p.get("id") for p in again.html("posts/the-chips-are-down.html").select("article section > p[id]")
    ] == [p.get("id") for p in paragraphs]
