"""``bindery bench``: build a synthetic archive and print what it costs.

The same posts are built twice in one run, by the book and by plain
Sphinx (alabaster, no sidebars, one toctree), so the figures can be read
as ratios on a shared, noisy machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bindery.book.catalog import load_catalog
from bindery.dates import MONTHS, ArchiveDate
from bindery.dev.serve import serve
from bindery.dev.synthetic import synthetic_dump, synthetic_wxr
from bindery.dev.weight import CHROMIUM, CHROMIUM_ARGS, page_weight
from bindery.importer.run import import_dumps

PLAIN_CONF = """\
from docutils.parsers.rst.directives.body import Container

project = "plain"
extensions = ["myst_parser"]
html_theme = "alabaster"
html_sidebars = {"**": []}
include_patterns = ["index.md", "posts/*.md"]
smartquotes = False
html_copy_source = False


def setup(app):
    app.add_directive("archive-figure", Container)  # the book's caption directive, as a plain box
"""
SEARCH_WORDS = ("china", "market", "semiconductor", "reform")
PLAIN_INDEX = "# Plain\n\n```{toctree}\n:glob:\n\nposts/*\n```\n"
# Runs sphinx-build and reports the peak memory of its largest process and
# the CPU time of all of them (its writer processes and Pagefind included).
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(used.ru_maxrss, used.ru_utime + used.ru_stime)\n"
    "sys.exit(code)\n"
)


@dataclass
class Build:
    seconds: float
    peak_mb: float
    cpu_seconds: float


@dataclass
class Report:
    posts: int
    figures: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, value: str) -> None:
        self.figures[name] = value
        print(f"{name:<42} {value}", flush=True)


@contextmanager
def _timer() -> Iterator[list[float]]:
    out: list[float] = []
    start = time.perf_counter()
    yield out
    out.append(time.perf_counter() - start)


def measure(command: list[str], cwd: Path | None = None) -> tuple[Build, str]:
    """Run ``command``: its wall time, the peak memory of its largest
    process and its CPU time, and what it printed."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-1500:]}\n{result.stderr[-1500:]}")
    *lines, last = result.stdout.splitlines()
    peak, cpu = last.split()
    return Build(seconds, int(peak) / 1024, float(cpu)), "\n".join(lines)


def sphinx(src: Path, out: Path, jobs: str) -> Build:
    return measure([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs, str(src), str(out)])[0]


def _cpu() -> float:
    """CPU seconds of this process and of its children waited for (an
    import's worker processes, once it has shut its pool down)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def write_plain_book(book: Path, plain: Path) -> None:
    """The yardstick: ``book``'s post files, for Sphinx alone (``PLAIN_CONF``)."""
    (plain / "posts").mkdir(parents=True, exist_ok=True)
    (plain / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    (plain / "index.md").write_text(PLAIN_INDEX, encoding="utf-8")
    for path in (book / "posts").glob("*.md"):
        if path.name != "index.md":
            shutil.copy(path, plain / "posts" / path.name)


def write_source(path: Path, posts: int, wxr: bool) -> None:
    """The synthetic dump, or (``--wxr``) a WordPress export of as many items."""
    if not wxr:
        path.write_text(synthetic_dump(posts), encoding="utf-8")
        return
    with path.open("w", encoding="utf-8") as file:
        file.writelines(synthetic_wxr(posts))


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and ".doctrees" not in p.parts)


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB"


