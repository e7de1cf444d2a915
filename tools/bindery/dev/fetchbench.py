"""``python -m bindery.dev.fetchbench 1000``: the cost of ``bindery fetch``
and its import, from a real WordPress on this machine, with no delay.

A synthetic export (``dev/synthetic.py``) is loaded into the WordPress of
``../shared/wordpress`` (its README); the blog is then fetched into an
empty book and imported, fetched again (nothing new), and, side by side
in the same run, the same export is imported directly.  Prints figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bindery.archive.store import load_posts
from bindery.dev.synthetic import synthetic_wxr
from bindery.fetch.run import fetch_site
from bindery.importer.run import import_dumps

ROOT = Path(__file__).resolve().parents[3]
HARNESS = ROOT.parent / "shared" / "wordpress"


def items_for(posts: int) -> int:
    """Export items that hold ``posts`` published posts (every tenth is a
    draft or an attachment)."""
    items = posts
    while items - items // 20 - (items + 10) // 20 < posts:
        items += 1
    return items


def run(posts: int, port: int, work: Path) -> None:
    export = work / "synthetic.xml"
    with export.open("w", encoding="utf-8") as file:
        file.writelines(synthetic_wxr(items_for(posts)))
    env = {**os.environ, "WORDPRESS_HOME": str(work / "wordpress")}
    started = time.perf_counter()
    start = subprocess.run([str(HARNESS / "start"), str(export), "--port", str(port)],
                           capture_output=True, text=True, env=env)  # fmt: skip
    if start.returncode != 0:
        sys.exit(f"fetchbench: WordPress did not start: {start.stderr.strip().splitlines()[-1:]}")
    print(f"WordPress loaded with {posts} published posts in {time.perf_counter() - started:.1f} s")
    url = start.stdout.split()[0]
    try:
        book = work / "fetched"
        (book / "raw").mkdir(parents=True)
        for name in ("conf.py", "index.md"):
            shutil.copy(ROOT / name, book / name)
        t0 = time.perf_counter()
        report = fetch_site(url, book / "raw", delay=0.0)
        fetch_s = time.perf_counter() - t0
        saved = sum(p.stat().st_size for p in (book / "raw").rglob("*") if p.is_file())
        t0 = time.perf_counter()
        imported = import_dumps([book / "raw"], book)
        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = fetch_site(url, book / "raw", delay=0.0)
        again_s = time.perf_counter() - t0
    finally:
        subprocess.run([str(HARNESS / "stop"), "--port", str(port), "--clean"], capture_output=True, env=env)
    direct = work / "exported"
    (direct / "raw").mkdir(parents=True)
    shutil.copy(export, direct / "raw" / export.name)
    t0 = time.perf_counter()
    import_dumps([direct / "raw"], direct)
    direct_s = time.perf_counter() - t0
    fetched_posts = len(load_posts(book))
    print(f"fetch:          {fetch_s:6.1f} s  {report.requests} requests, {saved / 1e6:.1f} MB saved, "
          f"{len(report.posts.new)} posts, {report.comments} comments")  # fmt: skip
    print(
        f"import (fetch): {import_s:6.1f} s  {len(imported.added)} posts written "
        f"({fetched_posts} in the book)"
    )
    print(f"fetch again:    {again_s:6.1f} s  {again.requests} requests, nothing new: {again.folder is None}")
    print(f"import (WXR):   {direct_s:6.1f} s  the same export imported directly, for comparison")
    print(
        f"fetch + import: {fetch_s + import_s:6.1f} s  "
        f"({(fetch_s + import_s) / direct_s:.1f}× the WXR import)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("posts", type=int, nargs="?", default=1000)
    parser.add_argument("--port", type=int, default=8560, help="the local WordPress's port (default 8560)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fetchbench-") as work:
        run(args.posts, args.port, Path(work))


if __name__ == "__main__":
    main()
