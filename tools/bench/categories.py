"""Cost against the number of categories: peak memory and time of a full build."""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bindery.importer import import_dumps

root = Path(__file__).resolve().parents[2]
work = Path(sys.argv[1])


def dump(posts: int, cats_of) -> str:
    out = ["Category Archives: Mixed", ""]
    for n in range(posts):
        out += [
            f"Post Number {n}",
            "",
            f"THE POST number {n} says a few words about things.",
            "",
            "Leave a comment",
            "",
            "Filed under " + ", ".join(cats_of(n)),
            "",
        ]
    return "\n".join(out)


cases = {
    "3,000 posts, 10 categories": dump(3000, lambda n: [f"Category {n % 10}"]),
    "3,000 posts, 3,000 one-post categories": dump(3000, lambda n: [f"Category {n}"]),
    "1 post, 10 categories": dump(1, lambda n: [f"Category {c}" for c in range(10)]),
    "1 post, 3,000 categories": dump(1, lambda n: [f"Category {c}" for c in range(3000)]),
}
for label, text in cases.items():
    src = work / re.sub(r"\W+", "-", label) / "src"
    shutil.rmtree(src.parent, ignore_errors=True)
    (src / "raw").mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(root / name, src / name)
    (src / "raw/d.txt").write_text(text, encoding="utf-8")
    import_dumps([src / "raw/d.txt"], src)
    t = time.time()
    r = subprocess.run(
        [
            "/usr/bin/time",
            "-v",
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-j",
            "1",
            str(src),
            str(src.parent / "html"),
        ],
        capture_output=True,
        text=True,
    )
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))
    post = max((p.stat().st_size for p in (src.parent / "html/posts").glob("post-number-*.html")), default=0)
    print(
        f"{label}: {time.time() - t:.1f} s, peak {rss / 1024:.0f} MB, "
        f"largest post page {post / 1024:.1f} KB, rc={r.returncode}",
        flush=True,
    )
