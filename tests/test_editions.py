"""The book's EPUB and PDF editions, built once per session and checked many
ways: epubcheck, pdffonts, pdftotext (every word of every post, in order),
CJK fonts, page references, footnotes, the index, hostile text, the
site's links to them, incremental volumes and one-line failures.

The PDF tests skip only where xelatex or latexmk is not installed, and
the EPUB check only where epubcheck cannot run; each says why.  CI
installs them (.ci/run).
"""

from __future__ import annotations

import html
import inspect
import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from bs4 import BeautifulSoup
from PIL import Image

import bindery.sphinxext
from bindery.archive.store import parse_post
from bindery.editions import tools
from bindery.editions.build import Outcome, build_editions
from bindery.errors import BinderyError
from bindery.importer.run import import_dumps
from bindery.sphinxext import nodes as node_table
from bindery.sphinxext.editions.latex import MARGIN_POINTS, PAGE_POINTS
from tests import hostile_posts as hostile
from tests.conftest import BOOK_FILES, ROOT, Book, copy_repository_book, sphinx_build
from tests.test_wxr import item, wxr

SAMPLES = Path(__file__).parent / "samples"
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
HAS_TEX = all(shutil.which(name) for name in ("xelatex", "latexmk", "pdftotext", "pdffonts"))
needs_tex = pytest.mark.skipif(
    not HAS_TEX, reason="xelatex, latexmk or poppler-utils not installed (apt-get install: see .ci/run)"
)


