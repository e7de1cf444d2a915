"""What the scripts in tools/bench share: a fresh book, a timed build, and
which built pages a rebuild rewrote."""

import shutil
from pathlib import Path

from bindery.dev.bench import sphinx
from bindery.importer.run import import_dumps

ROOT = Path(__file__).resolve().parents[2]
LISTINGS = ("categories/", "tags/", "posts/index", "posts/page/")


def new_book(src: Path, dump: str) -> Path:
    """The book's conf.py and index.md in ``src`` (emptied first), with
    ``dump`` imported from ``raw/synthetic.txt``; returns the dump's path."""
    shutil.rmtree(src, ignore_errors=True)
    (src / "raw").mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(ROOT / name, src / name)
    path = src / "raw" / "synthetic.txt"
    path.write_text(dump, encoding="utf-8")
    import_dumps([path], src)
    return path


def build(label: str, src: Path, html: Path, jobs: str = "auto") -> None:
    """sphinx-build, timed, with its peak memory (``bindery.dev.bench.sphinx``)."""
    done = sphinx(src, html, jobs)
    print(
        f"{label}: {done.seconds:.1f} s, CPU {done.cpu_seconds:.1f} s, peak {done.peak_mb:,.0f} MB",
        flush=True,
    )


def page_times(html: Path) -> dict[Path, int]:
    return {page: page.stat().st_mtime_ns for page in html.rglob("*.html")}


def report_rewritten(html: Path, before: dict[Path, int]) -> None:
    """Which pages changed since ``before`` (``page_times``): how many, the
    listing pages among them, and the first of the others."""
    changed = sorted(
        str(page.relative_to(html)) for page, time in page_times(html).items() if before.get(page) != time
    )
    listing = [page for page in changed if page.startswith(LISTINGS) or page == "index.html"]
    print("rewritten html files:", len(changed))
    print("listing pages rewritten:", listing)
    print("others:", [page for page in changed if page not in listing][:20], flush=True)
