"""Add one post, in a dump of its own, to the built archive in WORK; rebuild; report.

Each run adds a new post (its title carries the time), so it can be run again."""

import subprocess
import sys
import time
from pathlib import Path

from bindery.importer import import_dumps

work = Path(sys.argv[1])
src = work / "src"
html = work / "html"
mtimes = {p: p.stat().st_mtime_ns for p in html.rglob("*.html")}
stamp = time.strftime("%Y%m%d%H%M%S")
dump = src / f"raw/new-{stamp}.txt"
dump.write_text(
    f"Category Archives: Technology\n\nA New Post Of {stamp}\n\nTHE NEWEST post of all.\n\n"
    "Leave a comment\n\nFiled under Technology, Economy\n",
    encoding="utf-8",
)
t = time.time()
import_dumps([dump], src)
print(f"import {time.time() - t:.1f}s", flush=True)
t = time.time()
r = subprocess.run(
    [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", str(src), str(html)],
    capture_output=True,
    text=True,
)
print(
    f"rebuild after adding one post: {time.time() - t:.1f}s rc={r.returncode} {r.stderr[-300:]}", flush=True
)
changed = sorted(
    str(p.relative_to(html)) for p in html.rglob("*.html") if mtimes.get(p) != p.stat().st_mtime_ns
)
print("rewritten html files:", len(changed))
print(
    "listing pages rewritten:",
    [
        c
        for c in changed
        if c.startswith(("categories/", "tags/", "posts/index", "posts/page/")) or c == "index.html"
    ],
)
print(
    "others:",
    [
        c
        for c in changed
        if not c.startswith(("categories/", "tags/", "posts/index", "posts/page/")) and c != "index.html"
    ][:20],
)