@dataclass
class Editions:
    src: Path
    out: Path
    runs: dict[str, list[Outcome]] = field(default_factory=dict)

    def file(self, fmt: str) -> Path:
        (outcome,) = self.runs[fmt]
        return self.out / outcome.file

    def pdf_text(self, body_only: bool = True) -> str:
        """pdftotext of the PDF; the running heads and page numbers cropped
        off (they sit in the margins), so a word across pages stays whole."""
        crop: list[str] = []
        if body_only:
            top = MARGIN_POINTS - 4
            crop = ["-x", "0", "-y", f"{top:.0f}", "-W", f"{PAGE_POINTS[0]:.0f}"]
            crop += ["-H", f"{PAGE_POINTS[1] - 2 * top:.0f}"]
        command = ["pdftotext", *crop, str(self.file("pdf")), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def page_texts(self) -> list[str]:
        return self.pdf_text(body_only=False).split("\f")

    def epub_page(self, docname: str) -> BeautifulSoup:
        with zipfile.ZipFile(self.file("epub")) as epub:
            return BeautifulSoup(epub.read(f"{docname}.xhtml").decode("utf-8"), "html.parser")


def _make(src: Path, formats: tuple[str, ...]) -> Editions:
    editions = Editions(src, src.parent / "editions")
    for fmt in formats:
        if fmt == "pdf" and not HAS_TEX:
            continue
        editions.runs[fmt] = build_editions(src, fmt, editions.out, report=lambda line: None)
    return editions


def _book(dest: Path, raw: dict[str, str | Path]) -> Path:
    (dest / "raw").mkdir(parents=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    for name, data in raw.items():
        if isinstance(data, Path):
            shutil.copy(data, dest / "raw" / name)
        else:
            (dest / "raw" / name).write_text(data, encoding="utf-8")
    import_dumps(sorted((dest / "raw").iterdir()), dest)
    return dest


@pytest.fixture(scope="session")
def seed_editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    src = copy_repository_book(tmp_path_factory.mktemp("seed-editions") / "src")
    return _make(src, ("epub", "pdf"))


@pytest.fixture(scope="session")
def sample_editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    """Both sample exports, imported: one edition of 73 posts, 2009–2023."""
    base = tmp_path_factory.mktemp("sample-editions")
    src = _book(base / "src", {p.name: p for p in sorted(SAMPLES.glob("*.xml"))})
    return _make(src, ("epub", "pdf"))


HOSTILE_LINKS = (
    "See [the TeX post](/posts/tex-specials.md) and [an outside page](https://example.org/outside/page)."
)


@pytest.fixture(scope="session")
def hostile_editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    """Text TeX and XHTML choke on, a 5 MB post among it; one post links
    another (by hand, in its MyST) and a page outside the book."""
    base = tmp_path_factory.mktemp("hostile-editions")
    posts = {**hostile.POSTS, "A Five Megabyte Post": hostile.big_post(5)}
    src = _book(base / "src", {"hostile.txt": hostile.dump(posts)})
    emoji = src / "posts" / "emoji.md"
    emoji.write_text(emoji.read_text(encoding="utf-8") + f"\n{HOSTILE_LINKS}\n", encoding="utf-8")
    return _make(src, ("epub", "pdf"))


UPLOADS = "https://blog.example/wp-content/uploads/2010/01"


def _image(mode: str, color: tuple[int, ...], fmt: str, frames: tuple[tuple[int, ...], ...] = ()) -> bytes:
    out = io.BytesIO()
    first, *rest = [Image.new(mode, (8, 8), c) for c in (color, *frames)]
    options = {"lossless": True} if fmt == "WEBP" else {}  # (its colour exactly)
    first.save(out, fmt, save_all=bool(rest), append_images=rest, **options)
    return out.getvalue()


@pytest.fixture(scope="session")
def images_editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    """A post whose images xelatex cannot include and EPUB 3 does not list
    as its own: an animated GIF (red, then blue), a WebP (green), a file
    named .gif that is none, a BMP."""
    src = tmp_path_factory.mktemp("images-editions") / "src"
    uploads = src / "raw" / "uploads" / "2010" / "01"
    uploads.mkdir(parents=True)
    (uploads / "anim.gif").write_bytes(_image("RGB", (255, 0, 0), "GIF", frames=((0, 0, 255),)))
    (uploads / "leaf.webp").write_bytes(_image("RGB", (0, 255, 0), "WEBP"))
    (uploads / "broken.gif").write_bytes(b"GIF89a, then nothing an image is made of")
    (uploads / "photo.bmp").write_bytes(_image("RGB", (0, 0, 0), "BMP"))
    body = "".join(
        f'<p>{name}:</p><img src="{UPLOADS}/{name}" alt="the {name.split(".")[0]} image">'
        for name in ("anim.gif", "leaf.webp", "broken.gif", "photo.bmp")
    )
    (src / "raw" / "blog.xml").write_text(wxr(item(1, "Pictures", body, name="pictures")), encoding="utf-8")
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, src / name)
    import_dumps([src / "raw" / "blog.xml"], src)
    return _make(src, ("epub", "pdf"))


EDITIONS = ("seed_editions", "sample_editions", "hostile_editions", "images_editions")


# -- text ------------------------------------------------------------------


def _stream(text: str) -> str:
    """Letters and digits alone: hyphenation, line and page breaks, and
    the footnote marks between them do not part a word."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).casefold())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def _missing_in_order(words: list[str], stream: str) -> str | None:
    """The first of ``words`` not found after the ones before it, or None."""
    at = 0
    for word in words:
        found = stream.find(word, at)
        if found < 0:
            return word[:60]
        at = found + len(word)
    return None


def _post_text(page: BeautifulSoup) -> str:
    """A post's own words in the EPUB: its text, not what the edition adds,
    nor its tables, preformatted blocks and footnotes (``_block_words``:
    pdftotext reads a table's cells and columns in the order it finds them
    on the page, and the PDF sets a footnote at the foot of the page that
    cites it, before the rest of the post)."""
    section = page.select_one("section")
    assert section is not None
    added = ".post-address, .post-date, .post-colophon, .archive-figure-missing, .footnote-reference"
    added += ", h1, table, pre, aside.footnote"
    for node in section.select(added):
        node.decompose()
    return section.get_text(" ")


def _block_words(page: BeautifulSoup) -> list[str]:
    return [
        word
        for block in page.select("section table, section pre, section aside.footnote")
        for word in _words(block.get_text(" "))
    ]


# -- EPUB ------------------------------------------------------------------


def _epubcheck() -> list[str]:
    if EPUBCHECK_JAR.exists() and shutil.which("java"):
        return ["java", "-jar", str(EPUBCHECK_JAR)]
    pytest.skip("epubcheck is not installed (Debian's epubcheck: apt-get install epubcheck; see .ci/run)")


@pytest.mark.parametrize("name", EDITIONS)
def test_every_epub_passes_epubcheck_without_an_error_or_a_warning(name, request):
    editions: Editions = request.getfixturevalue(name)
    result = subprocess.run([*_epubcheck(), str(editions.file("epub"))], capture_output=True, text=True)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in result.stdout, (
        result.stdout + result.stderr
    )
    assert result.returncode == 0


def test_an_epub_holds_only_images_it_may_and_names_the_others(images_editions):
    """The GIF stays (EPUB takes it), the WebP becomes a PNG, the file that
    is no image and the BMP are named where they stood, with their alt text."""
    with zipfile.ZipFile(images_editions.file("epub")) as epub:
        names = epub.namelist()
        page = BeautifulSoup(epub.read("posts/pictures.xhtml").decode("utf-8"), "html.parser")
    assert not [n for n in names if n.endswith((".webp", ".bmp")) or n.endswith("broken.gif")]
    assert [img["alt"] for img in page.select("img")] == ["the anim image", "the leaf image"]
    missing = [" ".join(box.get_text(" ").split()) for box in page.select(".archive-image-placeholder")]
    assert missing == [
        "Image not in this edition Alt text: the broken image File: broken.gif",
        "Image not in this edition Alt text: the photo image File: photo.bmp",
    ]


def test_the_epub_has_a_cover_a_title_page_contents_by_month_and_an_index(sample_editions):
    with zipfile.ZipFile(sample_editions.file("epub")) as epub:
        opf = epub.read("content.opf").decode()
        cover = epub.read("_static/bindery-cover.svg").decode()
        nav = BeautifulSoup(epub.read("nav.xhtml").decode(), "html.parser")
        index = BeautifulSoup(epub.read("genindex.xhtml").decode(), "html.parser")
        names = epub.namelist()
    root = sample_editions.epub_page("edition-archive")
    blog = root.select_one("h1").get_text().removesuffix(": The whole archive")
    assert 'properties="cover-image"' in opf and escape(blog) in cover
    assert not [n for n in names if n.endswith(".js")]  # no script: a theme made for e-readers
    title = root.get_text(" ")
    assert f"An archive of {blog}, 2009–2023: 73 posts." in " ".join(title.split())
    assert "https://chinabystander-archive.example/" in title
    title_page, *months = [a.get_text() for a in nav.select("nav > ol > li > a")]
    assert title_page == f"{blog}: The whole archive"
    assert months[0] == "January 2023" and "September 2008" not in months and len(months) > 10
    assert nav.select("nav > ol > li > ol > li > a")  # the posts, under their months
    entries = index.get_text(" ")
    assert "Categories" in entries and "Tags" in entries and "Augmentation" in entries
    assert index.select('a[href^="posts/"]')


def test_the_epub_holds_every_word_of_every_post_of_the_seed_in_order(seed_editions):
    for doc in seed_editions.runs["epub"][0].volume.posts:
        path = seed_editions.src / f"{doc}.md"
        post = parse_post(path.read_text(encoding="utf-8"), path.name)
        lines = [line for line in post.body.splitlines()[1:] if not line.startswith(("```", ":"))]
        body = html.unescape("\n".join(lines))  # MyST reads &#160; as the character
        text = _stream(_post_text(seed_editions.epub_page(f"posts/{post.slug}")))
        assert _missing_in_order(_words(body), text) is None, post.slug


def test_a_post_in_the_epub_has_its_address_date_comments_and_no_site_furniture(sample_editions):
    page = sample_editions.epub_page("posts/template-comments")
    address = page.select_one(".post-address a")
    assert address["href"] == "https://chinabystander-archive.example/posts/template-comments.html"
    assert page.select(".archive-comment") and page.select_one("time[datetime]")
    assert not page.select(".cite-panel, .paragraph-link, .Z3988, script")


# -- PDF -------------------------------------------------------------------


@needs_tex
@pytest.mark.parametrize("name", EDITIONS)
def test_every_font_of_the_pdf_is_embedded_and_no_character_lacks_a_glyph(name, request):
    editions: Editions = request.getfixturevalue(name)
    listing = subprocess.run(["pdffonts", str(editions.file("pdf"))], capture_output=True, text=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), listing
    assert editions.runs["pdf"][0].warnings == []  # xelatex's "Missing character", read from its log


@needs_tex
def test_the_pdf_holds_every_word_of_every_post_of_the_seed_in_order(seed_editions):
    stream = _stream(seed_editions.pdf_text())
    at = 0
    for chapter_post in seed_editions.runs["pdf"][0].volume.posts:
        words = _words(_post_text(seed_editions.epub_page(chapter_post)))
        missing = _missing_in_order(words, stream[at:])
        assert missing is None, (chapter_post, missing)
        at += stream[at:].find(words[0])  # the next post comes after this one's start


@needs_tex
def test_the_pdf_holds_every_word_of_the_samples_in_order(sample_editions):
    stream = _stream(sample_editions.pdf_text())
    tables = 0
    for post in sample_editions.runs["pdf"][0].volume.posts:
        page = sample_editions.epub_page(post)
        cells = _block_words(page)
        words = _words(_post_text(page))
        assert _missing_in_order(words, stream) is None, post
        assert [word for word in cells if word not in stream] == [], post
        tables += bool(cells)
    assert tables  # the samples' tables and preformatted blocks were checked


@needs_tex
def test_hostile_text_is_set_word_for_word(hostile_editions):
    text = hostile_editions.pdf_text()
    stream = _stream(text)
    for title, paragraphs in hostile.POSTS.items():
        words = _words(title + " " + " ".join(paragraphs))
        assert _missing_in_order(words, stream) is None, title
    assert _missing_in_order(_words(" ".join(hostile.big_post(5))), stream) is None
    shown = unicodedata.normalize("NFKC", text)
    for piece in (hostile.HEBREW, hostile.ARABIC, hostile.CHINESE, hostile.KOREAN, hostile.JAPANESE):
        assert unicodedata.normalize("NFKC", piece) in shown, piece  # in reading order, spaces kept
    for emoji in ("😀", "🚀", "👍", "✅"):
        assert emoji in text
    assert "\\textbf" in text and "100% of # hashes" in text
    assert "A bell and an escape in the text." in text  # the control characters left out, no word lost


def test_hostile_text_is_word_for_word_in_the_epub(hostile_editions):
    for title, paragraphs in {**hostile.POSTS, "A Five Megabyte Post": hostile.big_post(5)}.items():
        slug = title.lower().replace(" ", "-")
        text = _stream(_post_text(hostile_editions.epub_page(f"posts/{slug}")))
        assert _missing_in_order(_words(" ".join(paragraphs)), text) is None, title
    page = hostile_editions.epub_page("posts/right-to-left").get_text(" ")
    assert hostile.HEBREW in page and hostile.ARABIC in page


@needs_tex
def test_chinese_japanese_and_korean_are_set_in_a_cjk_font(hostile_editions, sample_editions):
    for editions in (hostile_editions, sample_editions):
        listing = subprocess.run(
            ["pdffonts", str(editions.file("pdf"))], capture_output=True, text=True
        ).stdout
        assert "CJK" in listing
    assert "風呂敷" in sample_editions.pdf_text()
    assert hostile.CHINESE in hostile_editions.pdf_text()


@needs_tex
def test_a_link_to_another_post_gives_its_page_and_a_link_outside_a_footnote(hostile_editions):
    pages = hostile_editions.page_texts()
    found = re.search(r"the TeX post \(see p\. (\d+)\)", " ".join(hostile_editions.pdf_text().split()))
    assert found is not None
    (page,) = [n for n, text in enumerate(pages, start=1) if re.search(r"\d\.\d+ TeX Specials\n", text)]
    printed = re.findall(r"^(\d+)$", pages[page - 1], re.MULTILINE)
    assert found.group(1) in printed  # the number printed on the page where the post starts
    text = " ".join(hostile_editions.pdf_text().split())
    assert "an outside page" in text and "https://example.org/outside/page" in text


@needs_tex
def test_the_pdf_holds_a_gif_and_a_webp_and_names_what_it_cannot_hold(images_editions, tmp_path):
    """xelatex takes neither GIF nor WebP: each is made a PNG (an
    animation's first frame), seen here in the images the PDF holds; the
    rest are named in the text, and the build does not stop."""
    pdf = images_editions.file("pdf")
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "image")], check=True)
    colors = []
    for path in sorted(tmp_path.glob("image-*.png")):
        with Image.open(path) as image:
            if image.mode != "L":  # (a transparency mask is an image of its own)
                colors.append(image.convert("RGB").getpixel((4, 4)))
    assert colors == [(255, 0, 0), (0, 255, 0)]
    text = " ".join(images_editions.pdf_text().split())
    assert "Image not in this edition Alt text: the broken image File: broken.gif" in text
    assert "Image not in this edition Alt text: the photo image File: photo.bmp" in text


@needs_tex
def test_links_between_the_samples_posts_are_page_references(sample_editions):
    """The theme test data links its button block's post by an address
    dated a day after the post's own (another time zone): found by its
    slug, as WordPress finds it, and given its page."""
    text = " ".join(sample_editions.pdf_text().split())
    assert re.search(r"\(see p\. \d+\)", text)


@needs_tex
def test_each_post_has_its_permanent_address_under_its_title(seed_editions):
    stream = _stream(seed_editions.pdf_text())
    for doc in seed_editions.runs["pdf"][0].volume.posts:
        page = seed_editions.epub_page(doc)
        title = page.select_one("h1").get_text()
        first = _words(_post_text(page))[:3]
        url = f"https://chinabystander-archive.example/{doc}.html"
        expected = [*_words(title), "permanent", "address", _stream(url), *first]
        assert _missing_in_order(expected, stream) is None, doc


def _words_on_pages(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """Each word of the PDF: its page (from 1), its text, its box in points."""
    command = ["pdftotext", "-bbox", str(pdf), "-"]
    layout = BeautifulSoup(
        subprocess.run(command, capture_output=True, text=True, check=True).stdout, "html.parser"
    )
    return [
        (number, word.get_text(), tuple(float(word[k]) for k in ("xmin", "ymin", "xmax", "ymax")))  # type: ignore[misc]
        for number, page in enumerate(layout.select("page"), start=1)
        for word in page.select("word")
    ]


def _ruled_rows(pdf: Path, page: int, box: tuple[float, float, float, float], tmp_path: Path) -> list[float]:
    """Where, from the word's top (0) to its bottom (1) and a little beyond,
    a dark line crosses the whole word: the page rendered by poppler, as a
    reader's viewer draws it."""
    dpi = 144
    scale = dpi / 72
    stem = tmp_path / f"page-{page}"
    subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", str(pdf), str(stem)],
        check=True,
    )
    (image,) = tmp_path.glob(f"page-{page}*.pgm")
    data = image.read_bytes()
    _, width, height, _, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()  # type: ignore[union-attr]
    width, height = int(width), int(height)
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    rows = []
    for y in range(y0, min(y1 + (y1 - y0) // 3, height)):
        line = pixels[y * width + x0 + 1 : y * width + x1 - 1]
        if line and sum(1 for value in line if value < 128) >= 0.95 * len(line):
            rows.append((y - y0) / (y1 - y0))
    image.unlink()
    return rows


@needs_tex
def test_struck_out_and_underlined_words_are_drawn_so_in_the_pdf(sample_editions, tmp_path):
    """<del> is a line through each word, <ins> and <u> a line under it,
    as the page on the site shows them: a reader of the PDF does not take
    struck-out words for the author's."""
    pdf = sample_editions.file("pdf")
    words = _words_on_pages(pdf)
    texts = [text for _, text, _ in words]
    at = next(i for i in range(len(texts)) if texts[i : i + 3] == ["strike", "out", "text,"])
    for page, text, box in words[at - 2 : at + 2]:  # "let you" unmarked, then two struck words
        rows = _ruled_rows(pdf, page, box, tmp_path)
        if text in ("let", "you"):
            assert rows == [], text
        else:
            assert rows and all(0.2 < row < 0.9 for row in rows), (text, rows)
    at = texts.index("underlined")
    for page, text, box in words[at - 1 : at + 1]:  # "shows" unmarked, then an underlined word
        rows = _ruled_rows(pdf, page, box, tmp_path)
        if text == "shows":
            assert rows == [], text
        else:
            assert rows and all(row > 0.85 for row in rows), (text, rows)


@needs_tex
def test_the_pdf_has_a_title_page_contents_and_an_index_with_page_numbers(sample_editions):
    pages = sample_editions.page_texts()
    blog = sample_editions.epub_page("edition-archive").select_one("h1").get_text().split(": ")[0]
    assert " ".join(pages[0].split()).startswith(f"{blog} The whole archive")
    assert "Contents" in "".join(pages[1:4]) and "January 2023" in "".join(pages[1:4])
    index = next(n for n in range(len(pages) - 1, 0, -1) if pages[n].lstrip().startswith("Index"))
    entries = " ".join("\n".join(pages[index:]).split())
    assert re.search(r"Augmentation, \d+", entries) and "Categories" in entries and "Tags" in entries


# -- the site, volumes, failures -------------------------------------------


@needs_tex
def test_the_site_links_the_editions_with_size_and_date(sample_editions, tmp_path):
    result = sphinx_build(
        sample_editions.src, tmp_path / "html", "-D", f"bindery_editions_dir={sample_editions.out}"
    )
    assert (result.returncode, result.stderr) == (0, "")
    book = Book(sample_editions.src, tmp_path / "html")
    for page, prefix in (("index.html", ""), ("posts/2013/index.html", "../../")):
        box = book.html(page).select_one(".bindery-editions")
        assert box is not None, page
        links = {a.get_text(): a["href"] for a in box.select("a")}
        assert links == {
            "EPUB": f"{prefix}editions/{sample_editions.file('epub').name}",
            "PDF": f"{prefix}editions/{sample_editions.file('pdf').name}",
        }
        assert re.search(r"EPUB \(\d+ KB, made \d{4}-\d\d-\d\d\)", box.get_text())
    for name in links.values():
        assert (tmp_path / "html" / name.removeprefix("../../")).stat().st_size > 10_000


def test_a_site_without_editions_shows_none(seed_editions, tmp_path):
    result = sphinx_build(seed_editions.src, tmp_path / "html", "-D", "bindery_editions_dir=nowhere")
    assert (result.returncode, result.stderr) == (0, "")
    assert Book(seed_editions.src, tmp_path / "html").html("index.html").select(".bindery-editions") == []
    assert not (tmp_path / "html" / "editions").exists()


YEARS = """Monthly Archives: {month} {year}

{title}

THE TEXT of {title}, a post of {year}.

Leave a comment

Filed under Years

"""


def test_adding_a_post_to_a_year_rebuilds_that_years_volume_alone(tmp_path):
    dumps = {
        f"{year}-{n}.txt": YEARS.format(month=month, year=year, title=f"Post {n} of {year}")
        for year in (2023, 2024)
        for n, month in enumerate(("March", "April"))
    }
    src = _book(tmp_path / "src", dumps)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nbindery_volume_posts = 3\n")
    out = tmp_path / "editions"
    first = build_editions(src, "epub", out, report=lambda line: None)
    assert [(o.volume.key, o.built) for o in first] == [("2024", True), ("2023", True)]
    kept = (out / first[1].file).stat().st_mtime_ns
    (src / "raw" / "2024-new.txt").write_text(
        YEARS.format(month="May", year=2024, title="New"), encoding="utf-8"
    )
    import_dumps([src / "raw" / "2024-new.txt"], src)
    second = build_editions(src, "epub", out, report=lambda line: None)
    assert [(o.volume.key, o.built, len(o.volume.posts)) for o in second] == [
        ("2024", True, 3),
        ("2023", False, 2),
    ]
    assert (out / second[1].file).stat().st_mtime_ns == kept
    assert [o.built for o in build_editions(src, "epub", out, report=lambda line: None)] == [False, False]
    recorded = json.loads((out / "editions.json").read_text(encoding="utf-8"))
    assert [(v["key"], v["years"], len(v["posts"])) for v in recorded["volumes"]] == [
        ("2024", [2024], 3),
        ("2023", [2023], 2),
    ]


def test_a_missing_program_is_one_line_naming_the_debian_package(tmp_path, capsys, monkeypatch):
    from bindery.cli import main

    src = copy_repository_book(tmp_path / "src")
    monkeypatch.setenv("PATH", str(tmp_path))  # no xelatex, no latexmk
    assert main(["--root", str(src), "editions", "pdf"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "xelatex, latexmk" in err and "apt-get install texlive-xetex latexmk" in err


def test_a_missing_font_or_tex_package_is_one_line_naming_the_debian_package(monkeypatch):
    if shutil.which("fc-list") is None or shutil.which("kpsewhich") is None:
        pytest.skip("fontconfig or TeX Live is not installed: nothing to find fonts and TeX files with")
    monkeypatch.setattr(tools, "PROGRAMS", {})
    monkeypatch.setitem(tools.TEX_FILES, "bindery-no-such-package.sty", "texlive-bindery")
    with pytest.raises(BinderyError, match=r"bindery-no-such-package\.sty not found: .*texlive-bindery"):
        tools.check_pdf_tools()
    del tools.TEX_FILES["bindery-no-such-package.sty"]
    monkeypatch.setattr(tools, "FONTS", {"Bindery No Such Font": "fonts-bindery"})
    with pytest.raises(
        BinderyError, match=r"font Bindery No Such Font not found: .*apt-get install fonts-bindery"
    ):
        tools.check_pdf_tools()


def test_a_latex_failure_is_read_back_as_one_line():
    log = "! LaTeX Error: File `wrapfig.sty' not found.\n\nType X to quit"
    assert tools.latex_failure(log, "2022") == (
        "PDF edition 2022: TeX file wrapfig.sty not found: install the Debian package texlive-latex-extra"
        " (apt-get install texlive-latex-extra)"
    )
    log = "./book.tex:7864: LaTeX Error: Too deeply nested.\nSee the LaTeX manual"
    assert (
        tools.latex_failure(log, "2022") == "PDF edition 2022: book.tex:7864: LaTeX Error: Too deeply nested."
    )
    assert tools.missing_characters("Missing character: There is no 😀 (U+1F600) in font FreeSerif/OT!") == [
        "U+1F600 😀 in FreeSerif"
    ]


def test_every_node_of_the_extension_says_what_each_builder_does_with_it():
    from docutils import nodes

    package = Path(bindery.sphinxext.__file__).parent
    defined = set()
    for path in package.rglob("*.py"):
        module_name = "bindery.sphinxext." + ".".join(path.relative_to(package).with_suffix("").parts)
        module = __import__(module_name.removesuffix(".__init__"), fromlist=["*"])
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, nodes.Element) and value.__module__.startswith("bindery."):
                defined.add(value)
    listed = set(node_table.WRITTEN) | set(node_table.RESOLVED)
    assert defined == listed, defined ^ listed
    for node, builders in node_table.WRITTEN.items():
        assert set(node_table.BUILDERS) <= set(builders), node
