"""What importing a web archive costs: a synthetic WordPress site of N
posts saved as a WARC, as a crawler saves one (each post's page with its
theme's styles, scripts and sidebar, its comments, the home page's
listing pages, the feed, an image a post), imported by ``bindery import``
in a process of its own; and, side by side in the same run, the same
posts as a WordPress export.  Prints the time and the peak memory of
each import.

    .venv/bin/python -m bindery.dev.capturebench 1000
"""

from __future__ import annotations

import argparse
import html
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bindery.dev.synthetic import CATEGORIES, _paragraph, _sentence, _title, synthetic_wxr

BLOG = "https://blog.example"
PER_PAGE = 10  # posts on each page of the home listing
THEME_CSS = "".join(f".wp-block-{n} {{ margin: {n % 7}px; padding: 0 {n % 5}em; }}\n" for n in range(900))
SIDEBAR = "".join(f'<li><a href="{BLOG}/category/c{n}/">Category {n}</a> ({n * 3})</li>' for n in range(40))
IMAGE = bytes(range(256)) * 200  # 51 kB, a post's photograph


def _page(title: str, body_class: str, main: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
        f"<title>{html.escape(title)} &#8211; Synthetic</title>\n"
        f"<style id='twenty-twenty-one-style-inline-css'>\n{THEME_CSS}</style>\n"
        "<script>window._wpemojiSettings = {};</script>\n</head>\n"
        f'<body class="{body_class}">\n<header id="masthead"><nav><a href="{BLOG}/">Home</a> '
        f'<a href="{BLOG}/about/">About</a></nav></header>\n'
        f'<main id="main" class="site-main">\n{main}\n</main>\n<aside class="widget-area">'
        f'<section class="widget"><h2>Categories</h2><ul>{SIDEBAR}</ul></section></aside>\n'
        "<footer><p>Proudly powered by WordPress</p></footer>\n</body>\n</html>\n"
    ).encode()


def _article(number: int, post: dict[str, object], heading: str) -> str:
    url, title = f"{BLOG}/{number}/", html.escape(str(post["title"]))
    link = f'<a href="{url}">{title}</a>' if heading == "h2" else title
    return (
        f'<article id="post-{number}" class="post-{number} post type-post status-publish hentry entry">\n'
        f'<header class="entry-header"><{heading} class="entry-title">{link}</{heading}></header>\n'
        f'<div class="entry-content">{post["html"]}</div>\n'
        '<footer class="entry-footer"><span class="posted-on">Published '
        f'<time class="entry-date published updated" datetime="{post["date"]}">{post["date"]}</time></span>'
        f'<span class="byline">By <a href="{BLOG}/author/editor/" rel="author">The Editor</a></span>'
        f'<span class="cat-links">Categorized as <a href="{BLOG}/category/c/" rel="category tag">'
        f"{html.escape(str(post['category']))}</a></span></footer>\n</article>"
    )


def _comments(number: int, count: int, rng: random.Random) -> str:
    if not count:
        return ""
    items = "".join(
        f'<li id="comment-{number * 10 + n}" class="comment depth-1"><article class="comment-body">'
        '<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Reader</b></div>'
        '<div class="comment-metadata"><time datetime="2010-01-09T08:00:00+08:00">9 January</time></div>'
        f'</footer><div class="comment-content"><p>{html.escape(_sentence(rng))}</p></div></article></li>'
        for n in range(count)
    )
    return f'<div id="comments" class="comments-area"><ol class="comment-list">{items}</ol></div>'


def site_pages(posts: int, seed: int = 1, words: int = 600) -> Iterator[tuple[str, str, bytes]]:
    """(address, content type, payload) of every response of the site, in crawl order."""
    rng = random.Random(seed)
    every = []
    for number in range(1, posts + 1):
        paragraphs: list[str] = []
        while sum(len(p.split()) for p in paragraphs) < words:
            paragraphs.append(_paragraph(rng, rng.randint(40, 90)))
        every.append(
            {
                "title": _title(rng),
                "html": "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs),
                "date": f"20{number % 20:02d}-0{number % 9 + 1}-1{number % 9}T12:00:00+08:00",
                "category": rng.choice(CATEGORIES),
                "comments": rng.choice([0, 0, 1, 2, 5]),
            }
        )
    newest_first = list(reversed(range(1, posts + 1)))
    for page in range(0, posts, PER_PAGE):
        shown = "\n".join(_article(n, every[n - 1], "h2") for n in newest_first[page : page + PER_PAGE])
        address = f"{BLOG}/" if page == 0 else f"{BLOG}/page/{page // PER_PAGE + 1}/"
        paged = "" if page == 0 else f" paged paged-{page // PER_PAGE + 1}"
        yield address, "text/html; charset=UTF-8", _page("Synthetic", f"home blog{paged}", shown)
    for number in newest_first:
        post = every[number - 1]
        main = _article(number, post, "h1") + _comments(number, int(str(post["comments"])), rng)
        body = f"post-template-default single single-post postid-{number}"
        yield f"{BLOG}/{number}/", "text/html; charset=UTF-8", _page(str(post["title"]), body, main)
        yield f"{BLOG}/wp-content/uploads/p{number}.jpg", "image/jpeg", IMAGE


def write_site_warc(path: Path, posts: int) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for address, kind, payload in site_pages(posts):
            http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                address, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=http
            )
            writer.write_record(record)
    return path


def timed_import(source: Path, root: Path) -> tuple[float, float]:
    """(seconds, peak MB) of ``bindery import`` of one source into an empty book."""
    (root / "raw").mkdir(parents=True)
    os.link(source, root / "raw" / source.name)  # in the book's raw/, as a user keeps it
    command = [sys.executable, "-m", "bindery.cli", "--root", str(root), "import", "-q", str(root / "raw")]
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"bindery import {source} failed")
    # (the children's peak: a converting worker's, where the import used the pool)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("posts", type=int, nargs="?", default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="imports of each kind, alternated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        warc = write_site_warc(work / "site.warc.gz", args.posts)
        wxr = work / "export.xml"
        with wxr.open("w", encoding="utf-8") as out:
            out.writelines(synthetic_wxr(args.posts))
        sizes = f"WARC {warc.stat().st_size / 1e6:.1f} MB, export {wxr.stat().st_size / 1e6:.1f} MB"
        print(f"{args.posts} posts: {sizes}")
        runs: dict[str, list[tuple[float, float]]] = {"warc": [], "export": []}
        for round_ in range(args.rounds):
            for kind, source in (("warc", warc), ("export", wxr)):
                runs[kind].append(timed_import(source, work / f"{kind}-{round_}"))
        for kind, results in runs.items():
            seconds = sorted(s for s, _ in results)[len(results) // 2]
            peak = max(m for _, m in results)
            print(f"import of the {kind}: median {seconds:.2f} s, peak memory {peak:.0f} MB")
        ratio = (
            sorted(s for s, _ in runs["warc"])[args.rounds // 2]
            / sorted(s for s, _ in runs["export"])[args.rounds // 2]
        )
        print(f"WARC / export time: {ratio:.2f}")


if __name__ == "__main__":
    main()
