"""Add one post, in a dump of its own, to the built archive in WORK; rebuild; report.

Each run adds a new post (its title carries the time), so it can be run again."""

import sys
import time
from pathlib import Path

from common import build, page_times, report_rewritten

from bindery.importer.run import import_dumps

work = Path(sys.argv[1])
src, html = work / "src", work / "html"
before = page_times(html)
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
build("rebuild after adding one post", src, html)
report_rewritten(html, before)
