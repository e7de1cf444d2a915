"""Measure: add one (newest) post to an N-post archive; what does the rebuild rewrite, how long?"""

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bindery.importer import import_dumps
from bindery.synthetic import synthetic_dump

N = int(sys.argv[1])
work = Path(sys.argv[2])
root = Path(__file__).resolve().parents[2]
shutil.rmtree(work, ignore_errors=True)
(work / "src/raw").mkdir(parents=True)
for name in ("conf.py", "index.md"):
    shutil.copy(root / name, work / "src" / name)
dump = synthetic_dump(N, words=150)
(work / "src/raw/synthetic.txt").write_text(dump, encoding="utf-8")
t = time.time()
import_dumps([work / "src/raw/synthetic.txt"], work / "src")
print(f"import {time.time() - t:.1f}s", flush=True)


def build(label):
    t = time.time()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-j",
            "auto",
            str(work / "src"),
            str(work / "html"),
        ],
        capture_output=True,
        text=True,
    )
    print(f"{label}: {time.time() - t:.1f}s rc={r.returncode} {r.stderr[-500:]}", flush=True)


build("full build")
build("no-change rebuild")
mtimes = {p: p.stat().st_mtime_ns for p in (work / "html").rglob("*.html")}
head, _, rest = dump.partition("\n\n")
new = (
    "A Brand New Post\n\nTHE NEWEST post of all, added to the archive.\n\n"
    "Leave a comment\n\nFiled under Technology, Economy\n\n"
)
(work / "src/raw/synthetic.txt").write_text(head + "\n\n" + new + rest, encoding="utf-8")
import_dumps([work / "src/raw/synthetic.txt"], work / "src")
build("rebuild after adding one post")
changed = sorted(
    str(p.relative_to(work / "html"))
    for p in (work / "html").rglob("*.html")
    if mtimes.get(p) != p.stat().st_mtime_ns
)
listing = [
    c
    for c in changed
    if c.startswith(("categories/", "tags/", "posts/index", "posts/page/")) or c == "index.html"
]
print("rewritten html files:", len(changed))
print("listing pages rewritten:", listing)
