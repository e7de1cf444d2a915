"""Measure: add one (newest) post to an N-post archive; what does the rebuild rewrite, how long?"""

import sys
import time
from pathlib import Path

from common import build, new_book, page_times, report_rewritten

from bindery.dev.synthetic import synthetic_dump
from bindery.importer.run import import_dumps

N = int(sys.argv[1])
work = Path(sys.argv[2])
src, html = work / "src", work / "html"
dump = synthetic_dump(N, words=150)
t = time.time()
path = new_book(src, dump)
print(f"import {time.time() - t:.1f}s", flush=True)
build("full build", src, html)
build("no-change rebuild", src, html)
before = page_times(html)
head, _, rest = dump.partition("\n\n")
new = (
    "A Brand New Post\n\nTHE NEWEST post of all, added to the archive.\n\n"
    "Leave a comment\n\nFiled under Technology, Economy\n\n"
)
path.write_text(head + "\n\n" + new + rest, encoding="utf-8")
import_dumps([path], src)
build("rebuild after adding one post", src, html)
report_rewritten(html, before)
