"""``bindery bench``: build a synthetic archive and print what it costs.

The same posts are built twice in one run, by the book and by plain
Sphinx (alabaster, no sidebars, one toctree), so the figures can be read
as ratios on a shared, noisy machine.
"""

from __future__ import annotations

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

from .importer import import_dumps
from .synthetic import synthetic_dump

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
PLAIN_INDEX = "# Plain\n\n```{toctree}\n:glob:\n\nposts/*\n```\n"
# Runs sphinx-build and reports the peak memory of its largest process.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


@dataclass
class Build:
    seconds: float
    peak_mb: float


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


def sphinx(src: Path, out: Path, jobs: str) -> Build:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs, str(src), str(out)]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"sphinx-build failed in {src}:\n{result.stderr[-2000:]}")
    return Build(seconds, int(result.stdout.split()[-1]) / 1024)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and ".doctrees" not in p.parts)


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB"


def run(
    posts: int, project: Path, work: Path | None = None, jobs: str = "auto", plain: bool = True
) -> Report:
    """Benchmark ``posts`` synthetic posts with the book in ``project``."""
    work = Path(tempfile.mkdtemp(prefix="bindery-bench-")) if work is None else work
    report = Report(posts)
    book = work / "book"
    (book / "raw").mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(project / name, book / name)
    dump = book / "raw" / "synthetic.txt"
    dump.write_text(synthetic_dump(posts), encoding="utf-8")
    report.add("posts", f"{posts:,}")

    with _timer() as took:
        import_dumps([dump], book)
    report.add("import", f"{took[0]:.2f} s ({posts / took[0]:,.0f} posts/s)")

    html = work / "html"
    full = sphinx(book, html, jobs)
    report.add("full build", f"{full.seconds:.1f} s, peak {full.peak_mb:,.0f} MB")
    report.add("no-change rebuild", f"{sphinx(book, html, jobs).seconds:.1f} s")

    page = sorted((book / "posts").glob("*.md"))[len(posts_of(book)) // 2]
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by hand.\n", encoding="utf-8")
    report.add("rebuild after editing one post", f"{sphinx(book, html, jobs).seconds:.1f} s")

    dump.write_text(synthetic_dump(posts + 1), encoding="utf-8")
    import_dumps([dump], book)
    report.add("rebuild after adding one post", f"{sphinx(book, html, jobs).seconds:.1f} s")

    sizes = [p.stat().st_size for p in (html / "posts").glob("*.html")]
    report.add("median post page", _kb(statistics.median(sizes)))
    report.add("search index", _search_size(html))
    report.add("total output", _kb(_size(html)))

    if plain:
        reference = work / "plain"
        (reference / "posts").mkdir(parents=True, exist_ok=True)
        (reference / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
        (reference / "index.md").write_text(PLAIN_INDEX, encoding="utf-8")
        for path in (book / "posts").glob("*.md"):
            shutil.copy(path, reference / "posts" / path.name)
        base = sphinx(reference, work / "plain-html", jobs)
        report.add("plain Sphinx full build", f"{base.seconds:.1f} s, peak {base.peak_mb:,.0f} MB")
        sizes = [p.stat().st_size for p in (work / "plain-html" / "posts").glob("*.html")]
        report.add("plain Sphinx median post page", _kb(statistics.median(sizes)))
        rebuild = sphinx(book, work / "html-again", jobs)  # the book again, after plain: noise check
        report.add("full build again (after plain)", f"{rebuild.seconds:.1f} s")
        best = min(full.seconds, rebuild.seconds)
        report.add("ratio book / plain Sphinx (full build)", f"{best / base.seconds:.2f}")
    report.add("work folder", str(work))
    return report


def posts_of(book: Path) -> list[Path]:
    return sorted((book / "posts").glob("*.md"))


def _search_size(html: Path) -> str:
    index = html / "searchindex.js"
    shards = html / "_search"
    if shards.is_dir():
        files = [p.stat().st_size for p in shards.rglob("*") if p.is_file()]
        return f"{_kb(sum(files))} in {len(files)} shards, largest {_kb(max(files))}"
    return _kb(index.stat().st_size)
