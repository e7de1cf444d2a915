"""Shared fixtures: books imported and built in temporary folders; and
the markers that sort tests into lanes by what they need.

Each test is marked, at collection, by what it uses, found in its code
and its fixtures' (and in the test modules' helpers they call):

- ``sphinx``: a Sphinx build (``sphinx_build``);
- ``browser``: Chromium, through Playwright;
- ``server``: a site served over HTTP (``bindery.dev.serve``, a stand-in
  for a blog, a real WordPress);
- ``pagefind``: Pagefind's indexer, run by the test itself;
- ``processes``: ``bindery`` or another program run as a process of its
  own (to read its exit status and message, to kill it, to race two).

``make check`` is the fast lane: the tests that need none of them (the
converter, readers, schema, merge, listings; the Makefile's FAST);
``make test`` runs all.  A test not marked ``sphinx`` that starts a
Sphinx build fails, so the fast lane never slows down unnoticed.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
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


def terminal_env() -> dict[str, str]:
    """The environment of ``make`` as a maintainer runs it in a terminal:
    not a sub-make of the ``make test`` running these tests, whose settings
    (``MAKEFLAGS``, ``MAKELEVEL``) would make it print "make[1]: …"."""
    inherited = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    return {name: value for name, value in os.environ.items() if name not in inherited}


def make(*arguments: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``make`` with these arguments, run as from a terminal."""
    return subprocess.run(  # type: ignore[call-overload]
        ["make", *arguments], env=terminal_env(), capture_output=True, text=True, **kwargs
    )


def sphinx_build(src: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as ``make html`` runs it: warnings are errors."""
    if _running is not None and _running.get_closest_marker("sphinx") is None:
        pytest.fail(f"{_running.nodeid} builds a book but is not marked 'sphinx' (see conftest.py)")
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


# -- lanes -----------------------------------------------------------------

# A name a test's code (or a fixture's, or a helper's it calls) uses → the
# marker that use gives it.
NEEDS = {
    "sphinx_build": "sphinx",
    "build_editions": "sphinx",  # an edition's sphinx-build and latexmk (bindery.editions)
    "sync_playwright": "browser",
    "serve": "server",
    "wordpress": "server",  # a real WordPress (tests/wordpress.py)
    "HTTPServer": "server",
    "ThreadingHTTPServer": "server",
    "PagefindService": "pagefind",
    "write_tiers": "pagefind",
    "subprocess": "processes",
}
LANES = {
    "sphinx": "builds a book with Sphinx",
    "browser": "drives Debian's Chromium through Playwright",
    "server": "serves a site over HTTP",
    "pagefind": "runs Pagefind's indexer",
    "processes": "runs bindery or another program as a process of its own",
}
_running: pytest.Item | None = None


def pytest_configure(config: pytest.Config) -> None:
    for name, what in LANES.items():
        config.addinivalue_line("markers", f"{name}: {what} (set by conftest.py from what the test uses)")


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _code_objects(constant)


def _needs(function: Callable[..., object], seen: dict[object, set[str]]) -> set[str]:
    """The markers ``function`` needs: from the names its code uses, and
    from the test modules' functions it calls, followed through."""
    function = getattr(function, "__wrapped__", function)
    if function in seen:
        return seen[function]
    found: set[str] = set()
    seen[function] = found  # a helper calling itself stops here
    code = getattr(function, "__code__", None)
    if code is None:
        return found
    module_globals = getattr(function, "__globals__", {})
    for part in _code_objects(code):
        for name in part.co_names:
            if name in NEEDS:
                found.add(NEEDS[name])
            called = module_globals.get(name)
            if isinstance(called, types.FunctionType) and called.__module__.startswith("tests."):
                found |= _needs(called, seen)
    return found


@pytest.hookimpl(tryfirst=True)  # before -m deselects by them
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    seen: dict[object, set[str]] = {}
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        needs = _needs(item.obj, seen)
        for definitions in item._fixtureinfo.name2fixturedefs.values():
            for definition in definitions:
                needs |= _needs(definition.func, seen)
        for name in sorted(needs - {mark.name for mark in item.iter_markers()}):
            item.add_marker(name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    global _running
    _running = item
    try:
        return (yield)
    finally:
        _running = None
