"""Shared fixtures: books imported and built in temporary folders."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bindery import sources
from bindery.cli import main as bindery
from bindery.dev.serve import serve
from bindery.dev.weight import CHROMIUM_ARGS
from bindery.importer.run import import_dumps
from bindery.model import Dump, Post
from bindery.sources.reader import ReadAgain

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "technology.txt"
DUMPS = Path(__file__).parent / "dumps"
BOOK_FILES = ("conf.py", "index.md")
BLOG_FILE = "blog.yaml"  # the seed's blog: its name, address and source
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Book:
    src: Path
    out: Path

    def html(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / rel).read_text(encoding="utf-8"), "html.parser")

    def post_pages(self) -> list[Path]:
        return sorted(p for p in (self.out / "posts").glob("*.html") if p.name != "index.html")


def read_source(path: Path, display: str | None = None) -> Dump:
    """A source read whole, by the reader the registry gives it, as an
    import reads it (read again where the reader asks): its Dump, posts in."""
    name = display or path.as_posix()
    hints: tuple[object, ...] = ()
    while True:
        posts: list[Post] = []
        stream = sources.read(path, name, hints)
        try:
            while True:
                try:
                    posts.append(next(stream))
                except StopIteration as end:
                    return dataclasses.replace(end.value, posts=tuple(posts))
        except ReadAgain as again:
            hints = (*hints, again.hint)


def make_book(dest: Path, dumps: dict[str, str | Path]) -> Path:
    """The book's own conf.py and index.md, with ``dumps`` (name → text or
    file) imported into it as the maintainer would."""
    (dest / "raw").mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    if SEED in dumps.values():  # the seed's own dump: its blog is the seed's
        shutil.copy(ROOT / BLOG_FILE, dest / BLOG_FILE)
    for name, dump in dumps.items():
        target = dest / "raw" / name
        if isinstance(dump, Path):
            shutil.copy(dump, target)
        else:
            target.write_text(dump, encoding="utf-8")
    import_dumps(sorted((dest / "raw").glob("*.txt")), dest)
    return dest


def sphinx_build(src: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as ``make html`` runs it: warnings are errors."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q"]
    return subprocess.run([*command, *options, str(src), str(out)], capture_output=True, text=True)


def build_book(dest: Path, dumps: dict[str, str | Path], *options: str) -> Book:
    src = make_book(dest / "src", dumps)
    result = sphinx_build(src, dest / "html", *options)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return Book(src, dest / "html")


def copy_repository_book(dest: Path) -> Path:
    """The book exactly as committed: sources, posts, pages and manifest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*BOOK_FILES, BLOG_FILE, "addresses.txt"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("raw", "posts", "categories"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest


@pytest.fixture(scope="session")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The repository's own book (the seed archive), built once for the session.

    Building it also checks that every address in addresses.txt is served."""
    base = tmp_path_factory.mktemp("seed")
    src = copy_repository_book(base / "src")
    result = sphinx_build(src, base / "html")
    assert (result.returncode, result.stderr) == (0, "")
    return Book(src, base / "html")


@pytest.fixture(scope="session")
def hazards_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """A dump of text that looks like markup, imported and built once."""
    return build_book(tmp_path_factory.mktemp("hazards"), {"hazards.txt": DUMPS / "hazards.txt"})


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (browser tests only)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory) -> Iterator[str]:
    """A book in which a post was given a new slug after it was published."""
    base = tmp_path_factory.mktemp("moved")
    src = copy_repository_book(base / "src")
    assert bindery(["--root", str(src), "move", "the-chips-are-down", "chips-down"]) == 0
    result = sphinx_build(src, base / "html")
    assert result.returncode == 0, result.stderr
    with serve(base / "html") as url:
        yield url


@pytest.fixture(scope="module")
def site(seed_book: Book) -> Iterator[str]:
    with serve(seed_book.out) as url:
        yield url
