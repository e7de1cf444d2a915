"""``bindery bench-editions N``: what ``make epub`` and ``make pdf`` cost at N
posts, and the two choices behind them, measured side by side in one run.

A synthetic WordPress export of N items (dated over the years, so the
book is cut into a volume a year) is imported; then:

- ``bindery editions epub`` and ``pdf``: wall time and the peak memory of
  the largest process, each volume's posts, pages and size; a run with
  nothing changed, and one after adding a post to the newest year;
- volumes as separate builds (each ``sphinx-build`` reads its own posts)
  against one LaTeX build of every post in one document tree (the
  alternative ``latex_documents`` offers): Sphinx's part only;
- xelatex against Chromium printing the same volume as one page
  (``singlehtml``): time and peak memory.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bindery.dev.bench import measure, write_source
from bindery.dev.weight import CHROMIUM
from bindery.importer.run import import_dumps

NEW_POST = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Synthetic</title><link>https://synthetic.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>One more post</title><link>https://synthetic.example/one-more-post/</link>
<dc:creator><![CDATA[admin]]></dc:creator><guid isPermaLink="false">https://synthetic.example/?p=999999</guid>
<content:encoded><![CDATA[<p>THE LAST POST of the newest year, added after the editions.</p>]]>
</content:encoded>
<wp:post_id>999999</wp:post_id><wp:post_date>{date} 13:00:00</wp:post_date>
<wp:post_date_gmt>{date} 05:00:00</wp:post_date_gmt><wp:post_name>one-more-post</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="technology"><![CDATA[Technology]]></category>
</item></channel></rss>
"""


def measured(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Seconds, the peak memory (MB) of the largest process, and stdout."""
    build, printed = measure(command, cwd)
    return build.seconds, build.peak_mb, printed


def line(name: str, value: str) -> None:
    print(f"{name:<58} {value}", flush=True)


def run(posts: int, project: Path, work: Path | None = None) -> None:
    work = Path(tempfile.mkdtemp(prefix="bindery-editions-bench-")) if work is None else work
    book = work / "book"
    (book / "raw").mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(project / name, book / name)
    dump = book / "raw" / "synthetic.xml"
    write_source(dump, posts, wxr=True)
    published = len(import_dumps([dump], book).added)
    line("posts published", f"{published:,}")
    out = book / "_build" / "editions"
    bindery = [sys.executable, "-m", "bindery.cli", "--root", str(book)]
    for fmt in ("epub", "pdf"):
        seconds, peak, _ = measured([*bindery, "editions", fmt, "--out", str(out)])
        line(f"make {fmt} (every volume)", f"{seconds:.1f} s, peak {peak:,.0f} MB (largest process)")
    volumes = json.loads((out / "editions.json").read_text(encoding="utf-8"))["volumes"]
    for volume in volumes:
        pdf = out / volume["pdf"]["file"]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = next((x.split()[-1] for x in info.splitlines() if x.startswith("Pages:")), "?")
        epub_mb, pdf_mb = volume["epub"]["bytes"] / 1e6, volume["pdf"]["bytes"] / 1e6
        line(
            f"volume {volume['key']}: {len(volume['posts'])} posts",
            f"EPUB {epub_mb:.1f} MB, PDF {pdf_mb:.1f} MB, {pages} pages",
        )
    for fmt in ("epub", "pdf"):
        seconds, _, _ = measured([*bindery, "editions", fmt, "--out", str(out)])
        line(f"make {fmt}, nothing changed", f"{seconds:.1f} s")
    newest = max((v for v in volumes if v["years"]), key=lambda v: v["years"][-1])
    (book / "raw" / "more.xml").write_text(
        NEW_POST.format(date=f"{newest['years'][-1]}-12-31"), encoding="utf-8"
    )
    import_dumps([book / "raw" / "more.xml"], book)
    for fmt in ("epub", "pdf"):
        seconds, _, printed = measured([*bindery, "editions", fmt, "--out", str(out)])
        built = [x.split(":")[0].split()[-1] for x in printed.splitlines() if ": built," in x]
        line(f"make {fmt}, one post added to {newest['key']}", f"{seconds:.1f} s, rebuilt {', '.join(built)}")
    _one_tree_or_volumes(book, work, volumes)
    _xelatex_or_chromium(book, work, out, newest)


def _sphinx(book: Path, out: Path, builder: str, *options: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", builder, "-q", *options, str(book), str(out)]


def _one_tree_or_volumes(book: Path, work: Path, volumes: list[dict[str, object]]) -> None:
    """Sphinx's part of the LaTeX build: one document tree of every post
    (one volume, as several ``latex_documents`` of one build would read
    them) against a build per volume, one after the other."""
    seconds, peak, _ = measured(
        _sphinx(
            book,
            work / "one-tree",
            "latex",
            "-D",
            "bindery_edition=archive",
            "-D",
            "bindery_volume_posts=1000000",
        )
    )
    line("LaTeX, one document tree of every post (Sphinx only)", f"{seconds:.1f} s, peak {peak:,.0f} MB")
    total, largest = 0.0, 0.0
    for volume in volumes:
        key = str(volume["key"])
        seconds, peak, _ = measured(
            _sphinx(book, work / f"volume-{key}", "latex", "-D", f"bindery_edition={key}")
        )
        total, largest = total + seconds, max(largest, peak)
    line(
        "LaTeX, a build per volume, one after another (Sphinx only)", f"{total:.1f} s, peak {largest:,.0f} MB"
    )


def _xelatex_or_chromium(book: Path, work: Path, out: Path, volume: dict[str, object]) -> None:
    """The same volume set by xelatex (as ``make pdf`` did) and printed by Chromium."""
    key = str(volume["key"])
    tex_dir = out / ".work" / "latex" / key
    tex = next(tex_dir.glob("*.tex"))
    for extension in (".pdf", ".aux", ".toc", ".idx", ".ind", ".ilg", ".fls", ".fdb_latexmk", ".out", ".log"):
        tex.with_suffix(extension).unlink(missing_ok=True)
    seconds, peak, _ = measured(
        ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode", tex.name], cwd=tex_dir
    )
    line(f"volume {key}: xelatex (latexmk, every pass)", f"{seconds:.1f} s, peak {peak:,.0f} MB")
    single = work / f"single-{key}"
    measured(_sphinx(book, single, "singlehtml", "-D", f"bindery_edition={key}"))
    page = next(single.glob("*.html"))
    pdf = work / f"chromium-{key}.pdf"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    seconds, peak, _ = measured(command)
    line(
        f"volume {key}: Chromium printing its single page",
        f"{seconds:.1f} s, peak {peak:,.0f} MB (largest process)",
    )