def run(
    posts: int,
    project: Path,
    work: Path | None = None,
    jobs: str = "auto",
    plain: bool = True,
    rounds: int = 2,
    browser: bool = False,
    wxr: bool = False,
    import_only: bool = False,
) -> Report:
    """Benchmark ``posts`` synthetic posts with the book in ``project``
    (``import_only``: the import and the re-import, no build)."""
    work = Path(tempfile.mkdtemp(prefix="bindery-bench-")) if work is None else work
    report = Report(posts)
    book = work / "book"
    (book / "raw").mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(project / name, book / name)
    dump = book / "raw" / ("synthetic.xml" if wxr else "synthetic.txt")
    write_source(dump, posts, wxr)
    report.add("items in the export" if wxr else "posts", f"{posts:,}")

    cpu = _cpu()
    with _timer() as took:
        # an export's drafts and attachments are items, not posts: the rate counts what was published
        published = len(import_dumps([dump], book).added)
    cpu = _cpu() - cpu
    report.add("posts published", f"{published:,}")
    report.add("import (wall, writing every file)", f"{took[0]:.2f} s = {published / took[0]:,.0f} posts/s")
    report.add("import (CPU, its workers too)", f"{cpu:.2f} s = {published / cpu:,.0f} posts/s")
    with _timer() as took:
        import_dumps([dump], book)
    report.add("re-import, nothing changed", f"{took[0]:.2f} s = {published / took[0]:,.0f} posts/s")
    if import_only:
        return report

    if plain:
        reference = work / "plain"
        write_plain_book(book, reference)
    html = work / "html"
    books: list[Build] = []
    plains: list[Build] = []
    for round_ in range(1, rounds + 1):  # alternate, so that both see the same machine
        out = html if round_ == 1 else work / f"html-{round_}"
        books.append(sphinx(book, out, jobs))
        report.add(
            f"full build, round {round_}", f"{books[-1].seconds:.1f} s, peak {books[-1].peak_mb:,.0f} MB"
        )
        if plain:
            plains.append(sphinx(reference, work / f"plain-html-{round_}", jobs))
            report.add(
                f"plain Sphinx full build, round {round_}",
                f"{plains[-1].seconds:.1f} s, peak {plains[-1].peak_mb:,.0f} MB",
            )
    if plain:
        ratios = [b.seconds / p.seconds for b, p in zip(books, plains, strict=True)]
        report.add(
            "ratio book / plain Sphinx, round by round",
            f"median {statistics.median(ratios):.2f} (from {min(ratios):.2f} to {max(ratios):.2f})",
        )

    report.add("no-change rebuild", f"{sphinx(book, html, jobs).seconds:.1f} s")
    page = posts_of(book)[len(posts_of(book)) // 2]
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by hand.\n", encoding="utf-8")
    report.add("rebuild after editing one post", f"{sphinx(book, html, jobs).seconds:.1f} s")
    import_dumps([add_post(book)], book)
    report.add("rebuild after adding one post", f"{sphinx(book, html, jobs).seconds:.1f} s")

    sizes = [p.stat().st_size for p in (html / "posts").glob("*.html") if p.name != "index.html"]
    report.add("median post page", _kb(statistics.median(sizes)))
    if plain:
        plain_sizes = [p.stat().st_size for p in (work / "plain-html-1" / "posts").glob("*.html")]
        report.add("plain Sphinx median post page", _kb(statistics.median(plain_sizes)))
    report.add("search index", _search_size(html))
    report.add("total output", _kb(_size(html)))
    if browser:
        reader_costs(html, report)
    report.add("work folder", str(work))
    return report


def reader_costs(html: Path, report: Report, words: tuple[str, ...] = SEARCH_WORDS) -> None:
    """What each kind of page costs a reader in Chromium, and what a search
    fetches and how long it takes to show its results."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        report.add("reader costs", "not measured (Playwright is not installed: pip install -e '.[test]')")
        return
    if not Path(CHROMIUM).exists():
        report.add("reader costs", "not measured (no Chromium: apt-get install chromium)")
        return
    post = sorted(p.name for p in (html / "posts").glob("*.html") if p.name != "index.html")[0]
    category = sorted(p.name for p in (html / "categories").glob("*.html") if p.name != "index.html")[0]
    pages = {
        "post page": f"posts/{post}",
        "landing page": "index.html",
        "all posts, first page": "posts/index.html",
        "category page": f"categories/{category}",
    }
    with serve(html) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in pages.items():
            context = browser.new_context()
            weight = page_weight(context.new_page(), site + path)
            report.add(f"{name}, all it loads in Chromium", _kb(weight.total))
            context.close()
        times: list[float] = []
        search_bytes: list[int] = []
        for word in words:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{site}search.html?q={word}")
            # The page's own mark (bindery-search.js), not Playwright's polling.
            shown = "performance.getEntriesByName('bindery-search-results')"
            page.wait_for_function(f"{shown}.length > 0", timeout=120_000)
            times.append(page.evaluate(f"{shown}[0].startTime") / 1000)
            context.close()
            context = browser.new_context()
            weight = page_weight(context.new_page(), f"{site}search.html?q={word}", "#search-results li")
            search_bytes.append(weight.under("/_pagefind/"))
            context.close()
        browser.close()
    report.add(
        "search, opening search.html?q=… to results shown in Chromium",
        f"median {statistics.median(times) * 1000:,.0f} ms, max {max(times) * 1000:,.0f} ms "
        f"over {len(times)} queries (cold page each time)",
    )
    report.add(
        "search, bytes from _pagefind/ a query fetches (script, wasm, index, excerpts)",
        f"median {_kb(statistics.median(search_bytes))}, max {_kb(max(search_bytes))}",
    )


def add_post(book: Path) -> Path:
    """A newly copied archive page of one post, as the maintainer adds
    one: undated, it is the newest post of an undated archive; in a dated
    one it is dated to the newest month (a new year or month would change
    every page's sidebar, which is not what adding a post does).  Returns
    the dump written into ``raw/``; each call writes another."""
    dates = [r.date for r in load_catalog(book).values() if r.date]
    newest = ArchiveDate.parse(max(dates)) if dates else None
    header = (
        f"Monthly Archives: {MONTHS[newest.month - 1]} {newest.year}"
        if newest
        else "Category Archives: Technology"
    )
    number = len(list((book / "raw").glob("new-post-*.txt"))) + 1
    dump = book / "raw" / f"new-post-{number}.txt"
    dump.write_text(
        f"{header}\n\nA New Post, Number {number}\n\nTHE NEWEST post of all, added to the archive.\n\n"
        "Leave a comment\n\nFiled under Technology, Economy\n",
        encoding="utf-8",
    )
    return dump


def posts_of(book: Path) -> list[Path]:
    return sorted((book / "posts").glob("*.md"))


def _search_size(html: Path) -> str:
    """Pagefind's index on disk, both tiers (a query fetches a few files)."""
    pagefind = [
        p.stat().st_size
        for folder in ("_pagefind", "_pagefind_recent")
        for p in (html / folder).rglob("*")
        if p.is_file()
    ]
    return f"Pagefind {len(pagefind)} files, {_kb(sum(pagefind))} in all"
