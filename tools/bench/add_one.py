"""Add one post, in a dump of its own, to the built archive in WORK; rebuild; report."""

import subprocess
import sys
import time
from pathlib import Path

from bindery.importer import import_dumps

work = Path(sys.argv[1])
src = work / "src"
html = work / "html"
mtimes = {p: p.stat().st_mtime_ns for p in html.rglob("*.html")}
(src / "raw/new.txt").write_text(
    "Category Archives: Technology\n\nA Second New Post\n\nTHE NEWEST post of all.\n\n"
    "Leave a comment\n\nFiled under Technology, Economy\n",
    encoding="utf-8",
)
t = time.time()
import_dumps([src / "raw/new.txt"], src)
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
