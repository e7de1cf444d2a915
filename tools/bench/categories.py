"""Cost against the number of categories: peak memory and time of a full build."""

import re
import sys
from pathlib import Path

from common import new_book

from bindery.dev.bench import sphinx

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
    new_book(src, text)
    done = sphinx(src, src.parent / "html", "1")
    post = max((p.stat().st_size for p in (src.parent / "html/posts").glob("post-number-*.html")), default=0)
    print(
        f"{label}: {done.seconds:.1f} s, peak {done.peak_mb:.0f} MB, largest post page {post / 1024:.1f} KB",
        flush=True,
    )
